"""Rows held back and written together: the bulk path's multi-row inserts.

Inside :meth:`~tcwatch.store.documents.DocumentWrites.buffered` (in an open write
transaction) :meth:`add_document` does not run one INSERT per row: the rows of
documents, mentions, signatures, events, facts and search index entries are
collected here and written by one ``executemany`` per table (psycopg sends them in
one pipeline, SQLite runs them from one prepared statement), with one update of
the document count.

The rows are written before any other statement on the connection (a read, a
savepoint, a rejection, the commit: see :meth:`Connection.flush`), so every
statement sees the database as if each row had been inserted at once; a failed
write raises inside the transaction or savepoint that holds those rows, which
rolls them back together.

Event and fact ids are taken here, not by an INSERT that returns them: the write
lock is held for the whole transaction, so the next ids are read once (SQLite: as
``AUTOINCREMENT`` would choose them; PostgreSQL: ``nextval`` of the table's
sequence, then ``setval`` to the last one written) and handed out in order: the
same ids one INSERT per row would have taken.
"""

from __future__ import annotations

from .rows import FACT_COLUMNS

INSERT_DOCUMENT = (
    "INSERT INTO documents (id, hash, date, title, text, url, source, origin, relevant, "
    "duplicate_of, extractor_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
COUNT_DOCUMENTS = "UPDATE row_counts SET n = n + ? WHERE name = 'documents'"
INSERT_MENTION = (
    "INSERT INTO mentions (document_id, kind, text, start_offset, end_offset, value, role) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_SIGNATURE = "INSERT INTO signatures (document_id, signature) VALUES (?, ?)"
INSERT_EVENT = "INSERT INTO events (type, sender, receiver, created_at) VALUES (?, ?, ?, ?)"
INSERT_EVENT_WITH_ID = "INSERT INTO events (id, type, sender, receiver, created_at) VALUES (?, ?, ?, ?, ?)"
INSERT_FACT = f"INSERT INTO facts ({', '.join(FACT_COLUMNS)}) VALUES ({', '.join('?' for _ in FACT_COLUMNS)})"
INSERT_FACT_WITH_ID = (
    f"INSERT INTO facts (id, {', '.join(FACT_COLUMNS)}) VALUES (?, {', '.join('?' for _ in FACT_COLUMNS)})"
)
INSERT_INDEX = "INSERT INTO search_index (kind, ref, title, body) VALUES (?, ?, ?, ?)"


class PendingRows:
    """The rows not yet written, by table, in the order they were made, and the ids handed out."""

    def __init__(self, conn):
        self.conn = conn
        self.documents: list[tuple] = []
        self.mentions: list[tuple] = []
        self.signatures: list[tuple] = []
        self.events: list[tuple] = []
        self.facts: list[tuple] = []
        self.index: list[tuple] = []  # documents' and facts' entries, interleaved as made
        self._next: dict[str, int] = {}  # table -> the next id to hand out
        #: the newest fact id, written or pending (the write lock is held: no one else adds one)
        self.fact_top: int | None = None

    def __bool__(self) -> bool:
        return bool(self.documents or self.mentions or self.signatures or self.events or self.facts or self.index)

    def new_id(self, table: str) -> int:
        """The id of a new ``events`` or ``facts`` row."""
        if table not in self._next:
            self._next[table] = self.conn.next_id(table)
        value = self._next[table]
        self._next[table] = value + 1
        if table == "facts":
            self.fact_top = value
        return value

    def write(self) -> None:
        """Write every pending row (in the connection's flush: no other statement runs meanwhile)."""
        conn = self.conn
        rows = (self.documents, self.mentions, self.signatures, self.events, self.facts, self.index)
        self.documents, self.mentions, self.signatures, self.events, self.facts, self.index = [], [], [], [], [], []
        documents, mentions, signatures, events, facts, index = rows
        conn.executemany(INSERT_DOCUMENT, documents)
        if documents:
            conn.execute(COUNT_DOCUMENTS, (len(documents),))
        conn.executemany(INSERT_MENTION, mentions)
        conn.executemany(INSERT_SIGNATURE, signatures)
        conn.executemany(INSERT_EVENT_WITH_ID, events)
        conn.executemany(INSERT_FACT_WITH_ID, facts)
        conn.executemany(INSERT_INDEX, index)
        for table, batch in (("events", events), ("facts", facts)):
            if batch:
                conn.ids_used(table, batch[-1][0])

    def discard(self) -> None:
        """Forget the pending rows and the ids handed out (their transaction or savepoint is rolled back)."""
        self.documents, self.mentions, self.signatures, self.events, self.facts, self.index = [], [], [], [], [], []
        self._next.clear()
        self.fact_top = None
