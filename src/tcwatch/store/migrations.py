"""Numbered schema migrations, each applied once, in one transaction, recorded in ``schema_migrations``.

A migration is a function of the connection; ``{pk}`` and ``{blob}`` in its DDL
stand for the dialect's auto-increment key and binary type. Add a migration by
appending to ``MIGRATIONS`` with the next number; never edit one that shipped.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from .dialect import Connection


def _ddl(conn: Connection, statements: str) -> None:
    for stmt in statements.split(";"):
        stmt = stmt.strip()
        if stmt:
            conn.execute(stmt.format(pk=conn.autoincrement, blob=conn.blob))


def m001_core(conn: Connection) -> None:
    """Documents, facts, mentions, rejections, arrangements, events."""
    _ddl(
        conn,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            url TEXT,
            source TEXT,
            origin TEXT,
            relevant INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT,
            extractor_version TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_url ON documents (url);
        CREATE INDEX documents_date ON documents (date);
        CREATE TABLE arrangements (
            id TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            receiver TEXT,
            name TEXT NOT NULL,
            agreement_type TEXT,
            status TEXT,
            scope TEXT,
            additional_receivers TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE events (
            id {pk},
            type TEXT NOT NULL,
            sender TEXT,
            receiver TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE facts (
            id {pk},
            document_id TEXT REFERENCES documents (id),
            origin TEXT NOT NULL,
            type TEXT NOT NULL,
            sender TEXT,
            receiver TEXT,
            date TEXT,
            date_qualifier TEXT NOT NULL DEFAULT 'on',
            people INTEGER,
            people_qualifier TEXT NOT NULL DEFAULT 'exact',
            nationalities TEXT NOT NULL DEFAULT '[]',
            amount DOUBLE PRECISION,
            currency TEXT,
            amount_qualifier TEXT NOT NULL DEFAULT 'exact',
            actor TEXT,
            outcome TEXT,
            evidence TEXT NOT NULL,
            span_start INTEGER,
            span_end INTEGER,
            extractor_version TEXT,
            arrangement_id TEXT REFERENCES arrangements (id),
            source_urls TEXT NOT NULL DEFAULT '[]',
            uncertain INTEGER NOT NULL DEFAULT 0,
            note TEXT,
            money_kind TEXT,
            per_person INTEGER NOT NULL DEFAULT 0,
            published TEXT,
            event_id INTEGER REFERENCES events (id),
            review TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX facts_corridor ON facts (sender, receiver, type);
        CREATE INDEX facts_document ON facts (document_id);
        CREATE INDEX facts_event ON facts (event_id);
        CREATE INDEX facts_date ON facts (date);
        CREATE TABLE mentions (
            id {pk},
            document_id TEXT NOT NULL REFERENCES documents (id),
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            value TEXT,
            role TEXT
        );
        CREATE INDEX mentions_document ON mentions (document_id);
        CREATE TABLE rejections (
            id {pk},
            origin TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE signatures (
            document_id TEXT PRIMARY KEY REFERENCES documents (id),
            signature {blob} NOT NULL
        );
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )


def m002_reviews(conn: Connection) -> None:
    """Reviews of extracted facts: who accepted, rejected or corrected what, and when."""
    _ddl(
        conn,
        """
        CREATE TABLE reviews (
            id {pk},
            fact_id INTEGER NOT NULL REFERENCES facts (id),
            action TEXT NOT NULL,
            original TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '{{}}',
            reviewer TEXT NOT NULL,
            comment TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX reviews_fact ON reviews (fact_id)
        """,
    )


def m003_search(conn: Connection) -> None:
    """Full-text search over documents and evidence (FTS5 on SQLite, tsvector on PostgreSQL)."""
    if conn.dialect == "sqlite":
        _ddl(
            conn,
            """
            CREATE VIRTUAL TABLE search_index USING fts5 (
                kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'porter unicode61'
            )
            """,
        )
    else:
        _ddl(
            conn,
            """
            CREATE TABLE search_index (
                id BIGSERIAL PRIMARY KEY,
                kind TEXT NOT NULL,
                ref TEXT NOT NULL,
                title TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED
            );
            CREATE INDEX search_index_tsv ON search_index USING GIN (tsv)
            """,
        )


def m004_watch(conn: Connection) -> None:
    """Feed sources with their polling state, alerts, subscriptions and webhook deliveries."""
    _ddl(
        conn,
        """
        CREATE TABLE sources (
            id {pk},
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'feed',
            every_seconds INTEGER NOT NULL DEFAULT 900,
            fetch_pages INTEGER NOT NULL DEFAULT 0,
            is_default INTEGER NOT NULL DEFAULT 0,
            enabled INTEGER NOT NULL DEFAULT 1,
            etag TEXT,
            last_modified TEXT,
            last_polled TEXT,
            last_success TEXT,
            last_error TEXT,
            items_seen INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE alerts (
            id {pk},
            kind TEXT NOT NULL,
            sender TEXT,
            receiver TEXT,
            fact_type TEXT,
            fact_id INTEGER REFERENCES facts (id),
            event_id INTEGER REFERENCES events (id),
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT,
            document_id TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX alerts_corridor ON alerts (sender, receiver);
        CREATE TABLE subscriptions (
            id {pk},
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            webhook_url TEXT,
            secret TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE deliveries (
            id {pk},
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT,
            last_error TEXT,
            delivered_at TEXT,
            UNIQUE (alert_id, subscription_id)
        )
        """,
    )


def m005_leases(conn: Connection) -> None:
    """Leases, so that two watchers on one database never poll a source or send a delivery together:
    the owner (host:pid:nonce) and the time the claim lapses, on sources and on deliveries."""
    _ddl(
        conn,
        """
        ALTER TABLE sources ADD COLUMN lease_owner TEXT;
        ALTER TABLE sources ADD COLUMN lease_until TEXT;
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        ALTER TABLE deliveries ADD COLUMN claimed_until TEXT
        """,
    )


def m006_read_indexes(conn: Connection) -> None:
    """Indexes the hot reads need at a million facts: fact listings by sender, receiver or type in id
    order (the cursor's), a corridor's facts in id order and in timeline order."""
    _ddl(
        conn,
        """
        CREATE INDEX facts_sender_id ON facts (sender, id);
        CREATE INDEX facts_receiver_id ON facts (receiver, id);
        CREATE INDEX facts_type_id ON facts (type, id);
        CREATE INDEX facts_corridor_id ON facts (sender, receiver, id);
        CREATE INDEX facts_corridor_when ON facts (sender, receiver, (coalesce(date, published, '')), id)
        """,
    )
    # who this database is, for caches keyed by its data version (two databases may share a version)
    conn.execute("DELETE FROM meta WHERE key = 'instance'")
    conn.execute("INSERT INTO meta (key, value) VALUES ('instance', ?)", (uuid.uuid4().hex,))


def m007_corridor_reviews(conn: Connection) -> None:
    """Per corridor, the latest review that changed (or moved a fact into or out of) it: a review on
    one corridor then leaves the cached figures of every other corridor valid. Filled with the
    latest review for every corridor that has facts (a key that changes once, never a stale one)."""
    _ddl(
        conn,
        """
        CREATE TABLE corridor_reviews (
            corridor TEXT PRIMARY KEY,
            review_id INTEGER NOT NULL
        )
        """,
    )
    latest = conn.scalar("SELECT max(id) FROM reviews")
    if latest is not None:
        from .filters import corridor_key

        rows = conn.query("SELECT DISTINCT sender, receiver FROM facts")
        conn.executemany("INSERT INTO corridor_reviews (corridor, review_id) VALUES (?, ?)",
                         [(corridor_key(r["sender"], r["receiver"]), latest) for r in rows])


def m008_row_counts(conn: Connection) -> None:
    """Counts kept by the writes that change them (documents are only ever added), so that a
    total on every page is one lookup, not a ``count(*)`` that PostgreSQL answers by a scan."""
    _ddl(
        conn,
        """
        CREATE TABLE row_counts (
            name TEXT PRIMARY KEY,
            n INTEGER NOT NULL
        )
        """,
    )
    conn.execute("INSERT INTO row_counts (name, n) VALUES ('documents', ?)",
                 (int(conn.scalar("SELECT count(*) FROM documents")),))


MIGRATIONS = [
    (1, "core", m001_core),
    (2, "reviews", m002_reviews),
    (3, "search", m003_search),
    (4, "watch", m004_watch),
    (5, "leases", m005_leases),
    (6, "read indexes", m006_read_indexes),
    (7, "corridor reviews", m007_corridor_reviews),
    (8, "row counts", m008_row_counts),
]


def migrate(conn: Connection) -> list[int]:
    """Apply every migration not yet recorded; return the numbers applied."""
    with conn.transaction():  # two processes opening a new database at once: one creates it
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)"
        )
    done = {row["version"] for row in conn.query("SELECT version FROM schema_migrations")}
    applied = []
    for version, name, fn in MIGRATIONS:
        if version in done:
            continue
        with conn.transaction():
            # checked again under the write lock: another process may have applied it meanwhile
            if conn.scalar("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)) is not None:
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
        applied.append(version)
    return applied
