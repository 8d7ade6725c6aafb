"""Storage: SQLite by default, PostgreSQL when named; numbered migrations; all SQL lives here.

``open_store(target)`` connects, migrates, and on a new (or outdated) database
loads the bundled reference dataset, so that a fresh install already shows
every known corridor.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .dialect import Connection, connect, is_postgres_url
from .migrations import migrate
from .filters import CORRECTABLE, REVIEW_STATES, FactFilter
from .repository import Repository, fact_from_row
from .views import Views

DEFAULT_DB = "tcwatch.db"


def default_target() -> str:
    """The database a command uses when none is named: ``$TCWATCH_DB``, else ``./tcwatch.db``."""
    return os.environ.get("TCWATCH_DB") or DEFAULT_DB


class Store(Views, Repository):
    """An open, migrated database. Use as a context manager or call ``close()``."""

    def __init__(self, conn: Connection):
        super().__init__(conn)
        #: the near-duplicate index of this database, built on first need by the ingest path
        self.near_index = None

    @property
    def dialect(self) -> str:
        return self.conn.dialect

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ensure_reference(self, path: str | Path | None = None) -> bool:
        """Load the bundled curated dataset if this database lacks it or has an older one."""
        from ..analysis.events import assign_event
        from ..reference import load_reference, reference_path

        path = Path(path) if path else reference_path()
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        if self.get_meta("reference_version") == version:
            return False
        ref = load_reference(path)
        self.replace_curated(ref.arrangements, ref.facts, version, assign_event=assign_event)
        return True


def open_store(target: str | None = None, *, reference: bool = True) -> Store:
    """Open (creating and migrating if needed) the database at ``target``."""
    conn = connect(target or default_target())
    migrate(conn)
    store = Store(conn)
    if reference:
        store.ensure_reference()
    return store


__all__ = [
    "CORRECTABLE",
    "REVIEW_STATES",
    "Connection",
    "FactFilter",
    "Store",
    "connect",
    "default_target",
    "fact_from_row",
    "is_postgres_url",
    "migrate",
    "open_store",
]
