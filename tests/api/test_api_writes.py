"""The writes: reviews and ingest over HTTP, each needing the bearer token."""

from __future__ import annotations

import api_sample_data as sample_data


def _people(client):
    return client.get("/api/corridors/USA-RWA").json()["people"]["total"]


def test_reject_takes_a_fact_out_of_the_totals(client, auth, sample):
    """A rejected transfer stops counting in the corridor's people total; the fact stays listed."""
    fid = sample_data.fact_id(sample, "doc-ruling", "transfer")
    assert _people(client) == 12
    r = client.post(f"/api/facts/{fid}/review", json={"action": "reject", "reviewer": "ana"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["fact"]["review"] == "rejected"
    assert _people(client) == 7
    assert client.get("/api/facts", params={"review": "rejected"}).json()["total"] == 1


def test_correction_changes_the_total_and_keeps_the_original(client, auth, sample):
    """A corrected count is used in the total; the original value, reviewer and time are kept."""
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    r = client.post(f"/api/facts/{fid}/review", headers=auth,
                    json={"action": "correct", "reviewer": "ben", "changes": {"people": 17}, "comment": "typo"})
    body = r.json()
    assert body["fact"]["people"] == 17 and body["fact"]["review"] == "corrected"
    [record] = body["reviews"]
    assert record["original"]["people"] == 7 and record["changes"] == {"people": 17}
    assert record["reviewer"] == "ben" and record["created_at"] and record["comment"] == "typo"
    assert _people(client) == 22
    assert client.get(f"/api/facts/{fid}").json()["reviews"][0]["original"]["people"] == 7


def test_accept_marks_the_fact(client, auth, sample):
    """Accepting keeps the values and records the review."""
    fid = sample_data.fact_id(sample, "doc-nauru", "transfer")
    body = client.post(f"/api/facts/{fid}/review", json={"action": "accept", "reviewer": "cy"}, headers=auth).json()
    assert body["fact"]["review"] == "accepted" and body["fact"]["people"] == 12


def test_ingest_stores_documents_and_extracts_facts(client, auth):
    """POSTed documents go through the one ingest path; a repeat changes nothing."""
    doc = {"id": "api-1", "date": "2025-05-06", "title": "Deportation flight",
           "text": "The United States deported 7 people to Rwanda on Sunday under a new agreement, officials said."}
    r = client.post("/api/ingest", json={"documents": [doc]}, headers=auth)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["stored"] == 1 and report["document_ids"] == ["api-1"]
    stored = client.get("/api/documents/api-1").json()
    assert stored["text"] == doc["text"] and len(stored["facts"]) == report["facts"]
    for fact in stored["facts"]:  # whatever the extractor found, it points back into the text
        start, end = fact["span"]
        assert stored["text"][start:end] == fact["evidence"]
    again = client.post("/api/ingest", json={"documents": [doc]}, headers=auth).json()
    assert again["stored"] == 0 and again["duplicates"] == 1


def test_ingest_without_id_derives_one(client, auth):
    """A document without an id gets one from its text."""
    doc = {"date": "2025-01-02", "text": "Nothing to see here: a note about the weather on Monday."}
    report = client.post("/api/ingest", json={"documents": [doc]}, headers=auth).json()
    assert report["stored"] == 1 and report["document_ids"][0].startswith("api-")


def test_read_only_server_refuses_writes(readonly, sample):
    """Without a configured token every write is refused with 403, whatever is sent."""
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    r = readonly.post(f"/api/facts/{fid}/review", json={"action": "reject", "reviewer": "x"},
                      headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "permission_denied"
    assert "read-only" in r.json()["error"]["message"]
    assert readonly.get(f"/api/facts/{fid}").json()["fact"]["review"] is None


def test_ingest_over_http_raises_alerts(client, auth):
    """A document POSTed to the API raises the same alerts as one ingested from a file."""
    doc = {"id": "api-alert", "date": "2025-09-02",
           "text": "Germany is examining whether asylum applications could be processed in third countries "
                   "such as Rwanda, the interior ministry said on Friday."}
    assert client.post("/api/ingest", json={"documents": [doc]}, headers=auth).status_code == 200
    alerts = client.get("/api/alerts").json()
    items = alerts["alerts"]
    assert any(a["sender"] == "DEU" and a["receiver"] == "RWA" for a in items)
