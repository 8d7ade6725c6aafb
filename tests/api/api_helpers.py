"""Helpers of the API tests (a module of its own, so test files can import it by name)."""

from __future__ import annotations

import warnings


def client_class():
    """Starlette's TestClient (its notice about the httpx2 package silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient


def make_client(target: str, token: str | None):
    """An in-process client of an app over ``target`` (no reference data loaded)."""
    TestClient = client_class()
    from tcwatch.api import create_app
    from tcwatch.config import Options

    app = create_app(Options(db=target, token=token), reference=False)
    return TestClient(app)
