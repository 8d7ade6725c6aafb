"""A corridor with more facts than one page: the page lists the latest ones (oldest first), a link
leads to the earlier ones, the figures still count every fact, and evidence links always resolve."""

from __future__ import annotations

import re

import pytest

from tcwatch.model import Document, Extraction, Fact, Span
from web_helpers import load, HERE

api_helpers = load("tcwatch_api_helpers", HERE.parent / "api" / "api_helpers.py")

KINDS = ["transfer", "talks", "payment", "ruling", "criticism"]


@pytest.fixture
def busy(empty_store, db_path):
    """130 facts on GBR-RWA over 65 documents (two facts each)."""
    from tcwatch.analysis.events import assign_event

    for d in range(65):
        day = f"2023-{1 + d % 12:02d}-{1 + d % 28:02d}" if d < 60 else f"2025-0{d - 59}-01"
        facts, text, offset = [], [], 0
        for i in range(2):
            kind = KINDS[(d * 2 + i) % len(KINDS)]
            sentence = f"Note {d}.{i}: a {kind} from the United Kingdom to Rwanda of {d + 1} people."
            facts.append(Fact(type=kind, sender="GBR", receiver="RWA", date=day,
                              people=d + 1 if kind == "transfer" else None,
                              amount=1e6 * (d + 1) if kind == "payment" else None,
                              currency="GBP" if kind == "payment" else None,
                              outcome="blocked" if kind == "ruling" else None, evidence=sentence,
                              span=Span(offset, offset + len(sentence)), document_id=f"busy-{d}",
                              extractor_version="test", published=day))
            text.append(sentence)
            offset += len(sentence) + 1
        doc = Document(id=f"busy-{d}", date=day, text=" ".join(text), title=f"Busy {d}", source="Wire")
        empty_store.add_document(doc, Extraction(doc.id, True, tuple(facts)), assign_event=assign_event)
    with api_helpers.make_client(db_path, None) as client:
        yield client


def listed(html: str) -> list[int]:
    section = html.split('id="corridor-facts"', 1)[1]
    return [int(x) for x in re.findall(r'<li class="fact[^"]*" id="fact-(\d+)"', section)]


def test_page_lists_the_latest_facts_and_links_to_earlier_ones(busy):
    whole = busy.get("/api/corridors/GBR-RWA", params={"limit": 1000}).json()
    all_ids = [f["id"] for f in whole["timeline"]]
    assert len(all_ids) == 130 and whole["next_cursor"] is None
    first = busy.get("/corridors/GBR-RWA").text
    latest = listed(first)
    assert latest == all_ids[-100:]  # the latest 100, shown oldest first
    assert "100 of 130" in first and "130 facts" in first
    more = re.search(r'<a href="([^"]+)#facts" id="earlier-facts"', first).group(1).replace("&amp;", "&")
    earlier = busy.get(more).text
    assert listed(earlier) == all_ids[:30] and 'id="earlier-facts"' not in earlier
    # the headline counts every fact, on either page
    people = re.search(r'id="people-total">([^<]+)<', first).group(1)
    assert people == re.search(r'id="people-total">([^<]+)<', earlier).group(1)
    assert people.replace(",", "") == str(whole["people"]["total"])
    # every evidence link resolves: to the fact on this page, else to the fact's own page
    for html in (first, earlier):
        head = html.split('id="headline"', 1)[1].split("</section>", 1)[0]
        on_page = set(listed(html))
        for kind, fid in re.findall(r'href="(#fact-|/facts/)(\d+)"', head):
            assert (int(fid) in on_page) == (kind == "#fact-"), (kind, fid)
    earlier_head = earlier.split('id="headline"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'href="/facts/\d+"', earlier_head)  # the latest status rests on a fact not listed there


def test_api_timeline_pages_follow_next(busy):
    got, url, params = [], "/api/corridors/GBR-RWA", {"limit": 40, "order": "desc"}
    while url:
        body = busy.get(url, params=params).json()
        assert body["timeline_total"] == 130 and body["facts"] == 130
        got += [f["id"] for f in body["timeline"]]
        url, params = body["next"], None
    whole = busy.get("/api/corridors/GBR-RWA", params={"limit": 1000}).json()
    assert got == [f["id"] for f in whole["timeline"]][::-1]
    bad = busy.get("/api/corridors/GBR-RWA", params={"cursor": "nonsense"})
    assert bad.status_code == 400 and "cursor" in bad.json()["error"]["message"]
    assert busy.get("/api/corridors/GBR-RWA", params={"order": "sideways"}).status_code == 400
