"""The real data in ../shared, when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tcwatch.model import Document, Rejection
from tcwatch.sources import ReadOptions, count_inputs, read_inputs

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

pytestmark = pytest.mark.shared


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is absent in a fresh clone)")
    return path


def test_dev_gold_reads_as_299_documents():
    """The dev gold file yields 299 documents and no rejection, ids and texts as written."""
    path = shared_file("data", "dev", "gold.jsonl")
    items = list(read_inputs([str(path)], ReadOptions()))
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert rejections == []
    assert len(items) == 299 == count_inputs([str(path)])
    with open(path, encoding="utf-8") as handle:
        first = json.loads(handle.readline())
    assert (items[0].id, items[0].date, items[0].text) == (first["id"], first["date"], first["text"])
    assert all(isinstance(i, Document) and len(i.date) == 10 for i in items)


def test_seed_file_matches_its_gold_record():
    """A seed file reads to the same date and text as its record in the gold file."""
    seeds = shared_file("seeds")
    gold = shared_file("data", "dev", "gold.jsonl")
    records = {}
    with open(gold, encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            records[rec["id"]] = rec
    docs = list(read_inputs([str(seeds)], ReadOptions()))
    assert docs and all(isinstance(d, Document) for d in docs)
    for doc in docs:
        rec = records.get("seed-" + Path(doc.origin).stem)
        if rec is not None:
            assert (doc.date, doc.text) == (rec["date"], rec["text"])
