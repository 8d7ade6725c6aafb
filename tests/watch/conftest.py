"""Watch fixtures: a real HTTP server on loopback serving what each test puts on it, a fake clock, a client."""

from __future__ import annotations

import httpx
import pytest
from support_watch import FakeClock, LoopbackServer

from tcwatch.config import Options


@pytest.fixture
def server():
    with LoopbackServer() as s:
        yield s


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def options():
    """Options that let fetches reach the loopback server, with small caps and a short timeout."""
    return Options(allow_private=True, max_bytes=64 * 1024, timeout=3.0)


@pytest.fixture
def client():
    with httpx.Client(trust_env=False) as c:
        yield c


@pytest.fixture
def watch(options, client, clock):
    """A Watch over the loopback client with the fake clock and the real ingest path."""
    from tcwatch.watch import Watch

    return Watch(options=options, client=client, clock=clock)


@pytest.fixture
def wstore(request, clock):
    """A store (with the reference data when it can be loaded) whose default source list counts as loaded."""
    from tcwatch.store import watching as sql

    store = request.getfixturevalue("store")
    store.set_meta(sql.DEFAULTS_SEEDED, "test")
    return store


