"""Leases: how two watchers (or a watcher and anything else) share one database without doing a
step twice.

A watcher process has one owner name, ``host:pid:nonce``. Before it polls a source or sends a
webhook delivery it claims the row with one conditional UPDATE (the row is free, its lease has
lapsed, or it is held by a process of this host that no longer runs) and goes on only when that
UPDATE changed the row; the claim is released (or the delivery marked delivered) in the same
statement that records the outcome. The lease time bounds how long a crashed watcher on another
host holds a row; on the same host a dead owner is noticed at once. Works the same on SQLite and
PostgreSQL: it is plain rows, no server feature.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from ..config import Options
from .clock import iso

_OWNER: str | None = None


def owner_name() -> str:
    """This process's owner name (``host:pid:nonce``); a forked child gets its own."""
    global _OWNER
    if _OWNER is None or _OWNER.split(":")[-2] != str(os.getpid()):
        _OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return _OWNER


def is_dead_local(owner: str | None) -> bool:
    """True when ``owner`` names a process of this host that no longer runs."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return owner != owner_name()
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def poll_lease(options: Options) -> float:
    """Seconds a source poll is claimed for: the feed and its pages, with their retries."""
    return max(300.0, 20 * options.timeout)


def delivery_lease(options: Options) -> float:
    """Seconds a delivery is claimed for: longer than every quick attempt with its backoff."""
    from .webhooks import QUICK_ATTEMPTS, QUICK_BACKOFF

    return QUICK_ATTEMPTS * (options.timeout + 5) + QUICK_BACKOFF * 2**QUICK_ATTEMPTS + 30


def until(now: datetime, seconds: float) -> str:
    return iso(now + timedelta(seconds=seconds))


def reap(conn, now: datetime) -> int:
    """Let go of the leases held by processes of this host that died (killed mid-poll or mid-POST)."""
    from ..store import watching as sql

    dead = [owner for owner in sql.lease_holders(conn, iso(now)) if is_dead_local(owner)]
    for owner in dead:
        sql.expire_leases(conn, owner)
    return len(dead)
