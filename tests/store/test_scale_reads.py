"""Reads that must stay fast on a large archive: the indexes the hot queries use (EXPLAIN QUERY
PLAN), a corridor's timeline read a page at a time, and cached figures that follow every write."""

from __future__ import annotations

import re

import pytest

from tcwatch.model import Document, Extraction, Fact, Span

KINDS = ["transfer", "talks", "payment", "ruling", "criticism", "agreement"]


def add_docs(store, n_docs: int, per_doc: int = 3, sender: str = "GBR", receiver: str = "RWA",
             start: int = 0, people: int = 5) -> None:
    """``n_docs`` documents on one corridor, each with ``per_doc`` dated facts of several kinds."""
    from tcwatch.analysis.events import assign_event

    for d in range(start, start + n_docs):
        day = f"2024-{1 + d % 12:02d}-{1 + d % 27:02d}"
        facts, sentences, offset = [], [], 0
        for i in range(per_doc):
            kind = KINDS[(d + i) % len(KINDS)]
            sentence = f"Item {d}.{i}: a {kind} between {sender} and {receiver} with {people} people."
            facts.append(Fact(
                type=kind, sender=sender, receiver=receiver, date=day if i else None,
                people=people if kind == "transfer" else None,
                amount=1000.0 * (d + 1) if kind == "payment" else None, currency="GBP" if kind == "payment" else None,
                outcome="blocked" if kind == "ruling" else None, evidence=sentence,
                span=Span(offset, offset + len(sentence)), document_id=f"{sender}-{receiver}-{d}",
                extractor_version="test", published=day,
            ))
            sentences.append(sentence)
            offset += len(sentence) + 1
        doc = Document(id=f"{sender}-{receiver}-{d}", date=day, text=" ".join(sentences), title=f"Doc {d}",
                       url=f"https://example.org/{sender}{receiver}/{d}", source="Test Wire")
        store.add_document(doc, Extraction(doc.id, True, tuple(facts)), assign_event=assign_event)


def plans(store, calls) -> dict[str, str]:
    """Each SQL statement the calls run, with SQLite's query plan for it."""
    seen: list[str] = []
    store.conn.raw.set_trace_callback(seen.append)
    try:
        for call in calls:
            call()
    finally:
        store.conn.raw.set_trace_callback(None)
    out = {}
    for sql in seen:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        rows = store.conn.raw.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        out[sql] = "\n".join(r[-1] for r in rows)
    return out


def test_hot_queries_use_an_index_not_a_scan(empty_store):
    """The listings, a corridor's page, its data version, counts and document facts each read an
    index (no full scan of facts, no sort of all matching rows for ORDER BY ... LIMIT)."""
    from tcwatch.store import FactFilter

    store = empty_store
    add_docs(store, 30)
    add_docs(store, 10, sender="USA", receiver="SLV")
    store.conn.execute("ANALYZE")
    first_page, key = store.corridor_page("GBR", "RWA", limit=10)
    calls = [
        lambda: store.list_facts(FactFilter(sender="GBR"), limit=50),
        lambda: store.list_facts(FactFilter(receiver="RWA"), limit=50),
        lambda: store.list_facts(FactFilter(type="transfer"), limit=50),
        lambda: store.list_facts(FactFilter(sender="GBR", receiver="RWA"), limit=50, cursor=None),
        lambda: store.count_facts(FactFilter(sender="GBR")),
        lambda: store.corridor_page("GBR", "RWA", limit=10),
        lambda: store.corridor_page("GBR", "RWA", limit=10, after=key, newest_first=True),
        lambda: store.corridor_page("GBR", "RWA", limit=10, as_of="2024-06"),
        lambda: store.data_version(("GBR", "RWA")),
        lambda: store.data_version(),
        lambda: store.document_facts("GBR-RWA-3"),
        lambda: store.documents(limit=20),
    ]
    found = plans(store, calls)
    facts_reads = {sql: plan for sql, plan in found.items() if re.search(r"\bFROM facts\b", sql)}
    assert len(facts_reads) >= 9, found
    for sql, plan in found.items():
        assert not re.search(r"\bSCAN (facts|documents)\b(?! USING)", plan), f"full scan:\n{sql}\n{plan}"
        if "LIMIT" in sql and "ORDER BY" in sql and "FROM facts" in sql:
            assert "USE TEMP B-TREE" not in plan, f"sorts every match:\n{sql}\n{plan}"
    plan_of = {sql.split(" LIMIT")[0][:160]: plan for sql, plan in facts_reads.items()}
    joined = "\n".join(plan_of.values())
    for index in ("facts_sender_id", "facts_receiver_id", "facts_type_id", "facts_corridor_when", "facts_corridor_id"):
        assert index in joined, f"{index} not used:\n{joined}"
    assert first_page and key is not None


def test_a_timeline_page_seeks_to_its_cursor(empty_store):
    """An earlier (or later) page of a corridor's timeline starts at its cursor in the index, so page
    1,000 of a corridor costs what page 2 costs: the keyset bounds the index's date column (a
    range in the plan), instead of the corridor's whole index being walked from its end and
    each entry compared with the cursor."""
    store = empty_store
    add_docs(store, 30)
    store.conn.execute("ANALYZE")
    _, key = store.corridor_page("GBR", "RWA", limit=10)
    _, back = store.corridor_page("GBR", "RWA", limit=10, newest_first=True)
    found = plans(store, [
        lambda: store.corridor_page("GBR", "RWA", limit=10, after=key),
        lambda: store.corridor_page("GBR", "RWA", limit=10, after=back, newest_first=True),
        lambda: store.corridor_page("GBR", "RWA", limit=10, after=back, newest_first=True, as_of="2024-06"),
    ])
    pages = {sql: plan for sql, plan in found.items() if "FROM facts" in sql}
    assert len(pages) == 3, found
    for sql, plan in pages.items():
        assert re.search(r"facts_corridor_when \(sender=\? AND receiver=\? AND <expr>[<>]\?", plan), f"{sql}\n{plan}"


def test_search_of_a_common_word_ranks_a_recent_window(empty_store, monkeypatch):
    """A word in every row is ranked among the most recent matches only (the window), best first."""
    store = empty_store
    add_docs(store, 12)
    everything = store.search("Item", limit=200)
    monkeypatch.setattr(type(store), "SEARCH_WINDOW", 5)
    recent = store.search("Item", limit=200)
    assert len(everything) == 12 * 4 and len(recent) == 5  # documents and facts, then the window
    latest = store.conn.query("SELECT kind, ref FROM search_index ORDER BY rowid DESC LIMIT 5")
    assert {(h["kind"], h["ref"]) for h in recent} == {(r["kind"], r["ref"]) for r in latest}
    assert all("[Item]" in h["snippet"] for h in recent)


@pytest.fixture
def big(any_target):
    from tcwatch.store import open_store

    with open_store(any_target, reference=False) as store:
        add_docs(store, 25)  # 75 facts on GBR-RWA, 25 of them undated
        add_docs(store, 2, sender="USA", receiver="SLV")
        yield store


def test_timeline_pages_join_up_to_the_whole_timeline(big):
    """Paging a corridor's timeline (either way) gives every fact once, in the order of the whole one,
    with the same figures, counts and (per page) the events of its facts."""
    from tcwatch.corridors import corridor_detail

    whole = corridor_detail(big, "GBR", "RWA")
    assert whole["timeline_total"] == len(whole["timeline"]) == 75 and whole["next_cursor"] is None
    for newest_first in (False, True):
        pages, cursor = [], None
        while True:
            page = corridor_detail(big, "GBR", "RWA", limit=10, cursor=cursor, newest_first=newest_first)
            assert page["figures"] == whole["figures"] and page["timeline_total"] == 75
            ids = {f["id"] for f in page["timeline"]}
            assert page["events"] and all(set(e["fact_ids"]) & ids for e in page["events"])
            pages.append(page["timeline"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        got = [f["id"] for p in pages for f in p]
        want = [f["id"] for f in whole["timeline"]]
        assert got == (want[::-1] if newest_first else want)
        assert [len(p) for p in pages] == [10] * 7 + [5]
    one = corridor_detail(big, "GBR", "RWA", limit=100)
    assert one["events"] == whole["events"] and one["timeline"] == whole["timeline"]


def test_timeline_page_as_of_and_bad_cursor(big):
    from tcwatch.corridors import corridor_detail
    from tcwatch.errors import InvalidQuery

    whole = corridor_detail(big, "GBR", "RWA", as_of="2024-03")
    page = corridor_detail(big, "GBR", "RWA", as_of="2024-03", limit=4)
    assert page["timeline_total"] == len(whole["timeline"]) > 4
    assert [f["id"] for f in page["timeline"]] == [f["id"] for f in whole["timeline"][:4]]
    assert all((f["date"] or f["published"]) <= "2024-03-31" for f in whole["timeline"])
    with pytest.raises(InvalidQuery, match="cursor"):
        corridor_detail(big, "GBR", "RWA", limit=4, cursor="not-a-cursor")


def test_cached_figures_follow_every_write(big):
    """A new document, a review and a new corridor each show at once in the figures and the listing."""
    from tcwatch.corridors import corridor_detail, list_corridors

    before = corridor_detail(big, "GBR", "RWA", limit=5)
    listed = {c["id"]: c for c in list_corridors(big)}
    assert listed["GBR-RWA"]["people"] == before["people"] and set(listed) == {"GBR-RWA", "USA-SLV"}
    add_docs(big, 1, start=100, people=40)
    after = corridor_detail(big, "GBR", "RWA", limit=5)
    assert after["facts"] == before["facts"] + 3 and after["people"]["total"] != before["people"]["total"]
    assert {c["id"]: c for c in list_corridors(big)}["GBR-RWA"]["people"] == after["people"]
    fact = next(f for f in big.corridor_facts("GBR", "RWA") if f.people == 40)
    big.review_fact(fact.id, "reject", "tester")
    reviewed = corridor_detail(big, "GBR", "RWA", limit=5)
    assert reviewed["people"]["total"] == before["people"]["total"]
    add_docs(big, 1, sender="ITA", receiver="ALB")
    assert "ITA-ALB" in {c["id"] for c in list_corridors(big)}
    assert corridor_detail(big, "USA", "SLV")["figures"] == corridor_detail(big, "USA", "SLV", limit=1)["figures"]


def _lists(value, path=""):
    """Every list in a JSON-ready value, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _lists(item, f"{path}.{key}")
    elif isinstance(value, list):
        yield path, value
        for i, item in enumerate(value):
            yield from _lists(item, f"{path}[{i}]")


def test_listing_item_stays_small_and_counts_what_it_cuts(big):
    """A busy corridor's listing item keeps the latest few ids of each figure, says how many there are
    in all, and points to the detail that has them all; the figures themselves are unchanged."""
    from tcwatch.corridors import LISTING_ENTRIES, corridor_detail, list_corridors, listing_item

    whole = corridor_detail(big, "GBR", "RWA", limit=1)["figures"]
    item = listing_item({c["id"]: c for c in list_corridors(big)}["GBR-RWA"])
    ids = whole["people"]["event_ids"]
    assert len(ids) > LISTING_ENTRIES
    assert item["people"]["event_ids"] == ids[-LISTING_ENTRIES:] and item["people"]["event_ids_total"] == len(ids)
    assert item["people"]["total"] == whole["people"]["total"] and item["status"] == whole["status"]
    assert item["rulings"]["items_total"] == len(whole["rulings"]["items"]) > LISTING_ENTRIES
    assert item["figures"]["events"] == whole["events"] and "people" not in item["figures"]
    assert item["url"] == "/api/corridors/GBR-RWA"
    assert all(len(v) <= LISTING_ENTRIES for path, v in _lists(item) if not path.endswith("nationalities"))


def _count_linking(monkeypatch) -> list[tuple]:
    """Each linking of facts into events from here on, as (sender, receiver, type, facts linked)."""
    from tcwatch import corridors

    linked: list[tuple] = []

    def counting(real):
        def count(facts, *args, **kwargs):
            facts = list(facts)
            for key in sorted({(f.sender, f.receiver, f.type) for f in facts}):
                linked.append((*key, sum(1 for f in facts if (f.sender, f.receiver, f.type) == key)))
            return real(facts, *args, **kwargs)
        return count

    monkeypatch.setattr(corridors, "link_events", counting(corridors.link_events))
    monkeypatch.setattr(corridors, "link", counting(corridors.link))
    return linked


def _linked(linked, sender, receiver) -> int:
    return sum(n for s, r, _, n in linked if (s, r) == (sender, receiver))


def test_a_corridor_links_its_events_once_per_data_version(big, monkeypatch):
    """The listing, the detail and the detail on several dates share one linking of the corridor's
    facts into events (the costly part) per data version of the corridor; a review on another
    corridor leaves it valid, a review on the corridor links it anew; every answer is the one computed
    with nothing cached."""
    from tcwatch.corridors import clear_cache, corridor_detail, list_corridors

    linked = _count_linking(monkeypatch)

    def views():
        return ([corridor_detail(big, "GBR", "RWA", as_of=d, limit=5) for d in (None, "2024-03", "2024-07", "2024")],
                list_corridors(big), list_corridors(big, as_of="2024-05"))

    clear_cache()
    first = views()
    assert _linked(linked, "GBR", "RWA") == 75, linked  # GBR-RWA's 75 facts, each linked once for every view
    assert views() == first and _linked(linked, "GBR", "RWA") == 75
    usa = big.corridor_facts("USA", "SLV")[0]
    big.review_fact(usa.id, "accept", "tester")
    views()
    assert _linked(linked, "GBR", "RWA") == 75, "a review on USA-SLV re-linked GBR-RWA"
    gbr = big.corridor_facts("GBR", "RWA")[0]
    big.review_fact(gbr.id, "reject", "tester")
    again = views()
    assert _linked(linked, "GBR", "RWA") == 75 + 74, linked  # every type again, without the rejected fact
    clear_cache()
    assert views() == again


def test_a_new_fact_links_again_only_the_events_of_its_type(big, monkeypatch):
    """After a document adds a payment to a corridor, the next read links only the corridor's payments
    again (not its 75 facts of six types), and shows the same figures, events and listing as a read
    with nothing cached."""
    from tcwatch.analysis.events import assign_event
    from tcwatch.corridors import clear_cache, corridor_detail, list_corridors

    def views():
        return (corridor_detail(big, "GBR", "RWA"), corridor_detail(big, "GBR", "RWA", as_of="2024-06", limit=5),
                list_corridors(big))

    before = views()
    linked = _count_linking(monkeypatch)
    payments = len(big.corridor_facts("GBR", "RWA", "payment"))
    sentence = "Britain paid Rwanda 5,000 pounds on 3 March 2024."
    doc = Document(id="new-payment", date="2024-03-04", text=sentence, url="https://example.org/new-payment")
    fact = Fact(type="payment", sender="GBR", receiver="RWA", date="2024-03-03", amount=5000.0, currency="GBP",
                evidence=sentence, span=Span(0, len(sentence)), document_id=doc.id, published=doc.date)
    big.add_document(doc, Extraction(doc.id, True, (fact,)), assign_event=assign_event)
    after = views()
    assert linked == [("GBR", "RWA", "payment", payments + 1)]
    assert after[0]["facts"] == before[0]["facts"] + 1 and after[0]["timeline_total"] == before[0]["timeline_total"] + 1
    assert after[0]["figures"]["money"] != before[0]["figures"]["money"]
    clear_cache()
    assert views() == after


def test_a_data_version_is_one_statement(empty_store):
    """Every page of a corridor asks for its data version, often more than once: one statement (one
    round trip to PostgreSQL, one snapshot), whether of a corridor or of the whole database."""
    store = empty_store
    add_docs(store, 3)
    seen: list[str] = []
    store.conn.raw.set_trace_callback(seen.append)
    try:
        versions = [store.data_version(("GBR", "RWA")), store.data_version(("USA", None)), store.data_version()]
    finally:
        store.conn.raw.set_trace_callback(None)
    assert len(seen) == 3, seen
    assert versions[0] != versions[1]  # a corridor with no fact has a key of its own
