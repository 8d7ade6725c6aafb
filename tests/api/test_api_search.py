"""``/api/search``: full-text over documents and evidence."""

from __future__ import annotations


def test_search_finds_documents_and_facts(client):
    """A word finds the documents and the evidence sentences that hold it, with links to both."""
    body = client.get("/api/search", params={"q": "Nauru"}).json()
    kinds = {r["kind"] for r in body["results"]}
    assert kinds == {"document", "fact"}
    doc = next(r for r in body["results"] if r["kind"] == "document")
    assert doc["ref"] == "doc-nauru" and doc["href"] == "/documents/doc-nauru"
    fact = next(r for r in body["results"] if r["kind"] == "fact")
    assert fact["href"] == f"/facts/{fact['ref']}" and fact["api"] == f"/api/facts/{fact['ref']}"
    assert "[" in (doc["snippet"] or "")


def test_search_needs_every_word(client):
    """All words must match."""
    assert client.get("/api/search", params={"q": "Nauru flight"}).json()["count"] == 0
    assert client.get("/api/search", params={"q": "judge removals"}).json()["count"] >= 1


def test_search_limit(client):
    """``limit`` caps the hits."""
    assert client.get("/api/search", params={"q": "Rwanda", "limit": 1}).json()["count"] == 1
