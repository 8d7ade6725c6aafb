"""The API over a real PostgreSQL server: the same answers as over SQLite."""

from __future__ import annotations

import pytest

import api_sample_data as sample_data
from api_helpers import make_client

pytestmark = pytest.mark.postgres


def test_api_on_postgresql(postgres_url):
    """Corridors, paging, search, export and a review work the same on PostgreSQL."""
    from tcwatch.store import open_store

    with open_store(postgres_url, reference=False) as store:
        stored = sample_data.build(store)
    with make_client(postgres_url, sample_data.TOKEN) as client:
        usa = client.get("/api/corridors/USA-RWA").json()
        assert usa["people"]["total"] == 12
        page = client.get("/api/facts", params={"limit": 4}).json()
        assert page["total"] == 9 and page["count"] == 4 and page["next_cursor"]
        rest = client.get("/api/facts", params={"limit": 10, "cursor": page["next_cursor"]}).json()
        assert rest["count"] == 5 and rest["next_cursor"] is None
        hits = client.get("/api/search", params={"q": "Nauru"}).json()["results"]
        assert {h["kind"] for h in hits} == {"document", "fact"}
        assert len(client.get("/api/export/facts.jsonl").text.splitlines()) == 9
        fid = sample_data.fact_id(stored, "doc-ruling", "transfer")
        r = client.post(f"/api/facts/{fid}/review", json={"action": "reject", "reviewer": "pg"},
                        headers={"Authorization": f"Bearer {sample_data.TOKEN}"})
        assert r.status_code == 200
        assert client.get("/api/corridors/USA-RWA").json()["people"]["total"] == 7
        assert client.get("/documents/doc-xss").status_code == 200
