"""Hostile input, short: a few thousand seeded inputs of bench/bench_fuzz.py's generator through
ingest (library and CLI), the extractor, the feed parser, feeds over loopback HTTP and the API.
No traceback, no hang, every good document mixed in stored. The full run is bench/bench_fuzz.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_fuzz  # noqa: E402

COUNTS = {"ingest": 300, "cli": 30, "feed_parse": 400, "api": 800, "feed_http": 16, "extract": 1500}


@pytest.mark.parametrize("target", list(COUNTS))
def test_short_fuzz_run(target, monkeypatch):
    if target == "extract":
        # What every reader and ingest path hands the extractor: lone surrogates replaced (the
        # extractor's own failure on them is pinned in test_fuzz_regressions.py, for extract/).
        from tcwatch.sources.records import valid_unicode

        real = bench_fuzz.Gen.nasty_string
        monkeypatch.setattr(bench_fuzz.Gen, "nasty_string", lambda self: valid_unicode(real(self)))
        real_mix = bench_fuzz.Gen.mix
        monkeypatch.setattr(bench_fuzz.Gen, "mix", lambda self, text: valid_unicode(real_mix(self, text)))
    stats = bench_fuzz.run_target(target, seed=11, start=0, count=COUNTS[target], big=0, limit=30.0,
                                   cli_processes=1)
    assert stats.inputs == COUNTS[target]
    assert stats.tracebacks == [] and stats.hangs == [] and stats.lost == []
    if target in ("ingest", "cli"):
        assert stats.goods > COUNTS[target] // 3  # good documents were mixed in, and all stored
