"""Security headers on every response: pages, API, exports, feeds, static files, and every kind of error
(400, 401, 403, 404, 405, 413, 429, 500), HTML or JSON."""

from __future__ import annotations

import pytest
from security_helpers import TOKEN, in_process, make_app

EXPECTED = {
    "content-security-policy": None,  # checked below
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
HTML = {"Accept": "text/html"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: (method, path, headers, body, expected status): every route, and every error kind
CASES = [
    ("GET", "/", HTML, None, 200),
    ("GET", "/corridors/USA-RWA", HTML, None, 200),
    ("GET", "/documents/doc-talks", HTML, None, 200),
    ("GET", "/facts", HTML, None, 200),
    ("GET", "/facts/1", HTML, None, 200),
    ("GET", "/search?q=Rwanda", HTML, None, 200),
    ("GET", "/login", HTML, None, 200),
    ("GET", "/alerts.atom", {}, None, 200),
    ("GET", "/corridors/USA-RWA/alerts.atom", {}, None, 200),
    ("GET", "/openapi.json", {}, None, 200),
    ("GET", "/api/corridors", {}, None, 200),
    ("GET", "/api/corridors/USA-RWA", {}, None, 200),
    ("GET", "/api/facts?type=transfer", {}, None, 200),
    ("GET", "/api/facts/1", {}, None, 200),
    ("GET", "/api/events", {}, None, 200),
    ("GET", "/api/documents", {}, None, 200),
    ("GET", "/api/documents/doc-talks", {}, None, 200),
    ("GET", "/api/search?q=Rwanda", {}, None, 200),
    ("GET", "/api/export/facts.csv", {}, None, 200),
    ("GET", "/api/export/facts.jsonl", {}, None, 200),
    ("GET", "/api/export/corridors.geojson", {}, None, 200),
    ("GET", "/api/alerts", {}, None, 200),
    ("HEAD", "/api/corridors", {}, None, 405),
    ("GET", "/static/style.css", {}, None, 200),
    ("GET", "/static/app.js", {}, None, 200),
    ("GET", "/static/favicon.svg", {}, None, 200),
    ("GET", "/static/world.svg", {}, None, 200),
    ("POST", "/api/facts/1/review", AUTH, {"action": "accept", "reviewer": "r"}, 200),
    ("POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, f"token={TOKEN}", 303),
    # errors
    ("GET", "/static/missing.css", {}, None, 404),
    ("GET", "/no/such/page", HTML, None, 404),
    ("GET", "/api/no/such", {}, None, 404),
    ("GET", "/api/facts?limit=abc", {}, None, 400),
    ("GET", "/facts?limit=abc", HTML, None, 400),
    ("GET", "/api/facts?type=%00", {}, None, 400),
    ("GET", "/api/corridors?token=abc", {}, None, 400),
    ("DELETE", "/api/facts/1", {}, None, 405),
    ("POST", "/api/ingest", {}, {"documents": []}, 401),
    ("POST", "/api/ingest", {"Authorization": "Bearer wrong"}, {"documents": []}, 403),
    ("POST", "/api/ingest", {**AUTH, "Content-Length": str(10**12)}, None, 413),
    ("GET", "/api/boom", {}, None, 500),
    ("GET", "/boom", HTML, None, 500),
]


@pytest.fixture
def app_client(db_path, sample):
    app = make_app(db_path)

    def boom():
        raise RuntimeError("an unexpected failure inside a route")

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    with in_process(app, raise_server_exceptions=False) as c:
        yield c


def _check(response):
    missing = {k: v for k, v in EXPECTED.items() if k not in response.headers}
    assert not missing, f"missing {sorted(missing)}"
    for name, value in EXPECTED.items():
        if value is not None:
            assert response.headers[name] == value, name
    csp = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("method,path,headers,body,status", CASES, ids=[f"{c[0]} {c[1]} {c[4]}" for c in CASES])
def test_security_headers_on_every_response(app_client, method, path, headers, body, status):
    """Every response, success or error, HTML, JSON or a static file, carries the security headers once."""
    kw = {"headers": headers, "follow_redirects": False}
    if isinstance(body, dict):
        kw["json"] = body
    elif body is not None:
        kw["content"] = body
    response = app_client.request(method, path, **kw)
    assert response.status_code == status, response.text[:300]
    _check(response)
    assert len(response.headers.get_list("content-security-policy")) == 1
    if status >= 400 and path.startswith("/api/") and method != "HEAD":
        assert set(response.json()["error"]) == {"code", "message", "status"}


def test_security_headers_on_429(db_path, sample):
    """A rate-limited write is refused with the headers too (and Retry-After)."""
    with in_process(make_app(db_path, write_rate=0.001, write_burst=1)) as c:
        c.post("/api/ingest", json={"documents": []})
        response = c.post("/api/ingest", json={"documents": []})
    assert response.status_code == 429 and response.headers["retry-after"].isdigit()
    _check(response)


def test_500_does_not_leak_the_exception(app_client):
    """An unexpected failure answers the one error shape without the exception's text."""
    response = app_client.get("/api/boom")
    assert response.json()["error"]["code"] == "internal_error"
    assert "unexpected failure" not in response.text
