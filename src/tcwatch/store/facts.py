"""Reads of facts: by filter, by corridor (pages, counts, keys), by event; the data version
the read caches key on; full-text search."""

from __future__ import annotations

from ..errors import InvalidQuery, NotFound
from ..model import Fact
from .dialect import Connection
from .filters import FactFilter, corridor_clause, corridor_key, decode_cursor, encode_cursor
from .rows import MAX_ID, fact_from_row


def _id_range(clauses: list, params: list, after_id: int | None, upto_id: int | None) -> None:
    if after_id is not None:
        clauses.append("id > ?")
        params.append(after_id)
    if upto_id is not None:
        clauses.append("id <= ?")
        params.append(upto_id)


class FactReads:
    """Fact queries (a mixin of :class:`~tcwatch.store.repository.Repository`)."""

    conn: Connection

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

    def corridor_facts(self, sender: str | None, receiver: str | None, type: str | None = None, *,
                       after_id: int | None = None, upto_id: int | None = None) -> list[Fact]:
        """A corridor's facts (of one type), in id order; with ``after_id`` only those stored after it,
        with ``upto_id`` only those up to it."""
        clauses, params = corridor_clause(sender, receiver)
        if type is not None:
            clauses.append("type = ?")
            params.append(type)
        _id_range(clauses, params, after_id, upto_id)
        rows = self.conn.query(f"SELECT * FROM facts WHERE {' AND '.join(clauses)} ORDER BY id", params)
        return [fact_from_row(r) for r in rows]

    def facts_by_ids(self, ids) -> dict[int, Fact]:
        """``{id: Fact}`` of the stored facts with these ids (read 500 at a time)."""
        ids = sorted(set(ids))
        out: dict[int, Fact] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = self.conn.query(f"SELECT * FROM facts WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
            out.update((f.id, f) for f in map(fact_from_row, rows))
        return out

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
            # the keyset as a range on the index's date column then a filter, not a row value: SQLite
            # seeks into facts_corridor_when with the range, but would walk a row value from the end
            op = "<" if newest_first else ">"
            clauses.append(f"{when} {op}= ? AND ({when} {op} ? OR id {op} ?)")
            params += [after[0], after[0], after[1]]
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
        with the review): a review elsewhere leaves it as it was. Else the newest fact and the latest
        review that changed a fact (of any corridor; a review that left its fact as it was changes no key).
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
                f"SELECT (SELECT max(id) FROM facts), (SELECT max(review_id) FROM corridor_reviews), {meta}").fetchone()
        facts, reviews, instance, reference = row
        return f"{instance}:{facts}:{reviews}:{reference}"

    def corridor_type_versions(self, sender: str | None, receiver: str | None) -> dict[str, str]:
        """Per type of fact on one corridor, a key like :meth:`data_version`'s for the facts of that
        type: it changes when one is stored (its newest id), on any review on the corridor (which may
        change a fact's type or move it), and when the curated set is replaced. One statement."""
        clauses, params = corridor_clause(sender, receiver)
        rows = self.conn.execute(
            "SELECT type, max(id), (SELECT review_id FROM corridor_reviews WHERE corridor = ?), "
            "(SELECT value FROM meta WHERE key = 'instance'), (SELECT value FROM meta WHERE key = 'reference_version') "
            f"FROM facts WHERE {' AND '.join(clauses)} GROUP BY type",
            (corridor_key(sender, receiver), *params)).fetchall()
        return {type_: f"{instance}:{top}:{reviews}:{reference}" for type_, top, reviews, instance, reference in rows}

    def corridor_fact_dates(self, sender: str | None, receiver: str | None, *, after_id: int | None = None,
                            upto_id: int | None = None) -> list[tuple]:
        """``(date, published, document_id, origin)`` of every fact on a corridor (with ids after
        ``after_id`` and up to ``upto_id`` when given): what its counts and timeline dates are computed
        from, without reading whole facts."""
        clauses, params = corridor_clause(sender, receiver)
        _id_range(clauses, params, after_id, upto_id)
        return self.conn.execute(
            f"SELECT date, published, document_id, origin FROM facts WHERE {' AND '.join(clauses)}", params).fetchall()

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
