"""After each write, the events, figures and listing read through the caches (a busy corridor's types
linked again only where new facts reach: analysis.relink) are those computed from scratch, on SQLite
and PostgreSQL."""

from __future__ import annotations

import random

import pytest

from tcwatch.model import Document, Extraction, Fact, Span

KINDS = ["transfer", "transfer", "transfer", "payment", "ruling", "talks"]


def _fact(rng: random.Random, kind: str, sender: str, receiver: str, doc_id: str, offset: int, n: int) -> Fact:
    day = f"2024-{rng.choice([2, 2, 3]):02d}-{rng.randint(1, 12):02d}"  # dense: new facts meet old events
    shape = rng.random()
    date, qualifier = day, "on"
    if shape < 0.2:
        date = day[:7]
    elif shape < 0.3:
        qualifier = "before"
    elif shape < 0.27:
        date = None
    sentence = f"Item {n}: a {kind} between {sender} and {receiver}."
    return Fact(
        type=kind, sender=sender, receiver=receiver, date=date, date_qualifier=qualifier,
        people=rng.choice([None, 3, 7, 12, 12, 40]) if kind == "transfer" else None,
        amount=rng.choice([50_000.0, 1_000_000.0]) if kind == "payment" else None,
        currency="GBP" if kind == "payment" else None,
        outcome=rng.choice(["blocked", "allowed"]) if kind == "ruling" else None,
        actor=rng.choice([None, "the High Court"]) if kind == "ruling" else None,
        evidence=sentence, span=Span(offset, offset + len(sentence)), document_id=doc_id,
        extractor_version="test", published=f"2024-{rng.randint(1, 5):02d}-01",
    )


def _add(store, rng: random.Random, n: int, facts: int, sender: str = "GBR", receiver: str = "RWA") -> None:
    from tcwatch.analysis.events import assign_event

    doc_id = f"{sender}-{receiver}-{n}"
    made, offset = [], 0
    for i in range(facts):
        fact = _fact(rng, rng.choice(KINDS), sender, receiver, doc_id, offset, n * 10 + i)
        made.append(fact)
        offset = fact.span.end + 1
    text = " ".join(f.evidence for f in made)
    doc = Document(id=doc_id, date="2024-05-02", text=text, title=f"Doc {n}", url=f"https://example.org/{doc_id}",
                   source="Test Wire")
    store.add_document(doc, Extraction(doc.id, True, tuple(made)), assign_event=assign_event)


def _add_facts(store, doc_id: str, facts: list[dict]) -> None:
    """One document with these facts (on ITA-ALB, transfers unless said)."""
    from tcwatch.analysis.events import assign_event

    made, offset = [], 0
    for i, fields in enumerate(facts):
        sentence = f"{doc_id} item {i}."
        made.append(Fact(**{"type": "transfer", "sender": "ITA", "receiver": "ALB", **fields}, evidence=sentence,
                         span=Span(offset, offset + len(sentence)), document_id=doc_id, extractor_version="test",
                         published="2024-03-01"))
        offset += len(sentence) + 1
    doc = Document(id=doc_id, date="2024-03-01", text=" ".join(f.evidence for f in made), title=doc_id,
                   url=f"https://example.org/{doc_id}", source="Test Wire")
    store.add_document(doc, Extraction(doc.id, True, tuple(made)), assign_event=assign_event)


def _views(store) -> tuple:
    from tcwatch.corridors import corridor_dates, corridor_detail, corridor_events, list_corridors

    return (
        corridor_detail(store, "GBR", "RWA"),
        corridor_detail(store, "GBR", "RWA", limit=7, newest_first=True),
        corridor_detail(store, "GBR", "RWA", as_of="2024-03"),
        corridor_events(store, "GBR", "RWA", as_of="2024-02-15"),
        corridor_dates(store, "GBR", "RWA"),
        list_corridors(store),
        list_corridors(store, as_of="2024-03"),
        corridor_detail(store, "USA", "SLV"),
        corridor_events(store, "ITA", "ALB"),
    )


def test_events_and_figures_after_each_write_are_those_computed_from_scratch(any_target, monkeypatch):
    from tcwatch import corridors
    from tcwatch.store import open_store

    monkeypatch.setattr(corridors, "RELINK_MIN_FACTS", 5)  # every type of the corridor keeps its state
    relinked = []
    real_relink = corridors.relink
    monkeypatch.setattr(corridors, "relink", lambda prev, added, load: relinked.append(len(added))
                        or real_relink(prev, added, load))
    real_key = corridors._db_key
    rng = random.Random(21)
    with open_store(any_target, reference=False) as store:
        for n in range(70):
            _add(store, rng, n, 3)
        _add(store, rng, 900, 3, "USA", "SLV")
        # a month's report of 12 people joins the event of an uncounted transfer on a day of that month ...
        _add_facts(store, "ita-1", [{"date": "2024-02-05"}, {"date": "2024-02-20", "people": 5},
                                    {"date": "2024-02-22", "people": 9}, {"date": "2024-02-25", "people": 9}])
        _add_facts(store, "ita-2", [{"date": "2024-02", "people": 12}])
        corridors.clear_cache()
        _views(store)
        for step in range(30):
            if step == 6:  # a review: the corridor is linked from scratch, then again a fact at a time
                fact = next(f for f in store.corridor_facts("GBR", "RWA", "transfer") if f.people)
                store.review_fact(fact.id, "reject", "tester")
            elif step == 9:
                fact = next(f for f in store.corridor_facts("GBR", "RWA", "transfer") if f.review is None)
                store.review_fact(fact.id, "correct", "tester", changes={"people": 999})
            else:
                _add(store, rng, 100 + step, rng.choice([1, 1, 2, 5]))
            if step == 11:
                _add(store, rng, 950 + step, 2, "USA", "SLV")
            if step == 3:  # ... until a count of 7 on that day joins it: the month's report cannot stay
                _add_facts(store, "ita-3", [{"date": "2024-02-05", "people": 7}])
            cached = _views(store)
            # the same reads with caches of their own (nothing kept from before this step)
            monkeypatch.setattr(corridors, "_db_key", lambda s, step=step: ("fresh", step, real_key(s)))
            fresh = _views(store)
            monkeypatch.setattr(corridors, "_db_key", real_key)
            assert cached == fresh, f"step {step}"
        ita = corridors.corridor_events(store, "ITA", "ALB")
        assert len(ita) == (4 if step < 3 else 5) and any(e["people"] == 12 and len(e["fact_ids"]) == (
            2 if step < 3 else 1) for e in ita)
    assert len(relinked) >= 8  # the additions went through relink, not a full linking
