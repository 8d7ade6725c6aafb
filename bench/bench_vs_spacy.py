"""The extraction cascade against spaCy's full English pipeline on the same items.

Not a test.  Usage::

    python bench/bench_vs_spacy.py [--items 2000] [--runs 2]

Two mixes, both from ../shared/data:

- **firehose mix**: real unrelated news (firehose-20k) with 1% topical items (relevant gold
  items of dev + train) shuffled in, ``--items`` in all;
- **topical**: the relevant gold items of dev + train.

On each mix, in one process and one thread, it times ``tcwatch.extract.extract_many`` in
batches of 64 documents, as a bulk ingest runs it (prefilter, rules, candidates, one parse of
the candidate sentences the grammar could decide, verifier), ``extract`` one document at a
time, and spaCy
``en_core_web_sm`` with every component (``nlp.pipe`` over the whole texts), and prints items/s
and the ratio.  The fastest of ``--runs`` timed passes after a warm-up is kept (a shared
machine adds noise, never speed).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core for both sides

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from tcwatch.extract import extract, extract_many  # noqa: E402
from tcwatch.extract.grammar import MODEL_NAMES  # noqa: E402
from tcwatch.model import Document  # noqa: E402

BATCH = 64  # documents per extract_many call (their candidate sentences parsed in one batch)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def docs_of(rows: list[dict]) -> list[Document]:
    return [Document(id=str(r["id"]), date=str(r["date"])[:10], text=r.get("text") or "") for r in rows]


def timed(fn, runs: int) -> float:
    fn()  # warm-up
    return min(_once(fn) for _ in range(max(1, runs)))


def _once(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def full_spacy():
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no en_core_web_sm pipeline installed")


def compare(name: str, docs: list[Document], nlp, runs: int) -> None:
    texts = [d.text for d in docs]
    facts = sum(len(extract(d).facts) for d in docs)
    one = timed(lambda: [extract(d) for d in docs], runs)
    ours = timed(lambda: [extract_many(docs[i : i + BATCH]) for i in range(0, len(docs), BATCH)], runs)
    theirs = timed(lambda: list(nlp.pipe(texts, batch_size=64)), runs)
    n = len(docs)
    print(f"{name}: {n} items, {sum(len(t.split()) for t in texts):,} words, {facts} facts")
    print(f"  tcwatch extract, one by one: {n / one:10,.1f} items/s  ({theirs / one:.1f}x spaCy)")
    print(f"  tcwatch extract_many ({BATCH}):  {n / ours:10,.1f} items/s")
    print(f"  spaCy en_core_web_sm (full): {n / theirs:10,.1f} items/s  ({', '.join(nlp.pipe_names)})")
    print(f"  ratio tcwatch / spaCy:       {theirs / ours:10.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=2000, help="items in the firehose mix")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    firehose = read(DATA / "firehose-20k.jsonl")
    topical = [r for p in ("dev", "train") for r in read(DATA / p / "gold.jsonl") if r.get("relevant")]
    rnd = random.Random(args.seed)
    k = max(1, args.items // 100)
    mix = rnd.sample(firehose, args.items - k) + rnd.sample(topical, k)
    rnd.shuffle(mix)
    nlp = full_spacy()
    compare(f"firehose mix ({k} topical in {args.items})", docs_of(mix), nlp, args.runs)
    compare("topical (relevant gold items of dev + train)", docs_of(topical), nlp, args.runs)


if __name__ == "__main__":
    main()
