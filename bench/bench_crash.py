"""Benchmark: crash safety. `tcwatch ingest` and `tcwatch watch` killed with SIGKILL at random
(seeded) moments, then resumed; the database is checked after every kill.

Run on demand (never as a test; tests/test_crash_safety.py runs a short version):

    .venv/bin/python bench/bench_crash.py                       # SQLite, 20 ingest kills, 10 watcher kills
    .venv/bin/python bench/bench_crash.py --db postgresql       # the same on a PostgreSQL server it starts
    .venv/bin/python bench/bench_crash.py --db postgresql://user@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_crash.py --cycles 5 --limit 2000 --watch-kills 3 --watch-items 120
    .venv/bin/python bench/bench_crash.py --only ingest --kill-while-writing   # kills inside the writes

Ingest: the input (the firehose, ``--limit`` items, with the dev and train gold items spread
through it as topical documents) is cut into ``--cycles`` chunks. A reference database gets the
whole input in one uninterrupted `tcwatch ingest`. The crash database gets each chunk by a
`tcwatch ingest` killed (SIGKILL) at a random moment, then a resume (the same command, to the
end). That moment mostly falls in the process's start-up or its extraction of the first batch;
``--kill-while-writing`` kills instead at a random moment of the 0.4 s after the chunk's first
commit, inside its bounded write transactions (or the extraction of its next batch). After every kill and every resume: no document committed before is lost, no duplicate
document (by content hash), every stored document has exactly the facts the reference stored for
it (no fact duplicated or missing), no alert twice for one fact, no orphan row (facts, mentions,
signatures without their document; events without facts), and ``PRAGMA integrity_check`` is ok
(SQLite). At the end: document ids, fact, event and alert counts equal the reference.

Watcher: a loopback feed server (``--watch-feeds`` feeds, ``--watch-items`` items written here,
published in steps) and a loopback webhook receiver subscribed to every alert. `tcwatch watch`
is started and killed ``--watch-kills`` times while it polls (after its first feed request, at a
random moment within ``--watch-window`` seconds), then run until everything is stored and sent.
After every kill: no item stored twice, no alert twice, no delivery that the database recorded
delivered sent again; at the end every item is stored once and every alert delivered. A delivery
in flight when the watcher is killed (the receiver may already have answered 2xx, the watcher not
yet recorded it) is sent again with the same X-Tcwatch-Delivery key: counted and printed apart.

Only loopback traffic; every wait is bounded. The machine is shared: timings are noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
CLI = "import sys; from tcwatch.cli import main; sys.argv[0] = 'tcwatch'; main()"


# -- databases ---------------------------------------------------------------
@contextlib.contextmanager
def postgres_server():
    """A throwaway PostgreSQL server on loopback in a temporary folder (as the test fixture does)."""
    from glob import glob

    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        raise SystemExit("PostgreSQL (initdb) is not installed")
    bindir = Path(initdb).parent
    root = Path(tempfile.mkdtemp(prefix="tcwatch-crash-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "tcwatch"],
                   check=True, capture_output=True)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
                    f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://tcwatch@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


class Targets:
    """New, empty databases: SQLite files in a folder, or databases on one PostgreSQL server."""

    def __init__(self, workdir: Path, server_url: str | None):
        self.workdir, self.server_url, self.n = workdir, server_url, 0

    @property
    def kind(self) -> str:
        return "postgresql" if self.server_url else "sqlite"

    def new(self, name: str) -> str:
        self.n += 1
        if not self.server_url:
            return str(self.workdir / f"{name}.db")
        import psycopg

        db = f"crash_{name}_{os.getpid()}_{self.n}"
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        return self.server_url.rsplit("/", 1)[0] + f"/{db}"


def env_for(target: str) -> dict:
    env = {**os.environ, "TCWATCH_DB": target, "TCWATCH_ALLOW_PRIVATE": "1", "TCWATCH_TIMEOUT": "10"}
    env.pop("TCWATCH_CONFIG", None)
    return env


def start(target: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, *args], env=env_for(target),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)


def finish(proc: subprocess.Popen, timeout: float) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return -9, out.decode(errors="replace"), "timed out\n" + err.decode(errors="replace")
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def kill(proc: subprocess.Popen) -> bool:
    """SIGKILL; True when the process was still running (the kill interrupted it)."""
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return running


# -- the checks --------------------------------------------------------------
def snapshot(target: str) -> dict:
    """What the checks compare: ids, per-document fact counts, counts, duplicates, orphans, integrity."""
    from tcwatch.store import open_store

    with open_store(target, reference=False) as store:
        conn = store.conn
        one = conn.scalar
        snap = {
            "ids": {r["id"] for r in conn.query("SELECT id FROM documents")},
            "facts_per_doc": {r["document_id"]: int(r["n"]) for r in conn.query(
                "SELECT document_id, count(*) AS n FROM facts WHERE document_id IS NOT NULL GROUP BY document_id")},
            "documents": int(one("SELECT count(*) FROM documents")),
            "facts": int(one("SELECT count(*) FROM facts WHERE origin <> 'curated'")),
            "events": int(one("SELECT count(DISTINCT event_id) FROM facts WHERE origin <> 'curated'")),
            "all_events": int(one("SELECT count(*) FROM events")),
            "alerts": int(one("SELECT count(*) FROM alerts")),
            "dup_documents": int(one("SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1) d")),
            "dup_urls": int(one("SELECT count(*) FROM (SELECT url FROM documents WHERE url IS NOT NULL "
                                "GROUP BY url HAVING count(*) > 1) d")),
            "dup_alerts": int(one("SELECT count(*) FROM (SELECT fact_id FROM alerts WHERE fact_id IS NOT NULL "
                                  "GROUP BY fact_id HAVING count(*) > 1) d")),
            "dup_deliveries": int(one("SELECT count(*) FROM (SELECT alert_id, subscription_id FROM deliveries "
                                      "GROUP BY alert_id, subscription_id HAVING count(*) > 1) d")),
            "orphans": int(one(
                "SELECT (SELECT count(*) FROM facts f WHERE f.document_id IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM documents d WHERE d.id = f.document_id)) + "
                "(SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.document_id)) + "
                "(SELECT count(*) FROM signatures s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)) + "
                "(SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.event_id = e.id)) + "
                "(SELECT count(*) FROM alerts a WHERE a.fact_id IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM facts f WHERE f.id = a.fact_id))")),
            "search_docs": int(one("SELECT count(*) FROM search_index WHERE kind = 'document'")),
            "relevant": int(one("SELECT count(*) FROM documents WHERE relevant = 1")),
        }
        if conn.dialect == "sqlite":
            snap["integrity"] = "; ".join(str(r[0]) for r in conn.raw.execute("PRAGMA integrity_check").fetchall())
        else:
            snap["integrity"] = "ok (no PRAGMA on PostgreSQL; orphan checks)"
    return snap


def problems(snap: dict, before: set, reference: dict | None) -> list[str]:
    out = []
    lost = before - snap["ids"]
    if lost:
        out.append(f"{len(lost)} committed documents lost, e.g. {sorted(lost)[:3]}")
    for key in ("dup_documents", "dup_alerts", "dup_deliveries", "orphans"):
        if snap[key]:
            out.append(f"{key}: {snap[key]}")
    if not snap["integrity"].startswith("ok"):
        out.append(f"integrity_check: {snap['integrity'][:200]}")
    if snap["search_docs"] != snap["relevant"]:
        out.append(f"search index has {snap['search_docs']} documents, {snap['relevant']} relevant stored")
    if reference is not None:
        unknown = snap["ids"] - reference["ids"]
        if unknown:
            out.append(f"{len(unknown)} documents the reference does not have, e.g. {sorted(unknown)[:3]}")
        ref = reference["facts_per_doc"]
        wrong = [d for d in snap["ids"] if snap["facts_per_doc"].get(d, 0) != ref.get(d, 0)]
        if wrong:
            out.append(f"{len(wrong)} documents with other facts than the reference, e.g. {wrong[:3]}")
    return out


# -- ingest ------------------------------------------------------------------
def shared_input(limit: int, topical: list[Path], seed: int) -> list[dict]:
    """``limit`` firehose items with the gold items (text only) spread through them at seeded places."""
    items = []
    with (SHARED / "firehose-20k.jsonl").open(encoding="utf-8") as src:
        for i, line in enumerate(src):
            if i >= limit:
                break
            items.append(json.loads(line))
    gold = []
    for path in topical:
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            gold.append({k: row[k] for k in ("id", "date", "title", "text", "url", "source") if k in row})
    rng = random.Random(seed)
    for row in gold:
        items.insert(rng.randrange(len(items) + 1), row)
    return items


def write_chunks(items: list[dict], cycles: int, workdir: Path) -> tuple[Path, list[Path]]:
    whole = workdir / "input.jsonl"
    with whole.open("w", encoding="utf-8") as out:
        for row in items:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    size = -(-len(items) // cycles)
    chunks = []
    for c in range(cycles):
        part = items[c * size:(c + 1) * size]
        if not part:
            break
        path = workdir / f"chunk-{c:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in part:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        chunks.append(path)
    return whole, chunks


def ingest_ok(code: int) -> bool:
    return code in (0, 3)  # 3: some inputs rejected (reasons stored), the others stored


def _wait_for_a_commit(target: str, proc: subprocess.Popen, before: int, timeout: float) -> bool:
    """Wait until the ingest ``proc`` has committed a document (the stored count passes ``before``);
    False when it exited or ``timeout`` passed first."""
    from tcwatch.store import connect

    deadline = time.monotonic() + timeout
    conn = None
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                conn = conn or connect(target)
                if int(conn.scalar("SELECT n FROM row_counts WHERE name = 'documents'") or 0) > before:
                    return True
            except Exception:  # the database not made yet (the first run creates it): ask again
                if conn is not None:
                    conn.close()
                conn = None
            time.sleep(0.01)
        return False
    finally:
        if conn is not None:
            conn.close()


#: --kill-while-writing: the kill comes this long (at most, uniformly) after the chunk's first commit
WRITE_WINDOW = 0.4


def run_ingest_crash(targets: Targets, whole: Path, chunks: list[Path], seed: int, log=print,
                     while_writing: bool = False) -> dict:
    """The ingest half: reference run, then kill + resume per chunk; returns the figures.

    Each kill comes at a random moment of the run (from 20 % to 100 % of the time a whole chunk
    takes), which mostly falls in its start-up or extraction; ``while_writing`` kills instead within
    :data:`WRITE_WINDOW` seconds after the chunk's first transaction committed, while it writes (or
    extracts the next batch)."""
    rng = random.Random(seed)
    ref_target = targets.new("reference")
    t0 = time.monotonic()
    code, out, err = finish(start(ref_target, "ingest", str(whole)), timeout=3600)
    ref_seconds = time.monotonic() - t0
    if not ingest_ok(code):
        raise SystemExit(f"reference ingest failed ({code}): {err[-2000:]}")
    reference = snapshot(ref_target)
    log(f"reference: one uninterrupted run, {ref_seconds:.1f} s: {reference['documents']} documents, "
        f"{reference['facts']} facts, {reference['events']} events, {reference['alerts']} alerts")
    per_chunk = ref_seconds / len(chunks) + 1.5  # plus the start of a process; then as resumes took
    resume_times: list[float] = []

    target = targets.new("crash")
    figures = {"kills": 0, "interrupted": 0, "mid_chunk": 0, "checks": 0, "problems": [], "resume_codes": Counter()}
    committed: set = set()
    for c, chunk in enumerate(chunks):
        lines = sum(1 for _ in chunk.open(encoding="utf-8"))
        if resume_times:  # a whole chunk in its own process, as the resumes measured it
            per_chunk = sum(resume_times) / len(resume_times)
        proc = start(target, "ingest", str(chunk))
        if while_writing:
            t0 = time.monotonic()
            _wait_for_a_commit(target, proc, len(committed), timeout=10 * per_chunk + 60)
            time.sleep(rng.uniform(0.0, WRITE_WINDOW))
            delay = time.monotonic() - t0
        else:
            delay = rng.uniform(0.2, 1.0) * per_chunk
            time.sleep(delay)
        interrupted = kill(proc)
        figures["kills"] += 1
        figures["interrupted"] += int(interrupted)
        after_kill = snapshot(target)
        new = len(after_kill["ids"] - committed)
        figures["mid_chunk"] += int(0 < new < lines)
        bad = problems(after_kill, committed, reference)
        committed = after_kill["ids"]
        t0 = time.monotonic()
        code, out, err = finish(start(target, "ingest", str(chunk)), timeout=3600)
        resume_times.append(time.monotonic() - t0)
        figures["resume_codes"][code] += 1
        after_resume = snapshot(target)
        bad += problems(after_resume, committed, reference)
        if not ingest_ok(code):
            bad.append(f"resume exited {code}: {err[-500:]}")
        committed = after_resume["ids"]
        figures["checks"] += 2
        figures["problems"] += [f"cycle {c + 1}: {p}" for p in bad]
        log(f"cycle {c + 1:2d}/{len(chunks)}: killed after {delay:5.2f} s ({'running' if interrupted else 'had finished'}), "
            f"{new} of {lines} chunk documents committed by then; resumed (exit {code}): "
            f"{after_resume['documents']} documents, {after_resume['facts']} facts; "
            f"integrity {after_resume['integrity'][:20]}; {'OK' if not bad else 'PROBLEMS: ' + '; '.join(bad)}")
    final = snapshot(target)
    for key in ("documents", "facts", "events", "alerts", "search_docs"):
        if final[key] != reference[key]:
            figures["problems"].append(f"end: {key} {final[key]} != reference {reference[key]}")
    if final["ids"] != reference["ids"]:
        figures["problems"].append(f"end: document ids differ ({len(final['ids'] ^ reference['ids'])})")
    figures.update(reference=reference, final=final, reference_seconds=ref_seconds)
    return figures


# -- the watcher ---------------------------------------------------------------
PLACES = ["El Salvador", "Eswatini", "South Sudan", "Rwanda", "Ghana", "Costa Rica", "Panama", "Uganda",
          "Kosovo", "Paraguay", "Honduras", "Guatemala"]
TEMPLATES = [
    "The United States deported {n} migrants to {p} on {d}, the Department of Homeland Security said in notice {k}.",
    "A flight carrying {n} deportees from the United States landed in {p} on {d} under a third-country agreement (notice {k}).",
    "The United States will pay {p} ${m} million to accept migrants deported from American soil, officials said on {d} in notice {k}.",
    "{p} signed an agreement with the United States on {d} to receive deported migrants from third countries (notice {k}).",
    "A court in {p} blocked the transfer of migrants deported from the United States on {d}, notice {k} said.",
    "Ministers met on {d} to talk about roads, schools and the harvest; notice {k} lists the {n} items they agreed.",
]


def watch_items(n: int, seed: int) -> list[dict]:
    """``n`` feed items written here (no shared text): topical ones of five kinds and plain ones."""
    rng = random.Random(seed)
    start_day = datetime(2025, 1, 1, tzinfo=UTC)
    items = []
    for k in range(n):
        day = start_day + timedelta(days=k % 300)
        text = rng.choice(TEMPLATES).format(n=rng.randint(5, 400), p=rng.choice(PLACES), m=rng.randint(1, 900),
                                            d=day.strftime("%d %B %Y"), k=k)
        items.append({"guid": f"item-{k}", "title": f"Notice {k}", "text": text,
                      "link": f"https://wire.example.org/notice/{k}", "date": format_datetime(day, usegmt=True)})
    return items


class Loopback:
    """Feeds and a webhook receiver on one ThreadingHTTPServer on 127.0.0.1.

    ``publish(n)`` makes the first n items visible, each feed carrying its share; the receiver
    counts every POST by delivery key and remembers which keys it acknowledged (answered 2xx)."""

    def __init__(self, items: list[dict], feeds: int, receiver_delay: float = 0.005):
        self.items, self.feeds, self.visible, self.version = items, feeds, 0, 1
        self.lock = threading.Lock()
        self.posts: Counter = Counter()
        self.acked: set = set()
        self.acked_resent: Counter = Counter()
        self.feed_gets = 0
        self.receiver_delay = receiver_delay
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                if not path.startswith("/feed"):
                    return self._send(404, b"no", "text/plain")
                f = int(path[len("/feed"):])
                etag = f'"v{owner.version}"'
                with owner.lock:
                    owner.feed_gets += 1
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", None, {"ETag": etag})
                self._send(200, owner.render(f).encode("utf-8"), "application/rss+xml; charset=utf-8", {"ETag": etag})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                key = self.headers.get("X-Tcwatch-Delivery")
                time.sleep(owner.receiver_delay)
                with owner.lock:
                    owner.posts[key] += 1
                    if key in owner.acked:
                        owner.acked_resent[key] += 1
                self._send(200, b"ok", "text/plain")
                with owner.lock:  # the answer is written: this delivery is acknowledged
                    owner.acked.add(key)
                del body

            def _send(self, status, body, ctype, headers=None):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # a watcher killed mid-request: expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def publish(self, n: int) -> None:
        with self.lock:
            self.visible = min(n, len(self.items))
            self.version += 1

    def published(self) -> list[dict]:
        return self.items[: self.visible]

    def render(self, f: int) -> str:
        mine = [i for k, i in enumerate(self.items[: self.visible]) if k % self.feeds == f]
        entries = "".join(
            f"<item><guid>{escape(i['guid'])}</guid><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
            f"<pubDate>{i['date']}</pubDate><description>{escape(i['text'])}</description></item>"
            for i in reversed(mine)
        )
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>wire</title>'
                f"<link>https://wire.example.org/</link><description>bench</description>{entries}</channel></rss>")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _watch_state(target: str, links: set) -> dict:
    from tcwatch.store import open_store

    with open_store(target, reference=False) as store:
        conn = store.conn
        urls = Counter(r["url"] for r in conn.query("SELECT url FROM documents WHERE url LIKE 'https://wire.example.org/%'"))
        rows = conn.query("SELECT alert_id, subscription_id, status FROM deliveries")
        statuses = Counter(r["status"] for r in rows)
        recorded = {f"{r['alert_id']}-{r['subscription_id']}" for r in rows if r["status"] == "delivered"}
        held = int(conn.scalar("SELECT count(*) FROM sources WHERE lease_owner IS NOT NULL"))
    return {"stored": set(urls) & links, "twice": [u for u, n in urls.items() if n > 1], "statuses": statuses,
            "held": held, "recorded": recorded}


def _document_count(target: str) -> int:
    from tcwatch.store import open_store

    with open_store(target, reference=False) as store:
        return store.count_documents()


def run_watch_crash(targets: Targets, kills: int, n_items: int, feeds: int, window: float, seed: int,
                    log=print, settle: float = 240.0) -> dict:
    """The watcher half; returns the figures."""
    from tcwatch.store import open_store
    from tcwatch.store import watching as sql
    from tcwatch.watch import add_source, subscribe

    rng = random.Random(seed + 1)
    items = watch_items(n_items, seed)
    server = Loopback(items, feeds)
    target = targets.new("watch")
    figures = {"kills": 0, "mid_poll": 0, "mid_delivery": 0, "problems": []}
    # key -> POSTs seen when the database first recorded it delivered: any POST after that is a
    # delivery sent again although acknowledged and recorded (a resend of one the receiver answered
    # but the killed watcher had not recorded yet is the in-flight case, same key, allowed)
    recorded_at: dict[str, int] = {}

    def resent_after_record() -> dict:
        with server.lock:
            return {k: server.posts[k] - n for k, n in recorded_at.items() if server.posts[k] > n}

    def note_recorded(keys) -> None:
        with server.lock:
            for key in keys:
                recorded_at.setdefault(key, server.posts[key])
    try:
        with open_store(target) as store:
            store.set_meta(sql.DEFAULTS_SEEDED, "bench")
            for f in range(feeds):
                add_source(store, server.url(f"/feed{f}"), name=f"wire {f}", every="10s")
            for fact_type in ("transfer", "agreement", "payment", "ruling", "suspension", "termination", "cost"):
                subscribe(store, "type", fact_type, webhook_url=server.url("/hook"), secret="bench")
        seen_before: set = set()
        for k in range(kills):
            server.publish(n_items * (k + 1) // (kills + 1))
            gets, stored = server.feed_gets, _document_count(target)
            proc = start(target, "watch")
            end = time.monotonic() + 90
            while server.feed_gets == gets and time.monotonic() < end and proc.poll() is None:
                time.sleep(0.01)  # until this watcher is polling
            while _document_count(target) == stored and time.monotonic() < end and proc.poll() is None:
                time.sleep(0.02)  # and storing the items of its poll (past loading the extractor)
            delay = rng.uniform(0.0, window)
            time.sleep(delay)
            running = kill(proc)
            figures["kills"] += int(running)
            state = _watch_state(target, {i["link"] for i in items})
            note_recorded(state["recorded"])
            sending = state["statuses"].get("sending", 0)
            figures["mid_poll"] += int(state["held"] > 0)
            figures["mid_delivery"] += int(sending > 0)
            snap = snapshot(target)
            bad = problems(snap, seen_before, None)
            if state["twice"]:
                bad.append(f"{len(state['twice'])} items stored twice")
            if resent_after_record():
                bad.append(f"deliveries recorded delivered sent again: {resent_after_record()}")
            seen_before = snap["ids"]
            figures["problems"] += [f"watch kill {k + 1}: {p}" for p in bad]
            log(f"watch kill {k + 1:2d}/{kills}: {delay:4.2f} s after its first stored item ({'running' if running else 'had exited'}); "
                f"{len(state['stored'])}/{server.visible} published items stored, sources held {state['held']}, "
                f"deliveries {dict(state['statuses'])}; integrity {snap['integrity'][:20]}; "
                f"{'OK' if not bad else 'PROBLEMS: ' + '; '.join(bad)}")
        server.publish(n_items)
        links = {i["link"] for i in items}
        proc = start(target, "watch")
        end = time.monotonic() + settle
        state = _watch_state(target, links)
        while time.monotonic() < end and proc.poll() is None:
            state = _watch_state(target, links)
            note_recorded(state["recorded"])
            if len(state["stored"]) == len(links) and set(state["statuses"]) <= {"delivered"} and state["statuses"]:
                break
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        code, out, err = finish(proc, timeout=60)
        state = _watch_state(target, links)
        snap = snapshot(target)
        with open_store(target, reference=False) as store:
            expected = {f"{d['alert_id']}-{d['subscription_id']}" for d in sql.list_deliveries(store.conn)}
        bad = problems(snap, seen_before, None)
        if len(state["stored"]) != len(links):
            bad.append(f"{len(links) - len(state['stored'])} items never stored")
        if state["twice"]:
            bad.append(f"{len(state['twice'])} items stored twice")
        if set(state["statuses"]) != {"delivered"}:
            bad.append(f"deliveries not all delivered: {dict(state['statuses'])}")
        if set(server.posts) != expected:
            bad.append(f"receiver got {len(set(server.posts))} keys, {len(expected)} deliveries exist")
        if resent_after_record():
            bad.append(f"deliveries recorded delivered sent again: {resent_after_record()}")
        if code != 0:
            bad.append(f"last watcher exited {code}: {err[-300:]}")
        figures["problems"] += [f"watch end: {p}" for p in bad]
        figures.update(
            items=len(links), stored=len(state["stored"]), documents=snap["documents"], facts=snap["facts"],
            alerts=snap["alerts"], deliveries=len(expected), posts=sum(server.posts.values()),
            resent_in_flight=sum(n - 1 for n in server.posts.values() if n > 1),
            acked_resent=sum(server.acked_resent.values()), recorded_resent=sum(resent_after_record().values()),
            integrity=snap["integrity"],
        )
        log(f"watch end: {len(state['stored'])}/{len(links)} items stored once, {snap['alerts']} alerts, "
            f"{len(expected)} deliveries all delivered: {set(state['statuses']) == {'delivered'}}; "
            f"{figures['posts']} POSTs for {len(set(server.posts))} keys ({figures['resent_in_flight']} resends, same key, "
            f"of deliveries in flight at a kill, {figures['acked_resent']} of them already answered 2xx by the receiver; "
            f"{figures['recorded_resent']} of deliveries recorded delivered); {'OK' if not bad else 'PROBLEMS: ' + '; '.join(bad)}")
    finally:
        server.close()
    return figures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="sqlite", help="sqlite (temp files), postgresql (a server started here), or a postgresql:// URL")
    ap.add_argument("--cycles", type=int, default=20, help="ingest kills (one per chunk)")
    ap.add_argument("--limit", type=int, default=20000, help="firehose items")
    ap.add_argument("--topical", nargs="*", default=[str(SHARED / "dev" / "gold.jsonl"), str(SHARED / "train" / "gold.jsonl")])
    ap.add_argument("--watch-kills", type=int, default=10)
    ap.add_argument("--watch-items", type=int, default=600)
    ap.add_argument("--watch-feeds", type=int, default=4)
    ap.add_argument("--watch-window", type=float, default=5.0, help="kill within this many seconds of the first poll")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--only", choices=["ingest", "watch"])
    ap.add_argument("--kill-while-writing", action="store_true",
                    help=f"kill each ingest within {WRITE_WINDOW} s after its chunk's first commit (else at a random "
                         "moment of the run, mostly before anything is written)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))

    with tempfile.TemporaryDirectory(prefix="tcwatch-crash-") as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        server_url = None
        if args.db == "postgresql":
            server_url = stack.enter_context(postgres_server())
        elif args.db.startswith(("postgresql://", "postgres://")):
            server_url = args.db
        targets = Targets(workdir, server_url)
        print(f"database: {targets.kind}; seed {args.seed}")
        failures = []
        if args.only in (None, "ingest"):
            items = shared_input(args.limit, [Path(p) for p in args.topical], args.seed)
            whole, chunks = write_chunks(items, args.cycles, workdir)
            print(f"ingest: {len(items)} items ({args.limit} firehose + {len(items) - args.limit} topical) "
                  f"in {len(chunks)} chunks")
            fig = run_ingest_crash(targets, whole, chunks, args.seed, while_writing=args.kill_while_writing)
            ref, fin = fig["reference"], fig["final"]
            print(f"ingest summary: {fig['kills']} SIGKILLs ({fig['interrupted']} while running, {fig['mid_chunk']} "
                  f"with the chunk part-stored), {fig['checks']} checks; end: documents {fin['documents']}/{ref['documents']}, "
                  f"ids equal {fin['ids'] == ref['ids']}, facts {fin['facts']}/{ref['facts']}, events "
                  f"{fin['events']}/{ref['events']}, alerts {fin['alerts']}/{ref['alerts']}; integrity {fin['integrity']}; "
                  f"resume exit codes {dict(fig['resume_codes'])}; problems {len(fig['problems'])}")
            failures += fig["problems"]
        if args.only in (None, "watch"):
            fig = run_watch_crash(targets, args.watch_kills, args.watch_items, args.watch_feeds, args.watch_window,
                                  args.seed)
            print(f"watch summary: {fig['kills']} SIGKILLs ({fig['mid_poll']} holding a poll lease, "
                  f"{fig['mid_delivery']} with a delivery in flight); items {fig['stored']}/{fig['items']} stored once; "
                  f"alerts {fig['alerts']}, deliveries {fig['deliveries']} all delivered, {fig['posts']} POSTs "
                  f"({fig['acked_resent']} resends of ones the receiver had answered but the killed watcher not yet "
                  f"recorded, same key; {fig['recorded_resent']} of recorded ones); problems {len(fig['problems'])}")
            failures += fig["problems"]
        for p in failures:
            print("PROBLEM:", p)
        print("result:", "OK" if not failures else f"{len(failures)} problems")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
