"""Alerts as Atom feeds (everything, and per corridor) and their JSON twin under ``/api/alerts``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from ..corridors import corridor_id
from ..store import Store
from ..watch.alerts import ATOM_TYPE, list_alerts, render_atom
from .deps import get_store
from .views import CORRIDOR_SCHEMA, parse_corridor_param

router = APIRouter(tags=["alerts"])

#: Entries in one Atom feed.
FEED_SIZE = 100


def _atom(request: Request, alerts, title: str, feed_id: str) -> Response:
    body = render_atom(alerts, title=title, feed_id=feed_id, self_url=str(request.url))
    return Response(body.encode("utf-8"), media_type=f"{ATOM_TYPE}; charset=utf-8")


@router.get(
    "/alerts.atom",
    summary="All alerts (Atom)",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}, "description": "An Atom 1.0 feed, newest first"}},
)
def alerts_atom(request: Request, store: Store = Depends(get_store)) -> Response:
    """Every alert (newest first): new corridors, first transfers, rulings, status changes, money figures."""
    return _atom(request, list_alerts(store, limit=FEED_SIZE), "Third-Country Watch: alerts", "urn:tcwatch:alerts")


@router.get(
    "/corridors/{corridor}/alerts.atom",
    summary="Alerts on one corridor (Atom)",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}, "description": "An Atom 1.0 feed, newest first"}},
)
def corridor_alerts_atom(request: Request, corridor: str = Path(max_length=40, json_schema_extra=CORRIDOR_SCHEMA,
                                              description="SENDER-RECEIVER"),
                         store: Store = Depends(get_store)) -> Response:
    """The alerts on one corridor, e.g. ``/corridors/USA-RWA/alerts.atom`` (``USA-XXX``: receiver unknown)."""
    pair = parse_corridor_param(corridor)
    label = corridor_id(*pair)
    alerts = list_alerts(store, pair, limit=FEED_SIZE)
    return _atom(request, alerts, f"Third-Country Watch: alerts on {label}", f"urn:tcwatch:alerts:{label}")


@router.get("/api/alerts", summary="List alerts")
def alerts_json(
    corridor: str | None = Query(None, max_length=40, json_schema_extra=CORRIDOR_SCHEMA,
                                 description="SENDER-RECEIVER, e.g. USA-RWA"),
    limit: int = Query(100, ge=1, le=1000),
    store: Store = Depends(get_store),
) -> dict:
    """The alerts as JSON (newest first), all or on one corridor: the twin of the Atom feeds."""
    alerts = list_alerts(store, parse_corridor_param(corridor) if corridor else None, limit=limit)
    return {"alerts": [a.to_dict() for a in alerts]}
