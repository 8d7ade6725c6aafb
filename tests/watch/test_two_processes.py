"""Two processes on one database: two watchers (and two ingests) started together store each feed
item once, poll each feed once and deliver each alert once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from support_watch import Feed, Reply, fact, store_facts

from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import add_source, alerts_from_facts, subscribe
from tcwatch.watch.webhooks import DELIVERY_HEADER

CLI = "import sys; from tcwatch.cli import main; sys.argv[0] = 'tcwatch'; main()"
RECEIVERS = ["MRT", "SEN", "GMB", "GIN", "MLI", "NER", "TCD", "TGO", "BEN", "GAB", "AGO", "ZMB", "MWI", "MNG",
             "URY", "BOL", "ECU", "PER", "CHL", "ARG", "KEN", "TZA", "UGA", "ETH", "NAM"]
PLACES = ["Ghana", "Paraguay", "Senegal", "Peru", "Kenya", "Chile"]


def _env(target: str) -> dict:
    env = {**os.environ, "TCWATCH_ALLOW_PRIVATE": "1", "TCWATCH_DB": target, "TCWATCH_TIMEOUT": "10"}
    env.pop("TCWATCH_CONFIG", None)
    return env


def _start(target: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, *args], env=_env(target),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class CountingReceiver:
    """A loopback webhook receiver that counts each delivery key; slow, so two senders overlap."""

    def __init__(self, server):
        self.lock = threading.Lock()
        self.keys: Counter = Counter()
        self.url = server.route("/hook", self.handle)

    def handle(self, h):
        time.sleep(0.02)
        with self.lock:
            self.keys[h.headers.get(DELIVERY_HEADER)] += 1
        return Reply(200, b"ok")


def _item_text(i: int) -> tuple[str, str]:
    place = PLACES[i % len(PLACES)]
    return (f"Deportations to {place}, report {i}",
            f"The United States deported {10 + i} migrants to {place} on Tuesday under a third-country "
            f"deportation agreement, officials said in report {i}. The United States will pay {place} "
            f"{5 + i} million dollars under the deportation deal.")


def _setup(target, server, clock, feeds: int = 4, per_feed: int = 12, shared: int = 4):
    """Feeds on loopback (the first ``shared`` links of feed 0 also appear in feed 1, with other
    words), a counting receiver subscribed to everything, and alerts already waiting for delivery."""
    receiver = CountingReceiver(server)
    links = set()
    with open_store(target) as store:
        store.set_meta(sql.DEFAULTS_SEEDED, "test")
        for f in range(feeds):
            feed = Feed(title=f"wire {f}")
            for i in range(per_feed):
                n = f * 100 + i
                title, text = _item_text(n)
                link = f"https://news.example.org/f{f}/{i}"
                if f == 1 and i < shared:  # the same story carried by a second feed
                    link = f"https://news.example.org/f0/{i}"
                feed.add(f"g{n}", title, text, link=link)
                links.add(link)
            add_source(store, server.feed(f"/rss{f}", feed), every="1h", clock=clock)
        for kind, value in (("country", "ESP"), ("country", "USA"), ("type", "transfer"), ("type", "payment")):
            subscribe(store, kind, value, webhook_url=receiver.url, secret="s", clock=clock)
        waiting = []
        for receiver_code in RECEIVERS:
            waiting += alerts_from_facts(store, store_facts(store, fact("agreement", "ESP", receiver_code)), clock)
        assert len(waiting) == len(RECEIVERS)
    return receiver, links


def _finish(*procs) -> list[tuple[int, str, str]]:
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=180)
        out.append((p.returncode, stdout.decode(), stderr.decode()))
    return out


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_watchers_store_each_item_once_and_deliver_each_alert_once(kind, request, tmp_path, server, clock):
    target = str(tmp_path / "two.db") if kind == "sqlite" else request.getfixturevalue("postgres_url")
    receiver, links = _setup(target, server, clock)
    results = _finish(_start(target, "watch", "--once"), _start(target, "watch", "--once"))
    for code, out, err in results:
        assert code == 0, err
    # each feed fetched by one of the two watchers only
    assert all(server.hits.get(f"/rss{f}") == 1 for f in range(4)), server.hits
    with open_store(target, reference=False) as store:
        conn = store.conn
        urls = Counter(r["url"] for r in conn.query("SELECT url FROM documents WHERE url LIKE 'https://news.example.org/f%'"))
        rejections = store.rejections()
        deliveries = sql.list_deliveries(conn)
        alert_facts = Counter(r["fact_id"] for r in conn.query("SELECT fact_id FROM alerts"))
    assert set(urls) == links and set(urls.values()) == {1}  # every item stored, once (also the shared links)
    assert rejections == []  # no "could not be stored" from a lost race
    assert set(alert_facts.values()) == {1}
    assert deliveries and {d["status"] for d in deliveries} == {"delivered"}
    expected = {f"{d['alert_id']}-{d['subscription_id']}" for d in deliveries}
    assert set(receiver.keys) == expected
    assert set(receiver.keys.values()) == {1}, [k for k, n in receiver.keys.items() if n > 1]
    assert sum(int(out.split(" alerts, ")[1].split()[0]) for _, out, _ in results) == len(deliveries)


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_ingests_and_a_watcher_at_once(kind, request, tmp_path, server, clock):
    """Two `tcwatch ingest` of one file and a watcher, together: every document once, nothing rejected."""
    target = str(tmp_path / "two.db") if kind == "sqlite" else request.getfixturevalue("postgres_url")
    receiver, links = _setup(target, server, clock, feeds=2, per_feed=8, shared=2)
    path = tmp_path / "items.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(40):
            title, text = _item_text(1000 + i)
            out.write(json.dumps({"id": f"file-{i}", "date": "2025-05-06", "title": title, "text": text,
                                  "url": f"https://files.example.org/{i}"}) + "\n")
    procs = [_start(target, "ingest", str(path)), _start(target, "ingest", str(path)), _start(target, "watch", "--once")]
    for code, out, err in _finish(*procs):
        assert code == 0, err
    # alerts the ingests raised after the watcher's last delivery pass wait for the next one
    # (a watcher that runs on would send them); one more pass sends them, and nothing twice
    for code, out, err in _finish(_start(target, "watch", "--once")):
        assert code == 0, err
    with open_store(target, reference=False) as store:
        conn = store.conn
        files = Counter(r["url"] for r in conn.query("SELECT url FROM documents WHERE url LIKE 'https://files.%'"))
        feed_urls = Counter(r["url"] for r in conn.query("SELECT url FROM documents WHERE url LIKE 'https://news.example.org/f%'"))
        hashes = conn.scalar("SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1) d")
        rejections = store.rejections()
        deliveries = sql.list_deliveries(conn)
    assert len(files) == 40 and set(files.values()) == {1}
    assert set(feed_urls) == links and set(feed_urls.values()) == {1}
    assert hashes == 0 and rejections == []
    assert {d["status"] for d in deliveries} == {"delivered"}
    assert set(receiver.keys.values()) == {1}


def test_a_claim_held_elsewhere_is_left_alone_until_it_lapses(server, wstore, client, clock, options):
    """A delivery or a source claimed by a live watcher on another host is not touched; once the
    claim lapses (that watcher died) it is sent or polled, once."""
    from tcwatch.watch import deliver_due, get_source, run_watch
    from tcwatch.watch import Watch
    from tcwatch.watch.clock import iso
    from tcwatch.watch.leases import delivery_lease, poll_lease, until

    receiver = CountingReceiver(server)
    subscribe(wstore, "country", "ESP", webhook_url=receiver.url, secret="s", clock=clock)
    (alert,) = alerts_from_facts(wstore, store_facts(wstore, fact("agreement", "ESP", "MRT")), clock)
    (row,) = sql.list_deliveries(wstore.conn, alert.id)
    now = clock.now()
    other = "elsewhere.example:4242:feedface"
    assert sql.claim_delivery(wstore.conn, row["id"], other, now=iso(now), until=until(now, delivery_lease(options)))
    feed = Feed()
    title, text = _item_text(1)
    feed.add("g1", title, text)
    source = add_source(wstore, server.feed("/rss", feed), every="1h", clock=clock)
    assert sql.claim_source(wstore.conn, source.id, other, now=iso(now), until=until(now, poll_lease(options)))

    watch = Watch(options=options, client=client, clock=clock)
    run_watch(wstore, watch, once=True)
    assert receiver.keys == Counter() and server.hits.get("/rss") is None
    assert get_source(wstore, source.id).last_polled is None

    clock.advance(poll_lease(options) + 1)
    run_watch(wstore, watch, once=True)
    assert receiver.keys == Counter({f"{alert.id}-{row['subscription_id']}": 1}) and server.hits["/rss"] == 1
    assert deliver_due(wstore, client, options, clock).delivered == 0 and sum(receiver.keys.values()) == 1
