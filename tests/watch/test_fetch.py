"""Fetching untrusted URLs against a real loopback server: addresses, redirects, caps, retries."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from support_watch import Reply

from tcwatch.config import Options
from tcwatch.errors import FetchError, UnsafeAddress
from tcwatch.watch.clock import SystemClock
from tcwatch.watch.fetch import check_url, fetch

RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def test_loopback_refused_without_allow_private(server, client, clock):
    """A feed on a loopback address is refused before any request is sent."""
    url = server.static("/feed", RSS)
    with pytest.raises(UnsafeAddress, match="127.0.0.1.*TCWATCH_ALLOW_PRIVATE"):
        fetch(client, url, Options(allow_private=False), clock=clock)
    assert server.hits == {}


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "192.168.0.7", "172.16.5.4", "169.254.169.254", "127.0.0.1", "::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0"]
)
def test_private_ranges_refused(address):
    """Every private, loopback, link-local or unspecified address a host resolves to is refused."""
    with pytest.raises(UnsafeAddress):
        check_url("http://feeds.example.org/rss", Options(), resolver=lambda host, port: [address])


def test_one_private_address_among_public_ones_is_refused():
    """A host resolving to a public and a private address is refused (the private one could be used)."""
    with pytest.raises(UnsafeAddress):
        check_url("https://x.example/", Options(), resolver=lambda h, p: ["93.184.216.34", "10.0.0.1"])


def test_public_address_allowed():
    """A host resolving only to public addresses passes the check."""
    check_url("https://feeds.example.org/rss", Options(), resolver=lambda h, p: ["93.184.216.34", "2606:2800:220:1::1"])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "http:///nohost"])
def test_non_http_urls_refused(url):
    """Only http and https URLs with a host are fetched."""
    with pytest.raises(FetchError):
        check_url(url, Options(allow_private=True))


def test_cross_host_redirect_refused(server, client, clock, options):
    """A redirect to another host is refused and the other host is never asked."""
    server.static("/feed", RSS)
    target = server.url("/feed", host="localhost")
    url = server.route("/moved", lambda h: Reply(302, b"", {"Location": target}))
    with pytest.raises(FetchError, match="another host.*localhost"):
        fetch(client, url, options, clock=clock)
    assert server.hits == {"/moved": 1}


def test_same_host_redirect_followed(server, client, clock, options):
    """A redirect on the same host is followed (each hop re-checked)."""
    server.static("/feed", RSS)
    url = server.route("/old", lambda h: Reply(301, b"", {"Location": "/feed"}))
    result = fetch(client, url, options, clock=clock)
    assert result.status == 200 and result.url.endswith("/feed") and b"<rss" in result.body


def test_redirect_loop_stops(server, client, clock, options):
    """A redirect loop ends with an error after a few hops."""
    url = server.route("/loop", lambda h: Reply(302, b"", {"Location": "/loop"}))
    with pytest.raises(FetchError, match="redirects"):
        fetch(client, url, options, clock=clock)
    assert server.hits["/loop"] == 6


def test_declared_huge_body_refused(server, client, clock, options):
    """A Content-Length over the cap is refused without reading the body."""
    url = server.static("/big", b"x" * (options.max_bytes + 1))
    with pytest.raises(FetchError, match="larger than"):
        fetch(client, url, options, clock=clock)


def _endless(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<item><title>again</title></item>" * 100
    try:
        h.wfile.write(b"e\r\n<rss><channel>\r\n")
        while True:
            h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass
    h.close_connection = True


def test_endless_body_stopped_at_cap(server, client, clock, options):
    """A body that never ends is read only up to the byte cap."""
    url = server.route("/endless", _endless)
    start = time.monotonic()
    with pytest.raises(FetchError, match="larger than the 65536-byte limit"):
        fetch(client, url, options, clock=clock)
    assert time.monotonic() - start < 5


def _drip(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    try:
        for _ in range(200):
            h.wfile.write(b"1\r\nx\r\n")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass
    h.close_connection = True


def test_slow_drip_stopped_by_deadline(server, client):
    """A body that trickles in (each read under the timeout) is cut at twice the timeout in all."""
    url = server.route("/drip", _drip)
    start = time.monotonic()
    with pytest.raises(FetchError, match="took longer"):
        fetch(client, url, Options(allow_private=True, timeout=0.5), clock=SystemClock())
    assert time.monotonic() - start < 4


def test_5xx_retried_with_exponential_backoff(server, client, clock, options):
    """Two 503s then a 200: three attempts, sleeping 1 s then 2 s on the clock passed in."""
    answers = iter([Reply(503), Reply(503), Reply(200, RSS.encode(), {"Content-Type": "application/rss+xml"})])
    url = server.route("/flaky", lambda h: next(answers))
    result = fetch(client, url, options, clock=clock)
    assert result.status == 200 and result.attempts == 3
    assert clock.sleeps == [1.0, 2.0]


def test_persistent_5xx_gives_up(server, client, clock, options):
    """A server that keeps failing is an error after three attempts."""
    url = server.static("/down", b"oops", status=502)
    with pytest.raises(FetchError, match="HTTP 502.*after 3 attempts"):
        fetch(client, url, options, clock=clock)
    assert server.hits["/down"] == 3


def test_connection_refused_retried(client, clock, options):
    """A closed port is retried with backoff, then reported."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="connection failed"):
        fetch(client, f"http://127.0.0.1:{port}/feed", options, clock=clock)
    assert clock.sleeps == [1.0, 2.0]


def test_404_not_retried(server, client, clock, options):
    """A 4xx answer is reported at once."""
    url = server.static("/gone", b"no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(client, url, options, clock=clock)
    assert server.hits["/gone"] == 1 and clock.sleeps == []


def test_conditional_headers_sent(server, client, clock, options):
    """The stored ETag and Last-Modified go out as If-None-Match and If-Modified-Since; a 304 has no body."""
    url = server.route("/cond", lambda h: Reply(304, b"", {"ETag": '"abc"'}))
    result = fetch(client, url, options, clock=clock, etag='"abc"', last_modified="Tue, 06 May 2025 10:00:00 GMT")
    assert result.not_modified and result.etag == '"abc"'
    headers = server.requests[-1][2]
    assert headers["If-None-Match"] == '"abc"'
    assert headers["If-Modified-Since"] == "Tue, 06 May 2025 10:00:00 GMT"
    assert headers["User-Agent"].startswith("tcwatch/")


def _capturing_client(seen: list):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=RSS.encode(), headers={"Content-Type": "application/rss+xml"})

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    "url, address, netloc, host",
    [
        ("https://feeds.example.org/rss", "93.184.216.34", "93.184.216.34", "feeds.example.org"),
        ("http://feeds.example.org:8080/rss?x=1", "2606:2800:220:1::1", "[2606:2800:220:1::1]:8080", "feeds.example.org:8080"),
    ],
)
def test_request_goes_to_the_checked_address(url, address, netloc, host, clock):
    """The connection goes to the address that was checked (Host and TLS name kept), so DNS rebinding cannot redirect it."""
    seen: list[httpx.Request] = []
    with _capturing_client(seen) as client:
        result = fetch(client, url, Options(), clock=clock, resolver=lambda h, p: [address])
    assert result.status == 200 and result.url == url
    (request,) = seen
    assert request.url.netloc.decode() == netloc and request.headers["Host"] == host
    assert request.url.path == "/rss"
    if url.startswith("https"):
        assert request.extensions["sni_hostname"] == "feeds.example.org"


def test_unresolvable_host_is_a_fetch_error(clock):
    """A host that does not resolve is a FetchError naming it."""
    def nowhere(host, port):
        raise FetchError(f"cannot resolve {host}: no such host")

    with pytest.raises(FetchError, match="cannot resolve feeds.invalid"):
        fetch(httpx.Client(), "https://feeds.invalid/rss", Options(), clock=clock, resolver=nowhere)
