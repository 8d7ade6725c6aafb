"""The API's request and response bodies, as pydantic models (they make ``/openapi.json``).

Figures computed by :mod:`tcwatch.analysis` (status, people, money, events,
conflicts) are passed through as they come, so their schema is open; the
records this layer owns (facts, documents, pages, errors) are spelled out.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..model import (
    DATE_QUALIFIERS,
    FACT_TYPES,
    LEGISLATION_OUTCOMES,
    QUANTITY_QUALIFIERS,
    RULING_OUTCOMES,
)
from ..store import CORRECTABLE
from .views import FULL_DATE_SCHEMA, is_real_partial_date

# -- checked strings of request bodies --------------------------------------------------------

def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character (\\x00)")
    return value


def _iso3(value: str) -> str:
    if not (len(value) == 3 and value.isascii() and value.isalpha()):
        raise ValueError("is not an ISO 3166 alpha-3 code (three letters, e.g. USA)")
    return value.upper()


def _currency(value: str) -> str:
    if not (len(value) == 3 and value.isascii() and value.isalpha()):
        raise ValueError("is not an ISO 4217 currency code (three letters, e.g. USD)")
    return value.upper()


def _partial_date(value: str) -> str:
    if not is_real_partial_date(value):
        raise ValueError("is not a date (YYYY, YYYY-MM or YYYY-MM-DD, a day that exists)")
    return value


def _full_date(value: str) -> str:
    if len(value) != 10 or not is_real_partial_date(value):
        raise ValueError("is not a date YYYY-MM-DD naming a day that exists")
    return value


def _has_words(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("is true or false, not a number")
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
Iso3 = Annotated[str, AfterValidator(_iso3)]
#: a ruling's or a law's outcome (FACTS.md)
OUTCOMES = RULING_OUTCOMES + tuple(o for o in LEGISLATION_OUTCOMES if o not in RULING_OUTCOMES)


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
    url: str | None = Field(None, description="in the listing: this corridor's own response, with every figure "
                            "in full (the listing keeps the latest 5 entries of each list, and <name>_total)")


class CorridorList(BaseModel):
    as_of: str | None
    count: int
    items: list[CorridorSummary]


class CorridorDetail(CorridorSummary):
    timeline: list[FactOut]
    timeline_total: int = Field(description="facts on the timeline in all (up to as_of)")
    next_cursor: str | None = Field(description="pages on through the timeline; null on the last page")
    next: str | None = Field(description="the URL of the next page of the timeline")
    events: list[dict[str, Any]]
    events_total: int = Field(description="events in all (up to as_of)")
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


class ReviewChanges(BaseModel):
    """The fields a correction may change, each checked like the extractor's output (FACTS.md).

    Only the fields sent are changed; ``null`` clears a field that may be empty.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal[FACT_TYPES] = None  # type: ignore[valid-type]
    sender: Iso3 | None = Field(default=None, description="ISO3, or null for an unknown sender")
    receiver: Iso3 | None = Field(default=None, description="ISO3, or null for an unknown receiver")
    date: Annotated[str, AfterValidator(_partial_date)] | None = Field(default=None, max_length=10,
                                                                       description="YYYY, YYYY-MM or YYYY-MM-DD")
    date_qualifier: Literal[DATE_QUALIFIERS] = None  # type: ignore[valid-type]
    people: Annotated[int, BeforeValidator(_not_bool)] | None = Field(default=None, ge=0, le=1_000_000_000)
    people_qualifier: Literal[QUANTITY_QUALIFIERS] = None  # type: ignore[valid-type]
    nationalities: list[Iso3] = Field(default=None, max_length=100)
    amount: Annotated[float, BeforeValidator(_not_bool), AfterValidator(_finite)] | None = Field(
        default=None, ge=0, le=1e15)
    currency: Annotated[str, AfterValidator(_currency)] | None = Field(default=None, description="ISO 4217")
    amount_qualifier: Literal[QUANTITY_QUALIFIERS] = None  # type: ignore[valid-type]
    actor: Text | None = Field(default=None, min_length=1, max_length=500)
    outcome: Literal[OUTCOMES] | None = None  # type: ignore[valid-type]

    def sent(self) -> dict[str, Any]:
        """The fields the request named, with their checked values."""
        return self.model_dump(exclude_unset=True)


class ReviewIn(BaseModel):
    """Accept, reject or correct a fact. A correction names the changed fields."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "correct"]
    reviewer: Annotated[Text, AfterValidator(_has_words)] = Field(min_length=1, max_length=200)
    changes: ReviewChanges = Field(default_factory=ReviewChanges,
                                   description=f"fields to correct: {', '.join(CORRECTABLE)}")
    comment: Text | None = Field(default=None, max_length=2000)


class IngestDocument(BaseModel):
    """One document to ingest; unknown fields are refused (a typo is not silently dropped)."""

    model_config = ConfigDict(extra="forbid")

    id: Text | None = Field(default=None, max_length=300, description="default: derived from the text")
    date: Annotated[str, AfterValidator(_full_date)] = Field(
        min_length=10, max_length=10, description="publication date, YYYY-MM-DD",
        json_schema_extra=FULL_DATE_SCHEMA)
    text: Annotated[Text, AfterValidator(_has_words)] = Field(min_length=1, description="the text (not blank)",
                                                              json_schema_extra={"pattern": "\\S"})
    title: Text | None = Field(default="", max_length=2000)
    url: Text | None = Field(default=None, max_length=4000)
    source: Text | None = Field(default=None, max_length=500)


class IngestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

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
