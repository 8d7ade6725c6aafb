"""The ``tcwatch`` command as a user runs it: exit codes, output, and what ends up stored."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

# Hand-written news items (not real articles) in the formats ingest reads.
SEED = """date 2025-08-20 Officials in Kigali confirmed that seven men deported by the United States
arrived in Rwanda last week under a new migration agreement, the government said on Tuesday.
Human rights groups criticised the arrangement and warned that the men could be sent onward."""

JSONL_ITEMS = [
    {"id": "n1", "date": "2024-07-10", "title": "Britain scraps Rwanda plan",
     "text": "Britain scraps Rwanda plan\n\nThe new British government has scrapped the Rwanda deportation scheme, "
             "which had cost £700 million without a single forced removal."},
    {"id": "n2", "date": "2023-03-02", "title": "Markets rally",
     "text": "Markets rally\n\nShares in London rose sharply on Thursday as investors cheered strong bank results."},
]


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(SEED, encoding="utf-8")
    return path


@pytest.fixture
def jsonl_file(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in JSONL_ITEMS) + "\n", encoding="utf-8")
    return path


def _count(db_path, table):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ingest_stores_documents_and_facts_and_says_so(run_cli, seed_file, jsonl_file, db_path):
    """ingest prints a closing summary and stores documents with their facts."""
    result = run_cli("ingest", seed_file, jsonl_file)
    assert result.exit_code == 0, result.output
    assert "read 3, stored 3, duplicates 0" in result.output
    assert _count(db_path, "documents") == 3
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT type, sender, receiver FROM facts WHERE origin = 'extracted'").fetchall()
    assert ("transfer", "USA", "RWA") in rows
    assert ("termination", "GBR", "RWA") in rows


def test_reingest_changes_nothing(run_cli, seed_file, db_path):
    """Ingesting the same document twice stores it once."""
    run_cli("ingest", seed_file)
    before = (_count(db_path, "documents"), _count(db_path, "facts"), _count(db_path, "events"))
    result = run_cli("ingest", seed_file)
    assert result.exit_code == 0
    assert "stored 0, duplicates 1" in result.output
    assert (_count(db_path, "documents"), _count(db_path, "facts"), _count(db_path, "events")) == before


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("binary.txt", b"\x00\x01\x02\x00" * 64, "binary"),
        ("empty.txt", b"date 2025-01-01   \n\n", "empty"),
        ("nodate.txt", b"A text about deportation flights with no date line at all, long enough.", "date"),
        ("baddate.txt", b"date 2025-02-30 A text about deportation flights that is long enough to keep.", "date"),
        ("latin.txt", "date 2025-01-01 caf\u00e9 ".encode("utf-16"), ""),
    ],
)
def test_bad_input_is_rejected_by_name_and_others_still_stored(run_cli, tmp_path, seed_file, db_path, name, content, reason):
    """A bad file is named with its reason, the good one is stored, and the exit code is 3."""
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("ingest", bad, seed_file)
    assert result.exit_code == 3
    assert name in result.output and "rejected" in result.output
    if reason:
        assert reason in result.output.lower()
    assert _count(db_path, "documents") == 1
    assert _count(db_path, "rejections") == 1


def test_malformed_json_line_names_file_and_line(run_cli, tmp_path, db_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps(JSONL_ITEMS[0]), "{not json", json.dumps(JSONL_ITEMS[1])]
    path.write_text("\n".join(lines) + "\n")
    result = run_cli("ingest", path)
    assert result.exit_code == 3
    assert "feed.jsonl:2" in result.output
    assert _count(db_path, "documents") == 2


def test_earlier_data_survives_a_failing_ingest(run_cli, tmp_path, seed_file, db_path):
    """Nothing stored before is lost when a later ingest has bad inputs."""
    run_cli("ingest", seed_file)
    facts = _count(db_path, "facts")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    assert run_cli("ingest", bad).exit_code == 3
    assert _count(db_path, "facts") == facts and _count(db_path, "documents") == 1


def test_fresh_database_lists_every_reference_corridor(run_cli):
    result = run_cli("corridors", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    with_deals = {r["id"] for r in rows if r["arrangements"]}
    assert len(with_deals) == 29 and {"GBR-RWA", "USA-SLV", "ITA-ALB", "USA-XXX"} <= with_deals
    assert sum(len(r["arrangements"]) for r in rows) == 33
    assert all(r["curated_facts"] for r in rows)
    text = run_cli("corridors").output
    assert "GBR -> RWA" in text and "USA -> SLV" in text


def test_corridor_shows_curated_timeline_with_source_urls(run_cli):
    result = run_cli("corridor", "GBR-RWA")
    assert result.exit_code == 0
    assert "termination" in result.output and "2024-07" in result.output
    assert "source https://" in result.output
    assert "curated" in result.output


def test_unknown_corridor_is_an_error(run_cli):
    result = run_cli("corridor", "XXX-YYY")
    assert result.exit_code == 1
    assert "no corridor" in result.output
    assert run_cli("corridor", "Britain").exit_code == 1


def test_facts_filters(run_cli, seed_file):
    run_cli("ingest", seed_file)
    rows = json.loads(run_cli("facts", "--type", "transfer", "--sender", "USA", "--json").output)
    assert rows and all(r["type"] == "transfer" and r["sender"] == "USA" for r in rows)
    rows = json.loads(run_cli("facts", "--sender", "GBR", "--until", "2022", "--json").output)
    assert rows and all(r["date"] <= "2022-12-31" for r in rows)
    result = run_cli("facts", "--since", "yesterday")
    assert result.exit_code == 1 and "since" in result.output


def test_export_csv_and_jsonl_carry_provenance(run_cli, seed_file):
    run_cli("ingest", seed_file)
    lines = run_cli("export", "--format", "jsonl").output.strip().splitlines()
    rows = [json.loads(line) for line in lines]
    extracted = [r for r in rows if r["origin"] == "extracted"]
    assert extracted and all(r["document_id"] and r["span"] and r["extractor_version"] for r in extracted)
    assert all(r["source_urls"] for r in rows if r["origin"] == "curated")
    table = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv").output)))
    assert len(table) == len(rows)


def test_extract_prints_facts_without_storing(run_cli, seed_file, db_path):
    result = run_cli("extract", seed_file)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["relevant"] is True
    transfer = [f for f in data["facts"] if f["type"] == "transfer"][0]
    assert (transfer["sender"], transfer["receiver"], transfer["people"]) == ("USA", "RWA", 7)
    assert transfer["evidence"] in SEED and transfer["span"][1] > transfer["span"][0]


def test_extract_jsonl_prints_one_prediction_per_document(run_cli, jsonl_file):
    result = run_cli("extract", "--jsonl", jsonl_file)
    lines = [json.loads(line) for line in result.output.strip().splitlines()]
    assert [line["id"] for line in lines] == ["n1", "n2"]
    assert lines[0]["relevant"] is True and lines[1]["relevant"] is False and lines[1]["facts"] == []
    assert set(lines[0]) == {"id", "relevant", "facts"}


def test_eval_scores_a_gold_file(run_cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    item = dict(JSONL_ITEMS[0], relevant=True, facts=[{"type": "termination", "sender": "GBR", "receiver": "RWA",
                                                      "date": "2024-07-10", "date_qualifier": "before",
                                                      "evidence": "The new British government has scrapped the Rwanda deportation scheme"}])
    neg = dict(JSONL_ITEMS[1], relevant=False, facts=[])
    gold.write_text(json.dumps(item) + "\n" + json.dumps(neg) + "\n")
    result = run_cli("eval", gold, "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["overall"]["recall"] == 1.0
    assert "f1" in run_cli("eval", gold).output.lower()
    assert run_cli("eval", tmp_path / "missing.jsonl").exit_code != 0


def test_db_flag_and_env(run_cli, tmp_path, seed_file):
    other = tmp_path / "other.db"
    run_cli("ingest", "--db", other, seed_file)
    assert _count(other, "documents") == 1
    result = run_cli("corridors", "--db", tmp_path / "missing" / "x.db")
    assert result.exit_code == 1 and "does not exist" in result.output
