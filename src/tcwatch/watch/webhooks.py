"""Webhook delivery: signed JSON POSTs, retried with backoff, never sent twice once delivered.

Each (alert, subscription) pair is one row of ``deliveries`` (UNIQUE). The
row is claimed ``sending`` by one watcher (a conditional UPDATE, committed)
before the POST and marked ``delivered`` (committed) as soon as the receiver
answers 2xx, so two watchers on one database never send the same delivery, and
a watcher killed and restarted resends only a delivery that was in flight, never
a delivered one; the ``X-Tcwatch-Delivery: <alert_id>-<subscription_id>``
header is the same on every attempt, so a receiver can drop the duplicate of an
in-flight one.

The body is signed: ``X-Tcwatch-Signature: sha256=<hex HMAC-SHA256 of the body
with the subscription's secret>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import timedelta

import httpx

from ..config import Options
from ..errors import FetchError
from ..store import Store
from ..store import watching as sql
from .alerts import get_alert
from .clock import Clock, SystemClock, iso
from .fetch import Resolver, check_url, pinned, resolve
from .leases import delivery_lease, owner_name, reap, until

#: Attempts within one delivery pass (connection errors, 5xx, 408, 429).
QUICK_ATTEMPTS = 3
QUICK_BACKOFF = 0.5
#: Attempts in all before a delivery is marked ``failed``.
MAX_ATTEMPTS = 8
#: Deliveries read from the database at a time.
BATCH = 100
#: Seconds before a delivery that failed a pass is tried again; doubled each time.
RETRY_AFTER = 60.0

SIGNATURE_HEADER = "X-Tcwatch-Signature"
DELIVERY_HEADER = "X-Tcwatch-Delivery"


def sign(body: bytes, secret: str | None) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the body with the secret."""
    digest = hmac.new((secret or "").encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(body: bytes, secret: str, header: str) -> bool:
    """True when ``header`` is the signature of ``body`` with ``secret`` (for receivers and tests)."""
    return hmac.compare_digest(sign(body, secret), header or "")


def delivery_key(alert_id: int, subscription_id: int) -> str:
    return f"{alert_id}-{subscription_id}"


def payload(alert: dict, subscription_id: int) -> bytes:
    """The JSON body of a delivery (bytes, exactly what is signed)."""
    body = {"delivery": delivery_key(alert["id"], subscription_id), "subscription": subscription_id, "alert": alert}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class _Permanent(Exception):
    """The receiver refused in a way retrying will not change (4xx, unsafe address)."""


def _post(client, url, body, headers, options, clock, resolver) -> None:
    last = None
    for attempt in range(1, QUICK_ATTEMPTS + 1):
        try:
            addresses = check_url(url, options, resolver)
        except FetchError as exc:
            raise _Permanent(str(exc)) from None
        target, extra, extensions = pinned(url, addresses)
        try:
            response = client.post(target, content=body, headers={**headers, **extra}, timeout=options.timeout,
                                   follow_redirects=False, extensions=extensions)
        except httpx.TransportError as exc:
            last = f"connection failed ({type(exc).__name__}: {exc})"
        else:
            status = response.status_code
            if 200 <= status < 300:
                return
            last = f"HTTP {status}"
            if 300 <= status < 400:
                raise _Permanent(f"{last}: webhooks do not follow redirects (subscribe the new URL)")
            if 400 <= status < 500 and status not in (408, 429):
                raise _Permanent(last)
        if attempt < QUICK_ATTEMPTS:
            clock.sleep(QUICK_BACKOFF * (2 ** (attempt - 1)))
    raise RuntimeError(last or "delivery failed")


def deliver_due(
    store: Store,
    client: httpx.Client,
    options: Options,
    clock: Clock | None = None,
    *,
    resolver: Resolver = resolve,
    should_stop=None,
) -> DeliveryReport:
    """Attempt every delivery that is due; each outcome is committed before the next one starts."""
    clock = clock or SystemClock()
    report = DeliveryReport()
    reap(store.conn, clock.now())
    while True:
        batch = sql.due_deliveries(store.conn, iso(clock.now()), limit=BATCH)
        for row in batch:
            if should_stop is not None and should_stop():
                return report
            _deliver_one(store, client, options, clock, resolver, row, report)
        if len(batch) < BATCH:
            return report


def _deliver_one(store, client, options, clock, resolver, row, report: DeliveryReport) -> None:
    """One delivery: claimed (unless another process did first), POSTed (with quick retries), then
    delivered, rescheduled or failed."""
    conn = store.conn
    now = clock.now()
    if not sql.claim_delivery(conn, row["id"], owner_name(), now=iso(now), until=until(now, delivery_lease(options))):
        return
    key = delivery_key(row["alert_id"], row["subscription_id"])
    attempts = int(row["attempts"]) + 1
    try:
        alert = get_alert(store, row["alert_id"]).to_dict()
        body = payload(alert, row["subscription_id"])
        headers = {
            "Content-Type": "application/json",
            "User-Agent": options.user_agent,
            SIGNATURE_HEADER: sign(body, row["secret"]),
            DELIVERY_HEADER: key,
        }
        _post(client, row["webhook_url"], body, headers, options, clock, resolver)
    except _Permanent as exc:
        sql.mark_retry(conn, row["id"], str(exc), None)
        report.failed += 1
        return
    except Exception as exc:  # noqa: BLE001 - connection errors, 5xx, and anything unexpected: try again later
        error = str(exc) if isinstance(exc, RuntimeError) else f"unexpected {type(exc).__name__}: {exc}"
        if attempts >= MAX_ATTEMPTS:
            sql.mark_retry(conn, row["id"], error, None)
            report.failed += 1
        else:
            wait = RETRY_AFTER * (2 ** (attempts - 1))
            sql.mark_retry(conn, row["id"], error, iso(clock.now() + timedelta(seconds=wait)))
            report.retrying += 1
        return
    sql.mark_delivered(conn, row["id"], iso(clock.now()))
    report.delivered += 1
