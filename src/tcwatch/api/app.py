"""The app factory: routers per resource, one error shape, security headers, the dashboard.

``create_app(options)`` only wires things together; each router module holds
the routes of one resource and each route calls one library function.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .. import __version__
from ..config import Options
from . import errors
from .deps import StorePool
from .guard import RequestGuard, install_log_redaction
from .schemas import ErrorResponse

#: the Content-Security-Policy of every response: scripts, styles and images only from our own /static
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

ERROR_RESPONSES = {
    400: {"model": ErrorResponse, "description": "A parameter is malformed"},
    404: {"model": ErrorResponse, "description": "No such resource"},
    413: {"model": ErrorResponse, "description": "The request body is over the size limit"},
}

WRITE_RESPONSES = {
    429: {"model": ErrorResponse, "description": "Too many writes from this client (see Retry-After)"},
}

_ROUTERS = ("routes_corridors", "routes_facts", "routes_documents", "routes_search", "routes_exports",
            "routes_writes")


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _optional_router(module: str):
    """The ``router`` of an optional module of this package, or None when the module is absent."""
    name = f"{__package__}.{module}"
    try:
        return import_module(name).router
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.pool.close()


def create_app(options: Options, *, reference: bool = True) -> FastAPI:
    """The API (under ``/api``, schema at ``/openapi.json``) and the dashboard, over ``options.db``.

    ``reference=False`` leaves a new database without the bundled curated data (tests).
    """
    app = FastAPI(
        title="Third-Country Watch",
        version=__version__,
        description=(
            "Corridors (sender -> receiver, ISO3) and facts of third-country deportation and asylum-transfer "
            "deals, each fact with its evidence sentence and provenance. Reads are open; writes need "
            "`Authorization: Bearer <token>`. Every error is `{\"error\": {\"code\", \"message\", \"status\"}}`."
        ),
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is at /openapi.json
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.options = options
    app.state.pool = StorePool(options.db, reference=reference)
    errors.install(app)
    for module in _ROUTERS:
        responses = {**ERROR_RESPONSES, **WRITE_RESPONSES} if module == "routes_writes" else ERROR_RESPONSES
        app.include_router(import_module(f"{__package__}.{module}").router, responses=responses)
    alerts = _optional_router("routes_alerts")
    if alerts is not None:
        app.include_router(alerts, responses=ERROR_RESPONSES)

    from ..web import install as install_web

    install_web(app)
    app.add_middleware(RequestGuard, api=app)
    # SecurityHeaders wraps the whole stack, Starlette's ServerErrorMiddleware included, so the guard's
    # refusals and even a 500 carry the headers
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build())
    install_log_redaction(options.token)

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            # validation errors answer 400 in the one error shape, not FastAPI's 422 body
            for path in schema.get("paths", {}).values():
                for op in path.values():
                    op.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
    return app
