"""What is checked before a request reaches a route: NUL characters, tokens in URLs, the write rate,
the write token, the body size; and the log filter that keeps tokens out of the logs.

* A NUL character in the path or a query parameter is a 400 naming the parameter
  (SQLite would take it, PostgreSQL refuses it; no route should see one).
* A write (a route depending on :func:`~tcwatch.api.deps.require_token`) is
  refused with 401/403 before its body is read: an unauthenticated client cannot
  make the server read and parse a large body.
* A request body on ``/api/`` is capped: ``POST /api/ingest`` at
  ``Options.max_bytes`` (``TCWATCH_MAX_BYTES``), anything else at
  :data:`SMALL_BODY_LIMIT`. A declared ``Content-Length`` over the cap is refused
  before reading; a body without one (chunked) is counted as it arrives. Either
  answers 413 in the one error shape.
* A token in the query string (``?token=``, ``?access_token=``...) is refused
  with 400 and never used: URLs end up in logs, histories and Referer headers.
* Writes (any method but GET, HEAD and OPTIONS: the API's writes, the
  dashboard's login and review forms) are rate-limited per client address by a
  token bucket (``Options.write_rate`` per second, ``Options.write_burst`` at
  once); over it, 429 in the one error shape with ``Retry-After``. Refused
  attempts count too, so the token cannot be guessed at speed.
* :func:`install_log_redaction` masks bearer tokens, token query parameters, the
  session cookie and the configured token in every log record of the process
  (uvicorn's access log included).
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from ..errors import TcwatchError
from .deps import bearer_token, check_api_token
from .errors import _respond

#: the body cap of every API request but ingest (a review is a few hundred bytes)
SMALL_BODY_LIMIT = 64 * 1024

#: the route whose body is capped at ``Options.max_bytes``
INGEST_PATH = "/api/ingest"


def _nul_problem(scope) -> str | None:
    """What carries a NUL character (the path, a query parameter), or None."""
    if "\x00" in scope.get("path", ""):
        return "the path contains a NUL character (\\x00)"
    raw = scope.get("query_string", b"")
    if b"%00" in raw or b"\x00" in raw:
        for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8",
                                     errors="replace"):
            if "\x00" in name or "\x00" in value:
                shown = name.replace("\x00", "\\x00")
                return f"query parameter {shown!r} contains a NUL character (\\x00)"
        return "the query string contains a NUL character (\\x00)"
    return None


#: query parameter names that would carry a credential
TOKEN_PARAMS = frozenset({"token", "access_token", "api_token", "api_key", "apikey", "auth", "bearer", "key"})

#: methods that are not writes (never rate-limited)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _token_param(scope) -> str | None:
    """The name of a credential-carrying query parameter, or None."""
    raw = scope.get("query_string", b"")
    if not raw:
        return None
    for name, _ in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if name.strip().lower() in TOKEN_PARAMS:
            return name
    return None


class RateLimiter:
    """A token bucket per client: ``rate`` writes a second on average, ``burst`` at once.

    Buckets that have refilled completely are dropped, so the table stays as small
    as the set of clients active in the last ``burst / rate`` seconds.
    """

    def __init__(self, rate: float, burst: int, clock=time.monotonic):
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Spend one token of ``client``'s bucket: 0.0 when allowed, else the seconds until one is there."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - when) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                allowed = 0.0
            else:
                self._buckets[client] = (tokens, now)
                allowed = (1.0 - tokens) / self.rate
            if len(self._buckets) > 10_000:
                full = [c for c, (t, w) in self._buckets.items() if t + (now - w) * self.rate >= self.burst]
                for c in full:
                    del self._buckets[c]
            return allowed


_SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[^\s'\",]+"),
    re.compile(r"(?i)((?:^|[?&;\s])(?:%s)=)[^&\s'\"]*" % "|".join(sorted(TOKEN_PARAMS))),
    re.compile(r"(?i)(tcwatch_token=)[^;\s'\"]+"),
]


class Redactor:
    """Masks credentials in text: bearer tokens, token query parameters, the session cookie, and the
    configured tokens of the apps of this process."""

    def __init__(self):
        self.secrets: set[str] = set()

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        for pattern in _SECRET_PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + "[redacted]", text)
        return text


#: the one redactor of the process
REDACT = Redactor()
_installed = False


def install_log_redaction(token: str | None) -> None:
    """Redact every log record of the process as it is made (uvicorn's access and error logs, ours,
    any library's), and teach the redactor the configured token."""
    global _installed
    if token and len(token) >= 4:
        REDACT.secrets.add(token)
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def redacting(*args, **kwargs):
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not format: left to the handler, which reports it
            return record
        clean = REDACT(message)
        if clean != message:
            # redact argument by argument first: formatters such as uvicorn's access log read the arguments
            if isinstance(record.msg, str):
                record.msg = REDACT(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(REDACT(a) if isinstance(a, str) else a for a in record.args)
            try:
                still = record.getMessage() != clean
            except Exception:
                still = True
            if still:
                record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = REDACT(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting)


def _client_key(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _writes() -> list:
    """The routes that need the write token, as (path regex, methods): every route of the writes router
    (its routes are plain APIRoutes, whatever the FastAPI version does with included routers)."""
    from .routes_writes import router

    return [(r.path_regex, r.methods) for r in router.routes if getattr(r, "path_regex", None) is not None]


class RequestGuard:
    """ASGI middleware: the checks above, each answering the one error shape."""

    def __init__(self, app, api):
        self.app = app
        self.api = api  # the FastAPI app (its options and routes)
        self._write_routes = None
        self._limiter = None

    def _is_write(self, method: str, path: str) -> bool:
        if self._write_routes is None:
            self._write_routes = _writes()
        return any(regex.match(path) and method in methods for regex, methods in self._write_routes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path", "").startswith("/static/"):
            return await self.app(scope, receive, send)
        request = Request(scope)

        async def refuse(code: str, message: str, status: int, headers: dict | None = None):
            response = _respond(request, code, message, status, headers)
            await response(scope, receive, send)

        problem = _nul_problem(scope)
        if problem:
            return await refuse("invalid_query", problem, 400)
        name = _token_param(scope)
        if name is not None:
            return await refuse("token_in_url", f"query parameter {name!r}: tokens are not accepted in the URL "
                                "(URLs end up in logs and histories); send 'Authorization: Bearer <token>'", 400)
        options = self.api.state.options
        if scope["method"] not in SAFE_METHODS:
            if self._limiter is None:
                self._limiter = RateLimiter(options.write_rate, options.write_burst)
            wait = self._limiter.take(_client_key(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                return await refuse("rate_limited", f"too many writes from this client: at most "
                                    f"{options.write_rate:g} a second (bursts of {options.write_burst}); "
                                    f"retry in {seconds} s", 429, {"Retry-After": str(seconds)})
        path = scope["path"]
        if not path.startswith("/api/"):
            return await self.app(scope, receive, send)

        if self._is_write(scope["method"], path):
            try:
                check_api_token(options, bearer_token(request))
            except TcwatchError as exc:
                headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
                return await refuse(exc.code, str(exc), exc.status, headers)

        limit = options.max_bytes if path == INGEST_PATH else SMALL_BODY_LIMIT
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return await refuse("bad_request", f"the Content-Length header {declared[:40]!r} is not a number", 400)
            if int(declared) > limit:
                return await refuse("too_large", f"the request body of {int(declared)} bytes is over the limit of "
                                                 f"{limit} bytes for {path}", 413)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # raised inside the route's body read: the HTTP error handler answers it in the one shape
                    raise StarletteHTTPException(413, f"the request body is over the limit of {limit} bytes for {path}")
            return message

        return await self.app(scope, counted_receive, send)
