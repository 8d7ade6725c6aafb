"""The dashboard: server-rendered pages (Jinja2, autoescaped) over the same functions as the API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def install(app: FastAPI) -> None:
    """Mount the static assets and the pages on ``app``; errors on pages render as HTML."""
    from .pages import render_error, router
    from .templating import STATIC

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(router, include_in_schema=False)
    app.state.render_error = render_error
