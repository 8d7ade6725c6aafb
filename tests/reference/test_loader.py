"""The bundled reference dataset and its mapping onto FACTS.md fact types."""

from __future__ import annotations

import yaml
import pytest

from tcwatch.errors import ConfigError
from tcwatch.model import FACT_TYPES, RULING_OUTCOMES, is_partial_date
from tcwatch.reference import court_actor, load_reference, reference_path


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def _facts(ref, arrangement_id, type_=None):
    return [f for f in ref.facts if f.arrangement_id == arrangement_id and (type_ is None or f.type == type_)]


def test_counts(ref):
    assert len(ref.arrangements) == 33
    assert len({(a.sender, a.receiver) for a in ref.arrangements}) == 29
    assert len({a.id for a in ref.arrangements}) == 33


def test_every_fact_is_valid(ref):
    assert ref.facts
    for f in ref.facts:
        assert f.type in FACT_TYPES, f
        assert f.origin == "curated"
        assert len(f.source_urls) >= 1, f
        assert all(u.startswith("http") for u in f.source_urls)
        assert f.arrangement_id
        assert f.evidence
        assert f.date is None or is_partial_date(f.date), f
        assert f.date_qualifier in ("on", "before")
        if f.type == "ruling":
            assert f.outcome in RULING_OUTCOMES
        else:
            assert f.outcome is None
        if f.money_kind:
            assert f.type in ("payment", "cost", "compensation_demand")


def test_gbr_rwa(ref):
    terminations = _facts(ref, "GBR-RWA-MEDP", "termination")
    assert any(f.date.startswith("2024-07") for f in terminations)
    rulings = _facts(ref, "GBR-RWA-MEDP", "ruling")
    sc = [f for f in rulings if f.date == "2023-11-15"]
    assert len(sc) == 1 and sc[0].outcome == "unsafe" and sc[0].actor == "UK Supreme Court"
    demands = _facts(ref, "GBR-RWA-MEDP", "compensation_demand")
    assert {(f.amount, f.currency) for f in demands if f.amount} == {(50_000_000, "GBP"), (100_000_000, "GBP")}
    assert all(f.actor == "Rwanda" for f in demands)
    costs = {f.amount for f in _facts(ref, "GBR-RWA-MEDP", "cost")}
    assert 700_000_000 in costs
    cancelled = [f for f in ref.facts if f.money_kind == "cancelled"]
    assert len(cancelled) == 1 and cancelled[0].type == "payment" and cancelled[0].amount == 220_000_000
    per_person = [f for f in _facts(ref, "GBR-RWA-MEDP") if f.per_person]
    assert {f.amount for f in per_person} >= {20000, 150874, 3000}
    total = [f for f in _facts(ref, "GBR-RWA-MEDP", "transfer") if f.date_qualifier == "before"]
    assert [(f.people, f.date) for f in total] == [(4, "2024-07-22")]


def test_usa_slv_two_arrangements(ref):
    ids = [a.id for a in ref.arrangements if (a.sender, a.receiver) == ("USA", "SLV")]
    assert len(ids) == 2


def test_no_double_payment_entries(ref):
    """Every money entry gives exactly one fact; payment events give none of their own."""
    data = yaml.safe_load(reference_path().read_text(encoding="utf-8"))
    n_money = sum(len(c.get("money") or []) for c in data["corridors"])
    assert sum(1 for f in ref.facts if f.money_kind) == n_money
    # the Eswatini $5.1m is referenced by two events but counted once
    swz = [f for f in _facts(ref, "USA-SWZ-2025") if f.amount == 5_100_000]
    assert len(swz) == 1 and swz[0].type == "payment" and swz[0].money_kind == "paid"
    # a payment event without its own fact: the Manus settlement is a cost, not a payment
    assert not _facts(ref, "AUS-PNG-MANUS", "payment")
    assert [f.amount for f in _facts(ref, "AUS-PNG-MANUS", "cost")] == [70_000_000]


def test_event_mapping(ref):
    data = yaml.safe_load(reference_path().read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in data["corridors"]}
    # receiver override
    uga = [f for f in _facts(ref, "ISR-RWA-UGA-VOLUNTARY-DEPARTURE", "talks")]
    assert [f.receiver for f in uga] == ["UGA"]
    # in_force marked in the evidence
    in_force = [f for f in ref.facts if f.evidence.startswith("In force:")]
    assert len(in_force) == sum(1 for c in by_id.values() for e in c["events"] if e["type"] == "in_force")
    assert all(f.type == "agreement" for f in in_force)
    # transfers carry people and nationalities
    ita = sorted((f.date, f.people) for f in _facts(ref, "ITA-ALB-PROTOCOL", "transfer") if f.date_qualifier == "on")
    assert ita == [("2024-10-16", 16), ("2024-11", 8), ("2025-01-28", 49), ("2025-04-11", 40)]
    first = [f for f in _facts(ref, "ITA-ALB-PROTOCOL", "transfer") if f.date == "2024-10-16"][0]
    assert set(first.nationalities) == {"BGD", "EGY"}
    # onward removals and running totals
    assert {f.arrangement_id for f in ref.facts if f.type == "onward_removal"} == {
        "USA-SLV-CECOT-2025", "USA-GHA-2025", "USA-SSD-2025"}
    mex = _facts(ref, "USA-MEX-TCN", "transfer")
    assert all(f.date_qualifier == "before" for f in mex) and max(f.people for f in mex) == 11886
    # uncertain flags carried over
    assert any(f.uncertain for f in _facts(ref, "GBR-RWA-MEDP", "compensation_demand"))
    # talks from 'proposed'
    assert _facts(ref, "EUU-SAFE-THIRD-COUNTRY-RULES", "talks")
    # zero totals and 'held' totals give no fact
    assert not _facts(ref, "DNK-RWA-ASYLUM-MOU", "transfer")
    assert 1233 not in {f.people for f in _facts(ref, "AUS-NRU-OFFSHORE-PROCESSING")}


def test_court_actor():
    assert court_actor("UK Supreme Court unanimously rules") == "UK Supreme Court"
    assert court_actor("Judge Murphy rules the removal breached") == "Judge Murphy"
    assert court_actor("Rome Court of Appeal declines") == "Rome Court of Appeal"
    assert court_actor("Court challenges stop an attempt") is None


def test_bad_file(tmp_path):
    bad = tmp_path / "deals.yaml"
    bad.write_text("just: text\n")
    with pytest.raises(ConfigError):
        load_reference(bad)
    with pytest.raises(ConfigError):
        load_reference(tmp_path / "missing.yaml")
    bad.write_text(yaml.safe_dump({"corridors": [{"id": "X", "sender": "USA", "receiver": "MEX", "events": [
        {"date": "2025", "type": "exploded", "summary": "s", "sources": ["https://x"]}]}]}))
    with pytest.raises(ConfigError):
        load_reference(bad)


def test_custom_file(tmp_path):
    path = tmp_path / "deals.yaml"
    path.write_text(yaml.safe_dump({"corridors": [{
        "id": "AAA-BBB-X", "sender": "AAA", "receiver": "BBB", "name": "n",
        "events": [{"date": "2025-01", "date_precision": "month", "type": "payment", "summary": "paid",
                    "money_ids": ["m1", "m2"], "sources": ["https://e"]},
                   {"date": "2025-02-01", "date_precision": "day", "type": "compensation_demand",
                    "summary": "wants money", "money_ids": ["m3"], "sources": ["https://d"]}],
        "money": [{"id": "m1", "date": "2025-01", "amount": 5, "currency": "USD", "payee": "BBB", "kind": "paid",
                   "purpose": "p", "sources": ["https://m1"]},
                  {"id": "m2", "date": "2025-01", "amount": 7, "currency": "USD", "payee": "builders",
                   "kind": "paid", "purpose": "q", "sources": ["https://m2"]},
                  {"id": "m3", "date": "2025-02", "amount": 9, "currency": "USD", "payee": "BBB",
                   "kind": "cancelled", "purpose": "r", "sources": ["https://m3"]}],
    }]}))
    ref = load_reference(path)
    got = sorted((f.type, f.amount, f.money_kind) for f in ref.facts)
    assert got == [("compensation_demand", None, None), ("cost", 7, "paid"), ("payment", 5, "paid"),
                   ("payment", 9, "cancelled")]
