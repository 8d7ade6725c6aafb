"""One connection API over SQLite and PostgreSQL.

The rest of the store writes SQL once, with ``?`` placeholders and the subset
both databases accept; this module opens the connection, rewrites placeholders
for PostgreSQL and names the few places where the two differ.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

_PLACEHOLDER = re.compile(r"\?")

#: The PostgreSQL advisory lock every write transaction holds: writers take turns, as SQLite's
#: ``BEGIN IMMEDIATE`` makes them, so a check made inside a transaction (is this document, this
#: alert, this migration already there?) stays true until it commits, whichever process writes.
WRITE_LOCK = 0x7463_7761  # "tcwa"


#: how long a SQLite writer waits for the write lock before "database is locked"
BUSY_TIMEOUT = 30.0
#: how long a bulk writer leaves the write lock free between two of its transactions (SQLite)
YIELD_SECONDS = 0.005


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or \
        "locked" in str(exc) or "busy" in str(exc)


def quote_ident(name: str) -> str:
    """Quote an identifier (table or column) for either database."""
    return '"' + name.replace('"', '""') + '"'


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class Connection:
    """A database connection with one calling convention for both dialects."""

    def __init__(self, raw, dialect: str, target: str):
        self.raw = raw
        self.dialect = dialect  # "sqlite" | "postgresql"
        self.target = target
        self._depth = 0
        #: rows held back by the bulk path (:mod:`tcwatch.store.batch`), written before any other statement
        self.pending = None
        self._flushing = False

    # -- statements -------------------------------------------------------
    def _sql(self, sql: str) -> str:
        if self.dialect == "postgresql":
            return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))
        return sql

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg"):
            raise StoreError(f"{self.target}: {exc}") from exc
        raise exc

    def execute(self, sql: str, params: tuple | list = ()):
        if self.pending is not None and not self._flushing:
            self.flush()
        cur = self.raw.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
        except Exception as exc:
            self._fail(exc)
        return cur

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.pending is not None and not self._flushing:
            self.flush()
        cur = self.raw.cursor()
        try:
            cur.executemany(self._sql(sql), rows)
        except Exception as exc:
            self._fail(exc)

    def query(self, sql: str, params: tuple | list = ()) -> list[dict]:
        cur = self.execute(sql, params)
        if cur.description is None:
            return []
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def query_one(self, sql: str, params: tuple | list = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: tuple | list = ()):
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def insert(self, sql: str, params: tuple | list = ()) -> int:
        """Run an INSERT and return the new row's integer id."""
        if self.dialect == "postgresql":
            return self.execute(sql + " RETURNING id", params).fetchone()[0]
        return self.execute(sql, params).lastrowid

    def flush(self) -> None:
        """Write the rows the bulk path holds back, if any (every other statement calls this first)."""
        if self.pending is None or self._flushing or not self.pending:
            return
        self._flushing = True
        try:
            self.pending.write()
        finally:
            self._flushing = False

    def next_id(self, table: str) -> int:
        """The id the next row of ``table`` (an id column of its own) would get, for an INSERT that
        names it; inside a write transaction, which holds it until :meth:`ids_used` or the end."""
        if self.dialect == "postgresql":
            return int(self.scalar("SELECT nextval(pg_get_serial_sequence(?, 'id'))", (table,)))
        # AUTOINCREMENT: above the largest id ever used (sqlite_sequence) and every id present
        return int(self.scalar(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
            f"coalesce((SELECT max(id) FROM {quote_ident(table)}), 0)) + 1", (table,)))

    def ids_used(self, table: str, last: int) -> None:
        """Rows of ``table`` up to id ``last`` were inserted with their ids named: later rows follow it."""
        if self.dialect == "postgresql":
            self.execute("SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", (table, last))
        # SQLite: an INSERT naming a larger id moves sqlite_sequence itself

    # -- transactions -----------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self):
        """All writes inside happen together or not at all (an inner one joins the outer)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if self.dialect == "sqlite":
            self._begin_sqlite()
        else:
            self.execute("BEGIN")
        self._depth = 1
        try:
            if self.dialect == "postgresql":
                self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield self
        except BaseException:
            self._depth = 0
            try:
                self.raw.cursor().execute("ROLLBACK")
            except Exception:
                pass
            raise
        self._depth = 0
        self.execute("COMMIT")

    def _begin_sqlite(self) -> None:
        """``BEGIN IMMEDIATE``, waiting for the write lock by trying again every millisecond (up to
        ``BUSY_TIMEOUT`` seconds). SQLite's own busy handler backs off to one try every 100 ms, so a
        writer waiting beside a bulk ingest almost never hit the moment between one of its short
        transactions and the next, and waited for all of them; :meth:`yield_writes` leaves such a
        moment, and this catches it."""
        if self.pending is not None and not self._flushing:
            self.flush()
        cur = self.raw.cursor()
        deadline = time.monotonic() + BUSY_TIMEOUT
        cur.execute("PRAGMA busy_timeout = 0")  # the waiting is done here
        try:
            while True:
                try:
                    cur.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() > deadline:
                        self._fail(exc)
                time.sleep(0.001)
        finally:
            cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")

    def yield_writes(self) -> None:
        """Between two write transactions of a long run of them (a bulk ingest): leave the write
        lock free for a moment, so that a writer waiting for it (a review) gets in now, not after the
        whole run. SQLite only: PostgreSQL hands the advisory lock to the writers waiting in turn."""
        if self.dialect == "sqlite" and not self._depth:
            time.sleep(YIELD_SECONDS)

    def close(self) -> None:
        self.raw.close()

    # -- dialect switches ------------------------------------------------
    @property
    def autoincrement(self) -> str:
        if self.dialect == "postgresql":
            return "BIGSERIAL PRIMARY KEY"
        return "INTEGER PRIMARY KEY AUTOINCREMENT"

    @property
    def blob(self) -> str:
        return "BYTEA" if self.dialect == "postgresql" else "BLOB"


def connect(target: str) -> Connection:
    """Open a SQLite file (a path, ``:memory:`` or ``sqlite:///path``) or a PostgreSQL URL."""
    if is_postgres_url(target):
        import psycopg

        try:
            raw = psycopg.connect(target, autocommit=True)
        except Exception as exc:
            raise StoreError(f"cannot connect to {_redact(target)}: {exc}") from exc
        return Connection(raw, "postgresql", _redact(target))
    path = target[len("sqlite:///") :] if target.startswith("sqlite:///") else target
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{path}: folder {parent} does not exist")
    try:
        # isolation_level=None: transaction() issues BEGIN/COMMIT itself.
        raw = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT)
        raw.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA synchronous = NORMAL")
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    return Connection(raw, "sqlite", path)


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
