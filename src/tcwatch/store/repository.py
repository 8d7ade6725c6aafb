"""Every SQL statement on documents, facts, events, arrangements and reviews.

The one writer: each ``add_*`` / ``replace_*`` / ``review_*`` runs in one
transaction, so a failure leaves nothing half-written. Readers return the
shared records of :mod:`tcwatch.model` or plain dicts, never cursors.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone

from ..errors import AlreadyStored, InvalidQuery, NotFound
from ..model import (
    Arrangement,
    Document,
    Extraction,
    Fact,
    Rejection,
    Span,
)
from .dialect import Connection
from .filters import (
    CORRECTABLE,
    FactFilter,
    checked_changes,
    corridor_clause,
    corridor_key,
    decode_cursor,
    encode_cursor,
)

#: the largest row id either database stores
MAX_ID = 2**63 - 1

FACT_COLUMNS = (
    "document_id origin type sender receiver date date_qualifier people people_qualifier nationalities "
    "amount currency amount_qualifier actor outcome evidence span_start span_end extractor_version "
    "arrangement_id source_urls uncertain note money_kind per_person published event_id review created_at"
).split()

def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fact_row(fact: Fact, document_id: str | None, event_id: int | None) -> tuple:
    values = {
        "document_id": document_id,
        "origin": fact.origin,
        "type": fact.type,
        "sender": fact.sender,
        "receiver": fact.receiver,
        "date": fact.date,
        "date_qualifier": fact.date_qualifier or "on",
        "people": fact.people,
        "people_qualifier": fact.people_qualifier or "exact",
        "nationalities": json.dumps(list(fact.nationalities)),
        "amount": fact.amount,
        "currency": fact.currency,
        "amount_qualifier": fact.amount_qualifier or "exact",
        "actor": fact.actor,
        "outcome": fact.outcome,
        "evidence": fact.evidence,
        "span_start": fact.span.start if fact.span else None,
        "span_end": fact.span.end if fact.span else None,
        "extractor_version": fact.extractor_version,
        "arrangement_id": fact.arrangement_id,
        "source_urls": json.dumps(list(fact.source_urls)),
        "uncertain": int(bool(fact.uncertain)),
        "note": fact.note,
        "money_kind": fact.money_kind,
        "per_person": int(bool(fact.per_person)),
        "published": fact.published,
        "event_id": event_id,
        "review": fact.review,
        "created_at": now(),
    }
    return tuple(values[c] for c in FACT_COLUMNS)


def _json_tuple(raw: str | None) -> tuple:
    """A JSON list column as a tuple (most are empty: no parse for those)."""
    return tuple(json.loads(raw)) if raw and raw != "[]" else ()


def fact_from_row(row: dict) -> Fact:
    span = Span(row["span_start"], row["span_end"]) if row.get("span_start") is not None else None
    amount = row["amount"]
    return Fact(
        type=row["type"],
        sender=row["sender"],
        receiver=row["receiver"],
        date=row["date"],
        date_qualifier=row["date_qualifier"],
        people=row["people"],
        people_qualifier=row["people_qualifier"],
        nationalities=_json_tuple(row["nationalities"]),
        amount=float(amount) if amount is not None else None,
        currency=row["currency"],
        amount_qualifier=row["amount_qualifier"],
        actor=row["actor"],
        outcome=row["outcome"],
        evidence=row["evidence"],
        id=row["id"],
        event_id=row["event_id"],
        review=row["review"],
        published=row["published"],
        span=span,
        document_id=row["document_id"],
        extractor_version=row["extractor_version"],
        origin=row["origin"],
        arrangement_id=row["arrangement_id"],
        source_urls=_json_tuple(row["source_urls"]),
        uncertain=bool(row["uncertain"]),
        note=row["note"],
        money_kind=row["money_kind"],
        per_person=bool(row["per_person"]),
    )


def document_from_row(row: dict) -> Document:
    return Document(
        id=row["id"],
        date=row["date"],
        text=row["text"],
        title=row["title"] or "",
        url=row["url"],
        source=row["source"],
        origin=row["origin"],
    )


class Repository:
    """Reads and writes of the core tables over one connection."""

    def __init__(self, conn: Connection):
        self.conn = conn

    # -- documents --------------------------------------------------------
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
        out: set[str] = set()
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update(r[0] for r in self.conn.execute(f"SELECT {column} FROM documents WHERE {column} IN ({marks})", chunk))
        return out

    @contextmanager
    def savepoint(self):
        """Inside an open transaction: writes in the block are undone alone if it raises."""
        if not self.conn.in_transaction:
            raise RuntimeError("a savepoint needs an open transaction")
        self.conn.execute("SAVEPOINT tcwatch_doc")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO SAVEPOINT tcwatch_doc")
            self.conn.execute("RELEASE SAVEPOINT tcwatch_doc")
            raise
        self.conn.execute("RELEASE SAVEPOINT tcwatch_doc")

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
            conn.execute(
                "INSERT INTO documents (id, hash, date, title, text, url, source, origin, relevant, "
                "duplicate_of, extractor_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    doc.hash,
                    doc.date,
                    doc.title or "",
                    doc.text,
                    doc.url,
                    doc.source,
                    doc.origin,
                    int(extraction.relevant),
                    duplicate_of,
                    extraction.facts[0].extractor_version if extraction.facts else None,
                    now(),
                ),
            )
            conn.execute("UPDATE row_counts SET n = n + 1 WHERE name = 'documents'")
            conn.executemany(
                "INSERT INTO mentions (document_id, kind, text, start_offset, end_offset, value, role) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc.id, m.kind, m.text, m.start, m.end, json.dumps(m.value, default=str), m.role)
                    for m in extraction.mentions
                ],
            )
            if signature is not None:
                conn.execute(
                    "INSERT INTO signatures (document_id, signature) VALUES (?, ?)", (doc.id, signature)
                )
            if extraction.relevant:
                self._index(conn, "document", doc.id, doc.title or "", doc.text)
            for fact in extraction.facts:
                fact = replace(fact, published=fact.published or doc.date)
                stored.append(self._insert_fact(fact, doc.id, assign_event, candidates))
            if on_stored is not None and stored:
                on_stored(stored)
        return stored

    def _insert_fact(self, fact: Fact, document_id: str | None, assign_event, candidates=None) -> Fact:
        event_id = None
        candidates = candidates or self.event_candidates
        if assign_event is not None:
            event_id = assign_event(fact, candidates(fact))
        if event_id is None:
            event_id = self.conn.insert(
                "INSERT INTO events (type, sender, receiver, created_at) VALUES (?, ?, ?, ?)",
                (fact.type, fact.sender, fact.receiver, now()),
            )
        placeholders = ", ".join("?" for _ in FACT_COLUMNS)
        fact_id = self.conn.insert(
            f"INSERT INTO facts ({', '.join(FACT_COLUMNS)}) VALUES ({placeholders})",
            _fact_row(fact, document_id, event_id),
        )
        self._index(self.conn, "fact", str(fact_id), fact.type, fact.evidence)
        stored = replace(fact, id=fact_id, event_id=event_id, document_id=document_id)
        if hasattr(candidates, "added"):
            candidates.added(stored)
        return stored

    def _index(self, conn: Connection, kind: str, ref: str, title: str, body: str) -> None:
        conn.execute(
            "INSERT INTO search_index (kind, ref, title, body) VALUES (?, ?, ?, ?)", (kind, ref, title, body)
        )

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
        return int(self.conn.scalar("SELECT max(id) FROM facts") or 0)

    def count_signatures(self) -> int:
        return int(self.conn.scalar("SELECT count(*) FROM signatures"))

    def mentions(self, doc_id: str) -> list[dict]:
        return self.conn.query(
            "SELECT kind, text, start_offset, end_offset, value, role FROM mentions WHERE document_id = ? "
            "ORDER BY start_offset",
            (doc_id,),
        )

    # -- facts ------------------------------------------------------------
    def fact(self, fact_id: int) -> Fact:
        if not isinstance(fact_id, int) or not 1 <= fact_id <= MAX_ID:
            raise NotFound(f"no fact {str(fact_id)[:30]}")
        row = self.conn.query_one("SELECT * FROM facts WHERE id = ?", (fact_id,))
        if row is None:
            raise NotFound(f"no fact {fact_id}")
        return fact_from_row(row)

    def _where(self, f: FactFilter) -> tuple[str, list]:
        clauses, params = [], []
        for column in ("type", "sender", "receiver", "origin", "document_id", "event_id"):
            value = getattr(f, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if f.since:
            clauses.append("date >= ?")
            params.append(f.since)
        if f.until:
            # a partial date bound covers the whole period: until 2024 includes 2024-12-31
            clauses.append("date <= ?")
            params.append(f.until + "\uffff" if len(f.until) < 10 else f.until)
        if f.review == "unreviewed":
            clauses.append("review IS NULL")
        elif f.review:
            clauses.append("review = ?")
            params.append(f.review)
        if not f.include_rejected:
            clauses.append("(review IS NULL OR review <> 'rejected')")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def list_facts(self, f: FactFilter, *, limit: int | None = None, cursor: str | None = None) -> tuple[list[Fact], str | None]:
        """Facts matching ``f`` in id order, from ``cursor``; returns the page and the next cursor."""
        f = f.validate()
        where, params = self._where(f)
        after = decode_cursor(cursor)
        if after:
            where += (" AND " if where else " WHERE ") + "id > ?"
            params.append(after)
        sql = f"SELECT * FROM facts{where} ORDER BY id"
        if limit is not None:
            if limit < 1:
                raise InvalidQuery("limit must be at least 1")
            sql += " LIMIT ?"
            params.append(limit + 1)
        rows = self.conn.query(sql, params)
        more = limit is not None and len(rows) > limit
        rows = rows[:limit] if limit is not None else rows
        facts = [fact_from_row(r) for r in rows]
        return facts, (encode_cursor(facts[-1].id) if more and facts else None)

    def corridor_type_counts(self, f: FactFilter) -> list[dict]:
        """Per corridor (both ends known) and type, of the facts matching ``f``: facts, first and
        last date; and per corridor the distinct documents (``type`` None). Aggregated in SQL, so a
        million facts are never read into the process."""
        where, params = self._where(f.validate())
        where += (" AND " if where else " WHERE ") + "sender IS NOT NULL AND receiver IS NOT NULL"
        by_type = self.conn.query(
            f"SELECT sender, receiver, type, count(*) AS facts, min(date) AS first_date, max(date) AS last_date "
            f"FROM facts{where} GROUP BY sender, receiver, type ORDER BY sender, receiver, type", params)
        documents = self.conn.query(
            f"SELECT sender, receiver, NULL AS type, count(DISTINCT document_id) AS documents "
            f"FROM facts{where} GROUP BY sender, receiver ORDER BY sender, receiver", params)
        return by_type + documents

    def event_ids(self, f: FactFilter, *, after: int = 0, limit: int = 100) -> list[int]:
        """The ids of the events that facts matching ``f`` report, in order, after ``after``."""
        where, params = self._where(f.validate())
        where += (" AND " if where else " WHERE ") + "event_id IS NOT NULL AND event_id > ?"
        rows = self.conn.query(f"SELECT DISTINCT event_id FROM facts{where} ORDER BY event_id LIMIT ?",
                               (*params, after, limit))
        return [int(r["event_id"]) for r in rows]

    def event_facts(self, f: FactFilter, event_ids: list[int]) -> list[Fact]:
        """The facts matching ``f`` that report these events, in id order."""
        if not event_ids:
            return []
        where, params = self._where(f.validate())
        marks = ", ".join("?" for _ in event_ids)
        where += (" AND " if where else " WHERE ") + f"event_id IN ({marks})"
        rows = self.conn.query(f"SELECT * FROM facts{where} ORDER BY id", (*params, *event_ids))
        return [fact_from_row(r) for r in rows]

    def count_events(self, f: FactFilter) -> int:
        where, params = self._where(f.validate())
        return int(self.conn.scalar(f"SELECT count(DISTINCT event_id) FROM facts{where}", params))

    def count_facts(self, f: FactFilter) -> int:
        where, params = self._where(f.validate())
        return int(self.conn.scalar(f"SELECT count(*) FROM facts{where}", params))

    def corridor_facts(self, sender: str | None, receiver: str | None, type: str | None = None) -> list[Fact]:
        clauses, params = corridor_clause(sender, receiver)
        if type is not None:
            clauses.append("type = ?")
            params.append(type)
        rows = self.conn.query(f"SELECT * FROM facts WHERE {' AND '.join(clauses)} ORDER BY id", params)
        return [fact_from_row(r) for r in rows]

    def event_candidates(self, fact: Fact, window: bool = True) -> list[Fact]:
        """Stored facts that might describe the same event: same corridor and type, dated within
        a year either side (or undated; every date without ``window``)."""
        clauses, params = corridor_clause(fact.sender, fact.receiver)
        clauses.append("type = ?")
        params.append(fact.type)
        when = fact.date or fact.published
        if window and when and when[:4].isdigit():
            year = int(when[:4])
            clauses.append("(date IS NULL OR (date >= ? AND date < ?))")
            params += [str(year - 1), str(year + 2)]
        rows = self.conn.query(f"SELECT * FROM facts WHERE {' AND '.join(clauses)} ORDER BY id", params)
        return [fact_from_row(r) for r in rows]

    def document_facts(self, doc_id: str) -> list[Fact]:
        return [fact_from_row(r) for r in self.conn.query("SELECT * FROM facts WHERE document_id = ? ORDER BY span_start, id", (doc_id,))]

    def corridor_page(self, sender: str | None, receiver: str | None, *, as_of: str | None = None,
                      limit: int = 100, after: tuple[str, int] | None = None, newest_first: bool = False,
                      ) -> tuple[list[Fact], tuple[str, int] | None]:
        """A corridor's facts in timeline order (date, else publication date, then id), ``limit`` at a
        time after the keyset ``after``; with ``as_of``, only those dated up to it. Returns the page
        and the keyset of its last fact when more follow."""
        clauses, params = corridor_clause(sender, receiver)
        when = "coalesce(date, published, '')"
        if as_of:
            clauses.append(f"{when} <= ?")
            params.append(as_of + "\uffff")
        if after is not None:
            clauses.append(f"({when}, id) {'<' if newest_first else '>'} (?, ?)")
            params += [after[0], after[1]]
        way = "DESC" if newest_first else "ASC"
        rows = self.conn.query(
            f"SELECT * FROM facts WHERE {' AND '.join(clauses)} ORDER BY {when} {way}, id {way} LIMIT ?",
            (*params, limit + 1),
        )
        facts = [fact_from_row(r) for r in rows[:limit]]
        more = len(rows) > limit and facts
        last = facts[-1] if more else None
        return facts, ((last.date or last.published or "", last.id) if last else None)

    def count_corridor_facts(self, sender: str | None, receiver: str | None, as_of: str | None = None) -> int:
        clauses, params = corridor_clause(sender, receiver)
        if as_of:
            clauses.append("coalesce(date, published, '') <= ?")
            params.append(as_of + "\uffff")
        return int(self.conn.scalar(f"SELECT count(*) FROM facts WHERE {' AND '.join(clauses)}", params))

    def data_version(self, corridor: tuple[str | None, str | None] | None = None) -> str:
        """A key that changes whenever what the figures read changes: a fact stored (ids only grow),
        a review (it may change or move a fact), the curated set replaced (it deletes facts and
        arrangements). For one corridor (``(sender, receiver)``), its newest fact and the latest
        review that changed a fact on it or moved one into or out of it (``corridor_reviews``, written
        with the review): a review elsewhere leaves it as it was. Else every table's newest row.
        Each part is one index lookup, all in one statement.

        Ids are taken inside write transactions, and write transactions run one at a time (SQLite's
        write lock; on PostgreSQL the advisory lock :meth:`Connection.transaction` takes first), so
        ids become visible in the order they were taken: a commit can never add a fact with a lower
        id than one already seen, which would leave the newest id, and so the key, unchanged."""
        meta = ("(SELECT value FROM meta WHERE key = 'instance'), "
                "(SELECT value FROM meta WHERE key = 'reference_version')")
        if corridor is not None:
            clauses, params = corridor_clause(*corridor)
            row = self.conn.execute(
                f"SELECT (SELECT id FROM facts WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT 1), "
                f"(SELECT review_id FROM corridor_reviews WHERE corridor = ?), {meta}",
                (*params, corridor_key(*corridor))).fetchone()
        else:
            row = self.conn.execute(
                f"SELECT (SELECT max(id) FROM facts), (SELECT max(id) FROM reviews), {meta}").fetchone()
        facts, reviews, instance, reference = row
        return f"{instance}:{facts}:{reviews}:{reference}"

    def corridor_keys(self) -> list[tuple[str | None, str | None]]:
        """Every (sender, receiver) with at least one end known that has a fact."""
        rows = self.conn.query(
            "SELECT DISTINCT sender, receiver FROM facts WHERE sender IS NOT NULL OR receiver IS NOT NULL"
        )
        return [(r["sender"], r["receiver"]) for r in rows]

    def corridor_counts(self) -> list[dict]:
        """Per corridor: number of facts and of distinct documents."""
        return self.conn.query(
            "SELECT sender, receiver, count(*) AS facts, count(DISTINCT document_id) AS documents, "
            "max(date) AS last_date FROM facts WHERE sender IS NOT NULL OR receiver IS NOT NULL "
            "GROUP BY sender, receiver ORDER BY sender, receiver"
        )

    # -- arrangements and curated facts ----------------------------------
    def arrangements(self, corridor: tuple[str | None, str | None] | None = None) -> list[Arrangement]:
        """Every arrangement, or those on one corridor ``(sender, receiver)`` (None: an unknown end)."""
        sql, params = "SELECT * FROM arrangements", []
        if corridor is not None:
            clauses, params = corridor_clause(*corridor)
            sql += " WHERE " + " AND ".join(clauses)
        rows = self.conn.query(sql + " ORDER BY id", params)
        return [
            Arrangement(
                id=r["id"],
                sender=r["sender"],
                receiver=r["receiver"],
                name=r["name"],
                agreement_type=r["agreement_type"],
                status=r["status"],
                scope=r["scope"],
                additional_receivers=tuple(json.loads(r["additional_receivers"])),
                notes=tuple(json.loads(r["notes"])),
            )
            for r in rows
        ]

    def replace_curated(self, arrangements, facts, version: str, assign_event=None) -> int:
        """Swap the curated dataset for a new version in one transaction; return facts stored."""
        conn = self.conn
        with conn.transaction():
            if self.get_meta("reference_version") == version:  # another process loaded it meanwhile
                return 0
            old = conn.query("SELECT id, event_id FROM facts WHERE origin = 'curated'")
            if old:
                conn.execute(
                    "DELETE FROM search_index WHERE kind = 'fact' AND ref IN "
                    "(SELECT CAST(id AS TEXT) FROM facts WHERE origin = 'curated')"
                )
                conn.execute("UPDATE alerts SET fact_id = NULL WHERE fact_id IN (SELECT id FROM facts WHERE origin = 'curated')")
                conn.execute("DELETE FROM reviews WHERE fact_id IN (SELECT id FROM facts WHERE origin = 'curated')")
                conn.execute("DELETE FROM facts WHERE origin = 'curated'")
            conn.execute("DELETE FROM arrangements")
            conn.executemany(
                "INSERT INTO arrangements (id, sender, receiver, name, agreement_type, status, scope, "
                "additional_receivers, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (a.id, a.sender, a.receiver, a.name, a.agreement_type, a.status, a.scope,
                     json.dumps(list(a.additional_receivers)), json.dumps(list(a.notes)))
                    for a in arrangements
                ],
            )
            for fact in facts:
                self._insert_fact(fact, None, assign_event)
            self.set_meta("reference_version", version)
        return len(facts)

    def get_meta(self, key: str) -> str | None:
        return self.conn.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        with self.conn.transaction():
            self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reviews ----------------------------------------------------------
    def review_fact(self, fact_id: int, action: str, reviewer: str, changes: dict | None = None, comment: str | None = None) -> Fact:
        """Accept, reject or correct a fact; the original values are kept in ``reviews``."""
        if not isinstance(fact_id, int) or not 1 <= fact_id <= MAX_ID:
            raise NotFound(f"no fact {str(fact_id)[:30]}")
        if action not in ("accept", "reject", "correct"):
            raise InvalidQuery(f"review action {action!r} is not accept, reject or correct")
        changes = dict(changes or {})
        unknown = sorted(set(changes) - set(CORRECTABLE))
        if unknown:
            raise InvalidQuery(f"cannot correct {', '.join(unknown)} (correctable: {', '.join(CORRECTABLE)})")
        if action == "correct" and not changes:
            raise InvalidQuery("a correction needs at least one changed field")
        changes = checked_changes(changes)
        with self.conn.transaction():
            original = self.conn.query_one("SELECT * FROM facts WHERE id = ?", (fact_id,))
            if original is None:
                raise NotFound(f"no fact {fact_id}")
            state = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}[action]
            sets, params = ["review = ?"], [state]
            for key, value in changes.items():
                sets.append(f"{key} = ?")
                params.append(json.dumps(list(value)) if key == "nationalities" else value)
            self.conn.execute(f"UPDATE facts SET {', '.join(sets)} WHERE id = ?", (*params, fact_id))
            review_id = self.conn.insert(
                "INSERT INTO reviews (fact_id, action, original, changes, reviewer, comment, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fact_id, action, json.dumps(original, default=str), json.dumps(changes), reviewer, comment, now()),
            )
            # the corridor the fact was on and the one it is on now (the same unless corrected)
            ends = {(original["sender"], original["receiver"]),
                    (changes.get("sender", original["sender"]), changes.get("receiver", original["receiver"]))}
            for sender, receiver in sorted(ends, key=lambda e: (e[0] or "", e[1] or "")):
                self.conn.execute(
                    "INSERT INTO corridor_reviews (corridor, review_id) VALUES (?, ?) "
                    "ON CONFLICT (corridor) DO UPDATE SET review_id = excluded.review_id",
                    (corridor_key(sender, receiver), review_id))
        return self.fact(fact_id)

    def reviews(self, fact_id: int) -> list[dict]:
        rows = self.conn.query(
            "SELECT action, original, changes, reviewer, comment, created_at FROM reviews WHERE fact_id = ? ORDER BY id",
            (fact_id,),
        )
        for r in rows:
            r["original"] = json.loads(r["original"])
            r["changes"] = json.loads(r["changes"])
        return rows

    # -- search -----------------------------------------------------------
    #: a search ranks the most recent this many matches (a word in every row of an archive stays fast)
    SEARCH_WINDOW = 1000

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search over documents and evidence; each hit names its kind and ref.

        Hits are ranked best first among the ``SEARCH_WINDOW`` most recently indexed matches."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if not words:
            raise InvalidQuery("search needs at least one word")
        if self.conn.dialect == "sqlite":
            match = " AND ".join('"' + w.replace('"', "") + '"' for w in words)
            return self.conn.query(
                "SELECT kind, ref, title, snippet(search_index, 3, '[', ']', '…', 12) AS snippet "
                "FROM search_index WHERE search_index MATCH ? AND rowid >= (SELECT coalesce(min(rowid), 0) FROM "
                "(SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?)) "
                "ORDER BY rank LIMIT ?",
                (match, match, self.SEARCH_WINDOW, limit),
            )
        return self.conn.query(
            "SELECT kind, ref, title, ts_headline('english', body, q, 'StartSel=[,StopSel=],MaxWords=24') AS snippet "
            "FROM search_index, plainto_tsquery('english', ?) q WHERE tsv @@ q AND id >= (SELECT coalesce(min(id), 0) "
            "FROM (SELECT id FROM search_index, plainto_tsquery('english', ?) q2 WHERE tsv @@ q2 "
            "ORDER BY id DESC LIMIT ?) recent) "
            "ORDER BY ts_rank(tsv, q) DESC LIMIT ?",
            (" ".join(words), " ".join(words), self.SEARCH_WINDOW, limit),
        )
