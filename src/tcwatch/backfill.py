"""Distributed backfill: reading and extraction on a dask.distributed cluster, one writer, the same store as ``ingest``.

An archive of millions of items is cut into partitions of ``partition_size``
items, and each partition is **read**, extracted and signed in the cluster's
workers: this process only plans the partitions and sends each worker a small
descriptor of its part of the input (:class:`Lines`: a byte range of a JSON Lines
file and the number of its first line, found by one scan for line ends;
:class:`File`: a text or HTML file). What cannot be cut that way (standard input,
CSV files, whose quoted fields may span lines, UTF-16 files, inputs that are
rejected whole) is read here, as ``ingest`` reads it, and shipped as
:class:`Items`. The workers must see the archive at the same path (a shared or
copied folder); ``read_in_workers=False`` reads everything here instead.

A partition is three tasks: read (the items stay in the worker's memory), the
content hashes of its documents (back to this process, which asks the database
which are stored), then :func:`prepare_items`, the extraction and signature of
the documents not stored (:func:`tcwatch.ingest.prepare` is pure: a document in,
its extraction and near-duplicate signature out), which returns the items and
what was prepared. This process is the one writer: it takes the partitions back
**in input order** and writes each as one batch
(:meth:`tcwatch.ingest.Ingestor.add_batch`: short transactions, multi-row inserts).

That ordered merge is what keeps event linking and near-duplicate detection
exact across partitions: a copy in partition 9 of a story in partition 2 is
matched against the near-duplicate index and the stored events just as a
single-process ``ingest`` would match it, so a backfill on N workers stores the
same documents, facts, events, figures and rejections (with the same file and
line) as ``ingest`` of the same input, whatever N and whichever worker finishes first.

Failures: a worker that dies has its tasks run again elsewhere by the scheduler
(the items it held are read again), and a partition whose task fails is
resubmitted up to ``retries`` times; nothing is written for a partition until
its result is back, and each partition is written once, so none is lost or
doubled. If the writer itself stops, the committed batches stay and a rerun
skips them (by content hash, before extraction) and finishes the job.
"""

from __future__ import annotations

import itertools
import os
import stat
import uuid
from collections import deque
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from .config import Options
from .errors import BackfillError, DocumentRejected
from .ingest import IngestReport, Ingestor, Prepared, batched, prepare_many
from .model import Document, Fact, Rejection
from .store import Store

#: items per partition (one task, one write batch)
PARTITION_SIZE = 500


# -- partition descriptors -------------------------------------------------------------------------
@dataclass(frozen=True)
class Lines:
    """Lines ``first_line``.. of a JSON Lines file, bytes ``[start, end)``: ``items`` non-blank ones."""

    path: str  # as named (the origin of its documents)
    open_path: str  # absolute, for a worker with another working directory
    start: int
    end: int
    first_line: int
    items: int
    size: int = -1  # of the file as planned (-1: not checked)


@dataclass(frozen=True)
class File:
    """A text or HTML file: one item."""

    path: str
    open_path: str
    items: int = 1
    size: int = -1  # of the file as planned (-1: not checked)


@dataclass(frozen=True)
class Items:
    """Items read by this process (standard input, CSV, rejections), shipped as they are."""

    items: tuple

    @property
    def count(self) -> int:
        return len(self.items)


Piece = Lines | File | Items


def _count(piece: Piece) -> int:
    return piece.count if isinstance(piece, Items) else piece.items


def read_pieces(pieces: Iterable[Piece], options) -> list[Document | Rejection]:
    """A worker's first task: the items of one partition, read from its descriptors."""
    out: list[Document | Rejection] = []
    for piece in pieces:
        if isinstance(piece, Items):
            out.extend(piece.items)
        elif isinstance(piece, File):
            out.extend(_read_file(piece, options))
        else:
            out.extend(_read_lines(piece, options))
    return out


def _check_same_file(piece: Lines | File) -> None:
    """Refuse to read a file that is not the one planned: missing on this worker, or of another size
    (a worker that does not see the archive, or sees another copy of it). Raised, not rejected, so
    the partition fails loudly instead of being stored as a list of rejections."""
    if piece.size < 0:
        return
    try:
        size = os.stat(piece.open_path).st_size
    except OSError as exc:
        found = f"cannot open it here ({exc.strerror or exc})"
    else:
        if size == piece.size:
            return
        found = f"it has {size:,} bytes here, {piece.size:,} where the backfill was planned"
    import socket

    raise BackfillError(
        f"{piece.path}: the worker on {socket.gethostname()} does not see the file the backfill planned "
        f"({found}); every worker must see the archive at the same path (or backfill with --read-here)")


def _read_file(piece: File, options) -> Iterator[Document | Rejection]:
    from .sources import read_input

    _check_same_file(piece)
    for item in read_input(piece.open_path, options):
        if item.origin == piece.open_path and piece.open_path != piece.path:
            item = replace(item, origin=piece.path)
        yield item


def _read_lines(piece: Lines, options) -> Iterator[Document | Rejection]:
    import io

    from .sources.records import _json_object, parse_record

    _check_same_file(piece)
    try:
        with open(piece.open_path, "rb") as handle:
            handle.seek(piece.start)
            data = handle.read(piece.end - piece.start)
    except OSError as exc:
        from .sources.readers import _os_reason

        yield Rejection(f"{piece.path}:{piece.first_line}", _os_reason(exc))
        return
    for lineno, raw in enumerate(io.BytesIO(data), start=piece.first_line):
        if not raw.strip():
            continue
        where = f"{piece.path}:{lineno}"
        try:
            yield parse_record(_json_object(raw, options), where, options)
        except DocumentRejected as exc:
            yield Rejection(where, str(exc))


def hashes_of(items: list[Document | Rejection]) -> list[str]:
    """A worker's second task: the content hashes of a partition's documents (sent back, small)."""
    return [i.hash for i in items if isinstance(i, Document)]


def prepare_items(items: list[Document | Rejection], known: frozenset = frozenset()) -> tuple[list, list]:
    """A worker's third task: extract and sign every document whose hash is not in ``known``;
    returns the items and, aligned with them, what was prepared (None for the others)."""
    todo = [i for i, item in enumerate(items) if isinstance(item, Document) and item.hash not in known]
    prepared: list[Prepared | None] = [None] * len(items)
    for i, p in zip(todo, prepare_many([items[i] for i in todo]) if todo else []):
        prepared[i] = p
    return items, prepared


def prepare_partition(docs: list[Document]) -> list[Prepared]:
    """Extract and sign every document of one partition (no I/O)."""
    return prepare_many(docs) if docs else []


# -- planning ----------------------------------------------------------------------------------------
class _Packer:
    """Pieces into partitions of ``size`` items, in input order."""

    def __init__(self, size: int):
        self.size = size
        self.pieces: list[Piece] = []
        self.room = size
        self.local: list = []  # items read here, not yet a piece

    def add(self, piece: Piece) -> Iterator[list[Piece]]:
        yield from self._close_local()
        self.pieces.append(piece)
        self.room -= _count(piece)
        if self.room <= 0:
            yield self._take()

    def add_local(self, item) -> Iterator[list[Piece]]:
        self.local.append(item)
        if len(self.local) >= self.room:
            yield from self._close_local()

    def _close_local(self) -> Iterator[list[Piece]]:
        if self.local:
            piece, self.local = Items(tuple(self.local)), []
            self.pieces.append(piece)
            self.room -= piece.count
            if self.room <= 0:
                yield self._take()

    def _take(self) -> list[Piece]:
        out, self.pieces, self.room = self.pieces, [], self.size
        return out

    def finish(self) -> Iterator[list[Piece]]:
        yield from self._close_local()
        if self.pieces:
            yield self._take()


def plan_partitions(paths: Iterable[str], options, size: int) -> Iterator[list[Piece]]:
    """The partitions of ``paths`` (read as :func:`tcwatch.sources.read_inputs` reads them), each a list
    of pieces holding ``size`` items together (the last fewer). Reads no document: JSON Lines files
    are scanned for their line ends only."""
    from .sources import STDIN, read_input
    from .sources.readers import _walk

    packer = _Packer(size)
    for path in paths:
        name = os.fspath(path)
        if name == STDIN:
            for item in read_input(name, options):
                yield from packer.add_local(item)
            continue
        try:
            info = os.stat(name)
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            entries = _walk(name, set())
        else:
            entries = [(name, info)]
        for entry in entries:
            if isinstance(entry, Rejection):
                yield from packer.add_local(entry)
            else:
                yield from _plan_file(packer, *entry, options)
    yield from packer.finish()


def _plan_file(packer: _Packer, path: str, info, options) -> Iterator[list[Piece]]:
    from .sources import read_input, supported_format
    from .sources.decode import SNIFF_BYTES, is_utf16, looks_binary_lines

    kind = supported_format(path)
    regular = info is not None and stat.S_ISREG(info.st_mode)
    if kind in ("text", "html") and regular and os.access(path, os.R_OK):
        yield from packer.add(File(path, os.path.abspath(path), size=info.st_size))
        return
    if kind == "jsonl" and regular and info.st_size <= options.max_bytes:
        try:
            handle = open(path, "rb", buffering=SNIFF_BYTES)
        except OSError:
            handle = None  # read below, which names the reason
        if handle is not None:
            with handle:
                head = handle.peek(SNIFF_BYTES)[:SNIFF_BYTES]
                if not looks_binary_lines(head) and not is_utf16(head):
                    runs = _scan_lines(handle, path, packer, info.st_size)
                    first = next(runs, None)
                    if first is not None:  # (a file without records is rejected below, as ingest does)
                        for piece in itertools.chain([first], runs):
                            yield from packer.add(piece)
                        return
    # everything else is read here, exactly as ingest reads it
    for item in read_input(path, options):
        yield from packer.add_local(item)


def _scan_lines(handle, path: str, packer: _Packer, size: int) -> Iterator[Lines]:
    """Runs of a JSON Lines file, cut so that each fills what is left of a partition (the first) or
    a whole one; blank lines go with the run before them. None when the file has no record."""
    open_path = os.path.abspath(path)
    room = packer.room - len(packer.local)  # what the open partition still takes
    start = offset = 0
    first = line = 1
    count = 0
    for raw in handle:
        if raw.strip():
            if count >= room:
                yield Lines(path, open_path, start, offset, first, count, size)
                start, first, count, room = offset, line, 0, packer.size
            count += 1
        offset += len(raw)
        line += 1
    if count:
        yield Lines(path, open_path, start, offset, first, count, size)


# -- the run ---------------------------------------------------------------------------------------------
class _Partition:
    __slots__ = ("index", "pieces", "items", "read", "hashes", "known", "prep", "attempts")

    def __init__(self, index: int, pieces: list[Piece]):
        self.index, self.pieces, self.attempts = index, pieces, 0
        self.items = self.read = self.hashes = self.known = self.prep = None


def backfill(
    store: Store,
    items: Iterable[Document | Rejection],
    client,
    options: Options | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
    **kwargs,
) -> IngestReport:
    """Ingest ``items`` (read by the caller, shipped to the workers) with extraction on ``client``'s
    cluster; returns what ``ingest_documents`` would. The other arguments are :func:`run`'s."""
    if partition_size < 1:
        raise BackfillError(f"partition size must be at least 1, not {partition_size}")
    return run(store, ([Items(tuple(part))] for part in batched(items, partition_size)), client, options, **kwargs)


def run(
    store: Store,
    partitions: Iterable[list[Piece]],
    client,
    options: Options | None = None,
    *,
    read_options=None,
    max_in_flight: int | None = None,
    retries: int = 2,
    progress: Callable[[Document | Rejection], None] | None = None,
    on_stored: Callable[[list[Fact]], None] | None = None,
    on_partition: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read (in the workers, where the pieces say so), extract and sign in the cluster, and write
    ``partitions`` in input order; returns what ``ingest_documents`` of the same items would.

    At most ``max_in_flight`` partitions (default: two per worker thread, plus two)
    are out at once, so memory stays bounded however long the input. ``progress``
    is called for every item once written, ``on_partition(index)`` after each
    partition is committed. ``read_options`` are the workers' :class:`~tcwatch.sources.ReadOptions`.
    """
    from dask.distributed import wait

    report = IngestReport()
    ingestor = Ingestor(store, options, on_stored)
    limit = max_in_flight or 2 * max(_threads(client), 1) + 2
    tag = uuid.uuid4().hex[:12]
    parts = enumerate(partitions)
    in_flight: deque[_Partition] = deque()

    def submit(p: _Partition, fn, *args, what: str):
        name = f"tcwatch-{what}-{tag}-{p.index}" + (f"-r{p.attempts}" if p.attempts else "")
        return client.submit(fn, *args, key=name, pure=False)

    def failed(p: _Partition, exc: Exception) -> None:
        if p.attempts >= retries:
            raise BackfillError(f"partition {p.index} failed {p.attempts + 1} times: {type(exc).__name__}: {exc}") from exc
        p.attempts += 1

    def start(p: _Partition) -> None:
        if all(isinstance(piece, Items) for piece in p.pieces):
            # read here already: ask the database now and ship only what it lacks to the cluster
            p.items = [i for piece in p.pieces for i in piece.items]
            p.known = frozenset(store.known_hashes(hashes_of(p.items)))
            if any(isinstance(i, Document) and i.hash not in p.known for i in p.items):
                p.prep = submit(p, prepare_items, p.items, p.known, what="prepare")
            return
        p.read = submit(p, read_pieces, p.pieces, read_options, what="read")
        p.hashes = submit(p, hashes_of, p.read, what="hashes")

    def hashed(p: _Partition) -> None:
        """The partition's hashes are back: submit the extraction of what is not stored."""
        try:
            digests = p.hashes.result()
        except Exception as exc:  # the read raised, or its workers kept dying (KilledWorker)
            failed(p, exc)
            start(p)
            return
        p.hashes = None
        p.known = frozenset(store.known_hashes(digests))
        p.prep = submit(p, prepare_items, p.read, p.known, what="prepare")

    exhausted = False
    while True:
        while not exhausted and len(in_flight) < limit:
            nxt = next(parts, None)
            if nxt is None:
                exhausted = True
            else:
                in_flight.append(_Partition(*nxt))
                start(in_flight[-1])
        if not in_flight:
            break
        for p in in_flight:
            if p.hashes is not None and p.hashes.done():
                hashed(p)
        head = in_flight[0]
        if head.hashes is None and (head.prep is None or head.prep.done()):
            if head.prep is None:  # nothing to extract
                items, prepared = head.items, None
            else:
                try:
                    items, prepared = head.prep.result()
                except Exception as exc:  # the extraction raised, or its workers kept dying
                    failed(head, exc)
                    head.prep = submit(head, prepare_items, head.read if head.read is not None else head.items,
                                       head.known, what="prepare")
                    continue
                if len(prepared) != len(items) or any(
                        q is not None and q.doc.id != i.id for q, i in zip(prepared, items)):
                    raise BackfillError(f"partition {head.index}: a worker returned results for other items")
            in_flight.popleft()
            head.read = head.prep = None  # let the cluster forget them
            ingestor.add_batch(items, report, prepared=prepared, progress=progress)
            if on_partition is not None:
                on_partition(head.index)
            continue
        waiting = [p.hashes for p in in_flight if p.hashes is not None]
        if head.prep is not None:
            waiting.append(head.prep)
        wait(waiting, return_when="FIRST_COMPLETED")
    return report


def _threads(client) -> int:
    try:
        return sum(client.nthreads().values())
    except Exception:
        return 1


def connect(scheduler: str | None = None, workers: int | None = None, timeout: float = 30):
    """A dask client: to the scheduler at ``scheduler``, else to a new LocalCluster on loopback
    with ``workers`` processes (default: one per core) of one thread each. Close both with
    the returned ``close()``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ModuleNotFoundError as exc:  # pragma: no cover - a dependency of the package
        raise BackfillError("backfill needs dask[distributed] (pip install 'dask[distributed]')") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BackfillError(f"cannot reach the dask scheduler at {scheduler}: {exc}") from exc
        return client, client.close

    if workers is not None and workers < 1:
        raise BackfillError(f"--workers must be at least 1, not {workers}")
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def backfill_paths(
    store: Store,
    paths: list[str],
    client,
    options: Options | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
    read_in_workers: bool = True,
    stdin=None,
    **kwargs,
) -> IngestReport:
    """Backfill every document in files, folders or ``-`` (read as ``ingest`` reads them).

    The workers read their own partitions (``read_in_workers``; they must see the files at the
    same path): this process scans JSON Lines files for line ends and sends byte ranges. With
    ``read_in_workers=False`` everything is read here and shipped."""
    from .sources import ReadOptions, read_inputs

    if partition_size < 1:
        raise BackfillError(f"partition size must be at least 1, not {partition_size}")
    options = options or Options()
    read_options = ReadOptions(default_date=options.default_date, max_bytes=options.max_bytes, stdin=stdin)
    if not read_in_workers:
        return backfill(store, read_inputs(paths, read_options), client, options, partition_size=partition_size,
                        **kwargs)
    partitions = plan_partitions(paths, read_options, partition_size)
    return run(store, partitions, client, options, read_options=replace(read_options, stdin=None), **kwargs)


__all__ = ["PARTITION_SIZE", "BackfillError", "File", "Items", "Lines", "backfill", "backfill_paths", "connect",
           "plan_partitions", "prepare_items", "prepare_partition", "read_pieces", "run"]
