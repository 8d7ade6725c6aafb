"""The writes: ``POST /api/facts/{id}/review`` and ``POST /api/ingest``; each needs the bearer token.

A review keeps the original values, the reviewer and the time
(:meth:`tcwatch.store.Store.review_fact`); ingest runs the one ingest path
(:func:`tcwatch.ingest.ingest_documents`) over JSON documents.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from ..config import Options
from ..errors import DocumentRejected
from ..model import Document, content_hash
from .deps import StorePool, get_options, get_pool, require_token
from .schemas import ErrorResponse, FactDetail, IngestIn, IngestOut, ReviewIn
from .views import fact_json

router = APIRouter(tags=["writes"], dependencies=[Depends(require_token)],
                   responses={403: {"model": ErrorResponse, "description": "No valid token (or a read-only server)"}})


def review(pool: StorePool, fact_id: int, body: ReviewIn) -> dict:
    """Apply one review and return the fact as it now stands, with its review history."""
    with pool.writer() as store:
        fact = store.review_fact(fact_id, body.action, body.reviewer, body.changes, body.comment)
        doc = store.document(fact.document_id) if fact.document_id else None
        return {"fact": fact_json(fact, doc), "reviews": store.reviews(fact_id)}


@router.post("/api/facts/{fact_id}/review", response_model=FactDetail, summary="Review a fact")
def review_fact(fact_id: int, body: ReviewIn, pool: StorePool = Depends(get_pool)) -> dict:
    """Accept, reject or correct a fact. Rejected facts stop counting in corridor figures;
    corrected ones count with their corrected values. The original values are kept."""
    return review(pool, fact_id, body)


@router.post("/api/ingest", response_model=IngestOut, summary="Ingest documents")
async def ingest(request: Request, body: IngestIn, pool: StorePool = Depends(get_pool),
                 options: Options = Depends(get_options)) -> dict:
    """Store JSON documents and the facts extracted from them (exact duplicates change nothing)."""
    size = int(request.headers.get("content-length") or 0)
    if size > options.max_bytes:
        raise DocumentRejected(f"request body of {size} bytes is over the limit of {options.max_bytes}")
    docs = [
        Document(id=d.id or f"api-{content_hash(d.text)[:16]}", date=d.date, text=d.text, title=d.title,
                 url=d.url, source=d.source, origin=f"api:{i}")
        for i, d in enumerate(body.documents)
    ]
    return await run_in_threadpool(_ingest, pool, docs, options)


def _ingest(pool: StorePool, docs: list[Document], options: Options) -> dict:
    from ..ingest import ingest_documents

    with pool.writer() as store:
        report = ingest_documents(store, docs, options)
    return {**report.to_dict(), "document_ids": report.document_ids}
