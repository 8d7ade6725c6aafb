"""Distributed backfill: extraction on a dask.distributed cluster, one writer, the same store as ``ingest``.

An archive of millions of items is read here, cut into partitions of
``partition_size`` items, and each partition's documents are extracted and signed
in the cluster's workers (:func:`tcwatch.ingest.prepare` is pure: a document in,
its extraction and near-duplicate signature out). This process is the one
writer: it takes the partitions back **in input order** and writes each as one
batch (:meth:`tcwatch.ingest.Ingestor.add_batch`: one transaction, a savepoint
per document).

That ordered merge is what keeps event linking and near-duplicate detection
exact across partitions: a copy in partition 9 of a story in partition 2 is
matched against the near-duplicate index and the stored events just as a
single-process ``ingest`` would match it, so a backfill on N workers stores the
same documents, facts, events and figures as ``ingest_documents`` on the same
input, whatever N and whichever worker finishes first.

Failures: a worker that dies has its partition run again elsewhere by the
scheduler (and a partition whose task fails is resubmitted up to ``retries``
times); nothing is written for a partition until its result is back, and each
partition is written once, so none is lost or doubled. If the writer itself
stops, the committed batches stay and a rerun skips them (by content hash, before
sending anything to the workers) and finishes the job.
"""

from __future__ import annotations

import uuid
from collections import deque
from typing import Callable, Iterable

from .config import Options
from .errors import BackfillError
from .ingest import IngestReport, Ingestor, Prepared, batched, prepare_many
from .model import Document, Fact, Rejection
from .store import Store

#: items per partition (one task, one write batch)
PARTITION_SIZE = 500


def prepare_partition(docs: list[Document]) -> list[Prepared]:
    """A worker's task: extract and sign every document of one partition (no I/O)."""
    return prepare_many(docs) if docs else []


def backfill(
    store: Store,
    items: Iterable[Document | Rejection],
    client,
    options: Options | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
    max_in_flight: int | None = None,
    retries: int = 2,
    progress: Callable[[Document | Rejection], None] | None = None,
    on_stored: Callable[[list[Fact]], None] | None = None,
    on_partition: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest ``items`` with extraction on ``client``'s cluster; returns what ``ingest_documents`` would.

    At most ``max_in_flight`` partitions (default: two per worker thread, plus two)
    are out at once, so memory stays bounded however long the input. ``progress``
    is called for every item once written, ``on_partition(index)`` after each
    partition is committed.
    """
    if partition_size < 1:
        raise BackfillError(f"partition size must be at least 1, not {partition_size}")
    report = IngestReport()
    ingestor = Ingestor(store, options, on_stored)
    limit = max_in_flight or 2 * max(_threads(client), 1) + 2
    run = uuid.uuid4().hex[:12]
    parts = enumerate(batched(items, partition_size))
    in_flight: deque = deque()

    def submit(index: int, part: list) -> None:
        known = store.known_hashes([i.hash for i in part if isinstance(i, Document)])
        todo = [i for i in part if isinstance(i, Document) and i.hash not in known]
        future = client.submit(prepare_partition, todo, key=f"tcwatch-prepare-{run}-{index}", pure=False) if todo else None
        in_flight.append([index, part, todo, future, 0])

    exhausted = False
    while True:
        while not exhausted and len(in_flight) < limit:
            nxt = next(parts, None)
            if nxt is None:
                exhausted = True
            else:
                submit(*nxt)
        if not in_flight:
            break
        index, part, todo, future, attempts = in_flight[0]
        try:
            prepared = future.result() if future is not None else []
        except Exception as exc:  # the task raised, or its workers kept dying (KilledWorker)
            if attempts >= retries:
                raise BackfillError(f"partition {index} failed {attempts + 1} times: {type(exc).__name__}: {exc}") from exc
            again = client.submit(prepare_partition, todo, key=f"tcwatch-prepare-{run}-{index}-r{attempts + 1}", pure=False)
            in_flight[0] = [index, part, todo, again, attempts + 1]
            continue
        in_flight.popleft()
        if len(prepared) != len(todo) or any(p.doc.id != d.id for p, d in zip(prepared, todo)):
            raise BackfillError(f"partition {index}: a worker returned results for other documents")
        by_id = {id(doc): p for doc, p in zip(todo, prepared)}
        ingestor.add_batch(part, report, prepared=[by_id.get(id(i)) for i in part], progress=progress)
        if on_partition is not None:
            on_partition(index)
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
    import os

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
    **kwargs,
) -> IngestReport:
    """Read files, folders or ``-`` (as ``ingest`` does) and backfill every document in them."""
    from .sources import ReadOptions, read_inputs

    options = options or Options()
    read_options = ReadOptions(default_date=options.default_date, max_bytes=options.max_bytes,
                               stdin=kwargs.pop("stdin", None))
    return backfill(store, read_inputs(paths, read_options), client, options, **kwargs)


__all__ = ["PARTITION_SIZE", "BackfillError", "backfill", "backfill_paths", "connect", "prepare_partition"]
