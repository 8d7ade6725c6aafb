"""``/api/search``: full-text search over documents and evidence sentences."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from ..store import Store
from .deps import get_store
from .schemas import SearchResults
from .views import encode_model, json_bytes_response, search_json

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get("", response_model=SearchResults, summary="Search")
def search(q: str = Query(..., min_length=1, max_length=500, description="Words to find (all must match)"),
           limit: int = Query(20, ge=1, le=200), store: Store = Depends(get_store)) -> dict:
    """Documents and evidence sentences containing every word of ``q``, best first."""
    results = search_json(store, q, limit)
    return json_bytes_response(encode_model(SearchResults, {"query": q, "count": len(results), "results": results}))
