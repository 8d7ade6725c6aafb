"""``/api/facts`` and ``/api/events``: facts filtered and paginated with stable cursors, and events."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Path, Query, Request

from ..model import FACT_TYPES, ORIGINS
from ..store import REVIEW_STATES, FactFilter, Store
from .deps import get_store
from .schemas import EventGroup, EventsPage, FactDetail, FactsPage
from .views import (
    DATE_SCHEMA,
    DEFAULT_LIMIT,
    ISO3_SCHEMA,
    MAX_ID,
    MAX_LIMIT,
    check_country,
    check_date,
    documents_of,
    encode_model,
    event_json,
    event_page,
    fact_json,
    fact_page,
    facts_json,
    json_bytes_response,
    page_url,
)

router = APIRouter(tags=["facts"])


@dataclass
class FactQuery:
    """The filter every fact listing and export takes, read from the query string."""

    type: str | None = Query(None, max_length=40, description="Fact type (talks, agreement, transfer, ...)",
                             json_schema_extra={"enum": list(FACT_TYPES)})
    sender: str | None = Query(None, max_length=40, description="ISO3 of the sending state",
                               json_schema_extra=ISO3_SCHEMA)
    receiver: str | None = Query(None, max_length=40, description="ISO3 of the receiving state",
                                 json_schema_extra=ISO3_SCHEMA)
    since: str | None = Query(None, max_length=40, description="Facts dated on or after (YYYY[-MM[-DD]])",
                              json_schema_extra=DATE_SCHEMA)
    until: str | None = Query(None, max_length=40, json_schema_extra=DATE_SCHEMA,
                              description="Facts dated on or before (YYYY[-MM[-DD]], inclusive)")
    origin: str | None = Query(None, max_length=40, description="extracted or curated",
                               json_schema_extra={"enum": list(ORIGINS)})
    review: str | None = Query(None, max_length=40, description="unreviewed, accepted, rejected or corrected",
                               json_schema_extra={"enum": list(REVIEW_STATES)})
    document_id: str | None = Query(None, max_length=1000, description="Facts of one document")

    def filter(self, **extra) -> FactFilter:
        """The filter, checked: InvalidQuery (400) names the parameter and what is wrong with it."""
        check_country("sender", self.sender)
        check_country("receiver", self.receiver)
        check_date("since", self.since)
        check_date("until", self.until)
        return FactFilter(
            type=self.type, sender=self.sender, receiver=self.receiver, since=self.since, until=self.until,
            origin=self.origin, review=self.review, document_id=self.document_id, **extra,
        ).validate()

    def params(self) -> dict:
        return dict(vars(self))


async def fact_query(**params) -> FactQuery:
    """``Depends(fact_query)``: the :class:`FactQuery` of the query string, read in the event loop (a
    class dependency would be called in a worker thread, a hop that costs more than building it)."""
    return FactQuery(**params)


fact_query.__signature__ = inspect.signature(FactQuery)


LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT})")
CURSOR = Query(None, max_length=100, description="The next_cursor of the previous page")
#: a row id: a positive 64-bit integer (a bigger one is a 400, never a database overflow)
FACT_ID = Path(ge=1, le=MAX_ID, description="A fact id")
EVENT_ID = Path(ge=1, le=MAX_ID, description="An event id")


@router.get("/api/facts", response_model=FactsPage, summary="List facts")
def list_facts(
    request: Request,
    q: FactQuery = Depends(fact_query),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
    store: Store = Depends(get_store),
) -> dict:
    """Facts matching the filter in id order; ``total`` counts all matches, ``next_cursor`` pages on."""
    from ..corridors import cached

    flt = q.filter()

    def build() -> bytes:  # once per data version, filter and page: the JSON itself
        page = fact_page(store, flt, limit, cursor)
        return encode_model(FactsPage, {
            "total": page.total,
            "count": len(page.facts),
            "limit": limit,
            "next_cursor": page.next_cursor,
            "next": page_url(request.url.path, {**q.params(), "limit": limit}, page.next_cursor),
            "items": facts_json(store, page.facts),
        })

    key = ("facts-list", request.url.path, tuple(sorted(q.params().items())), limit, cursor)
    return json_bytes_response(cached(store, key, None, build))


@router.get("/api/facts/{fact_id}", response_model=FactDetail, summary="One fact")
def get_fact(fact_id: int = FACT_ID, store: Store = Depends(get_store)) -> dict:
    """A fact with its evidence, provenance and review history (original values kept)."""
    fact = store.fact(fact_id)
    doc = documents_of(store, [fact]).get(fact.document_id)
    return json_bytes_response(encode_model(FactDetail, {"fact": fact_json(fact, doc), "reviews": store.reviews(fact_id)}))


@router.get("/api/events", response_model=EventsPage, summary="List events")
def list_events(
    request: Request,
    q: FactQuery = Depends(fact_query),
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
    store: Store = Depends(get_store),
) -> dict:
    """Matching facts grouped by the real-world event they report (their ``event_id``)."""
    groups, total, next_cursor = event_page(store, q.filter(), limit, cursor)
    return {
        "total": total,
        "count": len(groups),
        "limit": limit,
        "next_cursor": next_cursor,
        "next": page_url(request.url.path, {**q.params(), "limit": limit}, next_cursor),
        "items": [event_json(store, g) for g in groups],
    }


@router.get("/api/events/{event_id}", response_model=EventGroup, summary="One event")
def get_event(event_id: int = EVENT_ID, store: Store = Depends(get_store)) -> dict:
    """Every fact reporting one event."""
    from ..errors import NotFound
    from .views import group_events

    facts, _ = store.list_facts(FactFilter(event_id=event_id))
    groups = group_events(facts)
    if not groups:
        raise NotFound(f"no event {event_id}")
    return event_json(store, groups[0])
