"""Writes and reads of documents: a document with its mentions, signature, index rows and facts,
in one transaction; rejections; near-duplicate signatures."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace

from ..errors import AlreadyStored, NotFound
from ..model import Document, Extraction, Fact, Rejection
from .dialect import Connection
from .batch import (
    COUNT_DOCUMENTS,
    INSERT_DOCUMENT,
    INSERT_EVENT,
    INSERT_FACT,
    INSERT_INDEX,
    INSERT_MENTION,
    INSERT_SIGNATURE,
    PendingRows,
)
from .rows import _fact_row, now


class DocumentWrites:
    """Documents and what is stored with them (a mixin of :class:`~tcwatch.store.repository.Repository`)."""

    conn: Connection

    def document_id_by_hash(self, digest: str) -> str | None:
        return self.conn.scalar("SELECT id FROM documents WHERE hash = ?", (digest,))

    def document_exists(self, doc_id: str) -> bool:
        return self.conn.scalar("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def known_hashes(self, digests) -> set[str]:
        """Which of these content hashes are stored."""
        return self._present("hash", digests)

    def existing_ids(self, doc_ids) -> set[str]:
        """Which of these document ids are stored."""
        return self._present("id", doc_ids)

    def _present(self, column: str, values) -> set[str]:
        values = sorted(set(values))
        if not values:
            return set()
        if self.conn.dialect == "postgresql":
            # one array parameter: one statement text (prepared once by the server), however many values
            return {r[0] for r in self.conn.execute(f"SELECT {column} FROM documents WHERE {column} = ANY(?)", (values,))}
        out: set[str] = set()
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update(r[0] for r in self.conn.execute(f"SELECT {column} FROM documents WHERE {column} IN ({marks})", chunk))
        return out

    @contextmanager
    def savepoint(self):
        """Inside an open transaction: writes in the block are undone alone if it raises (rows held
        back by :meth:`buffered` are written at its end, inside it)."""
        if not self.conn.in_transaction:
            raise RuntimeError("a savepoint needs an open transaction")
        self.conn.execute("SAVEPOINT tcwatch_doc")
        try:
            yield
            self.conn.flush()
        except BaseException:
            if self.conn.pending is not None:
                self.conn.pending.discard()
            self.conn.execute("ROLLBACK TO SAVEPOINT tcwatch_doc")
            self.conn.execute("RELEASE SAVEPOINT tcwatch_doc")
            raise
        self.conn.execute("RELEASE SAVEPOINT tcwatch_doc")

    @contextmanager
    def buffered(self):
        """Inside an open transaction: :meth:`add_document` holds its rows back and they are written
        together, one multi-row insert per table (:mod:`tcwatch.store.batch`), at the end of the block
        or before any other statement runs. A failed write raises in the transaction (or
        :meth:`savepoint`) that holds the rows, so a document is still stored whole or not at all."""
        conn = self.conn
        if not conn.in_transaction:
            raise RuntimeError("buffered writes need an open transaction")
        if conn.pending is not None:  # already buffering: join it
            yield
            return
        conn.pending = PendingRows(conn)
        try:
            yield
            conn.flush()
        finally:
            conn.pending = None

    def document_id_by_url(self, url: str) -> str | None:
        return self.conn.scalar("SELECT id FROM documents WHERE url = ?", (url,))

    def document(self, doc_id: str) -> dict:
        row = self.conn.query_one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        row["relevant"] = bool(row["relevant"])
        return row

    def document_meta(self, doc_ids) -> dict[str, dict]:
        """Id, title, url, source and date of many documents at once (no text), by id."""
        ids = sorted({d for d in doc_ids if d})
        out: dict[str, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.conn.query(
                f"SELECT id, title, url, source, date FROM documents WHERE id IN ({marks})", chunk
            ):
                out[row["id"]] = row
        return out

    def documents(self, limit: int = 50) -> list[dict]:
        """The newest documents (metadata only)."""
        return self.conn.query(
            "SELECT id, date, title, url, source, relevant, duplicate_of FROM documents "
            "ORDER BY date DESC, id LIMIT ?",
            (limit,),
        )

    def count_documents(self) -> int:
        """Documents stored (kept in ``row_counts`` by :meth:`add_document`, in its transaction)."""
        return int(self.conn.scalar("SELECT n FROM row_counts WHERE name = 'documents'"))

    def add_document(
        self,
        doc: Document,
        extraction: Extraction,
        *,
        duplicate_of: str | None = None,
        signature: bytes | None = None,
        assign_event=None,
        candidates=None,
        on_stored=None,
        unique_url: bool = False,
        checked: bool = False,
    ) -> list[Fact]:
        """Store a document with its mentions and facts in one transaction; return the stored facts.

        ``assign_event(fact, candidates) -> event id | None`` links each fact to an
        existing event of the same corridor and type, or a new one is made. The
        candidates come from ``candidates(fact)`` (default :meth:`event_candidates`);
        a provider with an ``added(fact)`` method is told of each fact stored.
        ``on_stored(facts)`` runs inside the same transaction (alerts are written with
        the facts that raise them, or not at all).

        A document whose content (or, with ``unique_url``, whose link) another writer
        stored first raises :class:`AlreadyStored`: checked under the write lock, so two
        processes never store it twice. ``checked``: the caller made that check itself in
        the open transaction (the bulk path checks a whole batch in one query).
        """
        conn = self.conn
        stored: list[Fact] = []
        with conn.transaction():
            known = None if checked else conn.scalar("SELECT id FROM documents WHERE hash = ?", (doc.hash,))
            if known is None and unique_url and doc.url:
                known = conn.scalar("SELECT id FROM documents WHERE url = ?", (doc.url,))
            if known is not None:
                raise AlreadyStored(f"{doc.origin or doc.id}: already stored as {known}")
            pending = conn.pending
            row = (doc.id, doc.hash, doc.date, doc.title or "", doc.text, doc.url, doc.source, doc.origin,
                   int(extraction.relevant), duplicate_of,
                   extraction.facts[0].extractor_version if extraction.facts else None, now())
            mentions = [(doc.id, m.kind, m.text, m.start, m.end, json.dumps(m.value, default=str), m.role)
                        for m in extraction.mentions]
            if pending is not None:
                pending.documents.append(row)
                pending.mentions.extend(mentions)
                if signature is not None:
                    pending.signatures.append((doc.id, signature))
            else:
                conn.execute(INSERT_DOCUMENT, row)
                conn.execute(COUNT_DOCUMENTS, (1,))
                conn.executemany(INSERT_MENTION, mentions)
                if signature is not None:
                    conn.execute(INSERT_SIGNATURE, (doc.id, signature))
            if extraction.relevant:
                self._index(conn, "document", doc.id, doc.title or "", doc.text)
            for fact in extraction.facts:
                fact = replace(fact, published=fact.published or doc.date)
                stored.append(self._insert_fact(fact, doc.id, assign_event, candidates))
            if on_stored is not None and stored:
                on_stored(stored)  # its first statement writes the rows held back (they are all it reads)
        return stored

    def _insert_fact(self, fact: Fact, document_id: str | None, assign_event, candidates=None) -> Fact:
        event_id = None
        candidates = candidates or self.event_candidates
        if assign_event is not None:
            event_id = assign_event(fact, candidates(fact))
        pending = self.conn.pending
        if event_id is None:
            row = (fact.type, fact.sender, fact.receiver, now())
            if pending is not None:
                event_id = pending.new_id("events")
                pending.events.append((event_id, *row))
            else:
                event_id = self.conn.insert(INSERT_EVENT, row)
        row = _fact_row(fact, document_id, event_id)
        if pending is not None:
            fact_id = pending.new_id("facts")
            pending.facts.append((fact_id, *row))
        else:
            fact_id = self.conn.insert(INSERT_FACT, row)
        self._index(self.conn, "fact", str(fact_id), fact.type, fact.evidence)
        stored = replace(fact, id=fact_id, event_id=event_id, document_id=document_id)
        if hasattr(candidates, "added"):
            candidates.added(stored)
        return stored

    def _index(self, conn: Connection, kind: str, ref: str, title: str, body: str) -> None:
        if conn.pending is not None:
            conn.pending.index.append((kind, ref, title, body))
        else:
            conn.execute(INSERT_INDEX, (kind, ref, title, body))

    def add_rejection(self, rejection: Rejection) -> None:
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO rejections (origin, reason, created_at) VALUES (?, ?, ?)",
                (rejection.origin, rejection.reason, now()),
            )

    def rejections(self, limit: int = 100) -> list[dict]:
        return self.conn.query(
            "SELECT origin, reason, created_at FROM rejections ORDER BY id DESC LIMIT ?", (limit,)
        )

    def signatures(self, exclude=()) -> list[tuple[str, bytes]]:
        """Stored near-duplicate signatures, but for the document ids in ``exclude``."""
        out = []
        for row in self.conn.execute("SELECT document_id, signature FROM signatures"):
            if row[0] not in exclude:
                out.append((row[0], bytes(row[1])))
        return out

    def max_fact_id(self) -> int:
        pending = self.conn.pending
        if pending is not None:  # buffering: the write lock is held, the newest id is known once read
            if pending.fact_top is None:
                pending.fact_top = int(self.conn.scalar("SELECT max(id) FROM facts") or 0)
            return pending.fact_top
        return int(self.conn.scalar("SELECT max(id) FROM facts") or 0)

    def count_signatures(self) -> int:
        return int(self.conn.scalar("SELECT count(*) FROM signatures"))

    def mentions(self, doc_id: str) -> list[dict]:
        return self.conn.query(
            "SELECT kind, text, start_offset, end_offset, value, role FROM mentions WHERE document_id = ? "
            "ORDER BY start_offset",
            (doc_id,),
        )
