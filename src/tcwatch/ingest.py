"""The one ingest path: documents in, facts extracted and stored, each document one transaction.

Files, standard input and feed items all come through :func:`ingest_documents`:
an exact duplicate (same content hash) changes nothing; a near-duplicate
(a syndicated copy) is stored, marked ``duplicate_of`` its original, and its
facts are linked to the original's events instead of making new ones; a bad
input is recorded in ``rejections`` with its reason and the rest goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from .config import Options
from .errors import TcwatchError
from .model import Document, Fact, Rejection
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
    stored, so that linking a fact to its event costs no query (the run is the one writer)."""

    def __init__(self, store: Store):
        self.store = store
        self._by_key: dict[tuple, list[Fact]] = {}

    def __call__(self, fact: Fact) -> list[Fact]:
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
        key = (fact.type, fact.sender, fact.receiver)
        if key in self._by_key:
            self._by_key[key].append(fact)

    def forget(self) -> None:
        """Drop what is cached (after a failed transaction)."""
        self._by_key.clear()


class Ingestor:
    """Holds what an ingest run keeps between documents (the near-duplicate index)."""

    def __init__(self, store: Store, options: Options | None = None, on_stored=None):
        self.store = store
        self.on_stored = on_stored
        self.options = options or Options()
        self._synced = False
        self.candidates = EventCandidates(store)

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

    def add(self, doc: Document, report: IngestReport) -> list[Fact]:
        """Ingest one document into ``report``; returns the facts stored for it."""
        from .analysis.events import assign_event
        from .extract import extract

        report.read += 1
        store = self.store
        digest = doc.hash
        if store.document_id_by_hash(digest) is not None:
            report.duplicates += 1
            return []
        if store.document_exists(doc.id):
            # same id, new content (an updated article): keep both versions
            doc = replace(doc, id=f"{doc.id}~{digest[:8]}")
        extraction = extract(doc)
        duplicate_of, sig_bytes, sig = None, None, None
        if extraction.relevant:
            from .analysis.dedup import signature

            sig = signature(doc.text)
            sig_bytes = self._index.encode(sig)
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
            facts = store.add_document(doc, extraction, duplicate_of=duplicate_of, signature=sig_bytes,
                                       assign_event=link, candidates=self.candidates, on_stored=self.on_stored)
        except Exception:
            self.candidates.forget()  # it may hold facts of the rolled-back transaction
            raise
        if sig is not None:
            self._index.add(doc.id, sig)
        report.stored += 1
        report.document_ids.append(doc.id)
        report.relevant += int(extraction.relevant)
        report.near_duplicates += int(duplicate_of is not None)
        report.facts += len(facts)
        report.stored_facts.extend(facts)
        return facts

    def reject(self, rejection: Rejection, report: IngestReport) -> None:
        report.read += 1
        report.rejected.append(rejection)
        self.store.add_rejection(rejection)


def ingest_documents(
    store: Store,
    items: Iterable[Document | Rejection],
    options: Options | None = None,
    progress: Callable[[Document | Rejection], None] | None = None,
    on_stored: Callable[[list[Fact]], None] | None = None,
) -> IngestReport:
    """Ingest documents (and record rejections) one transaction each; never stops at a bad one.

    ``on_stored(facts)`` runs in each document's transaction with the facts stored
    for it (the watcher raises its alerts there, so a crash cannot separate them).
    """
    report = IngestReport()
    ingestor = Ingestor(store, options, on_stored)
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


def ingest_paths(
    store: Store,
    paths: list[str],
    options: Options | None = None,
    progress: Callable[[Document | Rejection], None] | None = None,
    stdin=None,
    on_stored: Callable[[list[Fact]], None] | None = None,
) -> IngestReport:
    """Read files, folders or ``-`` and ingest every document in them."""
    from .sources import ReadOptions, read_inputs

    options = options or Options()
    read_options = ReadOptions(default_date=options.default_date, max_bytes=options.max_bytes, stdin=stdin)
    return ingest_documents(store, read_inputs(paths, read_options), options, progress, on_stored)
