"""Every SQL statement on the watch tables: sources, alerts, subscriptions, deliveries.

Plain functions of a :class:`~tcwatch.store.dialect.Connection`; values are
always bound. Writes that must happen together run in one transaction, so a
watcher killed at any point leaves each row either before or after a step.
Times are ISO 8601 UTC strings (``2025-05-06T10:00:00+00:00``) given by the
caller's clock.
"""

from __future__ import annotations

from .dialect import Connection
from .filters import corridor_clause

ALERT_COLUMNS = [
    "id", "kind", "sender", "receiver", "fact_type", "fact_id", "event_id", "title", "summary", "evidence",
    "document_id", "created_at",
]

#: How an unknown corridor end is written in a subscription (as in ``tcwatch.corridors``).
UNKNOWN = "XXX"

#: Meta key recording that the default source list was loaded once.
DEFAULTS_SEEDED = "watch.defaults_seeded"


def _source(row: dict | None) -> dict | None:
    if row is None:
        return None
    for key in ("fetch_pages", "is_default", "enabled"):
        row[key] = bool(row[key])
    return row


# -- sources -------------------------------------------------------------
def insert_source(
    conn: Connection,
    *,
    url: str,
    name: str,
    every_seconds: int,
    fetch_pages: bool,
    is_default: bool,
    created_at: str,
    kind: str = "feed",
) -> int:
    with conn.transaction():
        return conn.insert(
            "INSERT INTO sources (url, name, kind, every_seconds, fetch_pages, is_default, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (url, name, kind, int(every_seconds), int(bool(fetch_pages)), int(bool(is_default)), created_at),
        )


def update_source_settings(conn: Connection, source_id: int, *, name: str, every_seconds: int, fetch_pages: bool) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE sources SET name = ?, every_seconds = ?, fetch_pages = ? WHERE id = ?",
            (name, int(every_seconds), int(bool(fetch_pages)), source_id),
        )


def source_by_id(conn: Connection, source_id: int) -> dict | None:
    return _source(conn.query_one("SELECT * FROM sources WHERE id = ?", (source_id,)))


def source_by_url(conn: Connection, url: str) -> dict | None:
    return _source(conn.query_one("SELECT * FROM sources WHERE url = ?", (url,)))


def list_sources(conn: Connection, enabled_only: bool = False) -> list[dict]:
    sql = "SELECT * FROM sources"
    if enabled_only:
        sql += " WHERE enabled = 1"
    return [_source(r) for r in conn.query(sql + " ORDER BY id")]


def count_sources(conn: Connection) -> int:
    return int(conn.scalar("SELECT count(*) FROM sources"))


def delete_source(conn: Connection, source_id: int) -> bool:
    with conn.transaction():
        cur = conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return (cur.rowcount or 0) > 0


def record_poll_success(
    conn: Connection,
    source_id: int,
    *,
    at: str,
    etag: str | None,
    last_modified: str | None,
    new_items: int,
    warning: str | None = None,
) -> None:
    """A poll worked (200 or 304): keep the validators, count the new items, reset failures."""
    with conn.transaction():
        conn.execute(
            "UPDATE sources SET last_polled = ?, last_success = ?, last_error = ?, etag = ?, last_modified = ?, "
            "items_seen = items_seen + ?, failures = 0 WHERE id = ?",
            (at, at, warning, etag, last_modified, int(new_items), source_id),
        )


def record_poll_failure(conn: Connection, source_id: int, *, at: str, error: str) -> None:
    """A poll failed: keep the reason and count consecutive failures."""
    with conn.transaction():
        conn.execute(
            "UPDATE sources SET last_polled = ?, last_error = ?, failures = failures + 1 WHERE id = ?",
            (at, error, source_id),
        )


# -- leases (two watchers on one database) -------------------------------
def claim_source(conn: Connection, source_id: int, owner: str, *, now: str, until: str) -> bool:
    """Claim the next poll of a source for ``owner`` until ``until``; False when another holds it."""
    with conn.transaction():
        cur = conn.execute(
            "UPDATE sources SET lease_owner = ?, lease_until = ? WHERE id = ? AND "
            "(lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL OR lease_until < ?)",
            (owner, until, source_id, owner, now),
        )
        return (cur.rowcount or 0) == 1


def release_source(conn: Connection, source_id: int, owner: str) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
            (source_id, owner),
        )


def lease_holders(conn: Connection, now: str) -> list[str]:
    """Owners holding a lease that has not lapsed (on a source or a delivery in flight)."""
    rows = conn.query(
        "SELECT lease_owner AS owner FROM sources WHERE lease_owner IS NOT NULL AND lease_until >= ? "
        "UNION SELECT claimed_by AS owner FROM deliveries WHERE status = 'sending' AND claimed_by IS NOT NULL "
        "AND claimed_until >= ?",
        (now, now),
    )
    return [r["owner"] for r in rows]


def expire_leases(conn: Connection, owner: str) -> None:
    """Let go of every lease ``owner`` holds (a process found dead): its rows can be claimed at once."""
    with conn.transaction():
        conn.execute("UPDATE sources SET lease_until = NULL WHERE lease_owner = ?", (owner,))
        conn.execute("UPDATE deliveries SET claimed_until = NULL WHERE claimed_by = ? AND status = 'sending'",
                     (owner,))


# -- facts seen by the alert rules ---------------------------------------
def _earlier(fact_id: int) -> tuple[str, list]:
    # Curated facts always count as already known (they are reloaded with new ids).
    return "id <> ? AND (origin = 'curated' OR id < ?)", [fact_id, fact_id]


def _corridor_clause(sender: str | None, receiver: str | None) -> tuple[str, list]:
    clauses, params = corridor_clause(sender, receiver)
    return " AND ".join(clauses), params


def earlier_corridor_facts(conn: Connection, fact_id: int, sender, receiver, fact_type: str | None = None) -> int:
    """How many facts on this corridor (of this type) were known before ``fact_id``."""
    where, params = _earlier(fact_id)
    corridor, cparams = _corridor_clause(sender, receiver)
    sql = f"SELECT count(*) FROM facts WHERE {where} AND {corridor}"
    params = params + cparams
    if fact_type is not None:
        sql += " AND type = ?"
        params.append(fact_type)
    return int(conn.scalar(sql, params))


def earlier_event_facts(conn: Connection, fact_id: int, event_id: int | None) -> int:
    """How many facts of the same real-world event were known before ``fact_id``."""
    if event_id is None:
        return 0
    where, params = _earlier(fact_id)
    return int(conn.scalar(f"SELECT count(*) FROM facts WHERE {where} AND event_id = ?", params + [event_id]))


def earlier_money_facts(conn: Connection, fact_id: int, sender, receiver, fact_type: str, amount: float, currency) -> int:
    """How many facts on this corridor already gave this figure."""
    where, params = _earlier(fact_id)
    corridor, cparams = _corridor_clause(sender, receiver)
    sql = f"SELECT count(*) FROM facts WHERE {where} AND {corridor} AND type = ? AND amount = ?"
    params = params + cparams + [fact_type, float(amount)]
    if currency is None:
        sql += " AND currency IS NULL"
    else:
        sql += " AND currency = ?"
        params.append(currency)
    return int(conn.scalar(sql, params))


# -- alerts --------------------------------------------------------------
def alert_exists_for_fact(conn: Connection, fact_id: int) -> bool:
    return conn.scalar("SELECT 1 FROM alerts WHERE fact_id = ?", (fact_id,)) is not None


def insert_alert(conn: Connection, alert: dict) -> int:
    """Insert one alert (call inside a transaction that also queues its deliveries)."""
    columns = [c for c in ALERT_COLUMNS if c != "id"]
    return conn.insert(
        f"INSERT INTO alerts ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        tuple(alert.get(c) for c in columns),
    )


def list_alerts(
    conn: Connection,
    *,
    corridor: tuple[str | None, str | None] | None = None,
    limit: int | None = 100,
    after_id: int | None = None,
) -> list[dict]:
    """Alerts newest first, optionally on one corridor (a None end matches an unknown end)."""
    clauses, params = [], []
    if corridor is not None:
        where, cparams = _corridor_clause(*corridor)
        clauses.append(where.replace("sender", "a.sender").replace("receiver", "a.receiver"))
        params += cparams
    if after_id is not None:
        clauses.append("a.id > ?")
        params.append(after_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT a.*, d.url AS document_url, d.title AS document_title, d.date AS document_date "
        f"FROM alerts a LEFT JOIN documents d ON d.id = a.document_id{where} ORDER BY a.id DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return conn.query(sql, params)


def alert_by_id(conn: Connection, alert_id: int) -> dict | None:
    return conn.query_one(
        "SELECT a.*, d.url AS document_url, d.title AS document_title, d.date AS document_date "
        "FROM alerts a LEFT JOIN documents d ON d.id = a.document_id WHERE a.id = ?",
        (alert_id,),
    )


# -- subscriptions -------------------------------------------------------
def insert_subscription(
    conn: Connection, *, kind: str, value: str, webhook_url: str | None, secret: str | None, created_at: str
) -> int:
    with conn.transaction():
        return conn.insert(
            "INSERT INTO subscriptions (kind, value, webhook_url, secret, created_at) VALUES (?, ?, ?, ?, ?)",
            (kind, value, webhook_url, secret, created_at),
        )


def list_subscriptions(conn: Connection) -> list[dict]:
    return conn.query("SELECT * FROM subscriptions ORDER BY id")


def subscription_by_id(conn: Connection, subscription_id: int) -> dict | None:
    return conn.query_one("SELECT * FROM subscriptions WHERE id = ?", (subscription_id,))


def delete_subscription(conn: Connection, subscription_id: int) -> bool:
    with conn.transaction():
        conn.execute("DELETE FROM deliveries WHERE subscription_id = ?", (subscription_id,))
        cur = conn.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))
        return (cur.rowcount or 0) > 0


def matching_webhook_subscriptions(conn: Connection, alert: dict) -> list[dict]:
    """Subscriptions with a webhook whose corridor, country (either end) or fact type matches ``alert``."""
    corridor = f"{alert.get('sender') or UNKNOWN}-{alert.get('receiver') or UNKNOWN}"
    return conn.query(
        "SELECT * FROM subscriptions WHERE webhook_url IS NOT NULL AND ("
        "(kind = 'corridor' AND value = ?) OR (kind = 'country' AND (value = ? OR value = ?)) "
        "OR (kind = 'type' AND value = ?)) ORDER BY id",
        (corridor, alert.get("sender") or "", alert.get("receiver") or "", alert.get("fact_type") or ""),
    )


# -- deliveries ----------------------------------------------------------
def queue_delivery(conn: Connection, alert_id: int, subscription_id: int, at: str) -> None:
    """A pending delivery; a second one for the same pair is ignored (UNIQUE(alert_id, subscription_id))."""
    exists = conn.scalar(
        "SELECT 1 FROM deliveries WHERE alert_id = ? AND subscription_id = ?", (alert_id, subscription_id)
    )
    if exists is None:
        conn.execute(
            "INSERT INTO deliveries (alert_id, subscription_id, status, attempts, next_attempt) "
            "VALUES (?, ?, 'pending', 0, ?)",
            (alert_id, subscription_id, at),
        )


def _claimable(t: str = "") -> str:
    """Due: pending and its time has come, or left ``sending`` by a watcher whose claim lapsed."""
    return (
        f"(({t}status = 'pending' AND ({t}next_attempt IS NULL OR {t}next_attempt <= ?)) "
        f"OR ({t}status = 'sending' AND ({t}claimed_until IS NULL OR {t}claimed_until < ?)))"
    )


def due_deliveries(conn: Connection, now: str, limit: int = 100) -> list[dict]:
    """Deliveries to attempt now: pending ones whose time has come, and any left ``sending`` by a watcher
    whose claim lapsed (it was killed mid-POST)."""
    return conn.query(
        "SELECT dl.id, dl.alert_id, dl.subscription_id, dl.status, dl.attempts, s.webhook_url, s.secret "
        "FROM deliveries dl JOIN subscriptions s ON s.id = dl.subscription_id "
        f"WHERE {_claimable('dl.')} "
        "ORDER BY dl.id LIMIT ?",
        (now, now, int(limit)),
    )


def claim_delivery(conn: Connection, delivery_id: int, owner: str, *, now: str, until: str) -> bool:
    """Mark a due delivery ``sending`` for ``owner`` (committed before the POST); False when another
    process claimed it first or it is no longer due. A restart after a kill sees it in flight and, once
    the claim lapses, resends it with the same key."""
    with conn.transaction():
        cur = conn.execute(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = ?, claimed_until = ? "
            f"WHERE id = ? AND {_claimable()}",
            (owner, until, delivery_id, now, now),
        )
        return (cur.rowcount or 0) == 1


def mark_delivered(conn: Connection, delivery_id: int, at: str) -> None:
    """Committed as soon as the receiver answers 2xx: a delivered one is never sent again."""
    with conn.transaction():
        conn.execute(
            "UPDATE deliveries SET status = 'delivered', delivered_at = ?, last_error = NULL, next_attempt = NULL, "
            "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            (at, delivery_id),
        )


def mark_retry(conn: Connection, delivery_id: int, error: str, next_attempt: str | None) -> None:
    """A failed attempt: try again at ``next_attempt``, or give up (``failed``) when it is None."""
    with conn.transaction():
        if next_attempt is None:
            conn.execute(
                "UPDATE deliveries SET status = 'failed', last_error = ?, next_attempt = NULL, claimed_by = NULL, "
                "claimed_until = NULL WHERE id = ? AND status <> 'delivered'",
                (error, delivery_id),
            )
        else:
            conn.execute(
                "UPDATE deliveries SET status = 'pending', last_error = ?, next_attempt = ?, claimed_by = NULL, "
                "claimed_until = NULL WHERE id = ? AND status <> 'delivered'",
                (error, next_attempt, delivery_id),
            )


def list_deliveries(conn: Connection, alert_id: int | None = None) -> list[dict]:
    if alert_id is None:
        return conn.query("SELECT * FROM deliveries ORDER BY id")
    return conn.query("SELECT * FROM deliveries WHERE alert_id = ? ORDER BY id", (alert_id,))


def delivery_counts(conn: Connection) -> dict[int, dict[str, int]]:
    """Per subscription: how many deliveries are in each status."""
    out: dict[int, dict[str, int]] = {}
    for row in conn.query(
        "SELECT subscription_id, status, count(*) AS n FROM deliveries GROUP BY subscription_id, status"
    ):
        out.setdefault(row["subscription_id"], {})[row["status"]] = int(row["n"])
    return out
