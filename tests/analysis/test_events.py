"""Linking facts into events: hand-written facts, no article text."""

from __future__ import annotations

from tcwatch.analysis.events import (
    Event,
    actors_compatible,
    assign_event,
    date_span,
    fact_key,
    figures_compatible,
    link_events,
    same_event,
)
from tcwatch.model import Fact


def F(**kw) -> Fact:
    base = dict(type="transfer", sender="USA", receiver="RWA")
    base.update(kw)
    return Fact(**base)


def test_date_span():
    assert str(date_span("2025-02")[1]) == "2025-02-28"
    assert str(date_span("2024")[0]) == "2024-01-01"
    assert date_span("2025-13") is None and date_span(None) is None


def test_partial_dates_are_compatible():
    assert same_event(F(id=1, date="2025-08"), F(id=2, date="2025-08-14"))
    assert same_event(F(id=1, date="2025"), F(id=2, date="2025-08-14"))
    assert not same_event(F(id=1, date="2025-08-14"), F(id=2, date="2025-08-20"))
    assert not same_event(F(id=1, date="2025-07"), F(id=2, date="2025-08-14"))


def test_before_reaches_back_within_a_window():
    august = F(id=1, date="2025-08", people=7)
    october = F(id=2, date="2025-10-02", date_qualifier="before", people=7)
    assert same_event(august, october)
    # a year and more earlier is out of the window
    assert not same_event(F(id=3, date="2024-06", people=7), october)
    # 'before' never reaches forward
    assert not same_event(F(id=4, date="2025-10-20", people=7), october)


def test_undated_fact_uses_publication_date():
    assert same_event(F(id=1, published="2025-09-01", people=7), F(id=2, date="2025-08-10", people=7))
    assert not same_event(F(id=1, published="2025-07-01"), F(id=2, date="2025-08-10"))
    assert same_event(F(id=1), F(id=2, date="2019-01-01"))


def test_figures():
    assert figures_compatible(200, 196, "about", "exact")
    assert figures_compatible(200, 196)  # 200 is a round number
    assert not figures_compatible(17, 16)
    assert figures_compatible(None, 16)
    assert not figures_compatible(238, 252)
    assert same_event(F(id=1, people=None), F(id=2, people=7))
    assert not same_event(F(id=1, people=8, date="2025-08"), F(id=2, people=7, date="2025-08"))
    assert not same_event(
        F(type="payment", id=1, amount=100, currency="USD"), F(type="payment", id=2, amount=100, currency="GBP")
    )
    assert same_event(
        F(type="cost", id=1, amount=700_000_000, currency="GBP", amount_qualifier="about"),
        F(type="cost", id=2, amount=715_000_000, currency="GBP"),
    )


def test_corridor_and_type_must_match():
    assert not same_event(F(id=1), F(id=2, receiver="UGA"))
    assert not same_event(F(id=1), F(id=2, receiver=None))
    assert same_event(F(id=1, receiver=None), F(id=2, receiver=None))
    assert not same_event(F(id=1), F(id=2, type="talks"))


def test_rulings_need_compatible_actor_and_outcome():
    r = dict(type="ruling", sender="GBR", receiver="RWA", date="2023-11-15")
    assert same_event(F(id=1, actor="UK Supreme Court", outcome="unsafe", **r),
                      F(id=2, actor="Supreme Court", outcome="blocked", **r))
    assert not same_event(F(id=1, actor="UK Supreme Court", outcome="unsafe", **r),
                          F(id=2, actor="High Court", outcome="unsafe", **r))
    assert not same_event(F(id=1, outcome="allowed", **r), F(id=2, outcome="blocked", **r))
    assert actors_compatible("Judge Murphy", "Judge Brian Murphy")
    assert actors_compatible("a federal judge", "Judge Brian Murphy")
    assert actors_compatible("ECHR", "European Court of Human Rights")
    assert not actors_compatible("Court of Appeal", "Supreme Court")


def test_curated_facts_are_distinct_events():
    a = F(origin="curated", arrangement_id="A", date="2025-08", people=7, source_urls=("https://a",))
    b = F(origin="curated", arrangement_id="A", date="2025-08", people=7, source_urls=("https://b",))
    assert not same_event(a, b)
    assert not same_event(F(id=1, arrangement_id="A"), F(id=2, arrangement_id="B"))


def test_rejected_facts_are_left_out():
    events = link_events([F(id=1, date="2025-08", people=7), F(id=2, date="2025-08", people=9, review="rejected")])
    assert len(events) == 1 and events[0].fact_ids == (1,)


def test_link_events_chooses_values_and_records_conflicts():
    curated = F(origin="curated", arrangement_id="USA-RWA", date="2025-08", people=7,
                source_urls=("https://ref",))
    reported = F(id=11, date="2025-10-02", date_qualifier="before", people=7, document_id="d1", published="2025-10-02")
    precise = F(id=12, date="2025-08-14", document_id="d2", published="2025-08-15", nationalities=("IRQ",))
    other = F(id=13, date="2025-02-01", people=1, document_id="d3")
    events = link_events([reported, precise, curated, other])
    assert len(events) == 2
    first, second = events
    assert first.id == 13 and first.people == 1
    ev = second
    assert isinstance(ev, Event)
    assert ev.id == 11  # the smallest fact id
    assert set(ev.fact_ids) == {11, 12, fact_key(curated)}
    assert ev.origins == frozenset({"curated", "extracted"})
    assert ev.date == "2025-08" and ev.people == 7 and ev.nationalities == ("IRQ",)
    # a vaguer or a "by then" date is no contradiction
    assert ev.conflicts == ()
    assert ev.to_dict()["origins"] == ["curated", "extracted"]


def test_contradicting_dates_are_a_conflict():
    curated = F(origin="curated", date="2025-08-14", people=7, source_urls=("https://ref",))
    other = F(id=21, date="2025-08-20", date_qualifier="approx", people=7, document_id="d1")
    (ev,) = link_events([curated, other])
    (conflict,) = ev.conflicts
    assert conflict.field == "date" and conflict.reason == "curated over extracted"
    assert {v.value for v in conflict.values} == {"2025-08-14 (on)", "2025-08-20 (approx)"}
    assert ev.to_dict()["conflicts"][0]["chosen"] == "2025-08-14 (on)"


def test_outcomes_conflict_only_when_they_point_different_ways():
    r = dict(type="ruling", sender="GBR", receiver="RWA", date="2023-11-15")
    same = link_events([F(id=1, outcome="unsafe", document_id="a", **r), F(id=2, outcome="unlawful", document_id="b", **r)])
    assert same[0].conflicts == ()


def test_choice_rule_order():
    r = dict(type="ruling", sender="USA", receiver="SLV", date="2025-03-15")
    # no curated or reviewed fact: the most sources win
    a = F(id=1, actor="Judge Boasberg", people=200, people_qualifier="about", outcome="blocked", document_id="d1", **r)
    b = F(id=2, actor="Judge James Boasberg", people=196, outcome="blocked", document_id="d2", **r)
    c = F(id=3, actor="Judge James Boasberg", people=196, outcome="blocked", document_id="d3", **r)
    (ev,) = link_events([a, b, c])
    (conflict,) = ev.conflicts
    assert ev.actor == "Judge James Boasberg" and ev.people == 196 and conflict.reason == "most sources"
    # a reviewed fact beats the majority
    a2 = a.with_(review="accepted")
    (ev,) = link_events([a2, b, c])
    assert ev.actor == "Judge Boasberg" and ev.people == 200 and ev.conflicts[0].reason == "reviewed over extracted"
    # a more precise date beats a vaguer one
    x = F(id=5, date="2025-03", people=240, people_qualifier="about", document_id="d5")
    y = F(id=6, date="2025-03-16", people=238, document_id="d6")
    (ev,) = link_events([x, y])
    assert ev.date == "2025-03-16" and ev.people == 238 and ev.conflicts[0].reason == "most precise date"
    # on a tie, the latest report wins
    p = F(id=7, date="2025-03-16", people=200, people_qualifier="about", document_id="d7", published="2025-03-17")
    q = F(id=8, date="2025-03-16", people=196, document_id="d8", published="2025-03-20")
    (ev,) = link_events([p, q])
    assert ev.people == 196 and ev.conflicts[0].reason == "latest report"


def test_corrected_facts_count_as_reviewed():
    a = F(id=1, date="2025-03-16", people=238, review="corrected", document_id="d1")
    b = F(id=2, date="2025-03-16", people=240, document_id="d2")
    c = F(id=3, date="2025-03-16", people=240, document_id="d3")
    (ev,) = link_events([a, b, c])
    assert ev.people == 238


def test_complete_linkage_does_not_chain():
    # 'before' facts could bridge two distinct transfers; they must not merge them
    july = F(id=1, date="2025-07-05", people=8)
    sept = F(id=2, date="2025-09-06", people=1)
    vague = F(id=3, date="2025-09-30", date_qualifier="before")
    events = link_events([july, sept, vague])
    assert len(events) == 2


def test_assign_event_with_stored_facts():
    stored = [
        F(id=1, event_id=100, date="2025-08", people=7),
        F(id=2, event_id=100, date="2025-08-14", people=7),
        F(id=3, event_id=200, date="2025-02", people=1),
        F(id=4, event_id=300, date="2025-08-20", people=9, review="rejected"),
    ]
    assert assign_event(F(date="2025-08-14", people=7), stored) == 100
    assert assign_event(F(date="2025-02-10"), stored) == 200
    assert assign_event(F(date="2025-08-20", people=9), stored) is None
    assert assign_event(F(date="2025-08-14", people=7), []) is None
    assert assign_event(F(date="2025-08-14", people=7, review="rejected"), stored) is None


def test_assign_event_with_events():
    events = link_events([F(id=1, date="2025-08", people=7), F(id=2, date="2025-02", people=1)])
    assert assign_event(F(date="2025-08-30", people=7), events) == 1
    assert assign_event(F(date="2025-02-03"), events) == 2
    assert assign_event(F(date="2024-01-01"), events) is None


def test_reference_facts_link_cleanly():
    from tcwatch.reference import load_reference

    facts = load_reference().facts
    events = link_events(facts)
    assert len(events) == len(facts)  # curated facts never merge with each other
    assert len({e.id for e in events}) == len(events)


def _naive_cluster(facts):
    """The grouping rule spelled out without the index: every earlier event is tried in turn."""
    from tcwatch.analysis.events import _link_order, fact_span

    groups = {}
    for fact in sorted((f for f in facts if f.review != "rejected"), key=_link_order):
        bucket = groups.setdefault((fact.type, fact.sender, fact.receiver), [])
        span = fact_span(fact)
        for window, members in bucket:
            if span is not None and window and (span[1] < window[0] or window[1] < span[0]):
                continue
            if all(same_event(fact, m) for m in members):
                members.append(fact)
                if span is not None:
                    window[:] = [max(window[0], span[0]), min(window[1], span[1])] if window else list(span)
                break
        else:
            bucket.append((list(span) if span is not None else [], [fact]))
    return [members for bucket in groups.values() for _, members in bucket]


def test_indexed_grouping_equals_trying_every_event():
    """On many facts of every date precision and qualifier over several years (a busy corridor),
    the indexed grouping gives exactly the events of trying each fact against every earlier event."""
    import random

    from tcwatch.analysis.events import cluster

    rng = random.Random(5)
    facts = []
    for i in range(3000):
        year = rng.choice([2022, 2023, 2024, 2025])
        shape = rng.random()
        day = (f"{year}" if shape < 0.1 else f"{year}-{rng.randint(1, 12):02d}" if shape < 0.3
               else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        undated = rng.random() < 0.15
        facts.append(Fact(
            id=i + 1, type=rng.choice(["transfer", "payment", "ruling"]), sender="GBR",
            receiver=rng.choice(["RWA", "RWA", "UGA"]), date=None if undated else day,
            date_qualifier=rng.choice(["on", "on", "on", "before", "after", "approx"]),
            published=None if undated and rng.random() < 0.3 else f"{year}-{rng.randint(1, 12):02d}-15",
            people=rng.choice([None, 5, 7, 10, 100]), amount=rng.choice([None, 1e6, 2e6]),
            currency="GBP", outcome=rng.choice([None, "blocked", "upheld"]), evidence=f"sentence {i}",
            document_id=f"d{i % 700}", review="rejected" if rng.random() < 0.02 else None,
            origin="curated" if rng.random() < 0.04 else "extracted",  # trusted: they seed events first
        ))
    got = [[f.id for f in members] for members in cluster(facts)]
    want = [[f.id for f in members] for members in _naive_cluster(facts)]
    assert got == want
    assert len(got) < len(facts) - 500  # many facts did join an event


def test_grouping_by_detail_kinds_equals_trying_every_member():
    """Facts that differ from each other in one detail the rules read (approximate and round figures,
    currencies, money kinds, per-person amounts, nationalities, outcomes, courts, arrangements,
    curated or not) group exactly as testing each fact against every member of every earlier event
    does."""
    import random

    from tcwatch.analysis.events import cluster

    rng = random.Random(11)
    choices = {
        "people": [None, 7, 200, 196, 238], "people_qualifier": ["exact", "about"],
        "amount": [None, 6e6, 5.9e6, 6_000_123.0, 6_100_456.0], "currency": ["USD", "EUR", None],
        "amount_qualifier": ["exact", "up_to"], "money_kind": [None, "paid", "committed"],
        "per_person": [False, True], "nationalities": [(), ("VEN",), ("VEN", "SLV"), ("HND",)],
        "outcome": [None, "blocked", "allowed", "other"],
        "actor": [None, "the Supreme Court", "US Supreme Court", "a federal judge", "Judge Boasberg"],
        "arrangement_id": [None, "usa-slv-2025", "usa-slv-other"], "origin": ["extracted", "curated"],
    }
    base = {"people": 200, "people_qualifier": "exact", "amount": 6_000_123.0, "currency": "USD", "amount_qualifier": "exact",
            "money_kind": "paid", "per_person": False, "nationalities": ("VEN",), "outcome": "blocked",
            "actor": "the Supreme Court", "arrangement_id": None, "origin": "extracted"}
    facts = []
    for i in range(2500):
        details = dict(base)
        for name in rng.sample(sorted(choices), rng.choice([1, 1, 2])):
            details[name] = rng.choice(choices[name])
        facts.append(Fact(
            id=i + 1, type=rng.choice(["transfer", "payment", "ruling", "criticism"]), sender="USA", receiver="SLV",
            date=f"2025-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else "2025-03",
            date_qualifier=rng.choice(["on", "on", "approx"]), published="2025-05-01",
            evidence=f"sentence {i}", document_id=f"d{i % 500}", **details,
        ))
    got = [[f.id for f in members] for members in cluster(facts)]
    want = [[f.id for f in members] for members in _naive_cluster(facts)]
    assert got == want
    assert any(len(members) > 2 for members in got) and len(got) > 100
