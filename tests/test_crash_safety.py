"""Crash safety, short: `tcwatch ingest` and `tcwatch watch` killed with SIGKILL at seeded random
moments (3 each), then resumed, on documents written here. The full run is bench/bench_crash.py."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from bench_crash import Targets, run_ingest_crash, run_watch_crash, watch_items, write_chunks  # noqa: E402

FILLER = [
    "The city council approved a budget for {n} new buses and a bridge over the river on {d}.",
    "A football club signed a striker for a fee said to be {n} million, the club said on {d}.",
    "Farmers expect a harvest of {n} tonnes after the rains of {d}, a cooperative said.",
]


def fixture_items(n: int, seed: int) -> list[dict]:
    """Documents of our own: topical ones (the watcher bench's notices) among plain news."""
    rng = random.Random(seed)
    topical = watch_items(n // 3, seed)
    items = [{"id": f"t-{i['guid']}", "date": "2025-03-01", "title": i["title"], "text": i["text"],
              "url": i["link"], "source": "fixture"} for i in topical]
    for k in range(n - len(items)):
        text = rng.choice(FILLER).format(n=rng.randint(2, 900), d=f"{rng.randint(1, 28)} May 2025") + f" (item {k})"
        items.insert(rng.randrange(len(items) + 1),
                     {"id": f"p-{k}", "date": "2025-05-01", "title": f"Item {k}", "text": text, "source": "fixture"})
    return items


def _check(figures: dict) -> None:
    assert figures["problems"] == []


def test_ingest_killed_three_times_then_resumed_equals_one_run(tmp_path):
    """No committed document lost, none twice, facts per document as one run, integrity ok.
    (SQLite here; `bench/bench_crash.py --db postgresql` runs it on PostgreSQL.)"""
    whole, chunks = write_chunks(fixture_items(90, seed=3), 3, tmp_path)
    figures = run_ingest_crash(Targets(tmp_path, None), whole, chunks, seed=3, log=lambda line: None)
    _check(figures)
    assert figures["kills"] == 3
    ref, final = figures["reference"], figures["final"]
    assert final["ids"] == ref["ids"] and len(ref["ids"]) == 90
    assert (final["facts"], final["events"], final["alerts"]) == (ref["facts"], ref["events"], ref["alerts"])
    assert ref["facts"] > 0 and ref["alerts"] > 0


def test_watcher_killed_three_times_mid_poll_stores_and_delivers_once(tmp_path):
    """Every feed item stored once, every alert delivered, no delivery recorded delivered sent again
    (one in flight at a kill is sent again with the same key)."""
    figures = run_watch_crash(Targets(tmp_path, None), kills=3, n_items=30, feeds=2, window=1.5, seed=3,
                              log=lambda line: None, settle=60)
    _check(figures)
    assert figures["stored"] == figures["items"] == 30
    assert figures["alerts"] > 0 and figures["deliveries"] >= figures["alerts"]
    assert figures["recorded_resent"] == 0


def test_ingest_killed_while_writing_then_resumed_equals_one_run(tmp_path):
    """The same with each kill right after the chunk's first commit, inside its bounded transactions
    (a chunk of 400 documents commits 100 at a time): nothing lost, nothing twice."""
    whole, chunks = write_chunks(fixture_items(1200, seed=4), 3, tmp_path)
    figures = run_ingest_crash(Targets(tmp_path, None), whole, chunks, seed=4, log=lambda line: None,
                               while_writing=True)
    _check(figures)
    assert figures["kills"] == 3
    ref, final = figures["reference"], figures["final"]
    assert final["ids"] == ref["ids"] and len(ref["ids"]) == 1200
    assert (final["facts"], final["events"], final["alerts"]) == (ref["facts"], ref["events"], ref["alerts"])
