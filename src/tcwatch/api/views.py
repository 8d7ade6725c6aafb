"""Plain functions that turn store records into the JSON the API sends and the dashboard renders.

Both edges call these (never SQL): a route returns their result, a page hands
it to a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from ..corridors import corridor_id, fact_view, parse_corridor_id
from ..errors import InvalidQuery
from ..model import Fact, is_partial_date
from ..store import FactFilter, Store

if TYPE_CHECKING:
    from fastapi.responses import JSONResponse

#: most facts one page may hold
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
#: the largest id a database row can have (a signed 64-bit integer in SQLite and PostgreSQL)
MAX_ID = 2**63 - 1


def json_response(data) -> JSONResponse:
    """Send ``data`` as JSON as it is, without revalidating it against the response model.

    The routes still declare their response model (it makes the OpenAPI schema, and
    the tests validate real responses against that schema); skipping the second
    validation pass keeps a 1,000-fact corridor fast.
    """
    from fastapi.responses import JSONResponse

    return JSONResponse(data)


def encode_json(data) -> bytes:
    """``data`` as the JSON bytes :func:`json_response` sends (to cache a response body whole)."""
    import json

    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def encode_model(model, data) -> bytes:
    """``data`` validated by the response ``model`` and encoded, as FastAPI would send it from a route
    declaring that model (its defaults filled in, its types applied), but in the calling thread and
    once: the result can be cached whole."""
    return model.model_validate(data).model_dump_json(by_alias=True).encode("utf-8")


def json_bytes_response(body: bytes):
    """A JSON response of bytes already encoded (by :func:`encode_json`)."""
    from fastapi.responses import Response

    return Response(body, media_type="application/json")


#: one shape for a fact everywhere (CLI, API, dashboard); one parser for corridor ids
fact_json = fact_view
parse_corridor = parse_corridor_id
corridor_key = corridor_id


def document_href(doc_id: str) -> str:
    return "/documents/" + quote(doc_id, safe="")


def corridor_href(sender: str | None, receiver: str | None) -> str | None:
    if not sender and not receiver:
        return None
    return "/corridors/" + corridor_key(sender, receiver)


def page_url(path: str, params: dict, cursor: str | None) -> str | None:
    """The URL of the next page: the same query with the new cursor."""
    if cursor is None:
        return None
    query = {k: v for k, v in params.items() if v is not None and k != "cursor"}
    query["cursor"] = cursor
    return f"{path}?{urlencode(query)}"


#: what the OpenAPI schema says of a parameter's value (documentation only: the checks below give the messages)
ISO3_SCHEMA = {"pattern": "^[A-Za-z]{3}$"}
DATE_SCHEMA = {"pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"}
FULL_DATE_SCHEMA = {"pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
CORRIDOR_SCHEMA = {"pattern": "^[A-Za-z]{3}-[A-Za-z]{3}$"}


def shown(value: str, size: int = 60) -> str:
    """``value`` quoted for an error message, cut to ``size`` characters (a message never echoes a megabyte)."""
    return repr(value) if len(value) <= size else repr(value[:size]) + f"... ({len(value)} characters)"




#: one date check for every edge (kept under this name for the API modules)
is_real_partial_date = is_partial_date


def check_date(name: str, value: str | None) -> str | None:
    """A date parameter, or InvalidQuery naming it and saying what is wrong."""
    if value is not None and not is_real_partial_date(value):
        raise InvalidQuery(f"{name}: {shown(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, a day that exists)")
    return value


def check_country(name: str, value: str | None) -> str | None:
    """An ISO 3166 alpha-3 parameter (three ASCII letters, any case), or InvalidQuery naming it."""
    if value is not None and not (len(value) == 3 and value.isascii() and value.isalpha()):
        raise InvalidQuery(f"{name}: {shown(value)} is not an ISO 3166 alpha-3 code (three letters, e.g. USA)")
    return value


def parse_corridor_param(value: str) -> tuple[str | None, str | None]:
    """``parse_corridor`` for a URL: only ASCII codes (``ÄÖÜ-RWA`` is malformed, not an unknown corridor)."""
    if not value.isascii() or len(value) > 40:
        raise InvalidQuery(f"corridor {shown(value)} is not SENDER-RECEIVER with ISO3 codes (e.g. USA-RWA)")
    return parse_corridor(value)


def check_fact_cursor(cursor: str | None) -> str | None:
    """A facts cursor this server could have given out (decodes to an id a row can have)."""
    from ..store.filters import decode_cursor

    if cursor is None:
        return None
    if len(cursor) > 100 or not cursor.isascii():
        raise InvalidQuery(f"cursor {shown(cursor)} is not one this server gave out")
    after = decode_cursor(cursor)
    if not 0 <= after <= MAX_ID:
        raise InvalidQuery(f"cursor {shown(cursor)} is not one this server gave out")
    return cursor


def check_limit(limit: int) -> int:
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


@dataclass(frozen=True)
class FactPage:
    facts: list[Fact]
    total: int
    next_cursor: str | None


def fact_page(store: Store, flt: FactFilter, limit: int, cursor: str | None) -> FactPage:
    """One page of matching facts, the cursor to the next, and how many match in all."""
    flt = flt.validate()
    from ..corridors import cached

    facts, next_cursor = store.list_facts(flt, limit=check_limit(limit), cursor=check_fact_cursor(cursor))
    # the count of all matches reads every one of them: once per data version and filter
    return FactPage(facts, cached(store, ("count", flt), None, lambda: store.count_facts(flt)), next_cursor)


def documents_of(store: Store, facts: list[Fact]) -> dict[str, dict]:
    """The documents the facts came from, by id: their metadata (id, title, url, source, date, what a
    fact shows of its document), read in one statement."""
    return store.document_meta(f.document_id for f in facts)


def facts_json(store: Store, facts: list[Fact]) -> list[dict]:
    docs = documents_of(store, facts)
    return [fact_json(f, docs.get(f.document_id)) for f in facts]


# -- events -------------------------------------------------------------------

def _encode_event_cursor(event_id: int) -> str:
    import base64

    return base64.urlsafe_b64encode(f"e:{event_id}".encode()).decode().rstrip("=")


def _decode_event_cursor(cursor: str | None) -> int:
    import base64

    if not cursor:
        return 0
    try:
        if len(cursor) > 100 or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, value = raw.split(":", 1)
        if prefix != "e" or not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise InvalidQuery(f"cursor {shown(cursor)} is not one this server gave out") from None


def group_events(facts: list[Fact]) -> list[dict]:
    """Facts grouped by the event they report, in event order; each group with its date range."""
    groups: dict[int, list[Fact]] = {}
    for f in facts:
        if f.event_id is not None:
            groups.setdefault(f.event_id, []).append(f)
    out = []
    for event_id in sorted(groups):
        members = groups[event_id]
        dates = sorted(f.date for f in members if f.date)
        first = members[0]
        out.append(
            {
                "event_id": event_id,
                "type": first.type,
                "sender": first.sender,
                "receiver": first.receiver,
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "facts": members,
            }
        )
    return out


def event_page(store: Store, flt: FactFilter, limit: int, cursor: str | None) -> tuple[list[dict], int, str | None]:
    """Events whose facts match ``flt``, ``limit`` at a time, ordered by event id."""
    flt = flt.validate()
    check_limit(limit)
    from ..corridors import cached

    after = _decode_event_cursor(cursor)
    ids = store.event_ids(flt, after=after, limit=limit + 1)  # one page of events, read in SQL
    page = group_events(store.event_facts(flt, ids[:limit]))
    total = cached(store, ("count-events", flt), None, lambda: store.count_events(flt))
    next_cursor = _encode_event_cursor(page[-1]["event_id"]) if len(ids) > limit and page else None
    return page, total, next_cursor


def event_json(store: Store, group: dict) -> dict:
    return {**group, "facts": facts_json(store, group["facts"])}


# -- documents ----------------------------------------------------------------

def document_json(store: Store, doc_id: str) -> dict:
    """A document's metadata and text, and every fact in it with its span."""
    doc = store.document(doc_id)
    facts = store.document_facts(doc_id)
    out = {k: doc.get(k) for k in ("id", "date", "title", "url", "source", "origin", "relevant", "duplicate_of",
                                    "extractor_version", "ingested_at", "text")}
    out["facts"] = [fact_json(f, doc) for f in facts]
    return out


def highlight_segments(text: str, facts: list[dict]) -> list[dict]:
    """Cut ``text`` into plain and highlighted pieces; a piece lists the facts whose span covers it.

    Overlapping spans are handled by cutting at every span boundary.
    """
    spans = []
    for f in facts:
        span = f.get("span")
        if span and 0 <= span[0] < span[1] <= len(text):
            spans.append((span[0], span[1], f))
    cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [f for s, e, f in spans if s <= start and end <= e]
        out.append({"text": text[start:end], "facts": covering, "start": start})
    return out


# -- search -------------------------------------------------------------------

def search_json(store: Store, query: str, limit: int) -> list[dict]:
    """Full-text hits over documents and evidence, each with its dashboard and API links.

    Computed once per data version and document count (a new document, even one with no fact, may
    be a hit), then served from the cache."""
    from ..corridors import cached

    if limit < 1 or limit > 200:
        raise InvalidQuery("limit must be between 1 and 200")

    def build() -> list[dict]:
        hits = []
        for row in store.search(query, limit=limit):
            kind, ref = row["kind"], str(row["ref"])
            if kind == "document":
                href, api = document_href(ref), "/api/documents/" + quote(ref, safe="")
            else:
                href, api = f"/facts/{ref}", f"/api/facts/{ref}"
            hits.append({"kind": kind, "ref": ref, "title": row.get("title"), "snippet": row.get("snippet"),
                         "href": href, "api": api})
        return hits

    return cached(store, ("search", query, limit, store.count_documents()), None, build)
