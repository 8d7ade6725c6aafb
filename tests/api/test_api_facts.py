"""``/api/facts`` and ``/api/events``: filters, totals and stable cursors."""

from __future__ import annotations

import pytest

import api_sample_data as sample_data


def test_facts_page_has_total_and_items(client):
    """Without a filter every fact is counted, and the page holds them all."""
    body = client.get("/api/facts").json()
    assert body["total"] == 9 and body["count"] == 9 and body["next_cursor"] is None
    first = body["items"][0]
    assert {"id", "type", "sender", "receiver", "evidence", "span", "document", "review", "origin"} <= set(first)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"type": "transfer"}, 4),
        ({"sender": "usa"}, 6),
        ({"receiver": "RWA"}, 7),
        ({"sender": "USA", "receiver": "RWA", "type": "transfer"}, 2),
        ({"since": "2025-05"}, 4),
        ({"until": "2024"}, 2),
        ({"since": "2025-03-09", "until": "2025-05-01"}, 3),
        ({"origin": "extracted"}, 9),
        ({"origin": "curated"}, 0),
        ({"review": "unreviewed"}, 9),
        ({"review": "rejected"}, 0),
        ({"document_id": "doc-flight"}, 2),
    ],
)
def test_filters(client, params, expected):
    """Each filter narrows the facts, and ``total`` says how many match."""
    body = client.get("/api/facts", params=params).json()
    assert body["total"] == expected
    assert body["count"] == expected


def test_cursor_pages_are_stable_and_complete(client, empty_store):
    """Paging with the cursor visits every fact once, even when facts are added meanwhile."""
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/facts", params=params).json()
        assert body["total"] == 9 + (1 if pages >= 1 else 0)
        seen += [f["id"] for f in body["items"]]
        cursor = body["next_cursor"]
        if pages == 0:
            # a new document arrives between two pages: it appears at the end, nothing shifts
            from tcwatch.model import Document, Extraction, Fact, Span

            text = "Denmark held talks with Rwanda on 2 January."
            empty_store.add_document(
                Document(id="doc-late", date="2025-01-03", text=text),
                Extraction("doc-late", True, (Fact(type="talks", sender="DNK", receiver="RWA", date="2025-01-02",
                                                   evidence=text, span=Span(0, len(text)), document_id="doc-late"),)),
            )
        pages += 1
        if not cursor:
            break
        assert body["next"].startswith("/api/facts?") and "cursor=" in body["next"]
    assert len(seen) == len(set(seen)) == 10
    assert seen == sorted(seen)


def test_next_link_keeps_the_filter(client):
    """The ``next`` URL repeats the filter with the new cursor."""
    body = client.get("/api/facts", params={"type": "transfer", "limit": 1}).json()
    assert "type=transfer" in body["next"]
    again = client.get(body["next"]).json()
    assert again["items"][0]["type"] == "transfer"
    assert again["items"][0]["id"] > body["items"][0]["id"]


def test_one_fact_with_reviews(client, sample):
    """``/api/facts/{id}`` gives the fact, its document and its (empty) review history."""
    fid = sample_data.fact_id(sample, "doc-flight", "payment")
    body = client.get(f"/api/facts/{fid}").json()
    assert body["fact"]["amount"] == 100000 and body["fact"]["currency"] == "USD"
    assert body["fact"]["document"]["url"] == "https://example.org/news/flight"
    assert body["reviews"] == []


def test_events_group_facts(client):
    """Events group the facts by their event id; ``total`` counts events."""
    body = client.get("/api/events", params={"sender": "USA"}).json()
    assert body["total"] == 6
    for group in body["items"]:
        assert all(f["event_id"] == group["event_id"] for f in group["facts"])
    one = client.get(f"/api/events/{body['items'][0]['event_id']}").json()
    assert one["event_id"] == body["items"][0]["event_id"]


def test_events_are_paginated(client):
    """Event pages follow the cursor without repeats."""
    seen, cursor = [], None
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += [g["event_id"] for g in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 9
