"""The OpenAPI schema at /openapi.json describes what the endpoints really answer."""

from __future__ import annotations

import jsonschema
import pytest

import api_sample_data as sample_data

TOKEN = sample_data.TOKEN


@pytest.fixture
def spec(client):
    return client.get("/openapi.json").json()


def _validate(spec: dict, path: str, method: str, status: str, body) -> None:
    """Validate ``body`` against the documented schema of that response (refs resolved in the spec)."""
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    root = {**spec, **schema}  # $ref inside point at #/components/... of the same document
    jsonschema.Draft202012Validator(root).validate(body)


def test_schema_lists_every_endpoint(spec):
    """Every resource is in the schema, validation errors are documented as the one error shape."""
    paths = set(spec["paths"])
    assert {"/api/corridors", "/api/corridors/{corridor}", "/api/facts", "/api/facts/{fact_id}", "/api/events",
            "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/export/facts.csv",
            "/api/export/facts.jsonl", "/api/export/corridors.geojson", "/api/facts/{fact_id}/review",
            "/api/ingest"} <= paths
    for ops in spec["paths"].values():
        for op in ops.values():
            assert "422" not in op["responses"]
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert not paths & {"/", "/corridors/{corridor}", "/documents/{doc_id}", "/facts"}  # pages stay out of the schema


@pytest.mark.parametrize(
    "url, path",
    [
        ("/api/corridors", "/api/corridors"),
        ("/api/corridors/USA-RWA", "/api/corridors/{corridor}"),
        ("/api/facts?limit=3", "/api/facts"),
        ("/api/events?limit=3", "/api/events"),
        ("/api/documents", "/api/documents"),
        ("/api/documents/doc-talks", "/api/documents/{doc_id}"),
        ("/api/search?q=Rwanda", "/api/search"),
    ],
)
def test_responses_match_schema(client, spec, url, path):
    """A real response validates against its documented schema."""
    r = client.get(url)
    assert r.status_code == 200
    _validate(spec, path, "get", "200", r.json())


def test_fact_and_review_responses_match_schema(client, spec, sample):
    """The fact, review and ingest responses validate too."""
    fid = sample_data.fact_id(sample, "doc-flight", "transfer")
    _validate(spec, "/api/facts/{fact_id}", "get", "200", client.get(f"/api/facts/{fid}").json())
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post(f"/api/facts/{fid}/review", json={"action": "correct", "reviewer": "v", "changes": {"people": 8}},
                    headers=auth)
    assert r.status_code == 200, r.text
    _validate(spec, "/api/facts/{fact_id}/review", "post", "200", r.json())
    r = client.post("/api/ingest", json={"documents": [{"date": "2025-02-02", "text": "A note."}]}, headers=auth)
    assert r.status_code == 200, r.text
    _validate(spec, "/api/ingest", "post", "200", r.json())


def test_errors_match_schema(client, spec):
    """Error bodies validate against the documented error schema."""
    _validate(spec, "/api/facts", "get", "400", client.get("/api/facts?type=x").json())
    _validate(spec, "/api/corridors/{corridor}", "get", "404", client.get("/api/corridors/USA-XYZ").json())


def test_schema_rejects_a_wrong_body(spec):
    """The check has teeth: a page without its total does not validate."""
    with pytest.raises(jsonschema.ValidationError):
        _validate(spec, "/api/facts", "get", "200", {"count": 0, "limit": 1, "next_cursor": None, "next": None,
                                                       "items": []})


def test_alerts_router_is_mounted_when_present(client):
    """The alerts feeds (another module's router) are served by the same app when that module exists."""
    try:
        from tcwatch.api import routes_alerts
    except ModuleNotFoundError:
        pytest.skip("tcwatch.api.routes_alerts is not there")
    served = set(client.get("/openapi.json").json()["paths"])
    assert {r.path for r in routes_alerts.router.routes if r.include_in_schema} <= served
    assert client.get("/alerts.atom").status_code != 404
