"""Time the corridor page (HTML and JSON) for a corridor holding 1,000 facts, in-process.

    .venv/bin/python bench/bench_corridor_page.py [--facts 1000] [--documents 200] [--requests 30]

Builds a temporary SQLite database (no reference data) with one corridor of
FACTS facts spread over DOCUMENTS documents (a realistic mix of types, some
reported several times), then requests ``/corridors/USA-RWA`` and
``/api/corridors/USA-RWA`` repeatedly through an in-process client and prints
the median and 95th percentile in milliseconds. The target is under 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from tcwatch.api import create_app
from tcwatch.config import Options
from tcwatch.model import Document, Extraction, Fact, Span
from tcwatch.store import open_store

TYPES = [
    ("transfer", 30), ("talks", 10), ("agreement", 5), ("payment", 10), ("cost", 5), ("ruling", 10),
    ("criticism", 15), ("suspension", 3), ("termination", 2), ("legislation", 5), ("denial", 3), ("onward_removal", 2),
]


def build(path: str, n_facts: int, n_docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    kinds = [t for t, w in TYPES for _ in range(w)]
    per_doc = max(1, n_facts // n_docs)
    made = 0
    with open_store(path, reference=False) as store:
        from tcwatch.analysis.events import assign_event

        for d in range(n_docs):
            count = per_doc if d < n_docs - 1 else n_facts - made
            if count <= 0:
                break
            year, month, day = 2022 + d * 4 // n_docs, 1 + d % 12, 1 + d % 28
            published = f"{year}-{month:02d}-{day:02d}"
            sentences, facts = [], []
            offset = 0
            for i in range(count):
                kind = rng.choice(kinds)
                people = rng.choice([None, 1, 7, 12, 30]) if kind in ("transfer", "onward_removal") else None
                amount = rng.choice([100000, 2500000, 15000000]) if kind in ("payment", "cost") else None
                sentence = (f"Report {d}.{i}: a {kind.replace('_', ' ')} between the United States and Rwanda"
                            f"{f' involving {people} people' if people else ''}"
                            f"{f' worth ${amount:,}' if amount else ''} was noted.")
                facts.append(Fact(
                    type=kind, sender="USA", receiver="RWA", date=published, people=people,
                    amount=amount, currency="USD" if amount else None,
                    outcome=rng.choice(["blocked", "allowed"]) if kind == "ruling" else None,
                    actor="A court" if kind == "ruling" else None, evidence=sentence,
                    span=Span(offset, offset + len(sentence)), document_id=f"bench-{d}",
                    extractor_version="bench", published=published,
                ))
                sentences.append(sentence)
                offset += len(sentence) + 1
            text = " ".join(sentences)
            doc = Document(id=f"bench-{d}", date=published, text=text, title=f"Bench document {d}",
                           source="Bench Wire", url=f"https://example.org/bench/{d}")
            store.add_document(doc, Extraction(doc.id, True, tuple(facts)), assign_event=assign_event)
            made += count


def time_requests(client, url: str, n: int) -> list[float]:
    client.get(url).raise_for_status()  # warm up
    out = []
    for _ in range(n):
        start = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        r.raise_for_status()
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        start = time.perf_counter()
        build(db, args.facts, args.documents)
        print(f"built {args.facts} facts in {args.documents} documents on USA-RWA in "
              f"{time.perf_counter() - start:.1f} s")
        with TestClient(create_app(Options(db=db), reference=False)) as client:
            detail = client.get("/api/corridors/USA-RWA").json()
            print(f"corridor: {len(detail['timeline'])} facts, {len(detail['events'])} events, "
                  f"status {detail['status']['status'] if detail['status'] else None}")
            for label, url in (("HTML", "/corridors/USA-RWA"), ("JSON", "/api/corridors/USA-RWA"),
                               ("overview HTML", "/"), ("corridors JSON", "/api/corridors")):
                times = time_requests(client, url, args.requests)
                print(f"{label:<15} {url:<24} median {statistics.median(times):7.1f} ms   "
                      f"p95 {p95(times):7.1f} ms   (n={len(times)})")


if __name__ == "__main__":
    main()
