"""What every route depends on: a store connection from the app's pool, and the write token.

The app keeps one :class:`StorePool` per database. A request borrows a
connection for its duration (reads run side by side in SQLite's WAL mode);
every write also holds the pool's write lock, so there is one writer at a time.
"""

from __future__ import annotations

import hmac
import queue
import threading
from contextlib import contextmanager
from typing import AsyncIterator, Iterator

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ..config import Options
from ..errors import PermissionDenied
from ..store import Store, connect, open_store

TOKEN_COOKIE = "tcwatch_token"


class StorePool:
    """Connections to one database, lent to one request (or one streamed response) at a time."""

    def __init__(self, target: str, *, reference: bool = True, size: int = 8):
        # open once to create, migrate and (optionally) load the reference data
        first = open_store(target, reference=reference)
        self.target = target
        self.write_lock = threading.Lock()
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._idle.put(first)
        self._all: list[Store] = [first]
        self._size = size
        self._lock = threading.Lock()

    def _new(self) -> Store:
        return Store(connect(self.target))

    def try_borrow(self) -> Store | None:
        """An idle connection, or a new one while the pool is below its size; None when every one is
        lent out. Never waits (the event loop may call it)."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._all) >= self._size:
                return None
            store = self._new()
            self._all.append(store)
            return store

    def borrow(self) -> Store:
        """A connection, waiting (up to 60 s) for one to come back when every one is lent out."""
        store = self.try_borrow()
        return store if store is not None else self._idle.get(timeout=60)

    def give_back(self, store: Store) -> None:
        if store.conn.in_transaction:  # a failed write must not poison the next borrower
            try:
                store.conn.raw.cursor().execute("ROLLBACK")
            except Exception:
                pass
            store.conn._depth = 0
        self._idle.put(store)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Borrow a connection; it goes back to the pool afterwards."""
        store = self.borrow()
        try:
            yield store
        finally:
            self.give_back(store)

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """Borrow a connection and hold the single write lock."""
        with self.write_lock, self.store() as store:
            yield store

    def close(self) -> None:
        for store in self._all:
            try:
                store.close()
            except Exception:
                pass


# The dependencies are coroutines: FastAPI runs a plain function dependency in a worker thread, and
# each such hop (a generator dependency makes two: in and out) cost more CPU under load than the
# request itself. They never block: a connection is waited for in a worker thread.

async def get_options(request: Request) -> Options:
    return request.app.state.options


async def get_pool(request: Request) -> StorePool:
    return request.app.state.pool


async def get_store(request: Request) -> AsyncIterator[Store]:
    """A store connection for the duration of one request (borrowed without a thread hop when one is
    idle, else waited for in a worker thread; given back when the request is done)."""
    pool: StorePool = request.app.state.pool
    store = pool.try_borrow()
    if store is None:
        store = await run_in_threadpool(pool.borrow)
    try:
        yield store
    finally:
        pool.give_back(store)


class Unauthorized(PermissionDenied):
    """A write came without credentials (401, with ``WWW-Authenticate: Bearer``); a wrong token is 403."""

    code = "unauthorized"
    status = 401


def check_token(options: Options, presented: str | None) -> None:
    """Allow a write only with the configured token; without one the server is read-only."""
    if not options.token:
        raise PermissionDenied("this server is read-only: no write token is configured (set TCWATCH_TOKEN)")
    if not presented:
        raise PermissionDenied("this write needs a token: send 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(presented.encode("utf-8"), options.token.encode("utf-8")):
        raise PermissionDenied("the token is not valid")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


_bearer = HTTPBearer(auto_error=False, description="The server's write token (TCWATCH_TOKEN).")


def check_api_token(options: Options, presented: str | None) -> None:
    """:func:`check_token` for the JSON API: no credentials at all is 401 (a token would help), a wrong
    token or a read-only server is 403."""
    if options.token and not presented:
        raise Unauthorized("this write needs a token: send 'Authorization: Bearer <token>'")
    check_token(options, presented)


async def require_token(
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    options: Options = Depends(get_options),
) -> None:
    """Dependency of every JSON write: ``Authorization: Bearer <token>``."""
    presented = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
    check_api_token(options, presented)
