"""``/api/corridors``: the listing and one corridor, read through the shared corridor functions."""

from __future__ import annotations


def test_list_has_every_corridor_with_both_ends(client):
    """The listing holds each sample corridor with its status, people and counts."""
    body = client.get("/api/corridors").json()
    ids = {c["id"] for c in body["items"]}
    assert {"USA-RWA", "AUS-NRU", "ITA-ALB"} <= ids
    assert body["count"] == len(body["items"]) and body["as_of"] is None
    usa = next(c for c in body["items"] if c["id"] == "USA-RWA")
    assert usa["status"]["status"] == "blocked by court"
    assert usa["people"]["total"] == 12
    assert usa["facts"] == 6 and usa["documents"] == 3


def test_list_as_of_gives_the_status_then(client):
    """``as_of`` gives the status as it stood on that date."""
    body = client.get("/api/corridors", params={"as_of": "2025-03-31"}).json()
    usa = next(c for c in body["items"] if c["id"] == "USA-RWA")
    assert body["as_of"] == "2025-03-31"
    assert usa["status"]["status"] == "agreement"
    assert usa["people"]["total"] is None


def test_detail_has_timeline_events_figures_and_sources(client):
    """One corridor: timeline facts in date order, each with evidence and its document."""
    body = client.get("/api/corridors/USA-RWA").json()
    dates = [f["date"] for f in body["timeline"]]
    assert dates == sorted(dates)
    assert {f["type"] for f in body["timeline"]} == {"talks", "agreement", "transfer", "payment", "ruling"}
    transfer = next(f for f in body["timeline"] if f["type"] == "transfer")
    assert transfer["document"]["id"] in ("doc-flight", "doc-ruling")
    assert transfer["evidence"]
    assert body["events"] and body["figures"]["people"]["total"] == 12
    assert isinstance(body["conflicts"], list)


def test_detail_accepts_lower_case_and_arrow(client):
    """``usa-rwa`` and ``USA->RWA`` name the same corridor."""
    assert client.get("/api/corridors/usa-rwa").json()["id"] == "USA-RWA"
    assert client.get("/api/corridors/USA->RWA").json()["id"] == "USA-RWA"


def test_detail_as_of_cuts_the_timeline(client):
    """Facts after ``as_of`` are left out of the timeline."""
    body = client.get("/api/corridors/USA-RWA", params={"as_of": "2025-05"}).json()
    assert max(f["date"] for f in body["timeline"]) <= "2025-05-31"
    assert body["people"]["total"] == 7


def test_corridor_with_an_unknown_end(client):
    """A corridor whose sender the sources do not name is ``XXX-RWA``; the listing may hold it too."""
    body = client.get("/api/corridors/XXX-RWA").json()
    assert body["sender"] is None and body["receiver"] == "RWA"
    assert [f["type"] for f in body["timeline"]] == ["criticism"]
    again = client.get("/api/corridors/%3F-RWA").json()
    assert (again["sender"], again["receiver"]) == (None, "RWA")


def test_list_items_point_to_their_detail_and_count_their_lists(client):
    """Each listed corridor names its own URL, which answers with the same headline figures; every
    list in the item says how long it is in full."""
    usa = next(c for c in client.get("/api/corridors").json()["items"] if c["id"] == "USA-RWA")
    detail = client.get(usa["url"]).json()
    assert detail["id"] == "USA-RWA" and detail["people"]["total"] == usa["people"]["total"] == 12
    assert usa["people"]["event_ids_total"] == len(detail["people"]["event_ids"]) > 0
    assert usa["people"]["event_ids"] == detail["people"]["event_ids"][-5:]
    assert usa["figures"]["events"] == detail["figures"]["events"] and "people" not in usa["figures"]
