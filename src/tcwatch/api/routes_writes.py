"""The writes: ``POST /api/facts/{id}/review`` and ``POST /api/ingest``; each needs the bearer token.

A review keeps the original values, the reviewer and the time
(:meth:`tcwatch.store.Store.review_fact`); ingest runs the one ingest path
(:func:`tcwatch.ingest.ingest_documents`) over JSON documents.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from starlette.concurrency import run_in_threadpool

from ..config import Options
from ..model import Document, content_hash
from .deps import StorePool, get_options, get_pool, require_token
from .schemas import ErrorResponse, FactDetail, IngestIn, IngestOut, ReviewIn
from .views import MAX_ID, fact_json

router = APIRouter(tags=["writes"], dependencies=[Depends(require_token)],
                   responses={401: {"model": ErrorResponse, "description": "No token sent"},
                              403: {"model": ErrorResponse, "description": "A wrong token (or a read-only server)"}})


def review(pool: StorePool, fact_id: int, body: ReviewIn) -> dict:
    """Apply one review and return the fact as it now stands, with its review history."""
    with pool.writer() as store:
        fact = store.review_fact(fact_id, body.action, body.reviewer, body.changes.sent(), body.comment)
        doc = store.document(fact.document_id) if fact.document_id else None
        return {"fact": fact_json(fact, doc), "reviews": store.reviews(fact_id)}


@router.post("/api/facts/{fact_id}/review", response_model=FactDetail, summary="Review a fact")
def review_fact(body: ReviewIn, fact_id: int = Path(ge=1, le=MAX_ID, description="A fact id"),
                pool: StorePool = Depends(get_pool)) -> dict:
    """Accept, reject or correct a fact. Rejected facts stop counting in corridor figures;
    corrected ones count with their corrected values. The original values are kept."""
    return review(pool, fact_id, body)


@router.post("/api/ingest", response_model=IngestOut, summary="Ingest documents")
async def ingest(body: IngestIn, pool: StorePool = Depends(get_pool),
                 options: Options = Depends(get_options)) -> dict:
    """Store JSON documents and the facts extracted from them (exact duplicates change nothing).

    The body is capped at ``TCWATCH_MAX_BYTES`` (413 past it; see :mod:`tcwatch.api.guard`); every
    document is checked before any is stored, so a malformed one (400) stores nothing.
    """
    docs = [
        Document(id=d.id or f"api-{content_hash(d.text)[:16]}", date=d.date, text=d.text, title=d.title or "",
                 url=d.url, source=d.source, origin=f"api:{i}")
        for i, d in enumerate(body.documents)
    ]
    return await run_in_threadpool(_ingest, pool, docs, options)


def _ingest(pool: StorePool, docs: list[Document], options: Options) -> dict:
    from ..ingest import ingest_documents
    from ..watch.alerts import alerts_from_facts

    with pool.writer() as store:
        # new facts that change a corridor raise alerts, in the same transaction, as on every ingest path
        report = ingest_documents(store, docs, options, on_stored=lambda facts: alerts_from_facts(store, facts))
    return {**report.to_dict(), "document_ids": report.document_ids}
