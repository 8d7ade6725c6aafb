"""Helpers of the security tests (a module of its own, so test files can import it by name)."""

from __future__ import annotations

import warnings

TOKEN = "sec-token-7f3a9c1e5b"


def make_app(db_path: str, token: str | None = TOKEN, **options):
    from tcwatch.api import create_app
    from tcwatch.config import Options

    return create_app(Options(db=db_path, token=token, **options), reference=False)


def in_process(app, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, **kw)
