"""The API's request and response bodies, as pydantic models (they make ``/openapi.json``).

Figures computed by :mod:`tcwatch.analysis` (status, people, money, events,
conflicts) are passed through as they come, so their schema is open; the
records this layer owns (facts, documents, pages, errors) are spelled out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import FACT_TYPES
from ..store import CORRECTABLE


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. not_found, invalid_query, permission_denied.")
    message: str = Field(description="What went wrong, for people.")
    status: int = Field(description="The HTTP status, repeated.")


class ErrorResponse(BaseModel):
    """The one error shape every endpoint answers with."""

    error: ErrorDetail


class DocumentRef(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: str | None = None


class FactOut(BaseModel):
    """A fact with its evidence and provenance (the FACTS.md fields first)."""

    model_config = ConfigDict(extra="allow")

    id: int
    type: str
    sender: str | None
    receiver: str | None
    date: str | None
    date_qualifier: str | None
    people: int | None
    people_qualifier: str | None
    nationalities: list[str]
    amount: float | None
    currency: str | None
    amount_qualifier: str | None
    actor: str | None
    outcome: str | None
    evidence: str
    span: list[int] | None = Field(description="[start, end) offsets of the evidence in the document text")
    document_id: str | None
    extractor_version: str | None
    origin: str
    arrangement_id: str | None
    source_urls: list[str]
    uncertain: bool
    event_id: int | None
    review: str | None = Field(description="null (unreviewed), accepted, rejected or corrected")
    published: str | None
    money_kind: str | None = None
    note: str | None = None
    document: DocumentRef | None = None


class FactsPage(BaseModel):
    """One page of facts; ``total`` counts every match, ``next_cursor`` fetches the next page."""

    total: int
    count: int
    limit: int
    next_cursor: str | None
    next: str | None = Field(description="URL of the next page, or null on the last one")
    items: list[FactOut]


class ReviewRecord(BaseModel):
    action: str
    original: dict[str, Any]
    changes: dict[str, Any]
    reviewer: str
    comment: str | None
    created_at: str


class FactDetail(BaseModel):
    fact: FactOut
    reviews: list[ReviewRecord]


class EventGroup(BaseModel):
    """Facts that report the same real-world event (same ``event_id``)."""

    event_id: int
    type: str
    sender: str | None
    receiver: str | None
    first_date: str | None
    last_date: str | None
    facts: list[FactOut]


class EventsPage(BaseModel):
    total: int
    count: int
    limit: int
    next_cursor: str | None
    next: str | None
    items: list[EventGroup]


class CorridorSummary(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(description="SENDER-RECEIVER; an end the sources do not name is XXX")
    sender: str | None
    receiver: str | None
    label: str
    status: Any = None
    people: Any = None
    money: Any = None
    rulings: Any = None
    facts: int
    documents: int
    curated_facts: int
    extracted_facts: int
    last_date: str | None
    arrangements: list[dict[str, Any]]
    figures: dict[str, Any]


class CorridorList(BaseModel):
    as_of: str | None
    count: int
    items: list[CorridorSummary]


class CorridorDetail(CorridorSummary):
    timeline: list[FactOut]
    events: list[dict[str, Any]]
    conflicts: list[Any]
    as_of: str | None


class DocumentSummary(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    date: str
    title: str | None
    url: str | None
    source: str | None
    relevant: bool
    duplicate_of: str | None


class DocumentList(BaseModel):
    total: int
    count: int
    limit: int
    items: list[DocumentSummary]


class DocumentOut(DocumentSummary):
    origin: str | None = None
    extractor_version: str | None = None
    ingested_at: str | None = None
    text: str
    facts: list[FactOut] = Field(description="every fact stated in the document, with its span")


class SearchHit(BaseModel):
    kind: Literal["document", "fact"]
    ref: str
    title: str | None
    snippet: str | None = Field(description="matched words between [ and ]")
    href: str = Field(description="dashboard page of the hit")
    api: str = Field(description="API resource of the hit")


class SearchResults(BaseModel):
    query: str
    count: int
    results: list[SearchHit]


class ReviewIn(BaseModel):
    """Accept, reject or correct a fact. A correction names the changed fields."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "correct"]
    reviewer: str = Field(min_length=1, max_length=200)
    changes: dict[str, Any] = Field(default_factory=dict, description=f"fields to correct: {', '.join(CORRECTABLE)}")
    comment: str | None = Field(default=None, max_length=2000)


class IngestDocument(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=300, description="default: derived from the text")
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="publication date, YYYY-MM-DD")
    text: str = Field(min_length=1)
    title: str = ""
    url: str | None = None
    source: str | None = None


class IngestIn(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=5000)


class Rejected(BaseModel):
    origin: str
    reason: str


class IngestOut(BaseModel):
    read: int
    stored: int
    duplicates: int
    near_duplicates: int
    relevant: int
    facts: int
    rejected: list[Rejected]
    document_ids: list[str]


FactType = Literal[FACT_TYPES]  # type: ignore[valid-type]
