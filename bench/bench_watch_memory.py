"""Memory of the watcher over many polls: 1,000 rounds against a loopback feed that changes a little each time.

Each round the feed gains one new item (and drops its oldest, keeping 20); the
watcher polls it through the real path -- fetch (ETag / 304), parse, ingest
(extraction, dedup, events), alerts, and a signed webhook POST to a loopback
receiver. Every tenth round the feed does not change, so a 304 is answered.
Prints the process RSS and the tracemalloc current/peak size at the start,
after 100 rounds and at the end; the figures should stay flat.

Run: .venv/bin/python bench/bench_watch_memory.py [ROUNDS] [--watch-only]

``--watch-only`` stores each item without extraction (no facts, no alerts, no
near-duplicate index), to tell the watcher's own memory from the ingest path's.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import httpx

from tcwatch.config import Options
from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import Watch, add_source, run_watch, subscribe


class ManualClock:
    """Moves only when told (or slept on)."""

    def __init__(self):
        self.current = datetime(2025, 5, 6, tzinfo=UTC)

    def now(self):
        return self.current

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        self.current += timedelta(seconds=seconds)


class FeedState:
    def __init__(self):
        self.items: list[tuple[int, str]] = []
        self.version = 0
        self.lock = threading.Lock()

    def grow(self, n: int) -> None:
        text = (
            f"The UK government has paid Rwanda £{100 + n} million under the migration and economic development "
            f"partnership, according to figures published in report number {n}."
        )
        with self.lock:
            self.items.insert(0, (n, text))
            del self.items[20:]
            self.version += 1

    def render(self) -> bytes:
        with self.lock:
            entries = "".join(
                f"<item><guid>bench-{n}</guid><title>Report {n}</title><link>https://bench.example/{n}</link>"
                f"<pubDate>Tue, 06 May 2025 09:00:00 GMT</pubDate><description>{escape(text)}</description></item>"
                for n, text in self.items
            )
            return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
                    f"{entries}</channel></rss>").encode()


FEED = FeedState()
WEBHOOK_POSTS = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        etag = f'"v{FEED.version}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = FEED.render()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        WEBHOOK_POSTS[0] += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report(label: str, rounds: int, started: float) -> None:
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    print(f"{label:>12}: rounds {rounds:5d}  RSS {rss_mib():7.1f} MiB  "
          f"tracemalloc current {current / 2**20:6.2f} MiB  peak {peak / 2**20:6.2f} MiB  "
          f"({time.monotonic() - started:6.1f} s)", flush=True)
    tracemalloc.reset_peak()


def store_only(store, docs, options, on_stored=None):
    """Store documents without extraction: isolates fetch, parse, state and delivery from the ingest path."""
    from tcwatch.ingest import IngestReport
    from tcwatch.model import Extraction

    report = IngestReport()
    for doc in docs:
        report.read += 1
        if store.document_id_by_hash(doc.hash) is None:
            store.add_document(doc, Extraction(doc.id, False))
            report.stored += 1
    return report


def main(rounds: int = 1000, watch_only: bool = False) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    port = httpd.server_address[1]
    folder = tempfile.mkdtemp(prefix="tcwatch-bench-")
    db = os.path.join(folder, "bench.db")
    options = Options(db=db, allow_private=True, timeout=5.0)
    clock = ManualClock()
    with open_store(db) as store, httpx.Client(trust_env=False) as client:
        store.set_meta(sql.DEFAULTS_SEEDED, "bench")
        add_source(store, f"http://127.0.0.1:{port}/feed", name="bench", every="30s", clock=clock)
        subscribe(store, "corridor", "GBR-RWA", webhook_url=f"http://127.0.0.1:{port}/hook", secret="bench", clock=clock)
        watch = Watch(options=options, client=client, clock=clock)
        if watch_only:
            watch = Watch(options=options, client=client, clock=clock, ingest=store_only)
        FEED.grow(0)
        run_watch(store, watch, once=True, keep_results=False)  # warm up: imports, caches
        tracemalloc.start()
        started = time.monotonic()
        report("start", 0, started)
        polls = new_items = alerts = 0
        for i in range(1, rounds + 1):
            if i % 10:
                FEED.grow(i)  # every tenth round the feed is unchanged: a 304
            clock.current += timedelta(seconds=30)
            summary = run_watch(store, watch, once=True, keep_results=False)
            polls += summary.polls
            new_items += summary.new_items
            alerts += summary.alerts
            if i == 100:
                report("after 100", i, started)
        report("end", rounds, started)
        documents = store.count_documents()
    print(("watch only: " if watch_only else "") + f"polls {polls}, new items {new_items}, documents stored {documents}, alerts {alerts}, "
          f"webhook POSTs received {WEBHOOK_POSTS[0]}")
    httpd.shutdown()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 1000, watch_only="--watch-only" in sys.argv)
