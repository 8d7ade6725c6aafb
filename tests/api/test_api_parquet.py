"""``/api/export/facts.parquet`` and ``tcwatch export --format parquet``: the CSV's facts and columns,
typed, readable by pyarrow, written a row group at a time."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tcwatch.model import Document, Extraction, Fact, Span


def read(content: bytes) -> pa.Table:
    return pq.read_table(io.BytesIO(content))


def test_parquet_round_trips_the_csv(client):
    """Same rows and columns as the CSV export, with types an analyst can use."""
    r = client.get("/api/export/facts.parquet")
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    assert "attachment" in r.headers["content-disposition"]
    table = read(r.content)
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/export/facts.csv").text)))
    assert table.column_names == list(csv_rows[0])
    assert table.num_rows == len(csv_rows) == 9
    types = {f.name: f.type for f in table.schema}
    assert types["id"] == pa.int64() and types["people"] == pa.int64() and types["amount"] == pa.float64()
    assert types["nationalities"] == pa.list_(pa.string()) and types["span"] == pa.list_(pa.int64())
    assert types["uncertain"] == pa.bool_() and types["date"] == pa.string()
    rows = table.to_pylist()
    for row, text in zip(rows, csv_rows):
        assert str(row["id"]) == text["id"] and row["evidence"] == text["evidence"]
        assert row["nationalities"] == json.loads(text["nationalities"])
        assert (row["span"] is None) == (text["span"] == "") and (row["people"] is None) == (text["people"] == "")
        if row["span"] is not None:
            assert row["span"] == json.loads(text["span"])
    transfer = next(r for r in rows if r["type"] == "transfer" and r["people"])
    assert isinstance(transfer["people"], int) and transfer["document_id"] and transfer["extractor_version"]
    assert any("<script>" in r["evidence"] for r in rows)  # untrusted text kept as it is


def test_parquet_honours_the_filter(client):
    table = read(client.get("/api/export/facts.parquet", params={"type": "transfer", "sender": "USA"}).content)
    want = [f["id"] for f in client.get("/api/facts", params={"type": "transfer", "sender": "USA"}).json()["items"]]
    assert table.column("id").to_pylist() == want and want
    assert set(table.column("type").to_pylist()) == {"transfer"}
    empty = read(client.get("/api/export/facts.parquet", params={"since": "2099"}).content)
    assert empty.num_rows == 0 and empty.column_names[0] == "id"
    bad = client.get("/api/export/facts.parquet", params={"since": "tomorrow"})
    assert bad.status_code == 400 and "since" in bad.json()["error"]["message"]


def test_parquet_is_written_in_row_groups(client, empty_store, monkeypatch):
    """A large export is several row groups (memory bounded by one group), every fact in id order."""
    from tcwatch import exports

    monkeypatch.setattr(exports, "ROW_GROUP", 500)
    monkeypatch.setattr(exports.parquet_chunks, "__defaults__", (500,))
    text = "Italy moved people to Albania."
    facts = tuple(
        Fact(type="transfer", sender="ITA", receiver="ALB", date=f"2024-{1 + i % 12:02d}", people=i,
             evidence=text, span=Span(0, len(text)), document_id="bulk")
        for i in range(1200)
    )
    empty_store.add_document(Document(id="bulk", date="2024-12-31", text=text), Extraction("bulk", True, facts))
    content = client.get("/api/export/facts.parquet").content
    meta = pq.ParquetFile(io.BytesIO(content)).metadata
    assert meta.num_rows == 1209 and meta.num_row_groups == 3
    ids = read(content).column("id").to_pylist()
    assert ids == sorted(set(ids))


def test_cli_parquet_to_a_file_and_a_pipe(run_cli, db_path, tmp_path):
    """``tcwatch export --format parquet -o FILE`` writes a file; to stdout only when it is not a terminal."""
    out = tmp_path / "facts.parquet"
    result = run_cli("export", "--format", "parquet", "--origin", "curated", "-o", out)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows > 0 and set(table.column("origin").to_pylist()) == {"curated"}
    assert f"{table.num_rows} facts written" in result.output
    jsonl = run_cli("export", "--format", "jsonl", "--origin", "curated").output.strip().splitlines()
    assert table.column("id").to_pylist() == [json.loads(line)["id"] for line in jsonl]
    everything = run_cli("export", "--format", "jsonl").output.strip().splitlines()
    tcwatch = str(Path(sys.executable).with_name("tcwatch"))
    piped = subprocess.run([tcwatch, "export", "--format", "parquet", "--db", db_path], capture_output=True, check=True)
    assert read(piped.stdout).column("id").to_pylist() == [json.loads(line)["id"] for line in everything]
    bad = run_cli("export", "--format", "parquet", "-o", tmp_path / "no" / "such" / "dir.parquet")
    assert bad.exit_code != 0 and "dir.parquet" in bad.output
