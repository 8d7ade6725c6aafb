"""Speed of the extractor, next to a plain baseline pass measured in the same run.

Not a test.  Usage::

    python bench/bench_extract.py [--firehose PATH] [--dev PATH] [--repeat N] [--runs N]

For each corpus it times (1) a baseline pass that only reads each document and
splits it into words, and (2) ``extract`` on every document, both on one core,
and prints documents per second and the ratio extract/baseline.  The dev set
(the topical mix, nearly every item a candidate) is repeated ``--repeat``
times to get a stable figure.  Each pass is run ``--runs`` times after one
warm-up pass and the fastest is reported (a shared machine adds noise, never
speed).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tcwatch.extract import extract, is_candidate
from tcwatch.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load(path: Path) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                docs.append(Document(id=str(d["id"]), date=str(d["date"])[:10], text=d.get("text") or ""))
    return docs


def baseline(docs: list[Document]) -> float:
    t = time.perf_counter()
    n = 0
    for d in docs:
        n += len(d.text.split())
    return time.perf_counter() - t


def run(docs: list[Document]) -> tuple[float, int, int]:
    t = time.perf_counter()
    relevant = facts = 0
    for d in docs:
        ex = extract(d)
        relevant += ex.relevant
        facts += len(ex.facts)
    return time.perf_counter() - t, relevant, facts


def report(name: str, docs: list[Document], runs: int = 3) -> None:
    b = min(baseline(docs) for _ in range(3))
    run(docs[: min(len(docs), 300)])  # warm-up: compiled patterns, gazetteer
    timings = [run(docs) for _ in range(max(1, runs))]
    e = min(t for t, _, _ in timings)
    _, relevant, facts = timings[0]
    cands = sum(is_candidate(d.text) for d in docs)
    n = len(docs)
    print(f"{name}: {n} docs, {cands} candidates, {relevant} relevant, {facts} facts")
    print(f"  baseline (read + split words): {n / b:12,.0f} docs/s per core")
    print(f"  extract:                       {n / e:12,.0f} docs/s per core")
    print(f"  ratio extract / baseline:      {b / e:12.3f}  (extract takes {e / b:.1f}x the baseline time)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firehose", type=Path, default=SHARED / "firehose-20k.jsonl")
    ap.add_argument("--dev", type=Path, default=SHARED / "dev" / "gold.jsonl")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3, help="timed passes per corpus; the fastest is reported")
    args = ap.parse_args()
    if args.firehose.exists():
        report("firehose", load(args.firehose), args.runs)
    else:
        print(f"firehose: {args.firehose} not found, skipped")
    if args.dev.exists():
        report(f"dev x{args.repeat}", load(args.dev) * args.repeat, args.runs)
    else:
        print(f"dev: {args.dev} not found, skipped")


if __name__ == "__main__":
    main()
