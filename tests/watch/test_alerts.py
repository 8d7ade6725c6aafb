"""Alerts from newly stored facts: the rules, deliveries queued with them, Atom out, and the feed pipeline end to end."""

from __future__ import annotations

import json

import feedparser
import pytest
from support_watch import Feed, fact, store_facts

from tcwatch.store import watching as sql
from tcwatch.watch import (
    add_source,
    alerts_from_facts,
    list_alerts,
    poll_source,
    render_atom,
    subscribe,
)


def kinds(alerts) -> list[str]:
    return [a.kind for a in alerts]


def test_alert_rules_on_a_new_corridor(wstore, clock):
    """New corridor, first transfer, new ruling, status change and new money figure each raise one alert."""
    raised = []
    for facts in (
        [fact("agreement", date="2025-05-01")],
        [fact("agreement", date="2025-05-01")],  # a second report of the same signing
        [fact("transfer", date="2025-05-03", people=12)],
        [fact("transfer", date="2025-05-20", people=7)],  # not the first
        [fact("ruling", date="2025-05-04", outcome="blocked", actor="Administrative Court")],
        [fact("ruling", date="2025-05-04", outcome="blocked", actor="Administrative Court")],  # same ruling
        [fact("suspension", date="2025-05-05")],
        [fact("payment", amount=5_000_000, currency="EUR", date="2025-05-02")],
        [fact("payment", amount=5_000_000, currency="EUR", date="2025-05-02")],  # same figure
        [fact("cost", amount=9_000_000, currency="EUR", date="2025-05-02")],
        [fact("criticism", date="2025-05-02")],
    ):
        raised.append(kinds(alerts_from_facts(wstore, store_facts(wstore, *facts), clock)))
    assert raised == [
        ["new_corridor"], [], ["first_transfer"], [], ["ruling"], [], ["status"], ["money"], [], ["money"], [],
    ]


def test_curated_facts_raise_no_alerts(wstore, clock):
    """The bundled reference facts are known already: they never raise alerts."""
    curated = [f for f in wstore.corridor_facts("GBR", "RWA") if f.origin == "curated"]
    assert curated and alerts_from_facts(wstore, curated, clock) == []


def test_known_corridor_from_reference_is_not_new(wstore, clock):
    """A fact on a corridor the reference data already has is not a new corridor."""
    alerts = alerts_from_facts(wstore, store_facts(wstore, fact("criticism", "GBR", "RWA")), clock)
    assert alerts == []


def test_alert_keeps_evidence_and_document(wstore, clock):
    """An alert carries the evidence sentence, the fact, the event and the document with its URL."""
    stored = store_facts(wstore, fact("agreement", "ESP", "MRT", evidence="Spain and Mauritania signed the pact."))
    (alert,) = alerts_from_facts(wstore, stored, clock)
    assert alert.evidence == "Spain and Mauritania signed the pact."
    assert alert.fact_id == stored[0].id and alert.event_id == stored[0].event_id
    assert alert.document_id == stored[0].document_id and alert.document_url.startswith("https://news.example.org/")
    assert alert.title == "New corridor: ESP -> MRT (agreement)" and alert.corridor == "ESP-MRT"
    assert alert.created_at == "2025-05-06T12:00:00+00:00"


def test_alerts_are_not_raised_twice_for_one_fact(wstore, clock):
    """Running the rules again over the same facts adds nothing."""
    stored = store_facts(wstore, fact("agreement", "ESP", "SEN"))
    assert len(alerts_from_facts(wstore, stored, clock)) == 1
    assert alerts_from_facts(wstore, stored, clock) == []
    assert len(list_alerts(wstore)) == 1


def test_deliveries_queued_for_matching_subscriptions(wstore, clock):
    """A webhook subscription to the corridor, to either country or to the fact type gets a pending delivery."""
    hook = {"webhook_url": "https://hooks.example.org/x", "secret": "s3cret", "clock": clock}
    by_corridor = subscribe(wstore, "corridor", "ITA-TUN", **hook)
    by_sender = subscribe(wstore, "country", "ita", **hook)
    by_receiver = subscribe(wstore, "country", "TUN", **hook)
    by_type = subscribe(wstore, "type", "agreement", **hook)
    subscribe(wstore, "corridor", "ITA-ALB", **hook)  # other corridor
    subscribe(wstore, "type", "ruling", **hook)  # other type
    subscribe(wstore, "corridor", "ITA-TUN", clock=clock)  # no webhook: Atom only
    (alert,) = alerts_from_facts(wstore, store_facts(wstore, fact("agreement", "ITA", "TUN")), clock)
    queued = sql.list_deliveries(wstore.conn, alert.id)
    assert sorted(d["subscription_id"] for d in queued) == sorted(
        [by_corridor.id, by_sender.id, by_receiver.id, by_type.id]
    )
    assert {d["status"] for d in queued} == {"pending"}


def test_atom_feed_of_alerts(wstore, clock):
    """The Atom rendering is a valid feed, newest first, with evidence and the document link."""
    alerts_from_facts(wstore, store_facts(wstore, fact("agreement", "ESP", "MRT")), clock)
    clock.advance(60)
    alerts_from_facts(wstore, store_facts(wstore, fact("ruling", "ESP", "MRT", outcome="blocked",
                                                       evidence="A court blocked it \x0b <at once> & for good.")), clock)
    xml = render_atom(list_alerts(wstore), title="All alerts", feed_id="urn:tcwatch:alerts")
    parsed = feedparser.parse(xml.encode())
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = [e.title for e in parsed.entries]
    assert titles == ["New ruling: ESP -> MRT (ruling)", "New corridor: ESP -> MRT (agreement)"]
    assert "<at once> & for good" in parsed.entries[0].content[0].value
    assert parsed.entries[0].link.startswith("https://news.example.org/")


def test_feed_item_to_alert_end_to_end(server, wstore, watch, clock):
    """A feed item stating a new figure is ingested by the one ingest path and raises an alert with its evidence."""
    feed = Feed()
    feed.add("money1", "Payments disclosed",
             "The UK government has paid Rwanda £987 million under the migration and economic development partnership.")
    source = add_source(wstore, server.feed("/rss", feed), clock=clock)
    result = poll_source(wstore, source, watch)
    assert result.status == "ok" and result.facts >= 1 and result.alerts >= 1
    alert = next(a for a in list_alerts(wstore) if a.kind == "money")
    assert "987" in alert.evidence and alert.document_url == "https://news.example.org/money1"


def test_api_atom_routes(wstore, clock, db_path):
    """/alerts.atom and /corridors/S-R/alerts.atom answer Atom; a bad corridor is the one JSON error."""
    from fastapi.testclient import TestClient

    from tcwatch.api import create_app
    from tcwatch.config import Options

    alerts_from_facts(wstore, store_facts(wstore, fact("agreement", "ESP", "MRT")), clock)
    alerts_from_facts(wstore, store_facts(wstore, fact("agreement", "ITA", "TUN")), clock)
    with TestClient(create_app(Options(db=db_path), reference=False)) as web:
        everything = web.get("/alerts.atom")
        assert everything.status_code == 200
        assert everything.headers["content-type"].startswith("application/atom+xml")
        assert len(feedparser.parse(everything.content).entries) == 2
        one = web.get("/corridors/ita-tun/alerts.atom")
        entries = feedparser.parse(one.content).entries
        assert [e.title for e in entries] == ["New corridor: ITA -> TUN (agreement)"]
        assert web.get("/corridors/USA-SLV/alerts.atom").status_code == 200
        bad = web.get("/corridors/nowhere/alerts.atom")
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_query"
        listed = web.get("/api/alerts", params={"corridor": "ESP-MRT"}).json()["alerts"]
        assert [a["corridor"] for a in listed] == ["ESP-MRT"]


@pytest.mark.parametrize("kind, value, stored", [("corridor", "usa->rwa", "USA-RWA"), ("country", "rwa", "RWA"), ("type", "Ruling", "ruling")])
def test_subscription_values_normalised(wstore, clock, kind, value, stored):
    """Subscription values are stored in one form."""
    assert subscribe(wstore, kind, value, clock=clock).value == stored


@pytest.mark.parametrize("kind, value", [("corridor", "USA"), ("country", "Rwanda"), ("type", "gossip"), ("city", "x")])
def test_bad_subscriptions_refused(wstore, clock, kind, value):
    """A malformed corridor, country, type or kind is refused with a reason."""
    from tcwatch.errors import InvalidQuery

    with pytest.raises(InvalidQuery):
        subscribe(wstore, kind, value, clock=clock)


def test_unknown_end_corridor(wstore, clock):
    """A fact with an unknown receiver is no new corridor; its alerts are listed under SENDER-XXX."""
    (alert,) = alerts_from_facts(wstore, store_facts(wstore, fact("ruling", "NOR", None, outcome="blocked")), clock)
    assert alert.kind == "ruling" and alert.corridor == "NOR-XXX" and alert.title == "New ruling: NOR -> ? (ruling)"
    assert [a.id for a in list_alerts(wstore, ("NOR", None))] == [alert.id]
    assert list_alerts(wstore, ("NOR", "RWA")) == []
    assert subscribe(wstore, "corridor", "nor-xxx", clock=clock).value == "NOR-XXX"


def test_alerts_are_written_in_the_documents_transaction(wstore):
    """If raising the alerts fails, the document and its facts are not stored either (nothing half-written)."""
    from tcwatch.errors import StoreError
    from tcwatch.ingest import ingest_documents
    from tcwatch.model import Document

    doc = Document(id="tx", date="2025-08-16", text=(
        "Germany is examining whether asylum applications could be processed in third countries such as Rwanda, "
        "the interior ministry said on Friday."))

    def failing(facts):
        raise StoreError("disk full while writing alerts")

    report = ingest_documents(wstore, [doc], on_stored=failing)
    assert report.stored == 0 and report.rejected and "disk full" in report.rejected[0].reason
    assert not wstore.document_exists("tx")
    assert not wstore.corridor_facts("DEU", "RWA")
    report = ingest_documents(wstore, [doc], on_stored=lambda facts: alerts_from_facts(wstore, facts))
    assert report.stored == 1
    assert any(a.fact_id in {f.id for f in report.stored_facts} for a in list_alerts(wstore))


def test_cli_ingest_raises_alerts(run_cli, tmp_path):
    path = tmp_path / "item.txt"
    path.write_text("date 2025-09-02 Germany is examining whether asylum applications could be processed in "
                    "third countries such as Rwanda, the interior ministry said on Friday.")
    assert run_cli("ingest", path).exit_code == 0
    alerts = json.loads(run_cli("alerts", "--json").output)
    assert [(a["kind"], a["sender"], a["receiver"]) for a in alerts] == [("new_corridor", "DEU", "RWA")]
