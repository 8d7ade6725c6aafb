"""The quality gate: the extractor's scores on the dev gold must not drop.

Runs the evaluation on ../shared/data/dev/gold.jsonl (outside the repository)
and compares every score pinned in tests/quality_baseline.json, allowing a
small tolerance.  Skipped when ../shared is absent (a user's clone has none).
To raise the bar after an improvement, update the baseline file.
"""

import json
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev" / "gold.jsonl"
BASELINE = Path(__file__).resolve().parent / "quality_baseline.json"
TOLERANCE = 0.005

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def report():
    if not GOLD.exists():
        pytest.skip("../shared/data/dev/gold.jsonl is not here")
    from tcwatch.evaluate import evaluate_file

    return evaluate_file(GOLD)


def _pinned():
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return [(k, v) for k, v in data["scores"].items()]


def _lookup(report, dotted):
    node = report
    for part in dotted.split("."):
        node = node[part]
    return node


@pytest.mark.parametrize("key, minimum", _pinned())
def test_score_does_not_drop(report, key, minimum):
    value = _lookup(report, key)
    assert value is not None and value >= minimum - TOLERANCE, f"{key} = {value} < baseline {minimum}"


def test_hard_requirement(report):
    assert report["overall"]["f1"] >= 0.60
