"""Bad input is a clear 4xx naming what is wrong, never a 500; writes need the token before anything is
read; request bodies are capped (413); a failed ingest stores nothing half-written.

Each case here was a 500, a silent 200 or a vague error before the API was fuzzed
(``test_api_fuzz.py`` finds their kind; these pin them down by name).
"""

from __future__ import annotations

import base64
import json

import api_sample_data as sample_data
import pytest
from api_helpers import client_class

TOKEN = sample_data.TOKEN
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HUGE = "99999999999999999999"
FACT_CURSOR = base64.urlsafe_b64encode(f"f:{HUGE}".encode()).decode()
EVENT_CURSOR = base64.urlsafe_b64encode(f"e:{HUGE}".encode()).decode()
ARTICLE = "The United States deported 7 people to Rwanda on Sunday under a new agreement, officials said."


def assert_error(r, status: int, *words: str) -> dict:
    """The one error shape with ``status``; its message names each of ``words``."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    payload = r.json()
    assert set(payload) == {"error"} and set(payload["error"]) == {"code", "message", "status"}, payload
    assert payload["error"]["status"] == status
    for word in words:
        assert word in payload["error"]["message"], payload
    assert len(payload["error"]["message"]) < 400, "a message never echoes a whole input"
    return payload["error"]


GETS = [
    # (url, words the message must contain)
    (f"/api/facts/{HUGE}", ["fact_id"]),  # was a 500 (SQLite integer overflow)
    (f"/api/events/{HUGE}", ["event_id"]),  # was a 500
    ("/api/facts/-1", ["fact_id"]),
    (f"/api/facts?cursor={FACT_CURSOR}", ["cursor"]),  # was a 500
    (f"/api/events?cursor={EVENT_CURSOR}", ["cursor"]),
    ("/api/facts?cursor=%F0%9F%98%80", ["cursor"]),
    ("/api/facts?cursor=" + "A" * 5000, ["cursor"]),
    ("/api/facts?since=2025-13-45", ["since", "2025-13-45"]),  # was a silent 200
    ("/api/facts?until=2025-02-30", ["until"]),
    ("/api/facts?until=2024%0A", ["until"]),  # a trailing newline passed the store's regex
    ("/api/facts?since=%D9%A2%D9%A0%D9%A2%D9%A5", ["since"]),  # Arabic-Indic digits passed \d
    ("/api/corridors?as_of=2025-13-45", ["as_of"]),  # was a 500 (ValueError in the figures)
    ("/api/corridors/USA-RWA?as_of=2025-02-30", ["as_of"]),  # was a 500
    ("/api/export/facts.csv?since=2025-00", ["since"]),
    ("/api/facts?sender=%C3%84%C3%96%C3%9C", ["sender"]),  # was a 200 listing nothing
    ("/api/facts?receiver=r%C3%BC", ["receiver"]),
    ("/api/facts?sender=" + "U" * 3000, ["sender"]),
    ("/api/corridors/%C3%84%C3%96%C3%9C-RWA", ["corridor"]),  # was a 404
    ("/api/corridors/XXX-XXX", ["corridor"]),
    ("/api/corridors/USA-", ["corridor"]),
    ("/api/corridors/" + "USA-" * 200, ["corridor"]),
    ("/api/facts?document_id=a%00b", ["document_id", "NUL"]),  # SQLite took it; PostgreSQL would fail
    ("/api/search?q=Rwanda%00", ["'q'", "NUL"]),
    ("/api/documents/a%00b", ["path", "NUL"]),
    ("/api/documents/" + "x" * 5000, ["doc_id"]),
    ("/api/search?q=%21%21%3F%3F%2E%2E", ["word"]),
    ("/api/search?q=" + "a" * 600, ["'q'"]),
    ("/api/facts?limit=" + "9" * 25, ["limit"]),
    ("/api/facts?limit=-5", ["limit"]),
    ("/api/documents?limit=1e3", ["limit"]),
    ("/api/alerts?limit=0", ["limit"]),  # was a 400 the schema did not document
    ("/api/alerts?corridor=USA-", ["corridor"]),
    ("/corridors/0/alerts.atom", ["corridor"]),
]


@pytest.mark.parametrize("url, words", GETS, ids=[u[:60] for u, _ in GETS])
def test_bad_query_is_a_clear_400(client, url, words):
    assert_error(client.get(url), 400, *words)


def _review(client, fid, body, raw: str | None = None):
    if raw is not None:
        return client.post(f"/api/facts/{fid}/review", content=raw.encode(),
                           headers={**AUTH, "Content-Type": "application/json"})
    return client.post(f"/api/facts/{fid}/review", json=body, headers=AUTH)


REVIEWS = [
    # (body, raw JSON or None, words)
    ({"action": "correct", "reviewer": "r", "changes": {"people": 10**30}}, None, ["changes.people"]),  # was a 500
    (None, '{"action": "correct", "reviewer": "r", "changes": {"people": 1e400}}', ["changes.people"]),  # was a 500
    ({"action": "correct", "reviewer": "r", "changes": {"people": True}}, None, ["changes.people"]),  # was stored as 1
    ({"action": "correct", "reviewer": "r", "changes": {"people": -3}}, None, ["changes.people"]),
    ({"action": "correct", "reviewer": "r", "changes": {"nationalities": 5}}, None, ["changes.nationalities"]),  # 500
    ({"action": "correct", "reviewer": "r", "changes": {"nationalities": "IRQ"}}, None, ["changes.nationalities"]),
    ({"action": "correct", "reviewer": "r", "changes": {"sender": 123}}, None, ["changes.sender"]),  # was stored
    ({"action": "correct", "reviewer": "r", "changes": {"sender": "US"}}, None, ["changes.sender"]),
    ({"action": "correct", "reviewer": "r", "changes": {"date_qualifier": {"a": 1}}}, None,
     ["changes.date_qualifier"]),  # was a 500 naming the database file
    ({"action": "correct", "reviewer": "r", "changes": {"type": None}}, None, ["changes.type"]),
    ({"action": "correct", "reviewer": "r", "changes": {"amount": "nan"}}, None, ["changes.amount"]),  # was stored
    ({"action": "correct", "reviewer": "r", "changes": {"amount": -1}}, None, ["changes.amount"]),
    ({"action": "correct", "reviewer": "r", "changes": {"currency": "dollars"}}, None, ["changes.currency"]),
    ({"action": "correct", "reviewer": "r", "changes": {"date": "2025-13-45"}}, None, ["changes.date"]),  # was stored
    ({"action": "correct", "reviewer": "r", "changes": {"outcome": "maybe"}}, None, ["changes.outcome"]),
    ({"action": "correct", "reviewer": "r", "changes": {"actor": "a\x00b"}}, None, ["changes.actor", "NUL"]),
    ({"action": "correct", "reviewer": "r", "changes": ["people", 3]}, None, ["changes"]),
    ({"action": "accept", "reviewer": ""}, None, ["reviewer"]),
    ({"action": "accept", "reviewer": "   "}, None, ["reviewer"]),
    ({"action": "accept", "reviewer": "r\x00"}, None, ["reviewer", "NUL"]),
    ({"action": "accept", "reviewer": 7}, None, ["reviewer"]),
    ({"action": "accept", "reviewer": "r", "comment": "c" * 5000}, None, ["comment"]),
    ({"action": "accept", "reviewer": "r", "extra": 1}, None, ["extra"]),
    ([1, 2, 3], None, ["body"]),
    (None, "{not json", ["JSON"]),
]


@pytest.mark.parametrize("body, raw, words", REVIEWS, ids=[str(i) for i in range(len(REVIEWS))])
def test_bad_review_is_a_clear_400_and_changes_nothing(client, sample, body, raw, words):
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    before = client.get(f"/api/facts/{fid}").json()
    assert_error(_review(client, fid, body, raw), 400, *words)
    assert client.get(f"/api/facts/{fid}").json() == before


def test_review_of_a_huge_fact_id_is_a_400(client):
    assert_error(client.post(f"/api/facts/{HUGE}/review", json={"action": "accept", "reviewer": "r"}, headers=AUTH),
                 400, "fact_id")


def test_corrections_are_normalised(client, sample):
    """ISO codes are upper-cased, a count may come as a numeric string (the dashboard's form), null clears."""
    fid = sample_data.fact_id(sample, "doc-ruling", "ruling")
    body = {"action": "correct", "reviewer": "r",
            "changes": {"receiver": "rwa", "nationalities": ["ven", "SLV"], "people": "4", "actor": None,
                        "currency": "usd", "date": "2025-06"}}
    r = _review(client, fid, body)
    assert r.status_code == 200, r.text
    fact = r.json()["fact"]
    assert fact["receiver"] == "RWA" and fact["nationalities"] == ["VEN", "SLV"] and fact["people"] == 4
    assert fact["actor"] is None and fact["currency"] == "USD" and fact["date"] == "2025-06"
    assert r.json()["reviews"][-1]["changes"] == {"receiver": "RWA", "nationalities": ["VEN", "SLV"], "people": 4,
                                                  "actor": None, "currency": "USD", "date": "2025-06"}


def test_review_changes_name_every_correctable_field():
    """The typed corrections cover exactly the fields the store lets a reviewer correct."""
    from tcwatch.api.schemas import ReviewChanges
    from tcwatch.store import CORRECTABLE

    assert set(ReviewChanges.model_fields) == set(CORRECTABLE)


DOC = {"id": "h-1", "date": "2025-05-06", "text": ARTICLE}

INGESTS = [
    ({"documents": [{**DOC, "date": "2025-13-45"}]}, ["documents.0.date"]),  # was stored
    ({"documents": [{**DOC, "date": "2025-02-29"}]}, ["documents.0.date"]),
    ({"documents": [{**DOC, "date": 20250506}]}, ["documents.0.date"]),
    ({"documents": [{**DOC, "lang": "en"}]}, ["documents.0.lang"]),  # was silently dropped
    ({"documents": [DOC], "mode": "fast"}, ["mode"]),
    ({"documents": [{**DOC, "text": "   \n "}]}, ["documents.0.text", "blank"]),  # was stored
    ({"documents": [{**DOC, "text": "a\x00b"}]}, ["documents.0.text", "NUL"]),  # was stored
    ({"documents": [{**DOC, "text": 5}]}, ["documents.0.text"]),
    ({"documents": [{**DOC, "text": ["a"]}]}, ["documents.0.text"]),
    ({"documents": [{"id": "x", "text": "no date"}]}, ["documents.0.date"]),
    ({"documents": [{"id": "x", "date": "2025-01-01"}]}, ["documents.0.text"]),
    ({"documents": [{**DOC, "id": "x" * 400}]}, ["documents.0.id"]),
    ({"documents": [{**DOC, "url": 5}]}, ["documents.0.url"]),
    ({"documents": {"0": DOC}}, ["documents"]),
    ({"documents": [DOC, {**DOC, "id": "h-2", "date": "soon"}]}, ["documents.1.date"]),
    ({}, ["documents"]),
    ([DOC], ["body"]),
]


@pytest.mark.parametrize("body, words", INGESTS, ids=[str(i) for i in range(len(INGESTS))])
def test_bad_ingest_is_a_clear_400_and_stores_nothing(client, body, words):
    """Every document is checked before any is stored: one bad document stores none of the request."""
    before = client.get("/api/documents").json()["total"]
    assert_error(client.post("/api/ingest", json=body, headers=AUTH), 400, *words)
    assert client.get("/api/documents").json()["total"] == before
    assert client.get("/api/documents/h-1").status_code == 404


def test_ingest_accepts_a_null_title(client):
    r = client.post("/api/ingest", json={"documents": [{**DOC, "title": None, "url": None}]}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert client.get("/api/documents/h-1").json()["title"] in ("", None)


# -- the token ---------------------------------------------------------------------------------

WRITES = [
    ("/api/facts/{fid}/review", {"action": "reject", "reviewer": "x"}),
    ("/api/ingest", {"documents": [DOC]}),
]


def _written(client, fid) -> tuple:
    return client.get(f"/api/facts/{fid}").json()["fact"]["review"], client.get("/api/documents").json()["total"]


@pytest.mark.parametrize("url, body", WRITES, ids=["review", "ingest"])
@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "unauthorized"),
    ({"Authorization": "Bearer"}, 401, "unauthorized"),
    ({"Authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
    ({"Authorization": "Bearer not-the-token"}, 403, "permission_denied"),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403, "permission_denied"),
    ({"Authorization": "Bearer \u00e9t\u00e9".encode()}, 403, "permission_denied"),
], ids=["none", "empty", "basic", "wrong", "longer", "non-ascii"])
def test_writes_need_the_token(client, sample, url, body, headers, status, code):
    """No credentials is 401 (with WWW-Authenticate), a wrong token 403; nothing is written either way."""
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    before = _written(client, fid)
    r = client.post(url.format(fid=fid), json=body, headers=headers)
    assert assert_error(r, status)["code"] == code
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"
    assert _written(client, fid) == before


@pytest.mark.parametrize("url, body", WRITES, ids=["review", "ingest"])
def test_the_token_is_checked_before_the_body(client, sample, url, body):
    """Without the token a malformed or oversized body is never read: 401, not 400 or 413."""
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    bad = client.post(url.format(fid=fid), content=b"{not json", headers={"Content-Type": "application/json"})
    assert assert_error(bad, 401)["code"] == "unauthorized"
    wrong_type = client.post(url.format(fid=fid), json={"documents": 5, "action": 7})
    assert assert_error(wrong_type, 401)["code"] == "unauthorized"
    big = client.post(url.format(fid=fid), content=b"x" * (200 * 1024 * 1024 // 100),
                      headers={"Content-Type": "application/json", "Authorization": "Bearer wrong"})
    assert assert_error(big, 403)["code"] == "permission_denied"


def test_a_read_only_server_refuses_every_write(readonly, sample):
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    for url, body in WRITES:
        for headers in ({}, AUTH):
            r = readonly.post(url.format(fid=fid), json=body, headers=headers)
            assert assert_error(r, 403, "read-only")["code"] == "permission_denied"


# -- body size ---------------------------------------------------------------------------------

@pytest.fixture
def small(db_path, sample):
    """A client of an app whose ingest body cap is 20,000 bytes."""
    from tcwatch.api import create_app
    from tcwatch.config import Options

    with client_class()(create_app(Options(db=db_path, token=TOKEN, max_bytes=20_000), reference=False)) as c:
        yield c


def test_an_oversized_ingest_body_is_a_413(small):
    big = {"documents": [{**DOC, "text": ARTICLE + " x" * 20_000}]}
    before = small.get("/api/documents").json()["total"]
    error = assert_error(small.post("/api/ingest", json=big, headers=AUTH), 413, "20000")
    assert error["code"] == "too_large"

    def chunks():  # no Content-Length: counted as it arrives
        data = json.dumps(big).encode()
        for i in range(0, len(data), 4096):
            yield data[i:i + 4096]

    chunked = small.post("/api/ingest", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert assert_error(chunked, 413, "20000")["code"] == "too_large"
    assert small.get("/api/documents").json()["total"] == before
    ok = small.post("/api/ingest", json={"documents": [DOC]}, headers=AUTH)  # under the cap: stored
    assert ok.status_code == 200 and ok.json()["stored"] == 1


def test_an_oversized_review_body_is_a_413(client, sample):
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    r = client.post(f"/api/facts/{fid}/review", headers=AUTH,
                    json={"action": "accept", "reviewer": "r", "comment": "c" * 100_000})
    assert assert_error(r, 413)["code"] == "too_large"
    assert client.get(f"/api/facts/{fid}").json()["fact"]["review"] is None


# -- a failed ingest stores nothing half-written -----------------------------------------------

def _rows(db_path: str, doc_id: str) -> dict:
    """What the database holds of one document, table by table."""
    from tcwatch.store import open_store

    with open_store(db_path, reference=False) as store:
        q = store.conn.scalar
        facts = [r["id"] for r in store.conn.query("SELECT id FROM facts WHERE document_id = ?", (doc_id,))]
        return {
            "documents": q("SELECT count(*) FROM documents WHERE id = ?", (doc_id,)),
            "mentions": q("SELECT count(*) FROM mentions WHERE document_id = ?", (doc_id,)),
            "signatures": q("SELECT count(*) FROM signatures WHERE document_id = ?", (doc_id,)),
            "facts": len(facts),
            "indexed": q("SELECT count(*) FROM search_index WHERE (kind = 'document' AND ref = ?)", (doc_id,))
            + sum(q("SELECT count(*) FROM search_index WHERE kind = 'fact' AND ref = ?", (str(f),)) for f in facts),
            "events": q("SELECT count(*) FROM events"),
        }


@pytest.fixture
def lenient(db_path, sample):
    """A client that gets a 500 as a response, as a real client would (not as the server's exception)."""
    from tcwatch.api import create_app
    from tcwatch.config import Options

    app = create_app(Options(db=db_path, token=TOKEN), reference=False)
    with client_class()(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("failure, status", [("store", 200), ("bug", 500)])
def test_a_failed_ingest_stores_nothing_half_written(lenient, db_path, monkeypatch, failure, status):
    """A failure after the document row, its mentions and a fact are written rolls all of it back: a store
    error is reported as a rejection (200), anything else is a 500 in the error shape; the next ingest of
    the same document then stores it whole (no stale duplicate, near-duplicate or event state)."""
    from tcwatch.errors import StoreError
    from tcwatch.store.repository import Repository

    client = lenient
    empty = _rows(db_path, DOC["id"])
    real_index = Repository._index

    def failing_index(self, conn, kind, ref, title, body):
        real_index(self, conn, kind, ref, title, body)
        if kind == "fact":  # the document, its mentions and a first fact are written by now
            raise StoreError("disk full") if failure == "store" else RuntimeError("a bug")

    monkeypatch.setattr(Repository, "_index", failing_index)
    r = client.post("/api/ingest", json={"documents": [DOC]}, headers=AUTH)
    assert r.status_code == status, r.text
    if failure == "store":
        report = r.json()
        assert report["stored"] == 0 and report["document_ids"] == []
        assert "disk full" in report["rejected"][0]["reason"]
    else:
        assert assert_error(r, 500)["code"] == "internal_error"
    assert _rows(db_path, DOC["id"]) == empty
    assert client.get(f"/api/documents/{DOC['id']}").status_code == 404

    monkeypatch.setattr(Repository, "_index", real_index)
    again = client.post("/api/ingest", json={"documents": [DOC]}, headers=AUTH)
    assert again.status_code == 200, again.text
    report = again.json()
    assert report["stored"] == 1 and report["duplicates"] == 0 and report["near_duplicates"] == 0
    assert report["facts"] >= 1
    rows = _rows(db_path, DOC["id"])
    assert rows["documents"] == 1 and rows["facts"] == report["facts"] and rows["indexed"] == 1 + report["facts"]
    assert client.get(f"/api/documents/{DOC['id']}").json()["text"] == ARTICLE


@pytest.mark.parametrize("declared, status", [(b"abc", 400), (b"-5", 400), (b"9" * 30, 413)])
def test_a_bad_content_length_is_refused_before_reading(db_path, declared, status):
    """A Content-Length that is not a number is a 400, one over the cap a 413 (spoken to the app directly:
    HTTP clients will not send such headers)."""
    import asyncio

    from tcwatch.api import create_app
    from tcwatch.config import Options

    app = create_app(Options(db=db_path, token=TOKEN), reference=False)
    sent = []

    async def receive():
        raise AssertionError("the body must not be read")

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "raw_path": b"/api/ingest",
             "query_string": b"", "http_version": "1.1", "scheme": "http", "server": ("testserver", 80),
             "client": ("testclient", 1), "root_path": "", "asgi": {"version": "3.0"},
             "headers": [(b"authorization", AUTH["Authorization"].encode()), (b"content-length", declared),
                         (b"content-type", b"application/json")]}
    try:
        asyncio.run(app(scope, receive, send))
    finally:
        app.state.pool.close()
    assert sent[0]["status"] == status
    payload = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))
    error = payload["error"]
    assert error["status"] == status
    assert "Content-Length" in error["message"] if status == 400 else error["code"] == "too_large"


def test_a_store_error_does_not_leak_its_detail(lenient, monkeypatch):
    """A 500 from the store says what failed, in the error shape, without file names or SQL."""
    from tcwatch.errors import StoreError
    from tcwatch.store.repository import Repository

    def broken(self, fact_id):
        raise StoreError("/srv/secret/tcwatch.db: Error binding parameter 2")

    monkeypatch.setattr(Repository, "fact", broken)
    error = assert_error(lenient.get("/api/facts/1"), 500)
    assert error["code"] == "store_error" and "secret" not in error["message"] and "binding" not in error["message"]
