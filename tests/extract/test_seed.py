"""The seed article's facts (the table at the end of FACTS.md).

Reads ../shared/seeds (outside the repository); skipped when absent.
"""

from pathlib import Path

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_f309ec7564c3abb0.txt"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("../shared/seeds is not here")
    raw = SEED.read_text(encoding="utf-8")
    token, date, text = raw.split(None, 2)
    assert token == "date"
    doc = Document(id="seed", date=date, text=text.strip())
    ex = extract(doc)
    assert ex.relevant
    for f in ex.facts:
        assert doc.text[f.span.start : f.span.end] == f.evidence
    return ex.facts


def _one(facts, type_, sender, receiver):
    got = [f for f in facts if (f.type, f.sender, f.receiver) == (type_, sender, receiver)]
    assert got, f"no {type_} {sender}->{receiver}"
    return got[0]


def test_talks(seed):
    f = _one(seed, "talks", "USA", "RWA")
    assert f.date == "2025-05-04"


def test_transfer(seed):
    f = _one(seed, "transfer", "USA", "RWA")
    assert (f.people, f.nationalities, f.date, f.date_qualifier) == (1, ("IRQ",), "2025-05-06", "before")


def test_us_ruling(seed):
    f = _one(seed, "ruling", "USA", None)
    assert f.actor == "U.S. Supreme Court" and f.outcome == "blocked" and f.nationalities == ("VEN",)


def test_uk_ruling(seed):
    f = _one(seed, "ruling", "GBR", "RWA")
    assert f.actor == "UK Supreme Court" and f.outcome == "unsafe"
    assert (f.date, f.date_qualifier) == ("2025-05-06", "before")


def test_termination(seed):
    f = _one(seed, "termination", "GBR", "RWA")
    assert f.date == "2024-07"


def test_cost(seed):
    f = _one(seed, "cost", "GBR", "RWA")
    assert (f.amount, f.currency) == (700_000_000, "GBP")


def test_compensation_demand(seed):
    f = _one(seed, "compensation_demand", "GBR", "RWA")
    assert (f.amount, f.currency, f.actor) == (50_000_000, "GBP", "Rwanda")


def test_criticism(seed):
    f = _one(seed, "criticism", None, "RWA")
    assert "UN refugee agency" in f.actor
