"""Linking again after facts were added (analysis.relink): the events are those of linking every fact
from scratch, after any sequence of additions. Hand-made facts, no article text."""

from __future__ import annotations

import random

import pytest

from tcwatch.analysis import relink as R
from tcwatch.analysis.events import link_events
from tcwatch.model import Fact


def _fact(rng: random.Random, fid: int, kind: str = "transfer", days: int = 120) -> Fact:
    """A fact on one corridor: dated on a day (mostly), a month, a year, before a day, about a day, or
    not at all (a publication date only); counts and amounts that often repeat; some curated."""
    day = 1 + rng.randrange(days)
    month = 1 + (day - 1) // 28
    iso = f"2024-{min(month, 12):02d}-{1 + (day - 1) % 28:02d}"
    shape = rng.random()
    date, qualifier, published = iso, "on", f"2024-{min(month + 1, 12):02d}-01"
    if shape < 0.10:
        date = iso[:7]
    elif shape < 0.13:
        date = "2024"
    elif shape < 0.21:
        qualifier = "before"
    elif shape < 0.25:
        qualifier = "approx"
    elif shape < 0.28:
        date = None
    elif shape < 0.29:
        date, published = None, None
    curated = rng.random() < 0.03
    return Fact(
        type=kind, sender="GBR", receiver="RWA", date=date, date_qualifier=qualifier,
        people=rng.choice([None, None, 4, 7, 12, 30, 100, 2000]) if kind == "transfer" else None,
        people_qualifier=rng.choice(["exact"] * 5 + ["at_least"]),
        nationalities=rng.choice([(), (), ("ERI",), ("SDN",), ("ERI", "SDN")]),
        amount=rng.choice([None, 1_000_000.0, 2_500_000.0]) if kind == "payment" else None,
        currency="GBP" if kind == "payment" else None,
        outcome=rng.choice([None, "blocked", "allowed"]) if kind == "ruling" else None,
        actor=rng.choice([None, "the High Court", "the Supreme Court"]) if kind == "ruling" else None,
        id=fid, published=published, origin="curated" if curated else "extracted",
        arrangement_id="gbr-rwa" if curated else None, document_id=None if curated else f"d{fid // 3}",
        review=rng.choice([None] * 12 + ["accepted"]),
    )


def _dicts(events) -> list[dict]:
    return [e.to_dict() for e in events]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["transfer", "ruling"])
def test_relinking_after_each_addition_equals_linking_every_fact(seed, kind):
    rng = random.Random(seed)
    facts = [_fact(rng, i, kind) for i in range(1, 400)]
    state = R.link(facts)
    assert _dicts(state.events) == _dicts(link_events(facts))
    by_id = {f.id: f for f in facts}
    next_id = 1000
    reused = 0
    for step in range(25):
        batch = [_fact(rng, next_id + i, kind) for i in range(rng.choice([1, 1, 1, 3, 40]))]
        next_id += len(batch)
        before = state
        state = R.relink(state, batch, lambda keys: {k: by_id[k] for k in keys})
        by_id.update((f.id, f) for f in batch)
        facts += batch
        assert _dicts(state.events) == _dicts(link_events(facts)), f"step {step}"
        reused += sum(1 for e in state.events if any(e is old for old in before.by_seed.values()))
    assert reused > 0  # most events were kept, not made again


def test_a_rejected_fact_added_changes_nothing_and_an_undated_fact_is_linked_in_full():
    rng = random.Random(9)
    facts = [_fact(rng, i) for i in range(1, 200)]
    state = R.link(facts)
    by_id = {f.id: f for f in facts}
    same = R.relink(state, [_fact(rng, 500).with_(review="rejected")], by_id.__getitem__)
    assert same is state
    undated = Fact(type="transfer", sender="GBR", receiver="RWA", id=501, people=7)  # no date, no publication
    after = R.relink(state, [undated], lambda keys: {k: by_id[k] for k in keys})
    assert _dicts(after.events) == _dicts(link_events(facts + [undated]))


def test_only_facts_new_to_the_corridor_and_type():
    rng = random.Random(3)
    facts = [_fact(rng, i) for i in range(1, 50)]
    state = R.link(facts)
    with pytest.raises(ValueError):
        R.relink(state, [facts[3]], lambda keys: {})
    with pytest.raises(ValueError):
        R.relink(state, [_fact(rng, 90, "ruling")], lambda keys: {})
    assert R.link([_fact(rng, 1), _fact(rng, 2, "ruling")]) is None  # two types: not one bucket


def test_a_busy_day_is_relinked_without_deciding_every_fact_again(monkeypatch):
    """Facts far (in days) from every event the new fact changed keep last time's decision untested."""
    rng = random.Random(4)
    facts = [_fact(rng, i, days=330) for i in range(1, 3000)]
    facts = [f for f in facts if f.date and f.date_qualifier == "on" and len(f.date) == 10]  # days only
    state = R.link(facts)
    tested = []
    original = R._Bucket.candidates
    monkeypatch.setattr(R._Bucket, "candidates", lambda self, span: tested.append(span) or original(self, span))
    new = Fact(type="transfer", sender="GBR", receiver="RWA", id=10_000, date="2024-06-10", people=7,
               published="2024-06-12")
    by_id = {f.id: f for f in facts}
    after = R.relink(state, [new], lambda keys: {k: by_id[k] for k in keys})
    decided = len(tested)
    assert 0 < decided < len(facts) / 20
    assert _dicts(after.events) == _dicts(link_events(facts + [new]))
