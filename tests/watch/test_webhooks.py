"""Webhook delivery to a loopback receiver: signed, retried with backoff, once per alert, also across kill -9."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace

from support_watch import Reply, fact, store_facts

from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import alerts_from_facts, deliver_due, subscribe, verify
from tcwatch.watch.webhooks import DELIVERY_HEADER, SIGNATURE_HEADER


SECRET = "s3cret-value"


class Receiver:
    """Records every POST; answers with the replies queued, else 200."""

    def __init__(self, server, path="/hook"):
        self.posts: list[dict] = []
        self.replies: list[Reply] = []
        self.url = server.route(path, self.handle)

    def handle(self, h):
        self.posts.append({
            "key": h.headers.get(DELIVERY_HEADER),
            "signature": h.headers.get(SIGNATURE_HEADER),
            "body": h.body,
        })
        return self.replies.pop(0) if self.replies else Reply(200, b"ok")

    def keys(self) -> list[str]:
        return [p["key"] for p in self.posts]


def new_alerts(store, clock, n=1, sender="ESP", receivers=("MRT", "SEN", "GMB", "GIN", "MLI")):
    out = []
    for receiver in receivers[:n]:
        out += alerts_from_facts(store, store_facts(store, fact("agreement", sender, receiver)), clock)
    return out


def test_signed_json_delivered_once(server, wstore, client, clock, options):
    """A matching alert is POSTed once, as JSON signed with the subscription's secret; later passes send nothing."""
    receiver = Receiver(server)
    sub = subscribe(wstore, "country", "ESP", webhook_url=receiver.url, secret=SECRET, clock=clock)
    (alert,) = new_alerts(wstore, clock)
    assert deliver_due(wstore, client, options, clock).delivered == 1
    assert deliver_due(wstore, client, options, clock).delivered == 0
    (post,) = receiver.posts
    assert post["key"] == f"{alert.id}-{sub.id}"
    assert verify(post["body"], SECRET, post["signature"]) and not verify(post["body"], "other", post["signature"])
    body = json.loads(post["body"])
    assert body["alert"]["id"] == alert.id and body["alert"]["evidence"] == alert.evidence
    assert body["delivery"] == post["key"] and body["subscription"] == sub.id
    (row,) = sql.list_deliveries(wstore.conn, alert.id)
    assert row["status"] == "delivered" and row["attempts"] == 1 and row["delivered_at"]


def test_5xx_retried_with_backoff_then_delivered(server, wstore, client, clock, options):
    """Two 503s then 200: three POSTs with the same delivery key, sleeping 0.5 s then 1 s."""
    receiver = Receiver(server)
    receiver.replies = [Reply(503), Reply(503)]
    subscribe(wstore, "type", "agreement", webhook_url=receiver.url, secret=SECRET, clock=clock)
    new_alerts(wstore, clock)
    assert deliver_due(wstore, client, options, clock).delivered == 1
    assert len(set(receiver.keys())) == 1 and len(receiver.posts) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_receiver_down_schedules_a_later_retry(server, wstore, client, clock, options):
    """A receiver failing a whole pass gets the delivery again after the retry delay, not before."""
    receiver = Receiver(server)
    receiver.replies = [Reply(500)] * 3
    subscribe(wstore, "type", "agreement", webhook_url=receiver.url, secret=SECRET, clock=clock)
    (alert,) = new_alerts(wstore, clock)
    report = deliver_due(wstore, client, options, clock)
    assert (report.delivered, report.retrying) == (0, 1)
    (row,) = sql.list_deliveries(wstore.conn, alert.id)
    assert row["status"] == "pending" and row["last_error"] == "HTTP 500" and row["next_attempt"]
    assert deliver_due(wstore, client, options, clock).delivered == 0 and len(receiver.posts) == 3
    clock.advance(61)
    assert deliver_due(wstore, client, options, clock).delivered == 1
    assert len(receiver.posts) == 4


def test_4xx_is_a_permanent_failure(server, wstore, client, clock, options):
    """A receiver answering 410 is not retried; the delivery is marked failed with the reason."""
    receiver = Receiver(server)
    receiver.replies = [Reply(410)]
    subscribe(wstore, "type", "agreement", webhook_url=receiver.url, secret=SECRET, clock=clock)
    (alert,) = new_alerts(wstore, clock)
    assert deliver_due(wstore, client, options, clock).failed == 1
    (row,) = sql.list_deliveries(wstore.conn, alert.id)
    assert row["status"] == "failed" and row["last_error"] == "HTTP 410" and len(receiver.posts) == 1


def test_private_webhook_refused_without_allow_private(server, wstore, client, clock, options):
    """A webhook on a loopback address is not called unless private addresses are allowed."""
    receiver = Receiver(server)
    subscribe(wstore, "type", "agreement", webhook_url=receiver.url, secret=SECRET, clock=clock)
    (alert,) = new_alerts(wstore, clock)
    assert deliver_due(wstore, client, replace(options, allow_private=False), clock).failed == 1
    assert receiver.posts == []
    assert "private or loopback" in sql.list_deliveries(wstore.conn, alert.id)[0]["last_error"]


WATCH = "import sys; from tcwatch.cli import main; sys.argv[0] = 'tcwatch'; main()"


def run_watch_process(db_path: str) -> subprocess.Popen:
    env = {**os.environ, "TCWATCH_ALLOW_PRIVATE": "1", "TCWATCH_DB": db_path}
    env.pop("TCWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-c", WATCH, "watch", "--once"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_each_alert_once_across_kill_and_restart(server, db_path, clock):
    """kill -9 while a POST is in flight: the restarted watcher resends only that one (same key), never a delivered one."""
    in_flight, release = threading.Event(), threading.Event()
    posts: list[str] = []

    def hook(h):
        key = h.headers.get(DELIVERY_HEADER)
        assert verify(h.body, SECRET, h.headers.get(SIGNATURE_HEADER))
        posts.append(key)
        if len(posts) == 2:  # hold the second delivery until the watcher is killed
            in_flight.set()
            release.wait(30)
        return Reply(200, b"ok")

    url = server.route("/hook", hook)
    with open_store(db_path) as store:
        store.set_meta(sql.DEFAULTS_SEEDED, "test")  # no real feeds in this test
        sub = subscribe(store, "country", "ESP", webhook_url=url, secret=SECRET, clock=clock)
        alerts = new_alerts(store, clock, n=4)
    keys = [f"{a.id}-{sub.id}" for a in alerts]

    first = run_watch_process(db_path)
    try:
        assert in_flight.wait(60), first.communicate(timeout=5)
        first.kill()  # SIGKILL: no cleanup at all
        first.wait(10)
    finally:
        release.set()
    assert posts == keys[:2]
    with open_store(db_path, reference=False) as store:
        status = {d["alert_id"]: d["status"] for d in sql.list_deliveries(store.conn)}
    assert [status[a.id] for a in alerts] == ["delivered", "sending", "pending", "pending"]

    second = run_watch_process(db_path)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()
    assert b"3 webhook deliveries" in out
    # the delivered one never again; the in-flight one once more, with the same key
    assert posts == keys[:2] + keys[1:]
    assert sorted(set(posts)) == sorted(keys)

    third = run_watch_process(db_path)
    third.communicate(timeout=60)
    assert len(posts) == 5
    with open_store(db_path, reference=False) as store:
        assert {d["status"] for d in sql.list_deliveries(store.conn)} == {"delivered"}


def test_redirecting_receiver_is_not_followed(server, wstore, client, clock, options):
    """A webhook answering a redirect fails for good: the signed body is not sent on to another URL."""
    receiver = Receiver(server)
    receiver.replies = [Reply(307, b"", {"Location": "https://elsewhere.example/hook"})]
    subscribe(wstore, "type", "agreement", webhook_url=receiver.url, secret=SECRET, clock=clock)
    (alert,) = new_alerts(wstore, clock)
    assert deliver_due(wstore, client, options, clock).failed == 1
    row = sql.list_deliveries(wstore.conn, alert.id)[0]
    assert row["status"] == "failed" and "redirects" in row["last_error"] and len(receiver.posts) == 1


def test_many_due_deliveries_all_sent_in_one_pass(server, wstore, client, clock, options, monkeypatch):
    """More due deliveries than one batch are all sent in one pass."""
    from tcwatch.watch import webhooks

    monkeypatch.setattr(webhooks, "BATCH", 2)
    receiver = Receiver(server)
    subscribe(wstore, "country", "ESP", webhook_url=receiver.url, secret=SECRET, clock=clock)
    new_alerts(wstore, clock, n=5)
    assert deliver_due(wstore, client, options, clock).delivered == 5 and len(set(receiver.keys())) == 5


def test_webhook_posted_to_the_checked_address(wstore, clock, options):
    """A webhook POST goes to the address that passed the check, with the original Host header."""
    import httpx

    seen = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: (seen.append(r), httpx.Response(204))[1]))
    subscribe(wstore, "type", "agreement", webhook_url="https://hooks.example.org/in", secret=SECRET, clock=clock)
    new_alerts(wstore, clock)
    strict = replace(options, allow_private=False)
    assert deliver_due(wstore, client, strict, clock, resolver=lambda h, p: ["93.184.216.34"]).delivered == 1
    (request,) = seen
    assert request.url.host == "93.184.216.34" and request.headers["Host"] == "hooks.example.org"
    assert request.extensions["sni_hostname"] == "hooks.example.org"
    assert verify(request.content, SECRET, request.headers[SIGNATURE_HEADER])
