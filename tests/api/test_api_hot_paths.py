"""The busiest reads skip FastAPI's own response pass (and its worker-thread hops): what they send
must still be what their response model makes of it, and a request must still wait for a database
connection when every one is lent out, instead of failing or hanging the server."""

from __future__ import annotations

import json
import threading

import pytest

from tcwatch.api.schemas import FactDetail, FactsPage, SearchResults


def _as_model_sends(model, body: dict) -> str:
    """``body`` as a route declaring ``model`` sends it (defaults filled in, types applied), as JSON
    text: 100000 and 100000.0 differ there."""
    return json.dumps(model.model_validate(body).model_dump(mode="json", by_alias=True), sort_keys=True)


def _text(body: dict) -> str:
    return json.dumps(body, sort_keys=True)


@pytest.mark.parametrize("url, model", [
    ("/api/facts", FactsPage),
    ("/api/facts?limit=2", FactsPage),
    ("/api/facts?sender=USA&type=payment", FactsPage),
    ("/api/search?q=Rwanda", SearchResults),
])
def test_listing_bodies_are_what_the_response_model_sends(client, url, model):
    body = client.get(url).json()
    assert _text(body) == _as_model_sends(model, body)
    again = client.get(url).json()  # the second answer comes from the cache: the same
    assert again == body


def test_a_fact_is_sent_in_its_model_shape(client):
    fact_id = client.get("/api/facts?sender=USA&type=payment").json()["items"][0]["id"]
    body = client.get(f"/api/facts/{fact_id}").json()
    assert _text(body) == _as_model_sends(FactDetail, body)
    # a money figure is a number of the type the schema declares, whatever the database returned
    assert isinstance(body["fact"]["amount"], float)
    assert "document" in body["fact"]


def test_a_request_waits_for_a_connection_when_every_one_is_lent(client):
    pool = client.app.state.pool
    lent = []
    while True:  # borrow every connection the pool may open
        store = pool.try_borrow()
        if store is None:
            break
        lent.append(store)
    assert lent
    answers = []
    asking = threading.Thread(target=lambda: answers.append(client.get("/api/facts?limit=1")))
    asking.start()
    asking.join(0.5)
    assert not answers, "answered without a connection"
    pool.give_back(lent.pop())
    asking.join(30)
    assert answers and answers[0].status_code == 200
    for store in lent:
        pool.give_back(store)
    # the server is whole afterwards: reads go on
    assert client.get("/api/corridors").status_code == 200


def _add_transfer(store, doc_id: str, people: int, sender: str = "USA", receiver: str = "RWA"):
    from tcwatch.model import Document, Extraction, Fact, Span

    text = f"{people} people were flown to the receiving country on Monday, officials said ({doc_id})."
    doc = Document(id=doc_id, date="2026-02-03", text=text, title=f"{people} more")
    fact = Fact(type="transfer", sender=sender, receiver=receiver, date="2026-02-02", people=people, evidence=text,
                span=Span(0, len(text)), document_id=doc.id, extractor_version="test")
    (stored,) = store.add_document(doc, Extraction(doc.id, True, (fact,), ()))
    return stored


@pytest.mark.parametrize("url", ["/api/corridors/USA-RWA", "/api/corridors/USA-RWA?order=desc&limit=1",
                                 "/api/corridors/USA-RWA?as_of=2026-12-31"])
def test_a_corridor_from_the_cache_is_the_corridor_computed_afresh_and_a_write_shows_at_once(client, empty_store, url):
    """The whole answer is cached per data version of the corridor: a new fact on it and a review of
    one of its facts each show on the next read."""
    from tcwatch.corridors import clear_cache

    first = client.get(url).text
    assert client.get(url).text == first  # from the cache
    clear_cache()
    assert client.get(url).text == first

    stored = _add_transfer(empty_store, "doc-corridor-new", 37)
    after = client.get(url).json()
    assert after["timeline_total"] == json.loads(first)["timeline_total"] + 1
    if "order=desc" in url:
        assert [f["id"] for f in after["timeline"]] == [stored.id]
    clear_cache()
    assert client.get(url).json() == after

    empty_store.review_fact(stored.id, "correct", "ana", {"people": 41})
    reviewed = client.get(url).json()
    assert reviewed != after
    if "order=desc" in url:
        assert reviewed["timeline"][0]["people"] == 41 and reviewed["timeline"][0]["review"] == "corrected"


def test_the_geojson_from_the_cache_is_the_geojson_computed_afresh_and_a_new_corridor_shows_at_once(client, empty_store):
    from tcwatch.corridors import clear_cache

    url = "/api/export/corridors.geojson?type=transfer"
    first = client.get(url)
    assert first.headers["content-disposition"] == 'attachment; filename="tcwatch-corridors.geojson"'
    assert client.get(url).text == first.text
    clear_cache()
    assert client.get(url).text == first.text
    assert "GBR-ALB" not in {f["id"] for f in first.json()["features"]}

    _add_transfer(empty_store, "doc-geo-new", 12, sender="GBR", receiver="ALB")
    after = client.get(url).json()
    feature = {f["id"]: f for f in after["features"]}["GBR-ALB"]
    assert feature["properties"]["facts"] == 1 and feature["properties"]["types"] == {"transfer": 1}


def test_corridor_listing_is_the_json_of_its_items_after_writes(tmp_path):
    """/api/corridors is written from each corridor's item encoded once per summary: the body is
    json.dumps of the whole listing, before and after a write to one corridor (the others' items
    reused), and with nothing cached."""
    import json

    from fastapi.testclient import TestClient

    from tcwatch.analysis.events import assign_event
    from tcwatch.api.app import create_app
    from tcwatch.config import Options
    from tcwatch.corridors import clear_cache, list_corridors, listing_item
    from tcwatch.model import Document, Extraction, Fact, Span
    from tcwatch.store import open_store

    db = str(tmp_path / "listing.db")
    client = TestClient(create_app(Options(db=db)))

    def expected(store) -> bytes:
        items = [listing_item(c) for c in list_corridors(store)]
        return json.dumps({"as_of": None, "count": len(items), "items": items}, ensure_ascii=False,
                          allow_nan=False, separators=(",", ":")).encode("utf-8")

    with open_store(db) as store:
        first = client.get("/api/corridors").content
        assert first == expected(store) and json.loads(first)["count"] > 20
        sentence = "Britain flew 9 people to Rwanda on 3 March 2024."
        doc = Document(id="listing-1", date="2024-03-04", text=sentence, url="https://example.org/listing-1")
        fact = Fact(type="transfer", sender="GBR", receiver="RWA", date="2024-03-03", people=9, evidence=sentence,
                    span=Span(0, len(sentence)), document_id=doc.id, published=doc.date)
        store.add_document(doc, Extraction(doc.id, True, (fact,)), assign_event=assign_event)
        after = client.get("/api/corridors").content
        assert after != first and after == expected(store)
        clear_cache()
        assert client.get("/api/corridors").content == after


@pytest.mark.parametrize("url", ["/api/facts", "/api/corridors/USA-RWA", "/api/corridors"])
def test_a_review_that_leaves_its_fact_as_it_was_keeps_the_cached_answer_which_is_still_the_fresh_one(
        client, empty_store, url):
    """Accepting an accepted fact keeps every data version: the answer comes from the cache, and it is
    the one computed afresh."""
    from tcwatch.corridors import clear_cache

    stored = _add_transfer(empty_store, "doc-accepted", 23)
    empty_store.review_fact(stored.id, "accept", "ana")
    first = client.get(url).text
    assert '"review":"accepted"' in first or url == "/api/corridors"
    empty_store.review_fact(stored.id, "accept", "bo")  # nothing changes
    assert client.get(url).text == first
    clear_cache()
    assert client.get(url).text == first
