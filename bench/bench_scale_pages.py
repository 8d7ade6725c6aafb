"""Pages and API reads on a database of N facts: p50 and p95 per route, over a real server.

    .venv/bin/python bench/bench_scale_pages.py --facts 1000000 [--json] [--requests 30] [--db PATH | --pg-temp]

Fills a SQLite database (``--pg-temp``: a throwaway PostgreSQL server) with the bundled reference
data, then N synthetic facts written with bulk ``executemany`` inserts: ``documents`` rows whose text is the
facts' sentences, ``events`` rows, facts pointing to both, and the full-text
index of documents and evidence). A tenth of the facts (at least 100,000 at
N = 1,000,000) are on GBR-RWA, the rest spread over 300 other corridors (each
between 0.03% and 0.6% of the rest: at most about 5,700 facts at N = 1,000,000);
each event is reported by 1 to 6 facts in different documents, the way several
outlets report one flight, ruling or payment.

It then starts ``tcwatch serve`` in a subprocess on 127.0.0.1 (a free port),
requests every route once to warm it (that first time is printed apart: it
includes building the per-corridor cache after the fill), then REQUESTS
times each, and prints p50/p95 in milliseconds, plus the time to the first
byte of ``/api/export/facts.csv``. Repeating one URL is served from the
caches (valid until the next write); so it also follows REQUESTS "earlier
facts" links of the corridor page and ``next`` links of the API, each a page
never rendered before. Then it stores one document with one fact on GBR-RWA (a transfer, the
corridor's largest type; then a ruling, a small one) and times the first request of the corridor's
page, its API detail and the corridor listing after each: the first read after a write, which
recomputes what the write changed (``--no-write`` skips it; the written rows are removed after).
Only loopback is used.

``--db PATH`` keeps the database (and reuses it when it already holds N
facts, so a second run measures without refilling). Figures are noisy: the
machine has 2 cores shared with other work.

``bench/bench_scale.py --facts N`` calls :func:`main` of this module.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROUTES = [
    "/corridors/GBR-RWA",
    "/api/corridors/GBR-RWA",
    "/api/corridors",
    "/",
    "/api/facts?sender=GBR&limit=50",
    "/api/search?q=Rwanda",
]
EXPORT = "/api/export/facts.csv"
GOAL_MS = 50.0

NAMES = {
    "GBR": "the United Kingdom", "RWA": "Rwanda", "USA": "the United States", "SLV": "El Salvador",
    "ITA": "Italy", "ALB": "Albania", "AUS": "Australia", "NRU": "Nauru", "DNK": "Denmark", "KEN": "Kenya",
    "DEU": "Germany", "NLD": "the Netherlands", "UGA": "Uganda", "SWE": "Sweden", "GRC": "Greece",
    "AUT": "Austria", "BEL": "Belgium", "ISR": "Israel", "SSD": "South Sudan", "SWZ": "Eswatini",
    "GHA": "Ghana", "CRI": "Costa Rica", "PAN": "Panama", "MEX": "Mexico", "GTM": "Guatemala",
    "HND": "Honduras", "PNG": "Papua New Guinea", "LBY": "Libya", "TUN": "Tunisia", "EGY": "Egypt",
    "MAR": "Morocco", "TUR": "Turkey", "SEN": "Senegal", "MRT": "Mauritania", "NER": "Niger",
    "ESP": "Spain", "FRA": "France", "POL": "Poland", "CZE": "Czechia", "IRL": "Ireland",
    "CHE": "Switzerland", "NOR": "Norway", "FIN": "Finland", "CAN": "Canada", "JPN": "Japan",
    "KOR": "South Korea", "MNG": "Mongolia", "KAZ": "Kazakhstan", "UZB": "Uzbekistan", "PAK": "Pakistan",
}
TYPES = [
    ("transfer", 30), ("talks", 10), ("agreement", 5), ("payment", 10), ("cost", 5), ("ruling", 8),
    ("criticism", 15), ("suspension", 2), ("termination", 1), ("legislation", 5), ("denial", 3),
    ("onward_removal", 2), ("compensation_demand", 1),
]
OTHER_CORRIDORS = 300
FACTS_PER_DOCUMENT = 8


def corridor_list(rng: random.Random) -> list[tuple[str, str]]:
    codes = sorted(NAMES)
    out: set[tuple[str, str]] = set()
    # GBR also sends elsewhere, so a sender filter matches more than one corridor
    for r in ("ALB", "KEN", "GHA", "UGA", "PAK"):
        out.add(("GBR", r))
    while len(out) < OTHER_CORRIDORS:
        s, r = rng.choice(codes), rng.choice(codes)
        if s != r and (s, r) != ("GBR", "RWA"):
            out.add((s, r))
    return sorted(out)


def _event(rng: random.Random, kinds: list[str], start: date, days: int) -> dict:
    kind = rng.choice(kinds)
    day = start + timedelta(days=rng.randrange(days))
    ev = {"type": kind, "date": day.isoformat(), "date_qualifier": "on", "people": None, "amount": None,
          "currency": None, "money_kind": None, "outcome": None, "actor": None}
    if rng.random() < 0.1:
        ev["date"] = ev["date"][:7]  # a month only
    if kind in ("transfer", "onward_removal"):
        ev["people"] = rng.choice([None, 1, 4, 7, 12, 30, 45])
        if kind == "transfer" and rng.random() < 0.08:
            ev["date_qualifier"], ev["people"] = "before", rng.randrange(50, 5000)
    elif kind in ("payment", "cost", "compensation_demand"):
        ev["amount"] = float(rng.choice([100_000, 2_500_000, 15_000_000, 120_000_000]) + rng.randrange(100) * 1000)
        ev["currency"] = rng.choice(["GBP", "USD", "EUR"])
        if kind == "payment":
            ev["money_kind"] = rng.choice([None, "paid", "committed"])
    elif kind == "ruling":
        ev["outcome"] = rng.choice(["blocked", "allowed", "unlawful", "lawful"])
        ev["actor"] = rng.choice(["the High Court", "the Supreme Court", "a federal judge"])
    elif kind == "legislation":
        ev["outcome"] = rng.choice(["passed", "amended", None])
    return ev


def _sentence(ev: dict, sender: str, receiver: str, n: int) -> str:
    s, r = NAMES[sender], NAMES[receiver]
    kind = ev["type"].replace("_", " ")
    extra = ""
    if ev["people"]:
        extra = f" involving {ev['people']} people"
    if ev["amount"]:
        extra = f" worth {ev['currency']} {ev['amount']:,.0f}"
    if ev["outcome"]:
        extra += f" ({ev['outcome']})"
    return f"Report {n}: a {kind} between {s} and {r}{extra} was noted on {ev['date']}."


def fill(path: str, n_facts: int, seed: int = 11, log=print) -> dict:
    """Write the reference data and ``n_facts`` synthetic facts into a new SQLite database."""
    from tcwatch.store import open_store

    rng = random.Random(seed)
    kinds = [t for t, w in TYPES for _ in range(w)]
    main_n = n_facts // 10  # 100,000 at N = 1,000,000
    corridors = corridor_list(rng)
    weights = [rng.uniform(1, 20) for _ in corridors]  # no other corridor near GBR-RWA's size
    total_w = sum(weights)
    quota = [("GBR", "RWA", main_n)]
    rest = n_facts - main_n
    shares = [int(rest * w / total_w) for w in weights]
    shares[0] += rest - sum(shares)
    quota += [(s, r, q) for (s, r), q in zip(corridors, shares) if q > 0]
    start_day, days = date(2022, 1, 1), 4 * 365
    t0 = time.perf_counter()
    with open_store(path) as store:  # reference data included, as a real install has
        conn = store.conn
        next_event = int(conn.scalar("SELECT coalesce(max(id), 0) FROM events")) + 1
        next_fact = int(conn.scalar("SELECT coalesce(max(id), 0) FROM facts")) + 1
        now = "2026-01-01T00:00:00+00:00"
        n_docs = 0
        made = 0
        for sender, receiver, q in quota:
            facts = []  # (event dict, event id)
            events = []
            while len(facts) < q:
                ev = _event(rng, kinds, start_day, days)
                eid = next_event
                next_event += 1
                events.append((eid, ev["type"], sender, receiver, now))
                for _ in range(min(rng.randint(1, 6), q - len(facts))):
                    facts.append((ev, eid))
            # documents: runs of facts in date order, published a few days after their latest fact
            facts.sort(key=lambda fe: fe[0]["date"])
            doc_rows, fact_rows, index_rows = [], [], []
            for i in range(0, len(facts), FACTS_PER_DOCUMENT):
                chunk = facts[i : i + FACTS_PER_DOCUMENT]
                n_docs += 1
                doc_id = f"bench-{n_docs}"
                last = max(ev["date"] for ev, _ in chunk)
                published = (date.fromisoformat(last if len(last) == 10 else last + "-28")
                             + timedelta(days=rng.randrange(4))).isoformat()
                sentences, offset = [], 0
                for ev, eid in chunk:
                    sentence = _sentence(ev, sender, receiver, next_fact)
                    fact_rows.append((
                        next_fact, doc_id, "extracted", ev["type"], sender, receiver, ev["date"],
                        ev["date_qualifier"], ev["people"], "exact", json.dumps([]), ev["amount"], ev["currency"],
                        "exact", ev["actor"], ev["outcome"], sentence, offset, offset + len(sentence),
                        "bench", None, "[]", 0, None, ev["money_kind"], 0, published, eid, None, now,
                    ))
                    index_rows.append(("fact", str(next_fact), ev["type"], sentence))
                    sentences.append(sentence)
                    offset += len(sentence) + 1
                    next_fact += 1
                text = " ".join(sentences)
                title = f"{NAMES[sender]} and {NAMES[receiver]}: report {n_docs}"
                doc_rows.append((doc_id, f"h{n_docs:012d}", published, title, text,
                                 f"https://example.org/bench/{n_docs}", "Bench Wire", "bench", 1, None, "bench", now))
                index_rows.append(("document", doc_id, title, text))
            with conn.transaction():
                conn.executemany(
                    "INSERT INTO documents (id, hash, date, title, text, url, source, origin, relevant, duplicate_of, "
                    "extractor_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
                conn.executemany("INSERT INTO events (id, type, sender, receiver, created_at) VALUES (?, ?, ?, ?, ?)",
                                 events)
                conn.executemany(
                    "INSERT INTO facts (id, document_id, origin, type, sender, receiver, date, date_qualifier, people, "
                    "people_qualifier, nationalities, amount, currency, amount_qualifier, actor, outcome, evidence, "
                    "span_start, span_end, extractor_version, arrangement_id, source_urls, uncertain, note, money_kind, "
                    "per_person, published, event_id, review, created_at) VALUES "
                    "(" + ", ".join("?" * 30) + ")", fact_rows)
                conn.executemany("INSERT INTO search_index (kind, ref, title, body) VALUES (?, ?, ?, ?)", index_rows)
                conn.execute("UPDATE row_counts SET n = n + ? WHERE name = 'documents'", (len(doc_rows),))
            made += len(fact_rows)
            if made and (made // 100_000) != ((made - len(fact_rows)) // 100_000):
                log(f"  {made:,} facts written ({time.perf_counter() - t0:.0f} s)")
        if store.dialect == "postgresql":  # the ids were written explicitly: move the sequences past them
            for table in ("events", "facts"):
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.execute("ANALYZE")
    return {"facts": made, "gbr_rwa_facts": main_n, "documents": n_docs, "corridors": len(quota),
            "fill_s": round(time.perf_counter() - t0, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(db: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [str(Path(sys.executable).with_name("tcwatch"))]  # the venv's console script
    env = {**os.environ, "TCWATCH_TOKEN": ""}
    proc = subprocess.Popen(cmd + ["serve", "--host", "127.0.0.1", "--port", str(port), "--db", db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            httpx.get(base + "/openapi.json", timeout=2)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in 120 s")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(base: str, requests: int, timeout: float, log=print) -> dict:
    import httpx

    out = {"first_ms": {}, "p50_ms": {}, "p95_ms": {}, "max_ms": {}, "bytes": {}}
    with httpx.Client(base_url=base, timeout=timeout) as client:
        for route in ROUTES:
            start = time.perf_counter()
            r = client.get(route)
            out["first_ms"][route] = round((time.perf_counter() - start) * 1000, 1)
            r.raise_for_status()
            out["bytes"][route] = len(r.content)
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                r = client.get(route)
                r.read()
                times.append((time.perf_counter() - start) * 1000)
                r.raise_for_status()
            out["p50_ms"][route] = round(statistics.median(times), 1)
            out["p95_ms"][route] = round(pct(times, 0.95), 1)
            out["max_ms"][route] = round(max(times), 1)
            log(f"  {route:<34} first {out['first_ms'][route]:9.1f}  p50 {out['p50_ms'][route]:8.1f}  "
                f"p95 {out['p95_ms'][route]:8.1f} ms  ({out['bytes'][route]:,} bytes)")
        # pages never asked for before (each rendered, not served from the page cache): follow the
        # "earlier facts" link of the corridor page and the API's next link, REQUESTS times each
        import re

        out["uncached_pages_ms"] = {}
        for label, url, next_of in (
            ("/corridors/GBR-RWA?cursor=... (earlier pages)", "/corridors/GBR-RWA",
             lambda r: (m.group(1).replace("&amp;", "&") if (m := re.search(
                 r'<a href="([^"]+)#facts" id="earlier-facts"', r.text)) else None)),
            ("/api/corridors/GBR-RWA?order=desc&cursor=...", "/api/corridors/GBR-RWA?order=desc",
             lambda r: r.json().get("next")),
        ):
            r = client.get(url)
            times = []
            for _ in range(requests):
                url = next_of(r)
                if not url:
                    break
                start = time.perf_counter()
                r = client.get(url)
                r.read()
                times.append((time.perf_counter() - start) * 1000)
                r.raise_for_status()
            if times:
                out["uncached_pages_ms"][label] = {"p50": round(statistics.median(times), 1),
                                                   "p95": round(pct(times, 0.95), 1), "n": len(times)}
                log(f"  {label:<34} p50 {statistics.median(times):8.1f}  p95 {pct(times, 0.95):8.1f} ms  "
                    f"(n={len(times)})")
        ttfb = []
        for _ in range(requests):
            start = time.perf_counter()
            with client.stream("GET", EXPORT) as r:
                r.raise_for_status()
                next(r.iter_raw())
                ttfb.append((time.perf_counter() - start) * 1000)
        out["export_csv_ttfb_ms"] = {"p50": round(statistics.median(ttfb), 1), "p95": round(pct(ttfb, 0.95), 1)}
        log(f"  {EXPORT + ' (first byte)':<34} p50 {out['export_csv_ttfb_ms']['p50']:8.1f}  "
            f"p95 {out['export_csv_ttfb_ms']['p95']:8.1f} ms")
    return out


#: what the first reads after a write time: the pages a reader opens after news on the busy corridor
AFTER_WRITE_ROUTES = ["/corridors/GBR-RWA", "/api/corridors/GBR-RWA", "/api/corridors"]


def after_writes(db: str, base: str, timeout: float, log=print) -> dict:
    """Store one new document with one fact on GBR-RWA (a transfer: the corridor's largest type, then a
    ruling: a small one), the way ingest stores it, while the server runs; after each, time the first
    request of each of AFTER_WRITE_ROUTES (each recomputes what the write changed). The facts are
    marked ``bench-write`` and removed at the end, so the database can be reused."""
    import httpx

    from tcwatch.analysis.events import assign_event
    from tcwatch.model import Document, Extraction, Fact, Span
    from tcwatch.store import open_store

    out: dict = {}
    with open_store(db) as store, httpx.Client(base_url=base, timeout=timeout) as client:
        try:
            for kind, extra in (("transfer", {"people": 17}), ("ruling", {"outcome": "blocked", "actor": "the High Court"})):
                n = int(store.conn.scalar("SELECT count(*) FROM facts WHERE sender = 'GBR' AND receiver = 'RWA' AND type = ?",
                                          (kind,)))
                sentence = f"Bench write: a {kind} between the United Kingdom and Rwanda on 2024-05-06."
                doc = Document(id=f"bench-write-{kind}", date="2024-05-07", text=sentence, title=f"bench write {kind}",
                               url=f"https://example.org/bench-write/{kind}", source="Bench Wire", origin="bench")
                fact = Fact(type=kind, sender="GBR", receiver="RWA", date="2024-05-06", evidence=sentence,
                            span=Span(0, len(sentence)), document_id=doc.id, extractor_version="bench-write",
                            published=doc.date, **extra)
                start = time.perf_counter()
                store.add_document(doc, Extraction(doc.id, True, (fact,)), assign_event=assign_event)
                write_ms = round((time.perf_counter() - start) * 1000, 1)
                label = f"{kind} ({n:,} facts of that type on GBR-RWA)"
                out[label] = {"write_ms": write_ms}
                for route in AFTER_WRITE_ROUTES:
                    start = time.perf_counter()
                    client.get(route).raise_for_status()
                    out[label][route] = round((time.perf_counter() - start) * 1000, 1)
                log(f"  after a write of a {label}: write {write_ms} ms, first read "
                    + ", ".join(f"{r} {out[label][r]:,.1f} ms" for r in AFTER_WRITE_ROUTES))
        finally:
            with store.conn.transaction():
                store.conn.execute("DELETE FROM search_index WHERE kind = 'fact' AND ref IN "
                                   "(SELECT CAST(id AS TEXT) FROM facts WHERE extractor_version = 'bench-write')")
                store.conn.execute("DELETE FROM search_index WHERE kind = 'document' AND ref LIKE 'bench-write-%'")
                store.conn.execute("DELETE FROM alerts WHERE document_id LIKE 'bench-write-%'")
                store.conn.execute("DELETE FROM facts WHERE extractor_version = 'bench-write'")
                store.conn.execute("DELETE FROM mentions WHERE document_id LIKE 'bench-write-%'")
                store.conn.execute("DELETE FROM signatures WHERE document_id LIKE 'bench-write-%'")
                n = store.conn.execute("DELETE FROM documents WHERE id LIKE 'bench-write-%'").rowcount
                store.conn.execute("UPDATE row_counts SET n = n - ? WHERE name = 'documents'", (max(n, 0),))
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--db", default=None, help="keep the database here (reused if it holds FACTS facts)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one request may take")
    parser.add_argument("--json", action="store_true", help="print one JSON object (progress goes to stderr)")
    parser.add_argument("--no-write", action="store_true", help="skip the first reads after a write")
    parser.add_argument("--pg-temp", action="store_true",
                        help="fill and serve a throwaway PostgreSQL server instead of a SQLite file")
    args = parser.parse_args(argv)
    if args.pg_temp:
        sys.path.insert(0, str(Path(__file__).parent))
        from pgtemp import TempPostgres

        with TempPostgres("--pg-temp", "tcwatch-bench-pg-") as url:
            return _run(args, url)
    return _run(args, None)


def _run(args, pg_url: str | None) -> dict:
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))
    with tempfile.TemporaryDirectory() as tmp:
        db = pg_url or args.db or str(Path(tmp) / "scale.db")
        result: dict = {"facts": args.facts, "database": "postgresql" if pg_url else "sqlite",
                        "requests": args.requests, "server": "tcwatch serve (uvicorn) "
                        "subprocess on 127.0.0.1, httpx client with keep-alive", "goal_ms": GOAL_MS}
        reuse = False
        if not pg_url and Path(db).exists():
            import sqlite3

            with sqlite3.connect(db) as raw:
                have = raw.execute("SELECT count(*) FROM facts WHERE origin = 'extracted' "
                                   "AND extractor_version = 'bench'").fetchone()[0]
            reuse = have == args.facts
            if not reuse:
                raise SystemExit(f"{db} exists with {have} facts, not {args.facts}: remove it or name another")
        if reuse:
            log(f"reusing {db} ({args.facts:,} facts)")
        else:
            log(f"filling {db} with {args.facts:,} facts ...")
            result["fill"] = fill(db, args.facts, log=log)
            log(f"  filled: {result['fill']}")
        if not pg_url:
            result["db_mb"] = round(sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 1e6, 1)
        proc, base = _start_server(db)
        try:
            log(f"server at {base}; {args.requests} requests per route after one warm-up")
            result.update(measure(base, args.requests, args.timeout, log=log))
            if not args.no_write:
                result["after_write_ms"] = after_writes(db, base, args.timeout, log=log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        result["over_goal"] = sorted(r for r, v in result["p95_ms"].items() if v >= GOAL_MS)
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps({"facts": result["facts"], "p95_ms": result["p95_ms"]}, indent=1))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
