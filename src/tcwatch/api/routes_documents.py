"""``/api/documents``: stored documents, each with its text and the span of every fact in it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query

from ..store import Store
from .deps import get_store
from .schemas import DocumentList, DocumentOut
from .views import document_json

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=DocumentList, summary="List documents")
def documents(limit: int = Query(50, ge=1, le=1000, description="How many, newest first"),
              store: Store = Depends(get_store)) -> dict:
    """The newest documents (by publication date) with their metadata; ``total`` counts all."""
    items = store.documents(limit=limit)
    for row in items:
        row["relevant"] = bool(row["relevant"])
    return {"total": store.count_documents(), "count": len(items), "limit": limit, "items": items}


@router.get("/{doc_id:path}", response_model=DocumentOut, summary="One document")
def document(doc_id: str = Path(max_length=1000, description="A document id"),
             store: Store = Depends(get_store)) -> dict:
    """Metadata, full text, and every fact stated in it with its ``span`` ([start, end) offsets)."""
    return document_json(store, doc_id)
