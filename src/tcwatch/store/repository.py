"""Every SQL statement on documents, facts, events, arrangements and reviews.

The one writer: each ``add_*`` / ``replace_*`` / ``review_*`` runs in one
transaction, so a failure leaves nothing half-written. Readers return the
shared records of :mod:`tcwatch.model` or plain dicts, never cursors.

:class:`Repository` gathers the parts, each in its own module: document writes
(:mod:`.documents`), fact reads and search (:mod:`.facts`), curated data and
reviews (:mod:`.curation`); row conversions are in :mod:`.rows`.
"""

from __future__ import annotations

from .curation import Curation
from .dialect import Connection
from .documents import DocumentWrites
from .facts import FactReads
from .rows import FACT_COLUMNS, MAX_ID, document_from_row, fact_from_row, now


class Repository(DocumentWrites, FactReads, Curation):
    """Reads and writes of the core tables over one connection."""

    def __init__(self, conn: Connection):
        self.conn = conn


__all__ = ["FACT_COLUMNS", "MAX_ID", "Repository", "document_from_row", "fact_from_row", "now"]
