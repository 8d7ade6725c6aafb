"""The dashboard's pages. Each reads the same functions as the JSON API and renders a template.

Reads are open. Writes (a review) need the token, given in the form or kept in
an HttpOnly cookie after entering it once on ``/login``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from ..api.deps import TOKEN_COOKIE, StorePool, check_token, get_options, get_pool, get_store
from ..api.routes_facts import FactQuery, fact_query
from ..api.views import (
    document_json,
    documents_of,
    fact_json,
    fact_page,
    facts_json,
    highlight_segments,
    page_url,
    parse_corridor,
    search_json,
)
from ..config import Options
from ..errors import InvalidQuery, PermissionDenied
from ..model import FACT_TYPES
from ..store import CORRECTABLE, FactFilter, Store
from . import charts
from .format import STATUS_CLASSES, corridor_headline, event_fact_ids
from .templating import templates

router = APIRouter(include_in_schema=False)

FEED_DOCUMENTS = 200  # documents read (metadata only) to find the latest facts
FEED_FACTS = 20
#: facts listed on a corridor page (the latest; a link leads to the earlier ones)
CORRIDOR_FACTS = 100
SEARCH_LIMIT = 50


def auth_state(request: Request) -> tuple[bool, bool]:
    """(a write token is configured, this browser has entered one): what a page shows differs by them."""
    options: Options = request.app.state.options
    return bool(options.token), bool(options.token) and bool(request.cookies.get(TOKEN_COOKIE))


def _context(request: Request, context: dict) -> dict:
    context.setdefault("title", "Third-Country Watch")
    context["can_write"], context["signed_in"] = auth_state(request)
    context["path"] = request.url.path
    return context


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, _context(request, context), status_code=status_code)


def render_html(request: Request, name: str, **context) -> str:
    """The page as a string (to cache); the same context as :func:`render`."""
    return templates.get_template(name).render(request=request, **_context(request, context))


def render_error(request: Request, code: str, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", status_code=status, title=f"{status} {code}", code=code,
                  message=message, status=status)


def latest_facts(store: Store) -> list[dict]:
    """The facts of the most recently published documents, newest first (documents with no
    fact, such as those about something else, are passed over)."""
    return [fact_json(f, doc) for f, doc in store.latest_document_facts(FEED_DOCUMENTS, FEED_FACTS)]


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, as_of: str | None = None, store: Store = Depends(get_store)):
    """The map, the corridor table and the totals are computed once per data version, the feed
    once per data version and document count (a new document may push older facts out of it)."""
    from ..corridors import cached_at, list_corridors

    as_of = as_of or None

    def corridors_html() -> tuple[int, Markup, int]:
        corridors = list_corridors(store, as_of=as_of)
        if as_of:  # on a past date, only the corridors that had a dated event by then
            corridors = [c for c in corridors if (c.get("figures") or {}).get("events", 1)]
        arrows = charts.map_arrows(corridors)
        present = {a["status_class"] for a in arrows}
        legend = [(cls, label, colour) for cls, (label, colour) in STATUS_CLASSES.items() if cls in present]
        html = templates.get_template("_overview_corridors.html").render(
            corridors=corridors, arrows=arrows, points=charts.map_points(corridors), legend=legend,
            map_width=charts.MAP_WIDTH, map_height=charts.MAP_HEIGHT, as_of=as_of or "")
        return len(corridors), Markup(html), store.count_facts(FactFilter())

    version = store.data_version()
    documents = store.count_documents()
    count, html, fact_total = cached_at(store, ("overview", as_of), version, corridors_html)
    def feed_html() -> Markup:  # the feed's facts and their HTML (most of the page's rendering)
        return Markup(templates.get_template("_overview_feed.html").render(feed=latest_facts(store)))

    feed = cached_at(store, ("feed-html", documents), version, feed_html)
    return render(
        request, "overview.html", corridor_count=count, corridors_html=html, feed_html=feed,
        as_of=as_of or "", fact_total=fact_total, document_total=documents,
    )


#: disagreements between sources listed on a corridor page (the latest; the JSON has them all)
CONFLICTS_SHOWN = 50


@router.get("/corridors/{corridor}", response_class=HTMLResponse)
def corridor_page(request: Request, corridor: str, as_of: str | None = None, cursor: str | None = None,
                  store: Store = Depends(get_store)):
    """The corridor's headline figures and charts (from every fact) and its latest ``CORRIDOR_FACTS``
    facts, with a link to the earlier ones. The page is rendered once per data version of the
    corridor (and date, page and sign-in state), then served from the cache."""
    from ..corridors import cached, corridor_dates, corridor_detail, corridor_events

    sender, receiver = parse_corridor(corridor)
    as_of = as_of or None
    cursor = cursor or None

    def views() -> dict:  # what every page of the corridor shares
        detail = corridor_detail(store, sender, receiver, as_of=as_of, limit=1)
        whole = {**detail, "events": corridor_events(store, sender, receiver, as_of),
                 "timeline": [{"date": d} for d in corridor_dates(store, sender, receiver, as_of)]}
        event_facts = event_fact_ids(whole)
        changes = (detail.get("figures") or {}).get("timeline")
        return {"head": corridor_headline(whole), "flows": charts.people_and_money(whole),
                "event_facts": event_facts, "changes": changes, "band": charts.StatusBand(changes),
                "fact_events": {fid: event_id for event_id, fids in event_facts.items() for fid in fids}}

    def page() -> str:
        detail = corridor_detail(store, sender, receiver, as_of=as_of, limit=CORRIDOR_FACTS, cursor=cursor,
                                 newest_first=True)
        extra = cached(store, ("corridor-views", as_of), (sender, receiver), views)
        timeline = detail["timeline"] = detail["timeline"][::-1]  # the latest facts, shown oldest first
        changes = (detail.get("figures") or {}).get("timeline")
        # the status band is drawn from the views' figures when they are this page's (one data version)
        band = extra["band"] if changes is extra["changes"] else None
        chart = charts.timeline_chart(timeline, changes, event_facts=extra["event_facts"], band=band,
                                      fact_events=extra["fact_events"])
        present = {seg["status_class"] for seg in chart["segments"]}
        legend = [(cls, label) for cls, (label, _) in STATUS_CLASSES.items() if cls in present]
        more = page_url(f"/corridors/{detail['id']}", {"as_of": as_of}, detail["next_cursor"])
        return render_html(
            request, "corridor.html", title=f"{detail['label']} · Third-Country Watch", c=detail,
            head=extra["head"], chart=chart, status_legend=legend, flows=extra["flows"],
            as_of=as_of or "", lanes=charts.LANES, more=more, paged=bool(cursor) or more is not None,
            on_page={f["id"] for f in timeline}, conflicts_shown=CONFLICTS_SHOWN,
            lane_of={t: key for key, _, types in charts.LANES for t in types},
        )

    return HTMLResponse(cached(store, ("corridor-page", as_of, cursor, *auth_state(request)), (sender, receiver), page))


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, store: Store = Depends(get_store)):
    doc = document_json(store, doc_id)
    segments = highlight_segments(doc["text"], doc["facts"])
    ends: dict[int, list[dict]] = {}
    for f in doc["facts"]:
        if f.get("span"):
            ends.setdefault(f["span"][1], []).append(f)
    return render(request, "document.html", title=f"{doc['title'] or doc['id']} · Third-Country Watch", doc=doc,
                  segments=segments, ends=ends)


@router.get("/facts", response_class=HTMLResponse)
def facts_page(request: Request, q: FactQuery = Depends(fact_query), limit: int = Query(50, ge=1, le=1000),
               cursor: str | None = None, store: Store = Depends(get_store)):
    """One page of the facts listing, rendered once per data version (and filter, page and
    sign-in state), then served from the cache."""
    from ..corridors import cached

    q = FactQuery(**{k: (v or None) for k, v in q.params().items()})
    flt = q.filter()

    def page_html() -> str:
        page = fact_page(store, flt, limit, cursor)
        params = {**q.params(), "limit": limit}
        export_query = urlencode({k: v for k, v in q.params().items() if v})
        return render_html(request, "facts.html", title="Facts · Third-Country Watch",
                           facts=facts_json(store, page.facts), total=page.total,
                           next=page_url("/facts", params, page.next_cursor), q=q.params(),
                           types=FACT_TYPES, export_query=export_query, limit=limit)

    key = ("facts-page", tuple(sorted(q.params().items())), limit, cursor, *auth_state(request))
    return HTMLResponse(cached(store, key, None, page_html))


@router.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact_page_html(request: Request, fact_id: int, store: Store = Depends(get_store)):
    fact = store.fact(fact_id)
    doc = documents_of(store, [fact]).get(fact.document_id)
    return render(request, "fact.html", title=f"Fact {fact_id} · Third-Country Watch", f=fact_json(fact, doc),
                  reviews=store.reviews(fact_id), correctable=CORRECTABLE, types=FACT_TYPES)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", store: Store = Depends(get_store)):
    """Rendered once per data version and document count (as the hits are), query and sign-in state."""
    from ..corridors import cached

    def page_html() -> str:
        results = search_json(store, q, SEARCH_LIMIT) if q.strip() else []
        return render_html(request, "search.html", title=f"{q + ' · ' if q.strip() else ''}Search · Third-Country Watch",
                           q=q, results=results, limit=SEARCH_LIMIT)

    key = ("search-page", q, store.count_documents() if q.strip() else 0, *auth_state(request))
    return HTMLResponse(cached(store, key, None, page_html))


# -- writes -------------------------------------------------------------------

async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form body as a dict (first value of each field)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise InvalidQuery("send the form as application/x-www-form-urlencoded")
    body = (await request.body()).decode("utf-8", errors="replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (the cookie is SameSite=Strict as well)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlparse(origin).netloc != request.headers.get("host"):
        raise PermissionDenied("form posted from another site")


def _safe_next(value: str | None, default: str) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/"):
    return render(request, "login.html", title="Enter token · Third-Country Watch", next=_safe_next(next, "/"))


@router.post("/login")
async def login(request: Request, options: Options = Depends(get_options)):
    same_origin(request)
    form = await read_form(request)
    token = form.get("token", "").strip()
    check_token(options, token)
    response = RedirectResponse(_safe_next(form.get("next"), "/"), status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request):
    same_origin(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response


@router.post("/facts/{fact_id}/review")
async def review_form(request: Request, fact_id: int, options: Options = Depends(get_options),
                      pool: StorePool = Depends(get_pool)):
    """Accept, reject or correct a fact from the dashboard; the token comes from the form or the cookie."""
    from ..api.routes_writes import review
    from ..api.schemas import ReviewIn

    same_origin(request)
    form = await read_form(request)
    check_token(options, form.get("token") or request.cookies.get(TOKEN_COOKIE))
    action = form.get("action", "")
    changes = {}
    if action == "correct":
        for key in CORRECTABLE:
            value = form.get(key, "").strip()
            if value:
                changes[key] = [v.strip().upper() for v in value.split(",") if v.strip()] if key == "nationalities" else value
    try:
        body = ReviewIn(action=action, reviewer=form.get("reviewer", "").strip() or "dashboard",
                        changes=changes, comment=form.get("comment") or None)
    except ValueError as exc:
        raise InvalidQuery(f"review: {exc.errors()[0]['msg'] if hasattr(exc, 'errors') else exc}") from None
    await run_in_threadpool(review, pool, fact_id, body)
    return RedirectResponse(_safe_next(form.get("next"), f"/facts/{fact_id}"), status_code=303)
