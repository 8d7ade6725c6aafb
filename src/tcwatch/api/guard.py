"""What is checked before a request reaches a route: NUL characters, the write token, the body size.

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
"""

from __future__ import annotations

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
        path = scope["path"]
        if not path.startswith("/api/"):
            return await self.app(scope, receive, send)

        options = self.api.state.options
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
