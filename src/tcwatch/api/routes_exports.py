"""``/api/export/...``: every matching fact, whole, streamed page by page.

``facts.csv`` and ``facts.jsonl`` write one fact per row or line, ``facts.parquet``
one Parquet file written a row group at a time, all with the same columns as
``tcwatch export``; ``corridors.geojson`` draws each corridor of the
matching facts as a LineString from the sender's to the receiver's centroid.
The filter is checked before the first byte is sent, so a bad one is a clean 400.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from .. import exports
from ..store import FactFilter, Store
from .deps import StorePool, get_pool, get_store
from .geo import centroid, country_name
from .routes_facts import FactQuery, fact_query
from .views import fact_json

router = APIRouter(prefix="/api/export", tags=["exports"])

PAGE = 500
#: the first read is smaller, so the first rows go out at once
FIRST_PAGE = 20

#: the columns of ``tcwatch export`` (every format)
CSV_COLUMNS = exports.COLUMNS


def iter_facts(pool: StorePool, flt: FactFilter) -> Iterator[dict]:
    """Every matching fact as JSON, read ``PAGE`` at a time on a connection held for the stream."""
    with pool.store() as store:
        cursor, size = None, FIRST_PAGE
        while True:
            page, cursor = store.list_facts(flt, limit=size, cursor=cursor)
            size = PAGE
            for fact in page:
                yield fact_json(fact)
            if cursor is None:
                return


#: rows (lines, features) sent in one piece: each piece of a streamed answer is a hop to a worker
#: thread and back, which a piece per row made the main cost of a large export under load
CHUNK_ROWS = 200
#: ... except the first piece of rows, which is small: it is the work a stream abandoned after its first
#: bytes still finishes (the next piece is not made once the client has gone)
FIRST_CHUNK_ROWS = 20


def _csv_cell(value):
    """A CSV cell: lists and dicts as JSON (most lists are empty), anything else as the csv module writes it."""
    if isinstance(value, (list, dict)):
        return "[]" if value == [] else json.dumps(value, ensure_ascii=False)
    return value


def csv_stream(rows: Iterator[dict]) -> Iterator[str]:
    """The rows as CSV, the columns of :data:`CSV_COLUMNS` (what ``csv.DictWriter`` with ``extrasaction=
    'ignore'`` writes, a missing key an empty cell), without a dict built per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield buf.getvalue()  # the header goes out before the first read
    buf.seek(0)
    buf.truncate()
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(k, "")) for k in CSV_COLUMNS])
        n += 1
        if n % CHUNK_ROWS == 0 or n == FIRST_CHUNK_ROWS:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_stream(rows: Iterator[dict]) -> Iterator[str]:
    lines = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def corridor_features(counts: list[dict]) -> tuple[list[dict], list[str]]:
    """One LineString feature per corridor of :meth:`Repository.corridor_type_counts`; corridors
    that cannot be drawn are named apart."""
    corridors: dict[tuple[str, str], dict] = {}
    for row in counts:
        c = corridors.setdefault((row["sender"], row["receiver"]), {"facts": 0, "types": {}, "first_date": None,
                                                                   "last_date": None, "documents": 0})
        if row["type"] is None:
            c["documents"] = row["documents"]
            continue
        c["facts"] += row["facts"]
        c["types"][row["type"]] = row["facts"]
        for key, pick in (("first_date", min), ("last_date", max)):
            if row[key]:
                c[key] = row[key] if c[key] is None else pick(c[key], row[key])
    features, skipped = [], []
    for (s, r), c in sorted(corridors.items()):
        a, b = centroid(s), centroid(r)
        if a is None or b is None:
            skipped.append(f"{s}-{r}")
            continue
        features.append({
            "type": "Feature",
            "id": f"{s}-{r}",
            "geometry": {"type": "LineString", "coordinates": [[a[1], a[0]], [b[1], b[0]]]},
            "properties": {
                "corridor": f"{s}-{r}", "sender": s, "receiver": r,
                "sender_name": country_name(s), "receiver_name": country_name(r),
                "facts": c["facts"], "documents": c["documents"], "types": c["types"],
                "first_date": c["first_date"], "last_date": c["last_date"],
                "url": f"/corridors/{s}-{r}", "api": f"/api/corridors/{s}-{r}",
            },
        })
    return features, skipped


def geojson_stream(counts: list[dict]) -> Iterator[str]:
    features, skipped = corridor_features(counts)
    parts = ['{"type": "FeatureCollection", "features": [']
    for i, feature in enumerate(features):
        parts.append(("," if i else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        if len(parts) == CHUNK_ROWS:
            yield "".join(parts)
            parts = []
    parts.append("\n], " + json.dumps({"skipped": skipped}, ensure_ascii=False)[1:] + "\n")
    yield "".join(parts)


_FORMATS = {
    "facts.csv": ("text/csv; charset=utf-8", csv_stream),
    "facts.jsonl": ("application/x-ndjson; charset=utf-8", jsonl_stream),
    "corridors.geojson": ("application/geo+json; charset=utf-8", geojson_stream),
    "facts.parquet": ("application/vnd.apache.parquet", exports.parquet_chunks),
}


#: the formats whose first piece is written before any fact is read (the CSV header): it is sent from the
#: event loop at once, not after a hop to a worker thread that waits its turn behind other work
_HEAD_FIRST = {"facts.csv"}
_DONE = object()


async def _pieces(request: Request, pieces: Iterator, head_first: bool):
    """The pieces of an export, each made in a worker thread (they read the database), the first on the
    event loop when ``head_first``; it stops at the first piece after the client has gone, rather than
    writing the rest of the export to nobody (the server answers every later chunk of a closed
    connection by dropping it), so an abandoned export does not hold the CPU that the next requests
    need."""
    try:
        if head_first:
            yield next(pieces)
        while not await request.is_disconnected():
            piece = await run_in_threadpool(next, pieces, _DONE)
            if piece is _DONE:
                return
            yield piece
    finally:
        pieces.close()  # gives the stream's connection back to the pool


def _export(name: str, q: FactQuery, pool: StorePool, request: Request) -> StreamingResponse:
    flt = q.filter()  # raises InvalidQuery before anything is streamed
    media_type, writer = _FORMATS[name]
    return StreamingResponse(
        _pieces(request, writer(iter_facts(pool, flt)), name in _HEAD_FIRST),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="tcwatch-{name}"'},
    )


@router.get("/facts.csv", summary="Facts as CSV", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, one fact per row"}})
def export_csv(request: Request, q: FactQuery = Depends(fact_query), pool: StorePool = Depends(get_pool)):
    """Every matching fact with provenance, one per row (``nationalities``, ``span``, ``source_urls`` as JSON)."""
    return _export("facts.csv", q, pool, request)


@router.get("/facts.jsonl", summary="Facts as JSON Lines", response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}}, "description": "one fact per line"}})
def export_jsonl(request: Request, q: FactQuery = Depends(fact_query), pool: StorePool = Depends(get_pool)):
    """Every matching fact with provenance, one JSON object per line."""
    return _export("facts.jsonl", q, pool, request)


@router.get("/facts.parquet", summary="Facts as Parquet", response_class=StreamingResponse,
            responses={200: {"content": {"application/vnd.apache.parquet": {}},
                             "description": "a Parquet file, one row per fact"}})
def export_parquet(request: Request, q: FactQuery = Depends(fact_query), pool: StorePool = Depends(get_pool)):
    """Every matching fact with provenance as one Parquet file (typed columns, the CSV's names),
    written and sent a row group at a time: for pandas, DuckDB, Spark."""
    return _export("facts.parquet", q, pool, request)


@router.get("/corridors.geojson", summary="Corridors as GeoJSON", response_class=StreamingResponse,
            responses={200: {"content": {"application/geo+json": {}}, "description": "a FeatureCollection"}})
def export_geojson(q: FactQuery = Depends(fact_query), store: Store = Depends(get_store)):
    """The corridors of the matching facts as LineStrings between country centroids, with fact counts."""
    from ..corridors import cached

    media_type, writer = _FORMATS["corridors.geojson"]
    flt = q.filter()
    # the whole collection is a few kilobytes (one feature per corridor): built once per data version and filter
    body = cached(store, ("corridors.geojson", flt), None, lambda: "".join(writer(store.corridor_type_counts(flt))))
    return StreamingResponse(iter([body]), media_type=media_type,
                             headers={"Content-Disposition": 'attachment; filename="tcwatch-corridors.geojson"'})
