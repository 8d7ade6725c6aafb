"""One JSON error shape for every failure: ``{"error": {"code", "message", "status"}}``.

Library errors carry their own ``code`` and ``status`` (see :mod:`tcwatch.errors`);
HTTP errors (unknown path, wrong method) and request validation errors are
mapped onto the same shape. Dashboard pages get the same facts as an HTML page.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import TcwatchError

log = logging.getLogger("tcwatch.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_query",
    429: "rate_limited",
}


def error_body(code: str, message: str, status: int) -> dict:
    """The one error shape."""
    return {"error": {"code": code, "message": message, "status": status}}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            parts.append(f"the request body is not valid JSON ({err.get('ctx', {}).get('error', 'decode error')})")
            continue
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:])
        label = {"query": "query parameter", "path": "path parameter", "body": "body field",
                 "header": "header"}.get(where, where)
        msg = err.get("msg", "is invalid")
        if err.get("type") == "value_error" and msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]  # our own validators' messages read as they are
        parts.append(f"{label} {name!r}: {msg}" if name else f"{label}: {msg}")
    return "; ".join(parts) or "the request is invalid"


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json" or path.startswith("/static/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(request: Request, code: str, message: str, status: int, headers: dict | None = None):
    if _wants_html(request) and getattr(request.app.state, "render_error", None):
        return request.app.state.render_error(request, code, message, status)
    return JSONResponse(error_body(code, message, status), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(TcwatchError)
    async def tcwatch_error(request: Request, exc: TcwatchError):
        message = str(exc)
        if exc.status == 500:
            # a store or config error may name files and SQL: the detail goes to the log, not to the client
            log.error("%s %s: %s", request.method, request.url.path, exc)
            message = f"{exc.code.replace('_', ' ')} (logged on the server)"
        elif exc.status > 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _respond(request, exc.code, message, exc.status, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        status = exc.status_code
        code = _HTTP_CODES.get(status, "error" if status >= 500 else "bad_request")
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
        if status == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        elif status == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return _respond(request, code, message, status, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return _respond(request, "invalid_query", _validation_message(exc), 400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("%s %s failed", request.method, request.url.path)
        return _respond(request, "internal_error", "internal error (logged on the server)", 500)
