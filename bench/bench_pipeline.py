"""Benchmark: the whole ingest pipeline against a plain pass over the same text.

Run on demand (never as a test):

    .venv/bin/python bench/bench_pipeline.py [--firehose N] [--topical N]

Two mixes, as a real feed and as the dev set look:
- firehose: real news items, nearly all unrelated (../shared/data/firehose-20k.jsonl);
- topical: the gold-annotated dev items (../shared/data/dev/gold.jsonl), repeated with a
  counter so each copy is a new document, until N items.

For each mix, in one run and each stage in its own subprocess (so peak memory is its own):
- baseline: read the JSON lines and split every text into words (the floor);
- extract: read + the extractor (filter, then costly analysis on candidates);
- ingest: the whole run, `ingest_documents` into a new SQLite file (read, hash check,
  extract, near-duplicate check, one transaction per document).
It prints items/s (one process = one core), the ratio to the baseline, and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def make_inputs(workdir: Path, firehose_n: int, topical_n: int) -> dict[str, Path]:
    out = {}
    fire = SHARED / "firehose-20k.jsonl"
    if fire.exists():
        path = workdir / "firehose.jsonl"
        with fire.open() as src, path.open("w") as dst:
            for i, line in enumerate(src):
                if i >= firehose_n:
                    break
                dst.write(line)
        out["firehose"] = path
    gold = SHARED / "dev" / "gold.jsonl"
    if gold.exists():
        items = [json.loads(line) for line in gold.open()]
        path = workdir / "topical.jsonl"
        with path.open("w") as dst:
            for i in range(topical_n):
                item = dict(items[i % len(items)])
                copy = i // len(items)
                item.pop("facts", None)
                item.pop("relevant", None)
                item["id"] = f"{item['id']}-{copy}"
                if copy:
                    item["text"] = item["text"] + f"\n({copy})"
                dst.write(json.dumps(item) + "\n")
        out["topical"] = path
    return out


def stage(name: str, path: str) -> None:
    """Run one stage in this process and print a JSON line with its figures."""
    sys.path.insert(0, str(REPO / "src"))
    n = 0
    t0 = time.perf_counter()
    if name == "baseline":
        words = 0
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                item = json.loads(line)
                words += len(item["text"].split())
                n += 1
    elif name == "extract":
        from tcwatch.extract import extract
        from tcwatch.sources import ReadOptions, read_inputs

        facts = relevant = 0
        for doc in read_inputs([path], ReadOptions()):
            ex = extract(doc)
            facts += len(ex.facts)
            relevant += ex.relevant
            n += 1
    elif name == "ingest":
        from tcwatch.ingest import ingest_paths
        from tcwatch.store import open_store

        db = tempfile.mktemp(suffix=".db")
        with open_store(db) as store:
            # start-up: the modules the pipeline loads on first use (datasketch pulls in scipy)
            s0 = time.perf_counter()
            import tcwatch.analysis.dedup  # noqa: F401
            import tcwatch.analysis.events  # noqa: F401
            import tcwatch.extract  # noqa: F401

            startup = time.perf_counter() - s0
            t0 = time.perf_counter()  # the reference load of a new database is not the pipeline
            report = ingest_paths(store, [path])
        n = report.read
        facts, relevant = report.facts, report.relevant
    else:
        raise SystemExit(f"unknown stage {name}")
    seconds = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"stage": name, "items": n, "seconds": seconds, "peak_mib": peak_kib / 1024,
              "startup": locals().get("startup", 0.0)}
    if name != "baseline":
        result.update(facts=facts, relevant=relevant)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--firehose", type=int, default=20000, help="firehose items (default 20000)")
    parser.add_argument("--topical", type=int, default=3000, help="topical items (default 3000)")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage(args.stage, args.path)
        return
    if not SHARED.is_dir():
        raise SystemExit("needs ../shared/data (the firehose and dev files)")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp), args.firehose, args.topical)
        print(f"machine: {os.cpu_count()} cores; each stage runs in one process (one core)\n")
        print(f"{'mix':<9} {'stage':<9} {'items':>7} {'seconds':>8} {'items/s':>9} {'x floor':>8} {'peak MiB':>9} {'relevant':>8} {'facts':>6}  start-up")
        for mix, path in inputs.items():
            base = None
            for name in ("baseline", "extract", "ingest"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--stage", name, "--path", str(path)],
                    capture_output=True, text=True, check=True,
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                rate = r["items"] / r["seconds"] if r["seconds"] else float("inf")
                base = base or rate
                print(
                    f"{mix:<9} {name:<9} {r['items']:>7} {r['seconds']:>8.2f} {rate:>9.0f} "
                    f"{base / rate:>7.1f}x {r['peak_mib']:>9.0f} {r.get('relevant', ''):>8} {r.get('facts', ''):>6}"
                    + (f"  +{r['startup']:.2f} s" if r.get("startup") else "")
                )
        print("\nx floor: how many times slower than the plain read-and-split pass over the same items.")
        print("start-up: loading the pipeline's modules, once per process; not in items/s (add it for a cold run).")


if __name__ == "__main__":
    main()
