"""``/api/export``: CSV, JSON Lines and GeoJSON of any filter, streamed whole."""

from __future__ import annotations

import csv
import io
import json

from tcwatch.model import Document, Extraction, Fact, Span


def test_csv_has_every_fact_with_header(client):
    """The CSV has the CLI's columns and one row per fact, as an attachment."""
    r = client.get("/api/export/facts.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 9
    assert rows[0]["id"] and rows[0]["evidence"]
    assert json.loads(rows[0]["nationalities"]) == []


def test_csv_keeps_untrusted_text_intact(client):
    """Evidence with quotes, commas and markup survives the round trip."""
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/facts.csv", params={"receiver": "ALB"}).text)))
    assert len(rows) == 1 and "<script>" in rows[0]["evidence"]


def test_jsonl_follows_the_filter(client):
    """JSON Lines: one fact per line, only the matching ones."""
    r = client.get("/api/export/facts.jsonl", params={"type": "transfer"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == 4 and {f["type"] for f in lines} == {"transfer"}
    assert r.headers["content-type"].startswith("application/x-ndjson")


def test_export_is_whole_beyond_one_page(client, empty_store):
    """An export larger than one read page (500) still holds every fact."""
    text = "Italy moved people to Albania."
    facts = tuple(
        Fact(type="transfer", sender="ITA", receiver="ALB", date=f"2024-{1 + i % 12:02d}", people=1,
             evidence=text, span=Span(0, len(text)), document_id="bulk")
        for i in range(1200)
    )
    empty_store.add_document(Document(id="bulk", date="2024-12-31", text=text), Extraction("bulk", True, facts))
    lines = client.get("/api/export/facts.jsonl").text.splitlines()
    assert len(lines) == 1209
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(set(ids))
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/facts.csv").text)))
    assert len(rows) == 1209


def test_geojson_corridors_as_lines(client):
    """GeoJSON: one LineString per corridor, from the sender's centroid to the receiver's."""
    r = client.get("/api/export/corridors.geojson")
    assert r.headers["content-type"].startswith("application/geo+json")
    body = json.loads(r.text)
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert set(features) == {"USA-RWA", "AUS-NRU", "ITA-ALB"}
    usa = features["USA-RWA"]
    assert usa["geometry"]["type"] == "LineString"
    (lon1, lat1), (lon2, lat2) = usa["geometry"]["coordinates"]
    assert -125 < lon1 < -65 and 25 < lat1 < 50  # the United States
    assert 28 < lon2 < 31 and -3 < lat2 < -1  # Rwanda
    assert usa["properties"]["facts"] == 6 and usa["properties"]["types"]["transfer"] == 2
    assert features["AUS-NRU"]["properties"]["receiver_name"] == "Nauru"
    # the counts and dates are those of the corridor's facts, whatever way they are added up
    facts = client.get("/api/facts", params={"sender": "USA", "receiver": "RWA", "limit": 100}).json()["items"]
    dates = sorted(f["date"] for f in facts if f["date"])
    assert usa["properties"]["documents"] == len({f["document"]["id"] for f in facts if f.get("document")})
    assert (usa["properties"]["first_date"], usa["properties"]["last_date"]) == (dates[0], dates[-1])
    assert sum(usa["properties"]["types"].values()) == usa["properties"]["facts"] == len(facts)


def test_geojson_follows_the_filter(client):
    """Only corridors of matching facts are drawn."""
    body = json.loads(client.get("/api/export/corridors.geojson", params={"since": "2025"}).text)
    assert [f["id"] for f in body["features"]] == ["USA-RWA"]


def test_streamed_exports_go_out_a_chunk_of_rows_at_a_time():
    """Each piece of a streamed answer costs a hop to a worker thread: JSON Lines, CSV and GeoJSON
    send ``CHUNK_ROWS`` rows a piece (not one a piece), and the bytes are those of one row at a time."""
    from tcwatch.api.routes_exports import (CHUNK_ROWS, FIRST_CHUNK_ROWS, corridor_features, csv_stream,
                                            geojson_stream, jsonl_stream)

    rows = [{"id": i, "type": "transfer", "evidence": f"row {i} ✓", "nationalities": ["ERI"]}
            for i in range(2 * CHUNK_ROWS + 7)]
    pieces = list(jsonl_stream(iter(rows)))
    assert len(pieces) == 3
    assert "".join(pieces) == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    pieces = list(csv_stream(iter(rows)))
    # the header first, then a small first piece of rows, then CHUNK_ROWS at a time
    assert [p.count("\r\n") for p in pieces] == [1, FIRST_CHUNK_ROWS, CHUNK_ROWS - FIRST_CHUNK_ROWS, CHUNK_ROWS, 7]

    counts = [{"sender": "GBR", "receiver": receiver, "type": "transfer", "facts": 1, "first_date": None,
               "last_date": None} for receiver in ("RWA", "ALB", "NRU")] * 1
    features, skipped = corridor_features(counts)
    pieces = list(geojson_stream(counts))
    assert len(pieces) == 1
    doc = json.loads("".join(pieces))
    assert doc["features"] == features and doc["skipped"] == skipped


def test_csv_rows_are_those_of_a_dict_writer():
    """The CSV writer (a list per row, no dict) writes what csv.DictWriter wrote: lists and dicts as
    JSON, missing keys empty, extra keys left out, None, booleans, floats and tuples as before."""
    from tcwatch.api.routes_exports import CSV_COLUMNS, csv_stream

    rows = [
        {"id": 1, "type": "transfer", "nationalities": [], "source_urls": ["https://a.example/x,y"],
         "span": [3, 9], "people": None, "amount": 1.5e6, "uncertain": True, "evidence": 'said "no",\nthen ✓'},
        {"id": 2, "nationalities": ["ERI", "SDN"], "span": (1, 2), "actor": {"name": "court"}, "extra": "dropped"},
        {},
    ]
    buf = io.StringIO()
    reference = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    reference.writeheader()
    for row in rows:
        reference.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                            for k, v in row.items()})
    assert "".join(csv_stream(iter(rows))) == buf.getvalue()


def test_an_abandoned_export_stops_at_the_next_piece():
    """Once the client has gone, no further piece is made (the server drops what is sent to a closed
    connection, so the rest of the export would be written to nobody) and the rows' source is closed
    (its connection goes back to the pool); the CSV header is the first piece, made before any read."""
    import asyncio

    from tcwatch.api.routes_exports import _pieces, csv_stream

    made, closed = [], []

    def rows():
        try:
            for i in range(10_000):
                made.append(i)
                yield {"id": i}
        finally:
            closed.append(True)

    class Request:
        def __init__(self, gone_after: int):
            self.checks, self.gone_after = 0, gone_after

        async def is_disconnected(self):
            self.checks += 1
            return self.checks > self.gone_after

    async def take(request, head_first):
        return [piece async for piece in _pieces(request, csv_stream(rows()), head_first)]

    pieces = asyncio.run(take(Request(gone_after=1), head_first=True))
    assert len(pieces) == 2 and pieces[0].startswith("id,") and closed == [True]
    assert len(made) == 20  # the header, one small piece of rows, nothing after the client left
    made.clear(), closed.clear()
    pieces = asyncio.run(take(Request(gone_after=0), head_first=False))
    assert pieces == [] and made == [] and closed == []  # never started: no connection was borrowed
    made.clear(), closed.clear()
    whole = asyncio.run(take(Request(gone_after=10**6), head_first=True))
    assert "".join(whole) == "".join(csv_stream({"id": i} for i in range(10_000))) and closed == [True]
