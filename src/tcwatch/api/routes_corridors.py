"""``/api/corridors``: every corridor with its status and figures, and one corridor in detail."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query

from ..store import Store
from .deps import get_store
from .schemas import CorridorDetail, CorridorList
from .views import CORRIDOR_SCHEMA, DATE_SCHEMA, check_date, json_response, parse_corridor_param

router = APIRouter(prefix="/api/corridors", tags=["corridors"])

AS_OF = Query(None, max_length=40, json_schema_extra=DATE_SCHEMA,
              description="Status and figures as they stood on this date (YYYY, YYYY-MM or YYYY-MM-DD).")
CORRIDOR = Path(max_length=40, json_schema_extra=CORRIDOR_SCHEMA, description="SENDER-RECEIVER with ISO3 codes, e.g. USA-RWA (XXX: an unknown end)")


@router.get("", response_model=CorridorList, summary="List corridors")
def corridors(as_of: str | None = AS_OF, store: Store = Depends(get_store)):
    """Every corridor with both ends known: status, last event, people moved, money, fact counts."""
    from ..corridors import list_corridors

    items = list_corridors(store, as_of=check_date("as_of", as_of))
    return json_response({"as_of": as_of, "count": len(items), "items": items})


@router.get("/{corridor}", response_model=CorridorDetail, summary="One corridor")
def corridor(corridor: str = CORRIDOR, as_of: str | None = AS_OF, store: Store = Depends(get_store)):
    """``SENDER-RECEIVER`` (e.g. ``USA-RWA``): deals, timeline of facts with evidence, events, figures, conflicts."""
    from ..corridors import corridor_detail

    sender, receiver = parse_corridor_param(corridor)
    return json_response(corridor_detail(store, sender, receiver, as_of=check_date("as_of", as_of)))
