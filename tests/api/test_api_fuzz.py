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

import base64
import json
from urllib.parse import quote

import jsonschema
import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra: pip install -e '.[test]'")

import api_sample_data as sample_data
from api_helpers import client_class
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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
    # write_rate=0: the fuzzer sends thousands of writes from one client (the limit has its own tests)
    with client_class()(create_app(Options(db=db, token=TOKEN, write_rate=0))) as client:
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


# -- writes without the token --------------------------------------------------------------------

def _written(db: str) -> dict:
    """Rows a write could add: documents, reviews, rejections (counted on a connection of its own)."""
    from tcwatch.store import open_store

    with open_store(db, reference=False) as store:
        return {t: store.conn.scalar(f"SELECT count(*) FROM {t}") for t in ("documents", "reviews", "rejections")}


WRITE_CASES = [(m, p, g) for m, p, g in CASES if (m, p) in WRITES]


@pytest.mark.parametrize("method, path, mode", WRITE_CASES,
                         ids=[f"{m} {p} {'valid' if g == GenerationMode.POSITIVE else 'invalid'}"
                              for m, p, g in WRITE_CASES])
def test_fuzz_writes_without_the_token(fuzz_client, method, path, mode):
    """Whatever the body, a write without a token is 401 and with a wrong one 403; nothing is written."""
    db = fuzz_client.app.state.options.db
    before = _written(db)

    @settings(max_examples=MAX_EXAMPLES // 2, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(case=_strategy(method, path, mode))
    def run(case):
        none = send(fuzz_client, case, token=None)
        assert none.status_code == 401, none.text
        assert_error_shape(none)
        assert none.headers["www-authenticate"] == "Bearer"
        wrong = send(fuzz_client, case, token=TOKEN + "-not")
        assert wrong.status_code == 403, wrong.text
        assert_error_shape(wrong)

    run()
    assert _written(db) == before


# -- hand-picked nasty values in every parameter -------------------------------------------------

NASTY = [
    "", " ", "\x00", "a\x00b", "2025-13-45", "2025-02-30", "2025-00", "0000", "9999-99-99", "2024\n", "٢٠٢٥",
    "-1", "0", "99999999999999999999", "1e309", "NaN", "Infinity", "null", "[]", "{}", "true",
    "XXX-XXX", "USA-", "-RWA", "USA-RWA-GBR", "usa->rwa", "USA->?", "?-?", "ÄÖÜ", "ÄÖÜ-RWA", "𝕌𝕊𝔸", "usa",
    "' OR 1=1 --", '"', "%", "%00", "*", "!!!", "...", "\"\"", "NEAR(", "a AND", "…", "\u202e", "\ufeff", "\t\r\n",
    "A" * 5000, "é" * 1000, "Rwanda " * 100,
    base64.urlsafe_b64encode(b"f:99999999999999999999").decode(), base64.urlsafe_b64encode(b"e:-1").decode(),
    base64.urlsafe_b64encode(b"f:1").decode(), base64.urlsafe_b64encode("f:１２".encode()).decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(), "Zg", "====",
]

#: the values PostgreSQL takes differently from SQLite (NUL, int8, tsquery syntax, unicode)
PG_NASTY = ["\x00", "a\x00b", "99999999999999999999", "-1", "2025-13-45", "2024\n", "٢٠٢٥", "ÄÖÜ", "𝕌𝕊𝔸",
            "' OR 1=1 --", "!!!", "a & b | !c", "NEAR(", "a:*", "…", "\u202e", "é" * 1000,
            base64.urlsafe_b64encode(b"f:99999999999999999999").decode()]
GET_OPERATIONS = [(p, SPEC["paths"][p]["get"]) for m, p in OPERATIONS if m == "GET"]
VALUE = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=300))


def _validate(path: str, status: int, body) -> None:
    """A JSON answer validates against its documented schema (refs resolved in the spec)."""
    content = SPEC["paths"][path]["get"]["responses"][str(status)].get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is not None:
        jsonschema.Draft202012Validator({**SPEC, **schema}).validate(body)


def _problem(client, path: str, url: str, params: dict) -> str | None:
    """What is wrong with the answer to one GET (None when it is a documented 2xx or a 4xx in the shape)."""
    r = client.get(url, params=params)
    where = f"GET {url[:80]} {params!r:.200} -> {r.status_code}: {r.text[:200]}"
    if r.status_code >= 500:
        return where
    try:
        if r.status_code >= 400:
            assert_error_shape(r)
        elif r.headers["content-type"].startswith("application/json"):
            _validate(path, r.status_code, r.json())
    except (AssertionError, jsonschema.ValidationError) as exc:
        return f"{where} ({str(exc)[:200]})"
    return None


def _requests(path: str, op: dict, value: str) -> list[tuple[str, dict]]:
    """``value`` in each parameter of the operation in turn (path parameters get a real-looking default)."""
    defaults = {"corridor": "USA-RWA", "doc_id": "doc-flight", "fact_id": "1", "event_id": "1"}
    fill = {p["name"]: defaults.get(p["name"], "x") for p in op.get("parameters", []) if p["in"] == "path"}
    out = []
    for p in op.get("parameters", []):
        values = {**fill}
        params = {}
        if p["in"] == "path":
            values[p["name"]] = value
        elif p["in"] == "query":
            params[p["name"]] = value
        else:
            continue
        url = path
        for name, v in values.items():
            url = url.replace("{" + name + "}", quote(v, safe="") or "x")
        out.append((url, params))
    return out


@pytest.mark.parametrize("path", [p for p, _ in GET_OPERATIONS])
def test_nasty_values_in_every_parameter(fuzz_client, path):
    """Every hand-picked nasty value (NUL, bad dates, odd corridors and cursors, unicode, very long strings)
    in every parameter, one at a time: a 2xx as documented or a 4xx in the one error shape, never a 5xx."""
    op = SPEC["paths"][path]["get"]
    problems = [problem for value in NASTY for url, params in _requests(path, op, value)
                if (problem := _problem(fuzz_client, path, url, params))]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("path", [p for p, op in GET_OPERATIONS if op.get("parameters")])
def test_random_text_in_every_parameter(fuzz_client, path):
    """Random unicode text (any code point but surrogates) in any of the operation's parameters."""
    op = SPEC["paths"][path]["get"]

    @settings(max_examples=MAX_EXAMPLES // 2, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(value=VALUE, pick=st.integers(0, 50))
    def run(value, pick):
        requests = _requests(path, op, value)
        url, params = requests[pick % len(requests)]
        problem = _problem(fuzz_client, path, url, params)
        assert problem is None, problem

    run()


@settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck), print_blob=False)
@given(data=st.data())
def test_real_corridors_on_any_date(fuzz_client, data):
    """Every stored corridor (and its XXX variants), on dates before, inside and after its facts."""
    ids = [c["id"] for c in fuzz_client.get("/api/corridors").json()["items"]]
    ids += ["USA-XXX", "XXX-RWA", "usa->rwa", "GBR RWA"]
    corridor = data.draw(st.sampled_from(ids))
    as_of = data.draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()),
                                st.integers(1, 9999).map(lambda y: f"{y:04d}"),
                                st.dates().map(lambda d: d.isoformat()[:7])))
    r = fuzz_client.get(f"/api/corridors/{quote(corridor)}", params={"as_of": as_of} if as_of else {})
    assert r.status_code in (200, 404), r.text
    if r.status_code == 200:
        _validate("/api/corridors/{corridor}", 200, r.json())
        assert r.json()["as_of"] == as_of
    else:
        assert_error_shape(r)


@pytest.mark.postgres
def test_nasty_values_on_postgresql(postgres_url):
    """The same nasty values over PostgreSQL, which refuses NUL characters and integers past int8 and
    parses search queries its own way: still never a 5xx."""
    from tcwatch.api import create_app
    from tcwatch.config import Options
    from tcwatch.store import open_store

    with open_store(postgres_url, reference=False) as store:
        sample_data.build(store)
    with client_class()(create_app(Options(db=postgres_url, token=TOKEN, write_rate=0), reference=False)) as client:
        problems = [problem for path, op in GET_OPERATIONS for value in PG_NASTY
                    for url, params in _requests(path, op, value)
                    if (problem := _problem(client, path, url, params))]
        assert not problems, "\n".join(problems[:20])
        for body in ({"action": "accept", "reviewer": "r\x00"}, {"action": "correct", "reviewer": "r",
                     "changes": {"people": 2**70}}, {"action": "correct", "reviewer": "r", "changes": {"actor": "\x00"}}):
            r = client.post("/api/facts/1/review", json=body, headers=AUTH)
            assert r.status_code == 400, r.text
            assert_error_shape(r)
        r = client.post("/api/ingest", json={"documents": [{"date": "2025-01-01", "text": "a\x00b"}]}, headers=AUTH)
        assert r.status_code == 400, r.text
