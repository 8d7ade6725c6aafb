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
