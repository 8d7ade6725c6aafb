"""Arrangements and the curated dataset, meta values, and reviews of facts."""

from __future__ import annotations

import json

from ..errors import InvalidQuery, NotFound
from ..model import Arrangement, Fact
from .dialect import Connection
from .filters import CORRECTABLE, checked_changes, corridor_clause, corridor_key
from .rows import MAX_ID, now


class Curation:
    """Curated data and reviews (a mixin of :class:`~tcwatch.store.repository.Repository`)."""

    conn: Connection

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
            # a review that leaves the fact as it was (accepting an accepted fact) changes nothing any
            # cached view shows (the history is read afresh): it keeps every data version
            changed = original["review"] != state or any(
                original[k] != (json.dumps(list(v)) if k == "nationalities" else v) for k, v in changes.items())
            self.conn.execute(f"UPDATE facts SET {', '.join(sets)} WHERE id = ?", (*params, fact_id))
            review_id = self.conn.insert(
                "INSERT INTO reviews (fact_id, action, original, changes, reviewer, comment, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fact_id, action, json.dumps(original, default=str), json.dumps(changes), reviewer, comment, now()),
            )
            # the corridor the fact was on and the one it is on now (the same unless corrected)
            ends = {(original["sender"], original["receiver"]),
                    (changes.get("sender", original["sender"]), changes.get("receiver", original["receiver"]))}
            for sender, receiver in sorted(ends if changed else (), key=lambda e: (e[0] or "", e[1] or "")):
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
