"""Reads a dashboard page makes at once (one statement where a loop of them would do)."""

from __future__ import annotations

from ..model import Fact


class Views:
    """Mixed into :class:`~tcwatch.store.Store` (uses its ``conn`` and ``document_meta``)."""

    def latest_document_facts(self, documents: int = 200, limit: int = 20) -> list[tuple[Fact, dict]]:
        """The facts of the newest ``documents`` documents (as :meth:`documents` orders them), those a
        reader knows to be about something else passed over, newest document first and each
        document's facts in text order; at most ``limit``, each with its document's metadata."""
        from .repository import fact_from_row

        rows = self.conn.query(
            "SELECT f.* FROM (SELECT id, date, relevant FROM documents ORDER BY date DESC, id LIMIT ?) d "
            "JOIN facts f ON f.document_id = d.id WHERE d.relevant <> 0 "
            "ORDER BY d.date DESC, d.id, f.span_start, f.id LIMIT ?",
            (documents, limit),
        )
        facts = [fact_from_row(r) for r in rows]
        meta = self.document_meta(f.document_id for f in facts)
        return [(f, meta[f.document_id]) for f in facts]
