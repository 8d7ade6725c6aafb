"""Fixtures of the API tests: a database holding the hand-written sample, and in-process clients."""

from __future__ import annotations

import pytest

import api_sample_data as sample_data
from api_helpers import make_client

TOKEN = sample_data.TOKEN


@pytest.fixture
def sample(empty_store):
    """The sample documents and facts stored in the temp database; the stored facts by document."""
    return sample_data.build(empty_store)


@pytest.fixture
def client(db_path, sample):
    """A client of an app with a write token configured (``TOKEN``)."""
    with make_client(db_path, TOKEN) as c:
        yield c


@pytest.fixture
def readonly(db_path, sample):
    """A client of an app without a token: every write is refused."""
    with make_client(db_path, None) as c:
        yield c


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}
