"""Every failure, on every endpoint, answers the one JSON error shape with a clear 4xx."""

from __future__ import annotations

import pytest

import api_sample_data as sample_data

TOKEN = sample_data.TOKEN

GOOD = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer not-the-token"}
REVIEW = {"action": "accept", "reviewer": "r"}
DOC = {"id": "d", "date": "2025-01-01", "text": "Some text."}

CASES = [
    # (method, url, body, headers, status, code)
    ("GET", "/api/corridors?as_of=soon", None, None, 400, "invalid_query"),
    ("GET", "/api/corridors/USA", None, None, 400, "invalid_query"),
    ("GET", "/api/corridors/USA-RWA-GBR", None, None, 400, "invalid_query"),
    ("GET", "/api/corridors/USA-XYZ", None, None, 404, "not_found"),
    ("GET", "/api/corridors/USA-RWA?as_of=2025-xx", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?type=bogus", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?since=yesterday", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?until=2025/01/01", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?sender=US", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?origin=robot", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?review=maybe", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?limit=0", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?limit=100000", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?limit=ten", None, None, 400, "invalid_query"),
    ("GET", "/api/facts?cursor=not-a-cursor", None, None, 400, "invalid_query"),
    ("GET", "/api/facts/abc", None, None, 400, "invalid_query"),
    ("GET", "/api/facts/999999", None, None, 404, "not_found"),
    ("GET", "/api/events?cursor=Zjox", None, None, 400, "invalid_query"),
    ("GET", "/api/events?type=nope", None, None, 400, "invalid_query"),
    ("GET", "/api/events/999999", None, None, 404, "not_found"),
    ("GET", "/api/documents?limit=0", None, None, 400, "invalid_query"),
    ("GET", "/api/documents/no-such-document", None, None, 404, "not_found"),
    ("GET", "/api/search", None, None, 400, "invalid_query"),
    ("GET", "/api/search?q=%21%21%21", None, None, 400, "invalid_query"),
    ("GET", "/api/search?q=Rwanda&limit=0", None, None, 400, "invalid_query"),
    ("GET", "/api/export/facts.csv?type=bogus", None, None, 400, "invalid_query"),
    ("GET", "/api/export/facts.jsonl?sender=12345", None, None, 400, "invalid_query"),
    ("GET", "/api/export/corridors.geojson?since=soon", None, None, 400, "invalid_query"),
    ("GET", "/api/export/facts.xml", None, None, 404, "not_found"),
    ("GET", "/api/no-such-endpoint", None, None, 404, "not_found"),
    ("DELETE", "/api/facts", None, None, 405, "method_not_allowed"),
    ("POST", "/api/facts/1/review", REVIEW, None, 401, "unauthorized"),
    ("POST", "/api/facts/1/review", REVIEW, WRONG, 403, "permission_denied"),
    ("POST", "/api/facts/1/review", {"action": "approve", "reviewer": "r"}, GOOD, 400, "invalid_query"),
    ("POST", "/api/facts/1/review", {"action": "correct", "reviewer": "r"}, GOOD, 400, "invalid_query"),
    ("POST", "/api/facts/1/review", {"action": "correct", "reviewer": "r", "changes": {"evidence": "x"}}, GOOD, 400, "invalid_query"),
    ("POST", "/api/facts/1/review", {"action": "correct", "reviewer": "r", "changes": {"people": "many"}}, GOOD, 400, "invalid_query"),
    ("POST", "/api/facts/1/review", {"action": "accept"}, GOOD, 400, "invalid_query"),
    ("POST", "/api/facts/999999/review", REVIEW, GOOD, 404, "not_found"),
    ("POST", "/api/ingest", {"documents": [DOC]}, None, 401, "unauthorized"),
    ("POST", "/api/ingest", {"documents": [DOC]}, WRONG, 403, "permission_denied"),
    ("POST", "/api/ingest", {"documents": []}, GOOD, 400, "invalid_query"),
    ("POST", "/api/ingest", {"documents": [{**DOC, "date": "1 May"}]}, GOOD, 400, "invalid_query"),
    ("POST", "/api/ingest", {"documents": [{**DOC, "text": ""}]}, GOOD, 400, "invalid_query"),
    ("POST", "/api/ingest", "not json", GOOD, 400, "invalid_query"),
]


@pytest.mark.parametrize("method, url, body, headers, status, code", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_error_shape(client, method, url, body, headers, status, code):
    """The status is a clear 4xx and the body is exactly {"error": {"code", "message", "status"}}."""
    kwargs = {"headers": headers or {}}
    if isinstance(body, str):
        kwargs["content"] = body
        kwargs["headers"] = {**kwargs["headers"], "Content-Type": "application/json"}
    elif body is not None:
        kwargs["json"] = body
    r = client.request(method, url, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    payload = r.json()
    assert set(payload) == {"error"}
    assert set(payload["error"]) == {"code", "message", "status"}
    assert payload["error"]["status"] == status
    assert payload["error"]["code"] == code
    assert isinstance(payload["error"]["message"], str) and len(payload["error"]["message"]) > 5
