"""The same commands on a real PostgreSQL server, named with --db."""

from __future__ import annotations

import json

SEED = """date 2025-08-20 Officials in Kigali confirmed that seven men deported by the United States
arrived in Rwanda last week under a new migration agreement, the government said on Tuesday."""


def test_ingest_and_list_on_postgres(run_cli, postgres_url, tmp_path):
    """A user who names a PostgreSQL database gets the same record as on SQLite."""
    path = tmp_path / "seed.txt"
    path.write_text(SEED)
    result = run_cli("ingest", "--db", postgres_url, path)
    assert result.exit_code == 0, result.output
    assert "stored 1" in result.output
    again = run_cli("ingest", "--db", postgres_url, path)
    assert "stored 0, duplicates 1" in again.output
    rows = json.loads(run_cli("corridors", "--db", postgres_url, "--json").output)
    assert len([r for r in rows if r["arrangements"]]) == 29
    usa_rwa = [r for r in rows if r["id"] == "USA-RWA"][0]
    assert usa_rwa["extracted_facts"] >= 1
    facts = json.loads(run_cli("facts", "--db", postgres_url, "--type", "transfer", "--sender", "USA", "--json").output)
    assert any(f["document_id"] for f in facts)
