"""Benchmark: the real server under mixed reads while a bulk ingest writes to the same database.

Run on demand (never as a test), loopback only, bounded in time:

    .venv/bin/python bench/bench_load.py [--seconds 300] [--concurrency 24]
    .venv/bin/python bench/bench_load.py --postgres            # a throwaway PostgreSQL server
    .venv/bin/python bench/bench_load.py --db postgresql://user@127.0.0.1:5432/db

What it does:
1. builds a database (a SQLite file in a temp folder, or PostgreSQL) with the bundled
   reference data and ``--seed`` ingested documents (firehose and topical items from
   ../shared/data, written to the temp folder);
2. starts ``tcwatch serve`` in a subprocess (uvicorn; ``--workers N`` processes) on 127.0.0.1;
3. for ``--seconds``, drives mixed reads (dashboard pages, corridor and fact queries
   with filters, search, exports) with a minimal asyncio HTTP/1.1 keep-alive client (status,
   body and timeout checked on every answer) at bounded concurrency,
   while ``tcwatch ingest`` subprocesses write new documents to the same database
   (one after the other, each over a fresh slice of firehose + topical items; ``--nice-ingest 10``
   runs them below the server, as a batch job next to a public server would run) and
   ``--reviews`` reviews a second are POSTed over HTTP (a second writer); a
   reads-only baseline of ``--baseline`` seconds comes first, for the ratio;
4. prints the requests/s achieved, the errors (5xx, timeouts, connection errors,
   "database is locked" in a body or in the server's log), and p50/p95/p99 per route,
   with the documents the ingest stored meanwhile.

The machine this runs on is shared (2 cores for the server, the ingest, the client and
anyone else): figures are noisy, and the client's own CPU counts against the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import json as _json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
from pgtemp import TempPostgres  # noqa: E402  (bench/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
TOKEN = "bench-load-token"
TCWATCH = [sys.executable, "-c", "from tcwatch.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- inputs -----------------------------------------------------------------------
def _firehose() -> list[str]:
    path = SHARED / "firehose-20k.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing (the benchmark reads ../shared/data)")
    return path.read_text(encoding="utf-8").splitlines()


def _topical() -> list[dict]:
    items = []
    for name in ("dev", "train"):
        path = SHARED / name / "gold.jsonl"
        if path.exists():
            for line in path.open(encoding="utf-8"):
                item = json.loads(line)
                item.pop("facts", None)
                item.pop("relevant", None)
                items.append(item)
    return items


class Inputs:
    """Slices of new documents: firehose lines in order, topical items copied with a round counter."""

    def __init__(self, workdir: Path, seed: int):
        self.workdir = workdir
        self.fire = _firehose()
        self.topical = _topical()
        self.rng = random.Random(seed)
        self.fire_at = 0
        self.round = 0

    def slice(self, n_fire: int, n_topical: int) -> Path:
        self.round += 1
        path = self.workdir / f"slice-{self.round:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for _ in range(n_fire):
                line = self.fire[self.fire_at % len(self.fire)]
                if self.fire_at >= len(self.fire):  # a second pass: a new document each time
                    try:
                        item = json.loads(line)
                    except ValueError:  # the firehose holds malformed lines on purpose: rejected again
                        item = None
                    if isinstance(item, dict):
                        item["id"] = f"{item.get('id', 'f')}-r{self.round}"
                        item["text"] = str(item.get("text", "")) + f"\n(r{self.round})"
                        item.pop("url", None)
                        line = json.dumps(item)
                out.write(line + "\n")
                self.fire_at += 1
            for i in range(n_topical):
                item = dict(self.topical[self.rng.randrange(len(self.topical))])
                item["id"] = f"{item['id']}-load{self.round}-{i}"
                item["text"] = item["text"] + f"\n(load {self.round}.{i})"
                item.pop("url", None)
                out.write(json.dumps(item) + "\n")
        return path


# -- the server and the writer -------------------------------------------------------
#: niceness of the ingest runs (--nice-ingest): a batch job next to a server that answers people
INGEST_NICE = 0


def ingest(target: str, path: Path, log) -> subprocess.Popen:
    nice = INGEST_NICE
    return subprocess.Popen([*TCWATCH, "ingest", str(path), "--db", target], stdout=subprocess.DEVNULL,
                            stderr=log, env={**os.environ, "TCWATCH_CONFIG": os.devnull},
                            preexec_fn=(lambda: os.nice(nice)) if nice else None)


def start_server(target: str, port: int, log, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "TCWATCH_CONFIG": os.devnull, "TCWATCH_WRITE_RATE": "0"}
    proc = subprocess.Popen([*TCWATCH, "serve", "--db", target, "--port", str(port), "--token", TOKEN,
                             "--workers", str(workers)], stdout=log, stderr=log, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}); see its log")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/corridors", timeout=2, trust_env=False).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 60 s")


def count_documents(base: str) -> int:
    """The server's document total, or -1 when it cannot say within 120 s (the figures of the
    run are printed all the same: a slow count after the load must not lose them)."""
    try:
        return httpx.get(f"{base}/api/documents?limit=1", timeout=120, trust_env=False).json().get("total", -1)
    except httpx.HTTPError as exc:
        print(f"  (document count unavailable: {type(exc).__name__})")
        return -1


class Writer:
    """``tcwatch ingest`` runs, one after the other, each over a new slice, until stopped."""

    def __init__(self, target: str, inputs: Inputs, log, n_fire: int, n_topical: int):
        self.target, self.inputs, self.log = target, inputs, log
        self.n_fire, self.n_topical = n_fire, n_topical
        self.proc: subprocess.Popen | None = None
        self.runs: list[int] = []  # exit codes
        self.items = 0

    def tick(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            self.runs.append(self.proc.returncode)
            self.proc = None
        if self.proc is None:
            self.proc = ingest(self.target, self.inputs.slice(self.n_fire, self.n_topical), self.log)
            self.items += self.n_fire + self.n_topical

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.runs.append(self.proc.returncode)


# -- a minimal HTTP/1.1 keep-alive client ------------------------------------------
class HTTPError(Exception):
    """A transport failure: the connection refused, reset or closed mid-answer, or a malformed answer."""


class Response:
    __slots__ = ("status_code", "content")

    def __init__(self, status_code: int, content: bytes):
        self.status_code, self.content = status_code, content


class Client:
    """GET and POST over persistent loopback connections, one request at a time per connection.

    httpx costs ~2 ms of CPU a request, which on 2 shared cores is taken from the server being
    measured; this costs a tenth of that. It still reads every answer whole (Content-Length or
    chunked), so status codes, bodies and timeouts are checked as before; a connection that failed
    or timed out is dropped and a new one opened for the next request."""

    def __init__(self, host: str, port: int, size: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self._idle: list = []
        self._slots = asyncio.Semaphore(size)

    async def get(self, path: str, headers: dict | None = None) -> Response:
        return await self.request("GET", path, headers)

    async def post(self, path: str, headers: dict | None = None, json: object = None) -> Response:
        body = _json.dumps(json).encode() if json is not None else b""
        return await self.request("POST", path, {**(headers or {}), "Content-Type": "application/json"}, body)

    async def request(self, method: str, path: str, headers: dict | None = None, body: bytes = b"") -> Response:
        async with self._slots:
            conn = self._idle.pop() if self._idle else None
            try:
                if conn is None:
                    conn = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
                response, keep = await asyncio.wait_for(self._exchange(conn, method, path, headers, body),
                                                        self.timeout)
            except asyncio.TimeoutError:
                _close(conn)
                raise
            except (OSError, asyncio.IncompleteReadError, ValueError, HTTPError) as exc:
                _close(conn)
                raise HTTPError(f"{type(exc).__name__}: {exc}") from exc
            except BaseException:
                _close(conn)
                raise
            if keep:
                self._idle.append(conn)
            else:
                _close(conn)
            return response

    async def _exchange(self, conn, method, path, headers, body) -> tuple[Response, bool]:
        reader, writer = conn
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise HTTPError(f"malformed status line {lines[0][:80]!r}")
        status = int(parts[1])
        fields = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                fields[name.strip().lower()] = value.strip()
        if "chunked" in fields.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                        pass
                    break
                chunks.append(await reader.readexactly(size))
                if await reader.readexactly(2) != b"\r\n":
                    raise HTTPError("malformed chunk")
            content = b"".join(chunks)
        elif "content-length" in fields:
            content = await reader.readexactly(int(fields["content-length"]))
        else:  # the answer ends with the connection
            content = await reader.read()
            return Response(status, content), False
        return Response(status, content), fields.get("connection", "").lower() != "close"

    async def aclose(self) -> None:
        while self._idle:
            _close(self._idle.pop())


def _close(conn) -> None:
    if conn is not None:
        try:
            conn[1].close()
        except Exception:
            pass


# -- the reads ---------------------------------------------------------------------
def fact_ids_of(base: str) -> list[int]:
    return [f["id"] for f in httpx.get(f"{base}/api/facts?limit=200", timeout=60, trust_env=False).json()["items"]]


def routes(base: str, rng: random.Random) -> list[tuple[str, int, callable]]:
    """(route name, weight, a function giving a URL) for the mix of reads."""
    get = lambda path: httpx.get(base + path, timeout=60, trust_env=False).json()  # noqa: E731
    corridors = [c["id"] for c in get("/api/corridors")["items"]] or ["GBR-RWA"]
    facts = [f["id"] for f in get("/api/facts?limit=200")["items"]] or [1]
    docs = [d["id"] for d in get("/api/documents?limit=200")["items"]]
    types = ["transfer", "agreement", "payment", "ruling", "criticism", "talks"]
    senders = sorted({c.split("-")[0] for c in corridors})
    words = ["Rwanda", "deportation", "flight", "court", "Albania", "agreement", "asylum", "Eswatini"]
    pick = rng.choice
    return [
        ("page /", 6, lambda: "/"),
        ("page /corridors/{id}", 10, lambda: f"/corridors/{pick(corridors)}"),
        ("page /documents/{id}", 6, lambda: f"/documents/{pick(docs)}" if docs else "/"),
        ("page /facts?type", 6, lambda: f"/facts?type={pick(types)}"),
        ("page /facts/{id}", 4, lambda: f"/facts/{pick(facts)}"),
        ("page /search", 5, lambda: f"/search?q={pick(words)}"),
        ("api corridors", 8, lambda: "/api/corridors"),
        ("api corridor as_of", 10, lambda: f"/api/corridors/{pick(corridors)}?as_of=2025-0{rng.randint(1, 9)}-01"),
        ("api facts filtered", 14, lambda: f"/api/facts?type={pick(types)}&sender={pick(senders)}&limit=50"),
        ("api facts since", 6, lambda: f"/api/facts?since=2024-0{rng.randint(1, 9)}&limit=100"),
        ("api fact", 6, lambda: f"/api/facts/{pick(facts)}"),
        ("api documents", 3, lambda: "/api/documents?limit=20"),
        ("api search", 8, lambda: f"/api/search?q={pick(words)}"),
        ("export facts.csv filtered", 3, lambda: f"/api/export/facts.csv?type={pick(types)}"),
        ("export facts.jsonl corridor", 2,
         lambda: "/api/export/facts.jsonl?sender={}&receiver={}".format(*pick(corridors).split("-"))),
        ("export corridors.geojson", 2, lambda: "/api/export/corridors.geojson"),
        ("atom alerts", 1, lambda: "/alerts.atom"),
    ]


REVIEW_ROUTE = "POST review (writer 2)"


class Results:
    def __init__(self):
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.when: dict[str, list[float]] = defaultdict(list)  # seconds into the run each request began
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.errors: Counter = Counter()
        self.examples: dict[str, str] = {}
        self.all_examples: list[str] = []
        self.wal_max = 0  # largest size of the SQLite write-ahead log seen

    def error(self, kind: str, route: str, detail: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, f"{route}: {detail[:200]}")
        self.all_examples.append(f"{kind} {route}: {detail[:200]}")


async def drive(base: str, mix, seconds: float, concurrency: int, timeout: float, writer: Writer,
                results: Results, rng: random.Random, reviews_per_s: float = 0.0, fact_ids=()) -> float:
    names = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    start = time.monotonic()
    deadline = start + seconds

    def answered(name: str, url: str, t0: float, response: Response) -> None:
        elapsed = time.perf_counter() - t0
        results.latency[name].append(elapsed)
        results.when[name].append(t0 - start_perf)
        results.status[name][response.status_code] += 1
        body = response.content
        if response.status_code >= 500:
            results.error("5xx", name, f"{url} {response.status_code} {body[:160]!r}")
        elif response.status_code >= 400:
            results.error("4xx", name, f"{url} {response.status_code} {body[:160]!r}")
        if b"database is locked" in body:
            results.error("database is locked", name, url)

    def failed(name: str, url: str, t0: float, exc: BaseException) -> None:
        if isinstance(exc, asyncio.TimeoutError):
            results.error("timeout", name, f"{url} after {time.perf_counter() - t0:.3f} s")
        else:
            results.error("connection", name, f"{url} {exc!r} after {time.perf_counter() - t0:.3f} s, "
                          f"at {time.monotonic() - start:.0f} s")

    start_perf = time.perf_counter()

    async def worker(client: Client):
        while time.monotonic() < deadline:
            name = rng.choices(names, weights)[0]
            url = makers[name]()
            t0 = time.perf_counter()
            try:
                response = await client.get(url)
            except (asyncio.TimeoutError, HTTPError) as exc:
                failed(name, url, t0, exc)
                continue
            answered(name, url, t0, response)

    async def ticker():
        while writer is not None and time.monotonic() < deadline:
            writer.tick()
            wal = Path(writer.target + "-wal")
            if wal.exists():
                results.wal_max = max(results.wal_max, wal.stat().st_size)
            await asyncio.sleep(0.5)

    async def reviewer(client: Client):
        """Reviews over HTTP: a second writer on the database, beside the ingest."""
        name = REVIEW_ROUTE
        auth = {"Authorization": f"Bearer {TOKEN}"}
        while reviews_per_s > 0 and fact_ids and time.monotonic() < deadline:
            await asyncio.sleep(1.0 / reviews_per_s)
            url = f"/api/facts/{rng.choice(fact_ids)}/review"
            t0 = time.perf_counter()
            try:
                response = await client.post(url, headers=auth, json={"action": "accept", "reviewer": "bench load"})
            except (asyncio.TimeoutError, HTTPError) as exc:
                failed(name, url, t0, exc)
                continue
            answered(name, url, t0, response)

    host, port = base.split("//", 1)[1].rsplit(":", 1)
    client = Client(host, int(port), concurrency + 1, timeout)
    try:
        await asyncio.gather(ticker(), reviewer(client), *(worker(client) for _ in range(concurrency)))
    finally:
        await client.aclose()
    return time.monotonic() - start


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, its waited-for children and its running descendants
    (the worker processes of ``serve --workers N``), from /proc."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stats[int(entry)] = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
    if pid not in stats:
        return float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, fields in stats.items():
            if int(fields[1]) == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = sum(int(x) for x in stats[pid][11:15])
    total += sum(int(x) for p in tree - {pid} for x in stats[p][11:13])  # running: their own time
    return total / tick


def print_table(mix, results: Results) -> None:
    """p50/p95/p99 per route over the run, and the p50 of its first and last fifth (a route whose
    cost grows with the database shows it there)."""
    ends = [w for values in results.when.values() for w in values]
    span = max(ends) if ends else 0.0
    print(f"{'route':30s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'p50 1st':>8s} {'p50 5th':>8s}"
          f"  status")
    for name in [m[0] for m in mix] + ([REVIEW_ROUTE] if REVIEW_ROUTE in results.latency else []):
        values = results.latency.get(name, [])
        when = results.when.get(name, [])
        first = [v for v, w in zip(values, when) if w < span / 5]
        last = [v for v, w in zip(values, when) if w >= span * 4 / 5]
        print(f"{name:30s} {len(values):6d} {pct(values, .5):8.1f} {pct(values, .95):8.1f} {pct(values, .99):8.1f}"
              f" {pct(first, .5):8.1f} {pct(last, .5):8.1f}  {dict(results.status.get(name, {}))}")
    everything = [v for values in results.latency.values() for v in values]
    print(f"{'all':30s} {len(everything):6d} {pct(everything, .5):8.1f} {pct(everything, .95):8.1f} "
          f"{pct(everything, .99):8.1f}")
    print("(p50 1st / 5th: in the first and the last fifth of the run)")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--concurrency", type=int, default=24)
    ap.add_argument("--timeout", type=float, default=10.0, help="per request; a slower answer is a timeout error")
    ap.add_argument("--db", help="postgresql://... (an empty database); default: a SQLite file in a temp folder")
    ap.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server")
    ap.add_argument("--seed", type=int, default=400, help="documents ingested before the server starts")
    ap.add_argument("--workers", type=int, default=1, help="server processes (tcwatch serve --workers)")
    ap.add_argument("--nice-ingest", type=int, default=0,
                    help="run the ingest at this niceness (10: below the server, as a batch job would run)")
    ap.add_argument("--slice-firehose", type=int, default=1500, help="firehose items per ingest run")
    ap.add_argument("--slice-topical", type=int, default=150, help="topical items per ingest run")
    ap.add_argument("--random-seed", type=int, default=9)
    ap.add_argument("--reviews", type=float, default=2.0,
                    help="reviews POSTed a second during the ingest (a second writer); 0 for reads only")
    ap.add_argument("--baseline", type=float, default=30,
                    help="seconds of the same reads with no ingest running first (the baseline); 0 skips it")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tcwatch-load-"))
    pg = TempPostgres("--postgres", "tcwatch-load-pg-") if args.postgres else None
    try:
        target = pg.__enter__() if pg else (args.db or str(workdir / "load.db"))
        kind = "PostgreSQL" if target.startswith("postgresql") else "SQLite"
        rng = random.Random(args.random_seed)
        inputs = Inputs(workdir, args.random_seed)
        with (workdir / "seed.log").open("w") as log:
            t0 = time.monotonic()
            code = ingest(target, inputs.slice(args.seed * 9 // 10, args.seed // 10), log).wait()
            print(f"seed: {args.seed} documents + the reference data into {kind} in {time.monotonic() - t0:.1f} s "
                  f"(exit {code})", flush=True)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = (workdir / "server.log").open("w+")
        ingest_log = (workdir / "ingest.log").open("w+")
        global INGEST_NICE
        INGEST_NICE = args.nice_ingest
        server = start_server(target, port, server_log, args.workers)
        writer = Writer(target, inputs, ingest_log, args.slice_firehose, args.slice_topical)
        results = Results()
        try:
            mix = routes(base, rng)
            baseline = None
            if args.baseline > 0:
                baseline = Results()
                print(f"baseline: the same reads for {args.baseline:g} s with no ingest ...", flush=True)
                cpu0 = cpu_seconds(server.pid)
                b_elapsed = asyncio.run(drive(base, mix, args.baseline, args.concurrency, args.timeout, None,
                                              baseline, rng))
                b_cpu = cpu_seconds(server.pid) - cpu0
            docs_before = count_documents(base)
            cpu0, client0 = cpu_seconds(server.pid), time.process_time()
            print(f"driving {len(mix)} routes for {args.seconds:g} s at concurrency {args.concurrency} "
                  f"while `tcwatch ingest` writes and {args.reviews:g} reviews/s are POSTed ({kind}) ...", flush=True)
            elapsed = asyncio.run(drive(base, mix, args.seconds, args.concurrency, args.timeout, writer, results,
                                        rng, args.reviews, fact_ids_of(base)))
            server_cpu = cpu_seconds(server.pid) - cpu0
            client_cpu = time.process_time() - client0
            writer.stop()
            docs_after = count_documents(base)
        finally:
            writer.stop()
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        server_log.seek(0)
        ingest_log.seek(0)
        server_text, ingest_text = server_log.read(), ingest_log.read()
        if "database is locked" in server_text:
            results.error("database is locked", "server log", "in the server's log")
        if "Traceback" in server_text:
            results.error("server traceback", "server log", server_text[server_text.index("Traceback"):][:400])
        if "database is locked" in ingest_text:
            results.error("database is locked", "ingest", "in the ingest's log")
        if "Traceback" in ingest_text:
            results.error("ingest traceback", "ingest", ingest_text[ingest_text.index("Traceback"):][:400])

        total = sum(len(v) for v in results.latency.values())
        print()
        if baseline is not None:
            b_total = sum(len(v) for v in baseline.latency.values())
            b_errors = {k: v for k, v in baseline.errors.items() if k != "4xx"}
            print(f"BASELINE (reads only, no ingest): {b_total} requests in {b_elapsed:.0f} s -> "
                  f"{b_total / b_elapsed:.1f} requests/s, server CPU {b_cpu / b_elapsed:.2f} cores, "
                  f"errors {sum(b_errors.values())} {dict(b_errors) or ''}")
            print_table(mix, baseline)
            print()
        print(f"{kind}, {elapsed:.0f} s, concurrency {args.concurrency}, "
              f"{'one uvicorn process' if args.workers == 1 else f'{args.workers} uvicorn worker processes'}, "
              f"ingest at niceness {args.nice_ingest}, {os.cpu_count()} cores shared by server, ingest and client")
        rate = total / elapsed
        ratio = f" ({rate / (b_total / b_elapsed):.2f}x the baseline)" if baseline is not None and b_total else ""
        print(f"requests answered: {total}  ->  {rate:.1f} requests/s{ratio}")
        print(f"CPU: server {server_cpu / elapsed:.2f} cores, client {client_cpu / elapsed:.2f} cores, "
              f"ingest the rest (machine: {os.cpu_count()} cores)")
        print(f"ingest while reading: {len(writer.runs)} runs (exit codes {Counter(writer.runs)}), documents "
              f"{docs_before} -> {docs_after} (+{docs_after - docs_before}, "
              f"{(docs_after - docs_before) / elapsed:.1f}/s)")
        if kind == "SQLite":
            print(f"largest write-ahead log seen: {results.wal_max / 2**20:.1f} MiB")
        serious = {k: v for k, v in results.errors.items() if k != "4xx"}
        print(f"errors: {sum(serious.values())}  {dict(serious) or ''}  (4xx: {results.errors.get('4xx', 0)})")
        for kind_, example in results.examples.items():
            print(f"  e.g. {kind_}: {example}")
        if os.environ.get("BENCH_LOAD_ALL_ERRORS"):
            for line in results.all_examples:
                print("   ", line)
        print()
        print_table(mix, results)
        print(f"(logs in {workdir})")
    finally:
        if pg:
            pg.__exit__(None, None, None)


if __name__ == "__main__":
    main()
