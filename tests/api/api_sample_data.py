"""Hand-written documents and facts for the API and dashboard tests (no article text is copied).

``build(store)`` stores them with their facts (spans computed from the text), so
the tests do not depend on what the extractor finds.
"""

from __future__ import annotations

from tcwatch.model import Document, Extraction, Fact, Span

XSS = '<script>window.__pwned = true;</script>'

#: the write token of the test apps
TOKEN = "test-token-123"

DOCS = [
    (
        Document(
            id="doc-talks",
            date="2025-03-10",
            title="Washington and Kigali discuss a transfer plan",
            source="Example Wire",
            url="https://example.org/news/talks",
            text=(
                "Officials from Washington and Kigali held talks on Sunday about sending migrants to Rwanda.\n\n"
                "The two governments signed an agreement on 8 March covering up to 100 people.\n"
                "A refugee charity warned that the plan put people at risk."
            ),
        ),
        [
            dict(type="talks", sender="USA", receiver="RWA", date="2025-03-09",
                 evidence="Officials from Washington and Kigali held talks on Sunday about sending migrants to Rwanda."),
            dict(type="agreement", sender="USA", receiver="RWA", date="2025-03-08", people=100, people_qualifier="up_to",
                 evidence="The two governments signed an agreement on 8 March covering up to 100 people."),
            dict(type="criticism", sender=None, receiver="RWA", actor="A refugee charity", date="2025-03-10",
                 date_qualifier="before", evidence="A refugee charity warned that the plan put people at risk."),
        ],
    ),
    (
        Document(
            id="doc-flight",
            date="2025-05-02",
            title="First flight lands in Kigali",
            source="Example Daily",
            url="https://example.org/news/flight",
            text=(
                "A first flight carried 7 people from the United States to Rwanda on Thursday, officials said. "
                "Washington paid Rwanda $100,000 under the arrangement."
            ),
        ),
        [
            dict(type="transfer", sender="USA", receiver="RWA", date="2025-05-01", people=7,
                 evidence="A first flight carried 7 people from the United States to Rwanda on Thursday, officials said."),
            dict(type="payment", sender="USA", receiver="RWA", date="2025-05-02", date_qualifier="before",
                 amount=100000, currency="USD", evidence="Washington paid Rwanda $100,000 under the arrangement."),
        ],
    ),
    (
        Document(
            id="doc-ruling",
            date="2025-06-20",
            title="Judge halts further removals",
            source="Example Courts",
            text=(
                "Another 5 people were flown to Rwanda on 18 June. "
                "A federal judge blocked further removals to Rwanda on 19 June."
            ),
        ),
        [
            dict(type="transfer", sender="USA", receiver="RWA", date="2025-06-18", people=5,
                 evidence="Another 5 people were flown to Rwanda on 18 June."),
            dict(type="ruling", sender="USA", receiver="RWA", date="2025-06-19", outcome="blocked", actor="A federal judge",
                 evidence="A federal judge blocked further removals to Rwanda on 19 June."),
        ],
    ),
    (
        Document(
            id="doc-nauru",
            date="2024-11-06",
            title="Asylum seekers sent to Nauru",
            source="Example Pacific",
            text="Australia sent 12 asylum seekers to Nauru on 5 November under its offshore processing deal.",
        ),
        [
            dict(type="transfer", sender="AUS", receiver="NRU", date="2024-11-05", people=12,
                 evidence="Australia sent 12 asylum seekers to Nauru on 5 November under its offshore processing deal."),
        ],
    ),
    (
        Document(
            id="doc-xss",
            date="2024-10-17",
            title=f"Ministers confirm Albania transfers {XSS}",
            source="Example <b>Untrusted</b>",
            text=(
                f"Ministers said {XSS} that 3 people were moved from Italy to Albania on 16 October.\n"
                '<img src="x" onerror="window.__pwned = true"> The centres in Albania opened last week.'
            ),
        ),
        [
            dict(type="transfer", sender="ITA", receiver="ALB", date="2024-10-16", people=3,
                 evidence=f"Ministers said {XSS} that 3 people were moved from Italy to Albania on 16 October."),
        ],
    ),
    (
        Document(id="doc-other", date="2025-01-15", title="Weather report", source="Example Wire",
                 text="Rain is expected across the region on Friday."),
        [],
    ),
]


def build(store) -> dict[str, list[Fact]]:
    """Store every sample document with its facts; return the stored facts by document id."""
    out = {}
    for doc, facts in DOCS:
        made = []
        for spec in facts:
            start = doc.text.index(spec["evidence"])
            made.append(Fact(**spec, span=Span(start, start + len(spec["evidence"])), document_id=doc.id,
                             extractor_version="sample-1", published=doc.date))
        out[doc.id] = store.add_document(doc, Extraction(doc.id, relevant=bool(made), facts=tuple(made)))
    return out


def fact_id(stored: dict, doc_id: str, type_: str) -> int:
    return next(f.id for f in stored[doc_id] if f.type == type_)
