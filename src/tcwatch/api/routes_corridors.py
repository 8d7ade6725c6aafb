"""``/api/corridors``: every corridor with its status and figures, and one corridor in detail."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from ..store import Store
from .deps import get_store
from .schemas import CorridorDetail, CorridorList
from .views import CORRIDOR_SCHEMA, DATE_SCHEMA, check_date, page_url, parse_corridor_param

router = APIRouter(prefix="/api/corridors", tags=["corridors"])

AS_OF = Query(None, max_length=40, json_schema_extra=DATE_SCHEMA,
              description="Status and figures as they stood on this date (YYYY, YYYY-MM or YYYY-MM-DD).")
#: timeline facts in one corridor response by default, and at most
TIMELINE_LIMIT = 100
MAX_TIMELINE_LIMIT = 1000
CORRIDOR = Path(max_length=40, json_schema_extra=CORRIDOR_SCHEMA, description="SENDER-RECEIVER with ISO3 codes, e.g. USA-RWA (XXX: an unknown end)")


@router.get("", response_model=CorridorList, summary="List corridors")
def corridors(as_of: str | None = AS_OF, store: Store = Depends(get_store)):
    """Every corridor with an end known: status, last event, people moved, money, fact counts.

    Each item stays small however busy its corridor: every list in its figures (event ids, rulings,
    reports, status changes) holds its latest 5 entries, and ``<name>_total`` says how many there are;
    ``url`` is the corridor's own response, which has them all."""
    import json

    from ..corridors import cached, list_corridors, listing_json

    as_of = check_date("as_of", as_of)

    def body() -> bytes:  # the JSON itself, once per data version; each item once per its corridor's version
        items = [listing_json(c) for c in list_corridors(store, as_of=as_of)]
        head = json.dumps({"as_of": as_of, "count": len(items)}, ensure_ascii=False, separators=(",", ":"))
        return (head[:-1] + ',"items":[' + ",".join(items) + "]}").encode("utf-8")

    return Response(cached(store, ("api-corridors", as_of), None, body), media_type="application/json")


@router.get("/{corridor}", response_model=CorridorDetail, summary="One corridor")
def corridor(
    request: Request,
    corridor: str = CORRIDOR,
    as_of: str | None = AS_OF,
    limit: int = Query(TIMELINE_LIMIT, ge=1, le=MAX_TIMELINE_LIMIT,
                       description=f"Timeline facts per response (at most {MAX_TIMELINE_LIMIT})"),
    cursor: str | None = Query(None, max_length=100, description="The next_cursor of the previous response"),
    order: str = Query("asc", pattern="^(asc|desc)$", description="asc: oldest facts first; desc: latest first"),
    store: Store = Depends(get_store),
):
    """``SENDER-RECEIVER`` (e.g. ``USA-RWA``): deals, timeline of facts with evidence, events, figures, conflicts.

    The figures count every fact; the timeline holds ``limit`` facts in date order from ``cursor``
    (``next_cursor`` and ``next`` page on, ``timeline_total`` counts them all). ``events`` holds every
    event when the whole timeline fits in one response, else the events of its facts."""
    from ..corridors import cached, corridor_detail

    sender, receiver = parse_corridor_param(corridor)
    as_of = check_date("as_of", as_of)

    def body() -> bytes:  # the whole answer, once per data version of the corridor, date and page
        detail = corridor_detail(store, sender, receiver, as_of=as_of, limit=limit, cursor=cursor,
                                 newest_first=order == "desc")
        detail["next"] = page_url(request.url.path, {"as_of": as_of, "limit": limit, "order": order},
                                  detail["next_cursor"])
        # the figures and the rest that every page shares are encoded once per data version
        shared = cached(store, ("api-corridor", as_of), (sender, receiver),
                        lambda: ("{" + _encode({k: v for k, v in detail.items() if k not in PAGED})[1:-1] + ",").encode())
        return shared + _encode({k: detail[k] for k in PAGED})[1:].encode("utf-8")

    key = ("api-corridor-page", request.url.path, as_of, limit, cursor, order)
    return Response(cached(store, key, (sender, receiver), body), media_type="application/json")


#: the parts of a corridor response that differ from page to page
PAGED = ("timeline", "events", "next_cursor", "next")


def _encode(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
