"""Corridor figures from events: hand-written facts, no article text."""

from __future__ import annotations

import json

import pytest

from tcwatch.analysis.events import link_events
from tcwatch.analysis.figures import corridor_figures, status_timeline
from tcwatch.model import Fact

_ids = iter(range(1, 10_000))


def F(type_, **kw) -> Fact:
    base = dict(type=type_, sender="GBR", receiver="RWA", id=next(_ids), document_id="d")
    base.update(kw)
    return Fact(**base)


def figures(facts, as_of=None):
    return corridor_figures(link_events(facts), as_of=as_of)


def test_status_follows_the_latest_status_event():
    facts = [
        F("talks", date="2022-03"),
        F("agreement", date="2022-04-14"),
        F("ruling", date="2022-06-14", outcome="blocked", actor="ECHR"),
        F("ruling", date="2022-12-19", outcome="allowed", actor="High Court"),
        F("ruling", date="2023-11-15", outcome="unsafe", actor="UK Supreme Court"),
        F("agreement", date="2024-04-25", evidence="The treaty entered into force."),
        F("transfer", date="2024-04-29", people=1),
        F("termination", date="2024-07-06"),
        F("talks", date="2024-11"),
    ]
    events = link_events(facts)
    got = {d: corridor_figures(events, as_of=d).status.status for d in
           ("2022-03-31", "2022-05", "2022-07", "2023-01", "2023-12", "2024-04-26", "2024-05", "2025")}
    assert got == {
        "2022-03-31": "talks",
        "2022-05": "agreement",
        "2022-07": "blocked by court",
        "2023-01": "agreement",  # the block was lifted
        "2023-12": "blocked by court",
        "2024-04-26": "in force",
        "2024-05": "transfers",
        "2025": "terminated",  # talks after the end do not reopen it
    }
    lifted = corridor_figures(events, as_of="2023-01").status
    assert lifted.lifted_by == facts[3].id and lifted.event_id == facts[1].id
    blocked = corridor_figures(events, as_of="2023-12")
    assert blocked.status.event_id == facts[4].id
    assert blocked.blocking is not None and blocked.blocking.actor == "UK Supreme Court"
    assert corridor_figures(events).blocking is None
    timeline = status_timeline(events)
    assert [s for _, s, _ in timeline] == [
        "talks", "agreement", "blocked by court", "agreement", "blocked by court", "in force", "transfers", "terminated"]
    assert timeline[3] == ("2022-12-19", "agreement", facts[3].id)
    assert corridor_figures(events, as_of="2021").status is None


def test_talks_do_not_undo_a_deal_and_suspension_does_not_follow_termination():
    facts = [F("agreement", date="2025-01"), F("talks", date="2025-02"), F("termination", date="2025-03"),
             F("suspension", date="2025-04"), F("agreement", date="2025-06")]
    events = link_events(facts)
    assert corridor_figures(events, as_of="2025-02").status.status == "agreement"
    assert corridor_figures(events, as_of="2025-05").status.status == "terminated"
    assert corridor_figures(events).status.status == "agreement"  # a new deal


def test_people_sum_of_distinct_transfers():
    facts = [
        F("transfer", sender="ITA", receiver="ALB", date="2024-10-16", people=16, nationalities=("BGD", "EGY")),
        F("transfer", sender="ITA", receiver="ALB", date="2024-11", people=8),
        F("transfer", sender="ITA", receiver="ALB", date="2025-01-28", people=49, nationalities=("CIV",)),
        # a second report of the first transfer: one event, not counted twice
        F("transfer", sender="ITA", receiver="ALB", date="2024-10-16", people=16, document_id="other"),
    ]
    fig = figures(facts)
    assert fig.people.total == 73 and fig.people.rule == "sum of distinct transfers"
    assert fig.people.nationalities == ("BGD", "CIV", "EGY")
    assert len(fig.people.event_ids) == 3
    assert figures(facts, as_of="2024-12").people.total == 24


def test_running_total_supersedes_the_parts_it_covers():
    a = F("transfer", sender="USA", receiver="PAN", date="2025-02-12", people=119)
    b = F("transfer", sender="USA", receiver="PAN", date="2025-02-15", people=100)
    total = F("transfer", sender="USA", receiver="PAN", date="2025-02-18", date_qualifier="before", people=299)
    later = F("transfer", sender="USA", receiver="PAN", date="2025-03-01", people=10)
    fig = figures([a, b, total, later])
    assert fig.people.total == 309
    assert set(fig.people.event_ids) == {total.id, later.id}
    assert set(fig.people.superseded) == {a.id, b.id}
    assert "not added again" in fig.people.rule
    # a small 'before' report does not lower the sum of larger parts
    small = F("transfer", sender="USA", receiver="PAN", date="2025-02-20", date_qualifier="before", people=5)
    assert figures([a, b, small]).people.total == 219


def test_people_without_counts():
    fig = figures([F("transfer", date="2025-05-20")])
    assert fig.people.total is None and fig.people.qualifier == "at_least" and fig.people.uncounted
    assert figures([]).people.total is None


def test_onward_removals_are_apart():
    fig = figures([F("transfer", sender="USA", receiver="GHA", date="2025-09-05", people=14),
                   F("onward_removal", sender="USA", receiver="GHA", date="2025-09-10", people=1)])
    assert fig.people.total == 14 and fig.people.onward_removed == 1


def test_money_by_category_and_currency():
    facts = [
        F("payment", date="2022-04", amount=120e6, currency="GBP", money_kind="committed", origin="curated",
          source_urls=("https://a",), id=None),
        F("payment", date="2023-11-15", amount=240e6, currency="GBP", money_kind="paid"),
        F("payment", date="2024-07-22", amount=290e6, currency="GBP", money_kind="paid"),
        F("cost", date="2024-07-22", amount=700e6, currency="GBP"),
        F("cost", date="2024-03-01", amount=11000, currency="GBP", per_person=True, money_kind="estimate"),
        F("compensation_demand", date="2025-03-04", amount=50e6, currency="GBP", actor="Rwanda"),
        F("compensation_demand", date="2025-11", amount=100e6, currency="GBP", actor="Rwanda"),
        F("payment", date="2026-01", amount=220e6, currency="GBP", money_kind="cancelled"),
        F("payment", date="2025-01", amount=5e6, currency="USD"),
        F("transfer", date="2024-07-22", date_qualifier="before", people=4),
    ]
    fig = figures(facts)
    m = fig.money
    assert m["paid"]["GBP"].amount == 290e6 and m["paid"]["USD"].amount == 5e6
    assert m["committed"]["GBP"].amount == 120e6
    assert m["spent"]["GBP"].amount == 700e6
    assert [r.amount for r in m["spent"]["GBP"].per_person] == [11000]
    assert m["demanded"]["GBP"].amount == 100e6
    assert [r.amount for r in m["paid"]["GBP"].reports] == [240e6, 290e6]
    assert fig.cancelled and fig.cancelled[0]["amount"] == 220000000
    assert "cancelled" not in m
    cpp = fig.cost_per_person["GBP"]
    assert cpp["amount"] == 175e6 and cpp["basis"] == "spent" and cpp["people"] == 4
    assert fig.cost_per_person["USD"]["basis"] == "paid"


def test_undisclosed_amounts_are_listed():
    secret = F("payment", sender="USA", receiver="PAN", date="2025-02", currency="USD", money_kind="paid")
    known = F("payment", sender="USA", receiver="PAN", date="2025-03", amount=1e6, currency="USD")
    fig = figures([secret])
    assert fig.money["paid"]["USD"].amount is None and fig.money["paid"]["USD"].undisclosed == (secret.id,)
    fig = figures([secret, known])
    assert fig.money["paid"]["USD"].amount == 1e6 and fig.money["paid"]["USD"].undisclosed == (secret.id,)


def test_parts_reported_together_add_up():
    facts = [F("payment", sender="USA", receiver="PLW", date="2025-12", amount=a, currency="USD", money_kind="grant",
               origin="curated", source_urls=(f"https://{a}",), id=None)
             for a in (7.5e6, 6e6, 2e6)]
    fig = figures(facts)
    assert fig.money["committed"]["USD"].amount == 15.5e6
    assert len(fig.money["committed"]["USD"].event_ids) == 3


def test_rulings_and_blocking():
    facts = [
        F("ruling", sender="USA", receiver="SLV", date="2025-03-15", outcome="blocked", actor="Judge Boasberg"),
        F("transfer", sender="USA", receiver="SLV", date="2025-03-16", people=238),
        F("ruling", sender="USA", receiver="SLV", date="2025-04-19", outcome="blocked", actor="Supreme Court"),
    ]
    fig = figures(facts)
    assert [r.outcome for r in fig.rulings] == ["blocked", "blocked"]
    assert fig.blocking.actor == "Supreme Court"
    assert figures(facts, as_of="2025-03-31").blocking is None  # transfers went ahead after the first
    allowed = facts + [F("ruling", sender="USA", receiver="SLV", date="2025-06", outcome="allowed")]
    assert figures(allowed).blocking is None


def test_conflicts_and_json():
    facts = [
        F("transfer", sender="USA", receiver="RWA", date="2025-08", people=200, origin="curated", id=None,
          source_urls=("https://ref",)),
        F("transfer", sender="USA", receiver="RWA", date="2025-08-14", people=210, people_qualifier="about",
          document_id="x"),
    ]
    fig = figures(facts)
    (conflict,) = fig.conflicts
    assert conflict["field"] == "people" and conflict["chosen"] == 200
    d = fig.to_dict()
    json.dumps(d)
    assert set(d) >= {"status", "people", "money", "rulings", "conflicts", "cost_per_person"}
    assert d["people"]["total"] == 200
    assert d["timeline"] == [{"date": "2025-08", "status": "transfers", "event_id": fig.people.event_ids[0]}]


def test_bad_as_of():
    with pytest.raises(ValueError):
        corridor_figures([], as_of="yesterday")


def test_reference_corridors():
    from tcwatch.reference import load_reference

    facts = [f for f in load_reference().facts if f.corridor == ("GBR", "RWA")]
    fig = figures(facts)
    assert fig.status.status == "terminated"
    assert fig.people.total == 4
    assert fig.money["spent"]["GBP"].amount == 700_000_000
    assert fig.money["paid"]["GBP"].amount == 290_000_000
    assert fig.money["demanded"]["GBP"].amount == 100_000_000
    assert figures(facts, as_of="2023-11-30").status.status == "blocked by court"
    json.dumps(fig.to_dict())


def _naive_people(events):
    """The running-total rule of people_figure spelled out: every total against every transfer."""
    from tcwatch.analysis.figures import _chrono, _end, _start

    counted = [e for e in _chrono(e for e in events if e.type == "transfer") if e.people is not None]
    moves = [e for e in counted if e.date_qualifier != "before"]
    best_total, best_ids, superseded, best_running = sum(e.people for e in moves), tuple(e.id for e in moves), (), None
    for running in (e for e in counted if e.date_qualifier == "before"):
        limit = _end(running)
        later = [e for e in moves if _start(e) > limit]
        value = running.people + sum(e.people for e in later)
        covered = [e for e in counted if e is not running and _end(e) <= limit]
        key = (value, limit)
        if value > best_total or (value == best_total and best_running is not None and key > best_running[0]) or (
            value == best_total and best_running is None and covered
        ):
            best_total, best_running = value, (key, running)
            best_ids, superseded = (running.id,) + tuple(e.id for e in later), tuple(e.id for e in covered)
    return best_total, best_ids, superseded


@pytest.mark.parametrize("seed", range(8))
def test_people_total_on_many_transfers_and_running_totals(seed):
    """On hundreds of transfers and running totals ("by then, N in all"), the total, the events it rests
    on and those it supersedes are exactly those of checking every total against every transfer."""
    import random

    from tcwatch.analysis.figures import people_figure

    rng = random.Random(seed)
    facts = []
    for i in range(400):
        month = rng.randint(1, 24)
        day = f"{2023 + (month - 1) // 12}-{1 + (month - 1) % 12:02d}" + (f"-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else "")
        running = rng.random() < 0.15
        facts.append(F("transfer", date=day, date_qualifier="before" if running else "on", document_id=f"d{i}",
                       people=rng.randint(50, 400) if running else rng.choice([None, 1, 2, 7, 10, 16])))
    events = link_events(facts)
    got = people_figure(events)
    total, ids, superseded = _naive_people(events)
    assert (got.total, got.event_ids, got.superseded) == (total, ids, superseded)


def test_figures_sort_the_events_once_and_read_the_same_whatever_their_order():
    """corridor_figures puts the events in date order once for every figure; each figure alone, on
    events in any order, gives what it gives inside corridor_figures."""
    import random

    from tcwatch.analysis import figures as fig
    from tcwatch.analysis.events import link_events
    from tcwatch.model import Fact

    rng = random.Random(2)
    facts = []
    for i in range(1, 600):
        kind = rng.choice(["transfer", "transfer", "payment", "cost", "ruling", "agreement", "talks", "suspension",
                           "onward_removal"])
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        facts.append(Fact(
            type=kind, sender="GBR", receiver="RWA", id=i, date=rng.choice([day, day, day[:7], day[:4]]),
            date_qualifier=rng.choice(["on", "on", "before"]), people=rng.choice([None, 5, 30]),
            amount=rng.choice([None, 1e6, 2.5e6]) if kind in ("payment", "cost") else None,
            currency="GBP" if kind in ("payment", "cost") else None,
            outcome=rng.choice(["blocked", "allowed"]) if kind == "ruling" else None, published="2025-01-01"))
    events = link_events(facts)
    shuffled = events[:]
    rng.shuffle(shuffled)
    for as_of in (None, "2024-06", "2024-03-10"):
        whole = fig.corridor_figures(events, as_of=as_of)
        assert fig.corridor_figures(shuffled, as_of=as_of) == whole
        upto = fig._upto(shuffled, as_of)
        assert fig.people_figure(upto) == whole.people
        assert fig.money_figures(upto)[0] == whole.money
        assert fig.status_on(shuffled, as_of) == whole.status
        assert fig.status_timeline(upto) == list(whole.timeline)
