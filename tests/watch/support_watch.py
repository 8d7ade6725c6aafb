"""Helpers for the watch tests: a real HTTP server on loopback, a mutable feed, a fake clock."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


from tcwatch.model import Document, Extraction, Fact, Span

NOW = datetime(2025, 5, 6, 12, 0, 0, tzinfo=UTC)


class FakeClock:
    """A clock that moves only when slept on (sleeps are recorded, never waited)."""

    def __init__(self, start: datetime = NOW):
        self.current = start
        self.mono = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
        self.mono += seconds


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)


Route = Callable[["Handler"], Reply | None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):  # quiet
        pass

    def _serve(self):
        server: LoopbackServer = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("content-length") or 0)
        self.body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        server.requests.append((self.command, self.path, dict(self.headers), self.body))
        server.hits[path] = server.hits.get(path, 0) + 1
        route = server.routes.get(path)
        if route is None:
            reply = Reply(404, b"not here")
        else:
            reply = route(self)
            if reply is None:  # the route wrote the response itself
                return
        self.send_response(reply.status)
        headers = {"Content-Length": str(len(reply.body)), **reply.headers}
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    do_GET = do_POST = do_HEAD = _serve


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 whose paths the test fills with routes."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple] = []
        self.hits: dict[str, int] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, fn: Route) -> str:
        self.routes[path] = fn
        return self.url(path)

    def static(self, path: str, body: bytes | str, content_type: str = "application/rss+xml", status: int = 200,
               headers: dict | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.route(path, lambda h: Reply(status, data, {"Content-Type": content_type, **(headers or {})}))

    def feed(self, path: str, feed: Feed) -> str:
        """Serve a mutable feed with ETag / Last-Modified and 304s."""

        def serve(h: Handler) -> Reply:
            etag = f'"v{feed.version}"'
            if h.headers.get("If-None-Match") == etag:
                return Reply(304, b"", {"ETag": etag})
            return Reply(200, feed.render().encode("utf-8"), {
                "Content-Type": "application/rss+xml; charset=utf-8",
                "ETag": etag,
                "Last-Modified": format_datetime(NOW + timedelta(minutes=feed.version), usegmt=True),
            })

        return self.route(path, serve)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Feed:
    """An RSS feed whose items a test adds between polls; every change bumps the version (the ETag)."""

    title: str = "Loopback wire"
    items: list[dict] = field(default_factory=list)
    version: int = 1

    def add(self, guid: str, title: str, text: str, link: str | None = None, date: str = "Tue, 06 May 2025 09:00:00 GMT"):
        self.items.insert(0, {"guid": guid, "title": title, "text": text, "link": link or f"https://news.example.org/{guid}", "date": date})
        self.version += 1

    def render(self) -> str:
        from xml.sax.saxutils import escape

        entries = "".join(
            f"<item><guid>{escape(i['guid'])}</guid><title>{escape(i['title'])}</title>"
            f"<link>{escape(i['link'])}</link><pubDate>{i['date']}</pubDate>"
            f"<description>{escape('<p>' + i['text'] + '</p>')}</description></item>"
            for i in self.items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(self.title)}</title><link>https://news.example.org/</link>"
            f"<description>test feed</description>{entries}</channel></rss>"
        )


def wait_for(predicate, timeout: float = 10.0, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


_ids = itertools.count(1)


def store_facts(store, *facts, date: str = "2025-05-06") -> list:
    """Store one document carrying ``facts`` through the store's one write path; return the stored facts."""
    from tcwatch.analysis.events import assign_event

    n = next(_ids)
    text = " ".join(f.evidence for f in facts) + f" (report {n})"
    doc = Document(id=f"doc-{n}", date=date, text=text, title=f"Report {n}", url=f"https://news.example.org/r{n}")
    placed, offset = [], 0
    for f in facts:
        placed.append(f.with_(span=Span(offset, offset + len(f.evidence)), extractor_version="test"))
        offset += len(f.evidence) + 1
    return store.add_document(doc, Extraction(doc.id, True, tuple(placed)), assign_event=assign_event)


def fact(type_, sender="DEU", receiver="GHA", **kw):
    evidence = kw.pop("evidence", f"A {type_} between {sender} and {receiver} was reported.")
    return Fact(type=type_, sender=sender, receiver=receiver, evidence=evidence, **kw)


