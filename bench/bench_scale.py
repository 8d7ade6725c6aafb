"""Benchmark: a year of news through the bulk ingest path, and a distributed backfill.

Run on demand (never as a test):

    .venv/bin/python bench/bench_scale.py [--items 1500000] [--db URL | --pg-temp] [--chunk 100000]
    .venv/bin/python bench/bench_scale.py --backfill --items 20000 [--workers 1,2] [--pg-temp]
    .venv/bin/python bench/bench_scale.py --facts 1000000 [--json]      (bench/bench_scale_pages.py)

The year of news is generated on the fly (nothing is written into the repository):
``--items`` news items made from ../shared/data/firehose-20k.jsonl, plus 1% topical
items from the dev and train gold texts; each copy has its own id and url, a date
spread over 2025, and a sentence of its own so that its content hash differs
(copies of one topical text are near-duplicates of each other, as syndicated
copies are). The items go as JSON lines through the real JSONL reader.

Default mode, each stage in its own process (so each peak RSS is its own):
- baseline: generate the same lines, parse each and split its text into words (the floor);
- ingest: reader + ``ingest_documents(batch_size=500)`` into a new database (SQLite
  file in a temp folder, ``--db postgresql://...`` for an empty PostgreSQL
  database, or ``--pg-temp`` to start a throwaway PostgreSQL server as the tests do).
It prints items/s for each chunk (the rate should not fall as the database grows),
the whole time, peak RSS and the database size.

``--backfill``: the same items written to a JSON Lines file in a temp folder (not timed), then
``tcwatch.backfill.backfill_paths`` on a dask LocalCluster with 1 and then 2 worker processes
(``--workers``) into new SQLite databases (``--pg-temp``: new databases on a throwaway
PostgreSQL server). The workers read their partitions (byte ranges) themselves;
``--client-reads`` has the client read and ship the documents instead. It prints the speed-up
of 2 over 1 measured in the same run, the rate per worker, and where the CPU went: the client
(the writer's share of it, the rest being dask's threads and the LocalCluster's scheduler),
the database server's process for the writer's connection, the workers (and their tasks'
busy time: read, hashes, prepare); the sum per item bounds what 2 cores can do. The machine
has 2 cores shared with other work: figures are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from glob import glob
from pathlib import Path
from pgtemp import TempPostgres  # noqa: E402  (bench/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
YEAR_START = date(2025, 1, 1)


# -- the year of news ---------------------------------------------------------
def _load(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            out.append({k: item.get(k) for k in ("title", "text", "source", "url")})
    return out


def year_of_news(n: int):
    """``n`` JSON lines (bytes): firehose copies and every 100th a topical copy."""
    firehose = _load(SHARED / "firehose-20k.jsonl")
    topical = _load(SHARED / "dev" / "gold.jsonl") + _load(SHARED / "train" / "gold.jsonl")
    for i in range(n):
        if i % 100 == 99:
            base = topical[(i // 100) % len(topical)]
        else:
            base = firehose[(i - i // 100) % len(firehose)]
        day = YEAR_START + timedelta(days=i * 365 // n)
        item = {
            "id": f"y{i:08d}",
            "date": day.isoformat(),
            "title": base["title"] or "",
            "source": base["source"] or "bench",
            "url": f"https://archive.example/{day.isoformat()}/{i}",
            "text": f"{base['text']}\nArchive item {i} of the year, filed on {day.isoformat()}.",
        }
        yield json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n"


def documents(n: int):
    from tcwatch.sources import ReadOptions
    from tcwatch.sources.records import jsonl_items

    return jsonl_items(year_of_news(n), "year.jsonl", ReadOptions())


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process so far (user + system): a rate per CPU-second does not
    depend on what else the shared machine runs, a rate per wall second does."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def db_size(target: str) -> int:
    if target.startswith("postgresql"):
        from tcwatch.store import connect

        conn = connect(target)
        try:
            return int(conn.scalar("SELECT pg_database_size(current_database())"))
        finally:
            conn.close()
    return sum(os.path.getsize(p) for p in glob(target + "*") if os.path.isfile(p))


# -- stages (each in its own process) ------------------------------------------
def stage_baseline(n: int, chunk: int) -> dict:
    t0 = time.perf_counter()
    words = 0
    for line in year_of_news(n):
        words += len(json.loads(line)["text"].split())
    return {"items": n, "seconds": time.perf_counter() - t0, "peak_mib": peak_mib()}


def stage_ingest(n: int, chunk: int, target: str, batch: int) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from tcwatch.ingest import ingest_documents
    from tcwatch.store import open_store

    chunks, cpu_chunks = [], []
    state = {"n": 0, "t": None, "cpu": None}

    def tick(item):
        state["n"] += 1
        if state["n"] % chunk == 0:
            now, cpu = time.perf_counter(), cpu_seconds()
            chunks.append(chunk / (now - state["t"]))
            cpu_chunks.append(chunk / max(cpu - state["cpu"], 1e-9))
            state["t"], state["cpu"] = now, cpu
            print(json.dumps({"chunk": len(chunks), "items": state["n"], "items_per_s": round(chunks[-1], 1),
                              "items_per_cpu_s": round(cpu_chunks[-1], 1), "peak_mib": round(peak_mib())}),
                  file=sys.stderr, flush=True)

    with open_store(target) as store:
        import tcwatch.analysis.dedup  # noqa: F401  (start-up, not the pipeline)
        import tcwatch.extract  # noqa: F401

        t0 = state["t"] = time.perf_counter()
        c0 = state["cpu"] = cpu_seconds()
        report = ingest_documents(store, documents(n), progress=tick, batch_size=batch)
        seconds = time.perf_counter() - t0
        cpu = cpu_seconds() - c0
        facts = int(store.conn.scalar("SELECT count(*) FROM facts"))
    return {"items": report.read, "stored": report.stored, "relevant": report.relevant, "facts": report.facts,
            "near_duplicates": report.near_duplicates, "rejected": len(report.rejected), "facts_in_db": facts,
            "seconds": seconds, "cpu_seconds": cpu, "chunks": chunks, "cpu_chunks": cpu_chunks,
            "peak_mib": peak_mib(), "db_bytes": db_size(target)}


def stage_backfill(n: int, target: str, workers: int, partition: int, reads: str = "workers") -> dict:
    """One backfill of ``n`` items from a JSON Lines file (written first, not timed), read by the workers
    (``reads`` = ``workers``: byte ranges) or by this process (``client``: documents shipped)."""
    sys.path.insert(0, str(REPO / "src"))
    from dask.distributed import Client, LocalCluster, get_task_stream

    import tcwatch.ingest
    from tcwatch.backfill import backfill_paths
    from tcwatch.store import open_store

    folder = tempfile.mkdtemp(prefix="tcwatch-bench-archive-")
    path = Path(folder) / "year.jsonl"
    with path.open("wb") as fh:
        for line in year_of_news(n):
            fh.write(line)
    writer = {"cpu": 0.0}
    add_batch = tcwatch.ingest.Ingestor.add_batch

    def timed_add_batch(self, *args, **kwargs):  # the writer's share of this process's CPU
        c = time.thread_time()
        try:
            return add_batch(self, *args, **kwargs)
        finally:
            writer["cpu"] += time.thread_time() - c

    tcwatch.ingest.Ingestor.add_batch = timed_add_batch
    try:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                          host="127.0.0.1") as cluster, Client(cluster) as client:
            client.run(_warm)  # load the extractor (and its models) in every worker before timing
            with open_store(target) as store, get_task_stream(client) as stream:
                backend = _backend_cpu(store)
                w0, b0 = client.run(cpu_seconds), backend()
                t0, c0, m0 = time.perf_counter(), cpu_seconds(), time.thread_time()
                report = backfill_paths(store, [str(path)], client, partition_size=partition,
                                        read_in_workers=reads == "workers")
                seconds, cpu, main_cpu = time.perf_counter() - t0, cpu_seconds() - c0, time.thread_time() - m0
                w1, b1 = client.run(cpu_seconds), backend()
            busy: dict[str, float] = {}
            for task in stream.data:
                for s in task["startstops"]:
                    if s["action"] == "compute":
                        name = task["key"].split("-")[1] if task["key"].startswith("tcwatch-") else "other"
                        busy[name] = busy.get(name, 0.0) + s["stop"] - s["start"]
    finally:
        tcwatch.ingest.Ingestor.add_batch = add_batch
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return {"items": report.read, "stored": report.stored, "facts": report.facts, "seconds": seconds,
            "client_cpu": cpu, "client_main_cpu": main_cpu, "writer_cpu": writer["cpu"],
            "worker_cpu": sum(w1[a] - w0[a] for a in w1 if a in w0), "db_server_cpu": b1 - b0 if b0 is not None else None,
            "worker_busy": sum(busy.values()), "busy": busy, "peak_mib": peak_mib(), "workers": workers,
            "reads": reads, "input_mib": path_size_mib(n)}


def path_size_mib(n: int) -> float:
    return round(sum(len(line) for line in year_of_news(min(n, 2000))) * (n / min(n, 2000)) / 2**20, 1)


def _backend_cpu(store):
    """A function giving the CPU seconds of this connection's PostgreSQL server process so far (None on SQLite)."""
    if store.dialect != "postgresql":
        return lambda: None
    import psutil

    proc = psutil.Process(int(store.conn.scalar("SELECT pg_backend_pid()")))

    def read() -> float:
        t = proc.cpu_times()
        return t.user + t.system

    return read


def _warm() -> None:
    from tcwatch.ingest import prepare
    from tcwatch.model import Document

    prepare(Document(id="warm", date="2025-01-02", text="Britain sent 12 asylum seekers to Rwanda on Monday "
                     "under the deal, the Home Office said."))


def run_stage(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--stage", *args], capture_output=False, text=True,
                          stdout=subprocess.PIPE, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- reports ------------------------------------------------------------------------
def year_report(args) -> None:
    chunk = args.chunk or min(100_000, max(1000, args.items // 10))
    print(f"machine: {os.cpu_count()} cores (shared); {args.items} items, chunks of {chunk}, "
          f"batches of {args.batch} documents per transaction\n")
    base = run_stage("baseline", str(args.items), str(chunk))
    base_rate = base["items"] / base["seconds"]
    print(f"baseline (generate + parse + split): {base['items']} items in {base['seconds']:.1f} s = "
          f"{base_rate:,.0f} items/s, peak RSS {base['peak_mib']:.0f} MiB")
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg_temp:
            with TempPostgres("--pg-temp", "tcwatch-bench-pg-") as url:
                r = run_stage("ingest", str(args.items), str(chunk), url, str(args.batch))
                where = "PostgreSQL (temporary server, fsync on)"
        else:
            target = args.db or str(Path(tmp) / "year.db")
            r = run_stage("ingest", str(args.items), str(chunk), target, str(args.batch))
            where = "PostgreSQL" if target.startswith("postgresql") else "SQLite (WAL)"
    rate = r["items"] / r["seconds"]
    print(f"ingest into {where}: {r['items']} items in {r['seconds']:.1f} s ({r['seconds'] / 60:.1f} min) = "
          f"{rate:,.0f} items/s ({base_rate / rate:.0f}x the baseline)")
    print(f"  stored {r['stored']}, relevant {r['relevant']}, near-duplicates {r['near_duplicates']}, "
          f"facts {r['facts']}, rejected {r['rejected']}")
    print(f"  CPU of the ingest process: {r['cpu_seconds']:.0f} s = {r['items'] / r['cpu_seconds']:,.0f} items per "
          f"CPU-second (wall rate / CPU rate = {rate / (r['items'] / r['cpu_seconds']):.2f}: the share of a core it got"
          + (", plus the PostgreSQL server's own CPU)" if "PostgreSQL" in where else ")"))
    print("  items/s per chunk (wall): " + ", ".join(f"{c:,.0f}" for c in r["chunks"]))
    print("  items per CPU-second per chunk: " + ", ".join(f"{c:,.0f}" for c in r["cpu_chunks"]))
    if len(r["chunks"]) >= 3:
        print(f"  last chunk / second chunk (the first loads the models): wall {r['chunks'][-1] / r['chunks'][1]:.2f}, "
              f"CPU {r['cpu_chunks'][-1] / r['cpu_chunks'][1]:.2f}")
    print(f"  peak RSS {r['peak_mib']:.0f} MiB; database {r['db_bytes'] / 2**20:,.0f} MiB")
    year = 1_500_000 / rate
    print(f"  at this rate 1.5M items (a year) take {year / 60:.1f} min (goal: under 30 min); on a whole core "
          f"{1_500_000 / (r['items'] / r['cpu_seconds']) / 60:.1f} min")
    print(f"  load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores, shared: noisy figures)")


def _new_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def backfill_report(args) -> None:
    counts = [int(w) for w in args.workers.split(",")]
    where = "PostgreSQL (temporary server, fsync on)" if args.pg_temp else "SQLite (WAL)"
    print(f"machine: {os.cpu_count()} cores (shared); {args.items} items, partitions of {args.partition}; "
          f"LocalCluster worker processes, one thread each; the writer in the client, into {where}\n")
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg_temp:
            with TempPostgres("--pg-temp", "tcwatch-bench-pg-") as url:
                _backfill_runs(args, counts, lambda name: _new_database(url, f"backfill_{name}"), where)
        else:
            _backfill_runs(args, counts, lambda name: str(Path(tmp) / f"backfill-{name}.db"), where)


def _backfill_runs(args, counts: list[int], target_for, where: str) -> None:
    """Each worker count ``args.repeat`` times, interleaved (1, 2, 1, 2, ...), each into a new database;
    speed-ups are of runs in the same round, so a burst of other load on the shared machine hits
    one round, not one worker count."""
    rates: dict[int, list[float]] = {w: [] for w in counts}
    extract_rate: dict[int, list[float]] = {w: [] for w in counts}
    writer_rate: dict[int, list[float]] = {w: [] for w in counts}
    cpu_per_item: dict[int, list[float]] = {w: [] for w in counts}
    reads = "client" if args.client_reads else "workers"
    print(f"input read by the {'client (documents shipped to the workers)' if args.client_reads else 'workers (the client sends byte ranges)'}")
    for round_ in range(args.repeat):
        for w in counts:
            target = target_for(f"{w}_{round_}")
            r = run_stage("backfill", str(args.items), target, str(w), str(args.partition), reads)
            n = r["items"]
            rate = n / r["seconds"]
            rates[w].append(rate)
            extract_rate[w].append(n / max(r["worker_busy"], 1e-9))
            writer_rate[w].append(n / max(r["client_cpu"] + (r["db_server_cpu"] or 0), 1e-9))
            total_cpu = r["client_cpu"] + r["worker_cpu"] + (r["db_server_cpu"] or 0)
            cpu_per_item[w].append(total_cpu / n)
            busy = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(r["busy"].items()))
            print(f"{w} worker(s): {n} items ({r['input_mib']:.0f} MiB) in {r['seconds']:.1f} s = {rate:,.0f} items/s "
                  f"({rate / w:,.0f} per worker); facts {r['facts']}; load average {os.getloadavg()[0]:.1f}", flush=True)
            db = f", database server {r['db_server_cpu']:.1f} s" if r["db_server_cpu"] is not None else ""
            print(f"   CPU: client {r['client_cpu']:.1f} s (writer {r['writer_cpu']:.1f} s, main thread "
                  f"{r['client_main_cpu']:.1f} s, the rest dask's threads){db}, workers {r['worker_cpu']:.1f} s "
                  f"(tasks: {busy}); all {total_cpu:.1f} s = {total_cpu / n * 1e6:,.0f} us per item, "
                  f"so 2 cores cannot go past {2 * n / total_cpu:,.0f} items/s; client peak RSS {r['peak_mib']:.0f} MiB",
                  flush=True)
    if 1 in rates and 2 in rates:
        ups = [two / one for one, two in zip(rates[1], rates[2])]
        print(f"\nspeed-up of 2 workers over 1 (same run{', each round' if len(ups) > 1 else ''}): "
              + ", ".join(f"{u:.2f}x" for u in ups)
              + (f"; median {statistics.median(ups):.2f}x" if len(ups) > 1 else "")
              + " (on 2 shared cores the client, which writes, and the database server need CPU too)")
    for w in counts:
        med = statistics.median(rates[w])
        print(f"{w} worker(s), median of {len(rates[w])}: {med:,.0f} items/s = {med / w:,.0f} items/s per worker; "
              f"{statistics.median(cpu_per_item[w]) * 1e6:,.0f} us of CPU per item in all")
    per_worker = min(statistics.median(v) for v in extract_rate.values())
    writer = min(statistics.median(v) for v in writer_rate.values())
    print(f"per-worker rate (the lower; items per second a worker spends in tasks): {per_worker:,.0f} items/s; 50M "
          f"items are {50e6 / per_worker / 3600:.1f} worker-hours. The one writer (client + database server CPU) "
          f"does {writer:,.0f} items per CPU-second, {50e6 / writer / 3600:.1f} h for 50M items "
          f"({where.split(' ')[0]} here), so about {max(writer / per_worker, 1):.1f} worker(s) keep it busy; "
          f"more workers do not go faster than it.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_500_000, help="news items (default 1,500,000: a year)")
    parser.add_argument("--chunk", type=int, default=0, help="items per reported chunk (default 100,000, less for small runs)")
    parser.add_argument("--batch", type=int, default=500, help="documents per transaction (default 500)")
    parser.add_argument("--db", help="an empty PostgreSQL database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--pg-temp", action="store_true", help="start a throwaway PostgreSQL server and use it")
    parser.add_argument("--backfill", action="store_true", help="time a dask backfill on 1 and 2 workers")
    parser.add_argument("--workers", default="1,2", help="worker counts for --backfill (default 1,2)")
    parser.add_argument("--repeat", type=int, default=1, help="with --backfill: rounds of the worker counts (default 1)")
    parser.add_argument("--client-reads", action="store_true",
                        help="with --backfill: the client reads the input and ships documents (the old way)")
    parser.add_argument("--partition", type=int, default=500, help="documents per backfill partition (default 500)")
    parser.add_argument("--facts", type=int, help="fill N facts and time the pages (bench/bench_scale_pages.py)")
    parser.add_argument("--json", action="store_true", help="with --facts: print JSON")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.stage:
        name, *values = args.stage
        if name == "baseline":
            result = stage_baseline(int(values[0]), int(values[1]))
        elif name == "ingest":
            result = stage_ingest(int(values[0]), int(values[1]), values[2], int(values[3]))
        else:
            result = stage_backfill(int(values[0]), values[1], int(values[2]), int(values[3]), *values[4:])
        print(json.dumps(result))
        return
    if args.facts is not None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        try:
            import bench_scale_pages
        except ModuleNotFoundError:
            raise SystemExit("--facts: bench/bench_scale_pages.py is not there yet")
        argv = (["--facts", str(args.facts)] + (["--json"] if args.json else []) + (["--pg-temp"] if args.pg_temp else [])
                + rest)
        bench_scale_pages.main(argv + (["--db", args.db] if args.db else []))
        return
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if not SHARED.is_dir():
        raise SystemExit("needs ../shared/data (the firehose and gold files)")
    if args.backfill:
        backfill_report(args)
    else:
        year_report(args)


if __name__ == "__main__":
    main()
