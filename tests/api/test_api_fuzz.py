"""Schema-driven fuzzing of every JSON endpoint, in-process (schemathesis + hypothesis).

For every operation in ``/openapi.json`` schemathesis generates requests from the
schema, valid ones and invalid ones (wrong types, out-of-range numbers, odd
strings, missing and extra fields), and each is sent to an app over a temp
SQLite database holding the hand-written sample and the bundled reference data.
Whatever is sent:

* the server never answers 5xx;
* every 4xx is the one error shape ``{"error": {"code", "message", "status"}}``;
* every answer validates against the schema (status documented, body and content type).

Writes are fuzzed with the token (so bodies reach validation) and without it
(always 401/403 in the error shape, nothing written). The run is bounded
(``MAX_EXAMPLES`` per operation and mode) and deterministic (``derandomize``).
"""

from __future__ import annotations

import json

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra: pip install -e '.[test]'")

from hypothesis import HealthCheck, given, settings  # noqa: E402  (after the importorskip)
from hypothesis import strategies as st  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import api_sample_data as sample_data  # noqa: E402
from api_helpers import client_class  # noqa: E402

TOKEN = sample_data.TOKEN
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: examples per operation and generation mode (positive, negative)
MAX_EXAMPLES = 50

CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema_only():
    """The app's OpenAPI document (an app over an in-memory database, used for nothing else)."""
    from tcwatch.api import create_app
    from tcwatch.config import Options

    app = create_app(Options(db=":memory:"), reference=False)
    try:
        return app.openapi()
    finally:
        app.state.pool.close()


SPEC = _schema_only()
SCHEMA = schemathesis.openapi.from_dict(SPEC)
SCHEMA.config.generation.update(deterministic=True, allow_x00=True)
OPERATIONS = sorted(
    (method.upper(), path)
    for path, ops in SPEC["paths"].items()
    for method in ops
)
WRITES = [(m, p) for m, p in OPERATIONS if m != "GET"]
#: operations that take something (parameters or a body): the ones an invalid request can be made for
TAKES_INPUT = [(m, p) for m, p in OPERATIONS
               if SPEC["paths"][p][m.lower()].get("parameters") or SPEC["paths"][p][m.lower()].get("requestBody")]
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS] + [
    (m, p, GenerationMode.NEGATIVE) for m, p in TAKES_INPUT]


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    """One app for the whole module: sample documents and facts plus the bundled reference data."""
    from tcwatch.api import create_app
    from tcwatch.config import Options
    from tcwatch.store import open_store

    db = str(tmp_path_factory.mktemp("fuzz") / "tcwatch.db")
    with open_store(db) as store:  # reference data loaded
        sample_data.build(store)
    with client_class()(create_app(Options(db=db, token=TOKEN))) as client:
        yield client


def send(client, case, token: str | None = None):
    """Send a generated case through the in-process client (requests-style kwargs -> httpx).

    The schema declares bearer auth, so cases come with made-up ``Authorization`` headers: the
    real token replaces them (``token``), or they are dropped.
    """
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    request = {k: kwargs[k] for k in ("method", "url", "params") if kwargs.get(k) is not None}
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() != "authorization"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request["headers"] = headers
    if kwargs.get("cookies"):
        request["cookies"] = kwargs["cookies"]
    if "json" in kwargs:
        request["content"] = json.dumps(kwargs["json"]).encode()
        request.setdefault("headers", {}).setdefault("Content-Type", "application/json")
    elif isinstance(kwargs.get("data"), (bytes, str)):
        request["content"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        request["data"] = kwargs["data"]
    if kwargs.get("files"):
        request["files"] = kwargs["files"]
    return client.request(**request)


def assert_error_shape(response) -> None:
    """A 4xx body is exactly {"error": {"code", "message", "status"}}, status repeated, a message for people."""
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    payload = response.json()
    assert set(payload) == {"error"}, payload
    error = payload["error"]
    assert set(error) == {"code", "message", "status"}, payload
    assert error["status"] == response.status_code, payload
    assert isinstance(error["code"], str) and error["code"], payload
    assert isinstance(error["message"], str) and len(error["message"]) > 5, payload


def check(case, response) -> None:
    where = f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    assert response.status_code < 500, where
    if 400 <= response.status_code < 500:
        assert_error_shape(response)
    case.validate_response(response, checks=CHECKS)


def _settings():
    return settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=False)


def _strategy(method: str, path: str, mode: GenerationMode):
    return SCHEMA[path][method].as_strategy(generation_mode=mode)


@pytest.mark.parametrize("method, path, mode", CASES,
                         ids=[f"{m} {p} {'valid' if g == GenerationMode.POSITIVE else 'invalid'}" for m, p, g in CASES])
def test_fuzz_operation(fuzz_client, method, path, mode):
    """No 5xx, every 4xx the one error shape, every answer as documented (writes sent with the token)."""

    @_settings()
    @given(case=_strategy(method, path, mode))
    def run(case):
        check(case, send(fuzz_client, case, token=TOKEN if method != "GET" else None))

    run()
