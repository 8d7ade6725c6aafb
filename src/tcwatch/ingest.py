"""The one ingest path: documents in, facts extracted and stored, each document whole or not at all.

Files, standard input and feed items all come through :func:`ingest_documents`:
an exact duplicate (same content hash) changes nothing; a near-duplicate
(a syndicated copy) is stored, marked ``duplicate_of`` its original, and its
facts are linked to the original's events instead of making new ones; a bad
input is recorded in ``rejections`` with its reason and the rest goes on.

Each document is one transaction, or on the bulk path (``batch_size`` > 1) part of
a transaction of many documents: a document that cannot be stored is rolled back
alone (the transaction is written again with a savepoint per document), a crash rolls
back the open transaction, and a rerun stores the rest. A bulk transaction is bounded
in time (``Options.bulk_commit_ms``) and size (``Options.bulk_commit_docs``): documents
are extracted a batch at a time before any transaction opens, then written in as many
short transactions as it takes, so a review (or any other writer) never waits behind a
whole batch, even when the ingest runs at a low priority.
:func:`prepare` (extraction and signature) is pure, so a distributed backfill runs it
in workers and hands the results to :meth:`Ingestor.add_batch`.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from .config import Options
from .errors import AlreadyStored, TcwatchError
from .model import Document, Extraction, Fact, Rejection
from .store import Store


@dataclass
class IngestReport:
    """What one ingest did."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    relevant: int = 0
    facts: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    stored_facts: list[Fact] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "relevant": self.relevant,
            "facts": self.facts,
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in self.rejected],
        }


def _year(fact: Fact) -> int | None:
    when = fact.date or fact.published
    return int(when[:4]) if when and when[:4].isdigit() else None


class EventCandidates:
    """Stored facts by corridor and type, read once per run and kept current as facts are
    stored, so that linking a fact to its event costs one cheap query. Called inside the
    document's transaction: when another process stored facts since (the newest fact id is
    not the last one seen), what is cached is read again."""

    def __init__(self, store: Store):
        self.store = store
        self._by_key: dict[tuple, list[Fact]] = {}
        self._top: int | None = None

    def __call__(self, fact: Fact) -> list[Fact]:
        top = self.store.max_fact_id()
        if top != self._top:
            self._by_key.clear()
            self._top = top
        key = (fact.type, fact.sender, fact.receiver)
        if key not in self._by_key:
            self._by_key[key] = self.store.event_candidates(fact, window=False)
        year = _year(fact)
        facts = self._by_key[key]
        if year is None:
            return list(facts)
        # the same window as Store.event_candidates: a year either side, or undated
        return [f for f in facts if (y := _year(f)) is None or year - 1 <= y <= year + 1]

    def added(self, fact: Fact) -> None:
        if fact.id is not None and self._top is not None:
            self._top = max(self._top, fact.id)
        key = (fact.type, fact.sender, fact.receiver)
        if key in self._by_key:
            self._by_key[key].append(fact)

    def forget(self) -> None:
        """Drop what is cached (after a failed transaction)."""
        self._by_key.clear()
        self._top = None


@dataclass(frozen=True)
class Prepared:
    """What ingest computes from a document alone (pure, so a worker can do it): its
    extraction and, for a relevant document, its near-duplicate signature (bytes)."""

    doc: Document
    extraction: Extraction
    signature: bytes | None = None


def prepare(doc: Document) -> Prepared:
    """Extract a document and sign it if relevant; reads and writes nothing."""
    return prepare_many([doc])[0]


def prepare_many(docs: list[Document]) -> list[Prepared]:
    """:func:`prepare` of each document, their candidate sentences parsed in one batch."""
    from .analysis.dedup import encode, signature
    from .extract import extract_many

    return [Prepared(doc, ex, encode(signature(doc.text)) if ex.relevant else None)
            for doc, ex in zip(docs, extract_many(docs))]


def assign_event(fact, candidates):
    from .analysis.events import assign_event as assign

    return assign(fact, candidates)


class Ingestor:
    """Holds what an ingest run keeps between documents (the near-duplicate index)."""

    def __init__(self, store: Store, options: Options | None = None, on_stored=None, unique_urls: bool = False,
                 clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.on_stored = on_stored
        self.unique_urls = unique_urls
        self.options = options or Options()
        #: seconds, for the time bound of bulk transactions (tests pass their own)
        self.clock = clock
        self._synced = False
        self.candidates = EventCandidates(store)
        self._batch_indexed: list[str] = []  # near-duplicate index entries of the open batch

    @property
    def _index(self):
        """The near-duplicate index of stored relevant documents: kept with the open store, so a
        long-running watcher does not rebuild it on every poll; signatures stored by another
        writer since are added on the next run."""
        from .analysis.dedup import NearDuplicateIndex

        index = getattr(self.store, "near_index", None)
        if index is None or index.threshold != self.options.near_duplicate_threshold:
            index = NearDuplicateIndex(threshold=self.options.near_duplicate_threshold)
            self.store.near_index = index
        if not self._synced:
            if self.store.count_signatures() != len(index):
                for doc_id, sig in self.store.signatures(exclude=index):
                    try:
                        index.add(doc_id, sig)
                    except ValueError:
                        continue  # a signature of an older layout: that document is not matched
            self._synced = True
        return index

    def add(self, doc: Document, report: IngestReport, prepared: Prepared | None = None) -> list[Fact]:
        """Ingest one document into ``report`` (one transaction); returns the facts stored for it.

        ``prepared`` is what :func:`prepare` computed for it elsewhere (a worker); it is
        used when the document keeps its id, else the document is prepared again here.
        """
        report.read += 1
        store = self.store
        if store.document_id_by_hash(doc.hash) is not None:
            report.duplicates += 1
            return []
        if store.document_exists(doc.id):
            # same id, new content (an updated article): keep both versions
            doc = replace(doc, id=f"{doc.id}~{doc.hash[:8]}")
        return self._store(doc, prepared, report)

    def _store(self, doc: Document, prepared: Prepared | None, report: IngestReport, checked: bool = False) -> list[Fact]:
        """Store a document known to be new under ``doc.id`` (in the caller's transaction, if any)."""
        if prepared is None or prepared.doc.id != doc.id:
            prepared = prepare(doc)
        extraction = prepared.extraction
        duplicate_of, sig = None, None
        if prepared.signature is not None:
            sig = self._index.decode(prepared.signature)
            matches = self._index.query(sig)
            duplicate_of = matches[0] if matches else None

        def link(fact, candidates):
            # a syndicated copy's facts are mentions of its original's events
            if duplicate_of is not None:
                for other in candidates:
                    if other.document_id == duplicate_of and other.review != "rejected":
                        return other.event_id
            return assign_event(fact, candidates)

        try:
            facts = self.store.add_document(doc, extraction, duplicate_of=duplicate_of, signature=prepared.signature,
                                            assign_event=link, candidates=self.candidates, on_stored=self.on_stored,
                                            unique_url=self.unique_urls, checked=checked)
        except AlreadyStored:  # another process stored it between our check and our transaction
            self.candidates.forget()
            report.duplicates += 1
            return []
        except BaseException:
            self.candidates.forget()  # it may hold facts of the rolled-back transaction
            raise
        if sig is not None:
            self._index.add(doc.id, sig)
            self._batch_indexed.append(doc.id)
        report.stored += 1
        report.document_ids.append(doc.id)
        report.relevant += int(extraction.relevant)
        report.near_duplicates += int(duplicate_of is not None)
        report.facts += len(facts)
        report.stored_facts.extend(facts)
        return facts

    def add_batch(
        self,
        items: list[Document | Rejection],
        report: IngestReport,
        prepared: list[Prepared | None] | None = None,
        progress: Callable[[Document | Rejection], None] | None = None,
    ) -> None:
        """Ingest many items in few transactions; the same result as :meth:`add` on each in order.

        Documents already stored (by content hash) are skipped before extraction; the others
        are extracted (or taken from ``prepared``, aligned with ``items``) before any
        transaction opens. The items are then written in order, in transactions that each
        commit once they have been open ``Options.bulk_commit_ms`` milliseconds (checked
        after each item, by ``clock``) or hold ``Options.bulk_commit_docs`` items, whichever
        comes first, and at least one item each.

        A document that cannot be stored (a :class:`~tcwatch.errors.TcwatchError` from the
        store) is recorded as rejected and the others are kept: a transaction is written
        without savepoints first and, only if one document fails, rolled back and written
        again with a savepoint per document. Any other exception rolls the open transaction
        back (nothing of its documents is stored, the ones committed before stay, so a rerun
        finishes the job). ``progress(item)`` is called for each item once it is committed.
        """
        store = self.store
        digests = {i: item.hash for i, item in enumerate(items) if isinstance(item, Document)}
        ready: dict[int, Prepared] = {}
        unprepared: list[int] = []
        for i in digests:
            given = prepared[i] if prepared is not None else None
            if given is not None and given.doc.id == items[i].id:
                ready[i] = given  # prepared elsewhere (a backfill's worker): whether it is stored is checked below
            else:
                unprepared.append(i)
        known = store.known_hashes(digests[i] for i in unprepared) if unprepared else set()
        todo = [i for i in unprepared if digests[i] not in known]
        ready.update(zip(todo, prepare_many([items[i] for i in todo])))
        start = 0
        held = 0.0  # seconds the write lock was held since the ingest last left it free
        while start < len(items):
            mark = _mark(report)
            opened = time.monotonic()
            try:
                end = self._write_batch(items, start, digests, ready, report, savepoints=False)
            except TcwatchError:
                _restore(report, mark)  # one document could not be stored: again, each in a savepoint
                end = self._write_batch(items, start, digests, ready, report, savepoints=True)
            held += time.monotonic() - opened
            if progress is not None:
                for item in items[start:end]:
                    progress(item)
            start = end
            if start < len(items) and held >= YIELD_EVERY:
                # a writer waiting for the lock (a review) gets in now, between two transactions
                store.conn.yield_writes()
                held = 0.0

    def _write_batch(self, items, start: int, digests, ready, report: IngestReport, savepoints: bool) -> int:
        """Write ``items[start:end]`` in one transaction, ``end`` where the bounds say; returns ``end``."""
        store = self.store
        self._batch_indexed = []
        opened = self.clock()
        limit = self.options.bulk_commit_ms / 1000
        end = min(len(items), start + max(1, self.options.bulk_commit_docs))
        try:
            # one transaction; without savepoints its rows are written together (multi-row inserts, at
            # its end or before a read), with them each document's rows are written in its savepoint
            with store.conn.transaction(), (nullcontext() if savepoints else store.buffered()):
                rest = [i for i in range(start, end) if i in digests]
                known = store.known_hashes(digests[i] for i in rest)  # under the write lock, as of now
                taken = store.existing_ids(items[i].id for i in rest)
                for i in range(start, end):
                    item = items[i]
                    if isinstance(item, Rejection):
                        self.reject(item, report)
                    else:
                        self._add_in_batch(item, digests[i], ready.get(i), known, taken, report, savepoints)
                    if self.clock() - opened >= limit:
                        end = i + 1
                        break
            return end
        except BaseException:
            for doc_id in self._batch_indexed:  # documents of the rolled-back batch
                self._index.remove(doc_id)
            self.candidates.forget()
            raise
        finally:
            self._batch_indexed = []

    def _add_in_batch(self, doc: Document, digest: str, prepared, known: set, taken: set, report: IngestReport,
                      savepoints: bool) -> None:
        report.read += 1
        if digest in known:
            report.duplicates += 1
            return
        if doc.id in taken:
            doc = replace(doc, id=f"{doc.id}~{digest[:8]}")
        checked = not self.unique_urls
        if not savepoints:
            self._store(doc, prepared, report, checked=checked)
        else:
            try:
                with self.store.savepoint():
                    self._store(doc, prepared, report, checked=checked)
            except TcwatchError as exc:
                self.candidates.forget()
                self.reject(Rejection(doc.origin or doc.id, f"could not be stored: {exc}"), report)
                return
        known.add(digest)
        taken.add(doc.id)

    def reject(self, rejection: Rejection, report: IngestReport) -> None:
        report.read += 1
        report.rejected.append(rejection)
        self.store.add_rejection(rejection)


_COUNTERS = ("read", "stored", "duplicates", "near_duplicates", "relevant", "facts")
_LISTS = ("rejected", "stored_facts", "document_ids")


def _mark(report: IngestReport) -> tuple:
    return tuple(getattr(report, c) for c in _COUNTERS) + tuple(len(getattr(report, n)) for n in _LISTS)


def _restore(report: IngestReport, mark: tuple) -> None:
    for name, value in zip(_COUNTERS, mark):
        setattr(report, name, value)
    for name, length in zip(_LISTS, mark[len(_COUNTERS):]):
        del getattr(report, name)[length:]


#: documents per transaction on the bulk path (``batch_size`` of :func:`ingest_documents`)
BULK_BATCH = 500
#: a bulk ingest leaves the write lock free for a moment (:meth:`~tcwatch.store.dialect.Connection.yield_writes`)
#: once its transactions have held it this many seconds: a waiting review waits about this long and one
#: more transaction, and the ingest loses at most a twentieth of its write time (5 ms in 100)
YIELD_EVERY = 0.1


def ingest_documents(
    store: Store,
    items: Iterable[Document | Rejection],
    options: Options | None = None,
    progress: Callable[[Document | Rejection], None] | None = None,
    on_stored: Callable[[list[Fact]], None] | None = None,
    batch_size: int = 1,
    unique_urls: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> IngestReport:
    """Ingest documents (and record rejections); never stops at a bad one.

    With ``batch_size`` 1 each document is one transaction (the watcher and the API);
    larger, ``batch_size`` items are extracted together and written in short
    transactions (the bulk path, see :meth:`Ingestor.add_batch`; ``clock`` times them):
    same result, fewer commits.
    ``on_stored(facts)`` runs in each document's transaction (or savepoint) with the
    facts stored for it (the watcher raises its alerts there, so a crash cannot
    separate them). With ``unique_urls`` (feed items), a document whose link is already
    stored is a duplicate (checked in its transaction, so two watchers never store it twice).
    """
    report = IngestReport()
    ingestor = Ingestor(store, options, on_stored, unique_urls, clock=clock)
    items = (_valid(item) for item in items)
    if batch_size > 1:
        for batch in batched(items, batch_size):
            ingestor.add_batch(batch, report, progress=progress)
        return report
    for item in items:
        if isinstance(item, Rejection):
            ingestor.reject(item, report)
        else:
            try:
                ingestor.add(item, report)
            except TcwatchError as exc:
                ingestor.reject(Rejection(item.origin or item.id, f"could not be stored: {exc}"), report)
        if progress is not None:
            progress(item)
    return report


def _valid(item: Document | Rejection) -> Document | Rejection:
    """A document whose strings hold lone surrogates (a library caller's, a feed's) with them
    replaced, so it can be hashed and stored; anything else as it is."""
    if not isinstance(item, Document):
        return item
    from .sources.records import valid_unicode

    changes = {}
    for name in ("id", "date", "text", "title", "url", "source", "origin"):
        value = getattr(item, name)
        if isinstance(value, str) and valid_unicode(value) is not value:
            changes[name] = valid_unicode(value)
    return replace(item, **changes) if changes else item


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter)."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_paths(
    store: Store,
    paths: list[str],
    options: Options | None = None,
    progress: Callable[[Document | Rejection], None] | None = None,
    stdin=None,
    on_stored: Callable[[list[Fact]], None] | None = None,
    batch_size: int = 1,
) -> IngestReport:
    """Read files, folders or ``-`` and ingest every document in them."""
    from .sources import ReadOptions, read_inputs

    options = options or Options()
    read_options = ReadOptions(default_date=options.default_date, max_bytes=options.max_bytes, stdin=stdin)
    return ingest_documents(store, read_inputs(paths, read_options), options, progress, on_stored, batch_size)
