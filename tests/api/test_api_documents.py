"""``/api/documents``: metadata, text and the span of every fact in a document."""

from __future__ import annotations

import api_sample_data as sample_data


def test_list_newest_first_with_total(client):
    """Documents come newest first, with the total count."""
    body = client.get("/api/documents").json()
    assert body["total"] == len(sample_data.DOCS) == body["count"]
    dates = [d["date"] for d in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert body["items"][0]["relevant"] is True


def test_document_has_text_and_fact_spans(client):
    """Each fact's span cuts its evidence out of the document text."""
    body = client.get("/api/documents/doc-talks").json()
    assert body["title"] == "Washington and Kigali discuss a transfer plan"
    assert len(body["facts"]) == 3
    for fact in body["facts"]:
        start, end = fact["span"]
        assert body["text"][start:end] == fact["evidence"]


def test_document_text_is_returned_verbatim(client):
    """Untrusted markup in a document is data in JSON: returned as written."""
    body = client.get("/api/documents/doc-xss").json()
    assert sample_data.XSS in body["text"]
    assert body["facts"][0]["type"] == "transfer"


def test_irrelevant_document_has_no_facts(client):
    """A document without facts lists none."""
    body = client.get("/api/documents/doc-other").json()
    assert body["facts"] == [] and body["relevant"] is False
