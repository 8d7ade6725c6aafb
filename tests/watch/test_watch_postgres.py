"""The watch tables on both databases: sources, a poll, alerts, subscriptions and deliveries."""

from __future__ import annotations

import pytest
from support_watch import Feed, Reply, fact, store_facts

from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import (
    add_source,
    alerts_from_facts,
    deliver_due,
    get_source,
    list_alerts,
    list_sources,
    list_subscriptions,
    poll_source,
    remove_source,
    subscribe,
)

pytestmark = [pytest.mark.postgres]


def test_watch_round_trip(any_target, server, watch, clock):
    """Sources, polling state, alerts with deliveries, and their delivery work the same on SQLite and PostgreSQL."""
    posts = []
    hook = server.route("/hook", lambda h: (posts.append(h.body), Reply(200))[1])
    with open_store(any_target, reference=False) as store:
        store.set_meta(sql.DEFAULTS_SEEDED, "test")
        feed = Feed()
        feed.add("x1", "Ministers meet", "Ministers met in the capital to talk about the plan for the coming year.")
        source = add_source(store, server.feed("/rss", feed), name="Wire", every="1h", clock=clock)
        assert poll_source(store, source, watch).new_items == 1
        state = get_source(store, source.id)
        assert state.items_seen == 1 and state.etag and state.last_success and state.fetch_pages is False
        clock.advance(3600)
        assert poll_source(store, state, watch).status == "not_modified"

        sub = subscribe(store, "corridor", "ESP-MRT", webhook_url=hook, secret="k", clock=clock)
        (alert,) = alerts_from_facts(store, store_facts(store, fact("agreement", "ESP", "MRT")), clock)
        assert deliver_due(store, watch.client, watch.options, clock).delivered == 1
        assert len(posts) == 1 and deliver_due(store, watch.client, watch.options, clock).delivered == 0
        assert [a.id for a in list_alerts(store, ("ESP", "MRT"))] == [alert.id]
        assert list_subscriptions(store)[0].deliveries == {"delivered": 1} and sub.id
        remove_source(store, source.id)
        assert list_sources(store) == []
