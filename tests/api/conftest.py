"""Fixtures of the API tests: a database holding the hand-written sample, and in-process clients."""

from __future__ import annotations

import warnings

import pytest

import sample_data

TOKEN = sample_data.TOKEN



@pytest.fixture
def sample(empty_store):
    """The sample documents and facts stored in the temp database; the stored facts by document."""
    return sample_data.build(empty_store)


def client_class():
    """Starlette's TestClient (its notice about the httpx2 package silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient


def _client(db_path, token):
    TestClient = client_class()
    from tcwatch.api import create_app
    from tcwatch.config import Options

    app = create_app(Options(db=db_path, token=token), reference=False)
    return TestClient(app)


@pytest.fixture
def client(db_path, sample):
    """A client of an app with a write token configured (``TOKEN``)."""
    with _client(db_path, TOKEN) as c:
        yield c


@pytest.fixture
def readonly(db_path, sample):
    """A client of an app without a token: every write is refused."""
    with _client(db_path, None) as c:
        yield c


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}
