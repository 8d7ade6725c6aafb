"""The write token: compared in constant time, never taken from a URL, never written to a log;
writes rate-limited per client."""

from __future__ import annotations

import ast
import hmac
import logging
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from security_helpers import TOKEN, in_process, make_app

SRC = Path(__file__).resolve().parents[2] / "src" / "tcwatch"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_token_compared_with_compare_digest(db_path, sample, monkeypatch):
    """Every token check (API bearer, dashboard login, dashboard review) goes through hmac.compare_digest."""
    import tcwatch.api.deps as deps

    seen = []
    real = hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    with in_process(make_app(db_path)) as c:
        assert c.post("/api/facts/1/review", headers=AUTH, json={"action": "accept", "reviewer": "r"}).status_code == 200
        assert c.post("/api/facts/1/review", headers={"Authorization": "Bearer nope"},
                      json={"action": "accept", "reviewer": "r"}).status_code == 403
        assert c.post("/login", headers=FORM, content="token=guess", follow_redirects=False).status_code == 403
        assert c.post("/login", headers=FORM, content=f"token={TOKEN}", follow_redirects=False).status_code == 303
    presented = [a.decode() for a, _ in seen]
    assert {"nope", "guess", TOKEN} <= set(presented)
    assert all(b == TOKEN.encode() for _, b in seen)


def test_no_plain_comparison_with_the_token_in_the_code():
    """No ``==``/``!=``/``in`` against a configured token anywhere in the package (it would leak timing)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn))
                                                     for op in node.ops):
                names = [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)]
                names += [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
                if any(n in ("token", "secret") for n in names):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("query", ["token", "access_token", "api_key", "TOKEN"])
@pytest.mark.parametrize("method,path", [("POST", "/api/facts/1/review"), ("POST", "/api/ingest"),
                                         ("GET", "/api/facts"), ("GET", "/"), ("POST", "/facts/1/review")])
def test_token_in_query_string_refused_not_used(db_path, sample, method, path, query):
    """A token in the URL is refused with 400 (in the one error shape) and is not used: nothing is written."""
    with in_process(make_app(db_path)) as c:
        before = c.get("/api/facts/1").json()
        r = c.request(method, f"{path}?{query}={TOKEN}", json={"action": "reject", "reviewer": "url"})
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "token_in_url" and "Authorization: Bearer" in r.json()["error"]["message"]
        assert TOKEN not in r.text
        assert c.get("/api/facts/1").json() == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def test_token_never_logged(db_path, sample):
    """A real uvicorn server with its access log on: requests carrying the token (header, form, cookie,
    a refused ?token=, failing writes) leave no trace of it in any log record."""
    import uvicorn

    capture = _Capture()
    capture.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    port = _free_port()
    app = make_app(db_path)
    # log_config=None: uvicorn's records reach the root logger (and so the capture)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, log_level="debug",
                                           access_log=True, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, trust_env=False) as c:
            assert c.get(f"/api/corridors?token={TOKEN}").status_code == 400
            assert c.get(f"/?access_token={TOKEN}&x=1").status_code == 400
            assert c.post("/api/facts/1/review", headers=AUTH, json={"action": "accept", "reviewer": "r"}).status_code == 200
            assert c.post("/api/facts/99999/review", headers=AUTH, json={"action": "accept", "reviewer": "r"}).status_code == 404
            assert c.post("/api/ingest", headers=AUTH, content=b"{not json").status_code == 400
            assert c.post("/login", headers=FORM, content=f"token={TOKEN}").status_code in (200, 303)
            assert c.get("/no/such/page", headers={"Cookie": f"tcwatch_token={TOKEN}"}).status_code == 404
        # a library logging the header of a request it saw (as a debugging aid might)
        logging.getLogger("tcwatch.api").warning("request headers: %s", {"authorization": f"Bearer {TOKEN}"})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        root.removeHandler(capture)
        root.setLevel(old_level)
    text = "\n".join(capture.lines)
    assert "/api/corridors?token=" in text and "/api/facts/1/review" in text  # the access log was on
    assert TOKEN not in text


def test_writes_rate_limited_per_client(db_path, sample):
    """Past the burst, a client's writes get 429 with Retry-After; another client is unaffected; a refill
    lets the first write again. Refused attempts (wrong token) count, so guessing is slow."""
    app = make_app(db_path, write_rate=2.0, write_burst=3)
    body = {"action": "accept", "reviewer": "r"}
    with in_process(app, client=("192.0.2.1", 5000)) as first, in_process(app, client=("192.0.2.2", 5000)) as second:
        codes = [first.post("/api/facts/1/review", headers={"Authorization": "Bearer wrong"}, json=body).status_code
                 for _ in range(3)]
        assert codes == [403, 403, 403]
        limited = first.post("/api/facts/1/review", headers=AUTH, json=body)
        assert limited.status_code == 429
        error = limited.json()["error"]
        assert error["code"] == "rate_limited" and error["status"] == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert first.post("/login", headers=FORM, content=f"token={TOKEN}").status_code == 429  # dashboard too
        assert first.get("/api/facts/1").status_code == 200  # reads are never limited
        assert second.post("/api/facts/1/review", headers=AUTH, json=body).status_code == 200
        time.sleep(0.6)  # 2 writes a second: one token back
        assert first.post("/api/facts/1/review", headers=AUTH, json=body).status_code == 200


def test_rate_limit_options_from_the_environment():
    """The limit is configurable (config file, environment, flags); 0 turns it off."""
    from tcwatch.config import load_options

    options = load_options(env={"TCWATCH_WRITE_RATE": "0.5", "TCWATCH_WRITE_BURST": "4"})
    assert (options.write_rate, options.write_burst) == (0.5, 4)


def test_rate_limiter_bucket():
    """The bucket itself, on a clock passed in: burst, then one write per 1/rate seconds."""
    from tcwatch.api.guard import RateLimiter

    now = [100.0]
    limiter = RateLimiter(rate=1.0, burst=2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.take("a") == 0.0 and limiter.take("b") == 0.0
