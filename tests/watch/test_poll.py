"""Polling sources end to end on loopback: new items only, 304 without parsing, per-source state, bad feeds."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from support_watch import Feed, Reply

from tcwatch.watch import add_source, get_source, poll_source, run_watch
from tcwatch.watch.feeds import parse_feed


def stored_urls(store) -> set[str]:
    return {r["url"] for r in store.conn.query("SELECT url FROM documents WHERE url IS NOT NULL")}


def test_changed_feed_yields_exactly_the_new_items(server, wstore, watch, clock):
    """Between two polls one item is added: the second poll ingests that one item only."""
    feed = Feed()
    feed.add("g1", "Talks on a transfer plan", "Officials met to discuss a plan for moving asylum seekers abroad.")
    feed.add("g2", "Court date set", "A court will hear the challenge to the plan next month in the capital.")
    source = add_source(wstore, server.feed("/rss", feed), name="Wire", every="15m", clock=clock)

    first = poll_source(wstore, source, watch)
    assert (first.status, first.new_items) == ("ok", 2)
    assert stored_urls(wstore) == {"https://news.example.org/g1", "https://news.example.org/g2"}

    feed.add("g3", "New flight announced", "The ministry said another flight would leave on Tuesday for the partner country.")
    clock.advance(900)
    second = poll_source(wstore, get_source(wstore, source.id), watch)
    assert (second.status, second.new_items) == ("ok", 1)
    assert "https://news.example.org/g3" in stored_urls(wstore)
    state = get_source(wstore, source.id)
    assert state.items_seen == 3 and state.failures == 0 and state.last_error is None
    assert state.last_success == "2025-05-06T12:15:00+00:00"


def test_not_modified_costs_no_parsing(server, wstore, watch, clock):
    """A 304 answer (the ETag sent back) leaves the parser uncalled and still counts as a success."""
    calls = []

    def counting_parse(data, content_type, url):
        calls.append(url)
        return parse_feed(data, content_type, url)

    watch = replace(watch, parse=counting_parse)
    feed = Feed()
    feed.add("g1", "Talks", "Officials met to discuss the plan in the capital on Monday morning.")
    source = add_source(wstore, server.feed("/rss", feed), clock=clock)
    poll_source(wstore, source, watch)
    assert len(calls) == 1
    source = get_source(wstore, source.id)
    assert source.etag == '"v2"' and source.last_modified

    clock.advance(900)
    result = poll_source(wstore, source, watch)
    assert result.status == "not_modified" and len(calls) == 1
    assert server.requests[-1][2]["If-None-Match"] == '"v2"'
    state = get_source(wstore, source.id)
    assert state.last_success == "2025-05-06T12:15:00+00:00" and state.etag == '"v2"'


def test_same_text_under_another_link_is_a_duplicate(server, wstore, watch, clock):
    """A syndicated copy (same text, different link) is read but not stored twice."""
    text = "Officials in both capitals said the arrangement would start after the summer recess."
    a, b = Feed(), Feed()
    a.add("a1", "Plan to start", text, link="https://one.example/a1")
    b.add("b1", "Plan to start", text, link="https://two.example/b1")
    sa = add_source(wstore, server.feed("/a", a), clock=clock)
    sb = add_source(wstore, server.feed("/b", b), clock=clock)
    assert poll_source(wstore, sa, watch).stored == 1
    second = poll_source(wstore, sb, watch)
    assert second.new_items == 1 and second.stored == 0
    assert wstore.conn.scalar("SELECT count(*) FROM documents WHERE source IS NOT NULL AND url LIKE 'https://%'") == 1


def test_article_pages_fetched_when_asked(server, wstore, watch, clock):
    """With pages on, a new item's document is the main text of its page."""
    page = (
        "<html><head><title>Pact</title></head><body><nav>Menu</nav><article><h1>Pact signed</h1>"
        + "".join(f"<p>Paragraph {i}: the two governments agreed on the terms of the plan today.</p>" for i in range(6))
        + "</article><footer>Footer text</footer></body></html>"
    )
    page_url = server.static("/article1", page, "text/html; charset=utf-8")
    feed = Feed()
    feed.add("p1", "Pact signed", "Short teaser.", link=page_url)
    source = add_source(wstore, server.feed("/rss", feed), pages=True, clock=clock)
    assert poll_source(wstore, source, watch).new_items == 1
    text = wstore.conn.scalar("SELECT text FROM documents WHERE url = ?", (page_url,))
    assert "Paragraph 4: the two governments agreed" in text and "Short teaser" not in text and "Footer" not in text


def _endless(h):
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<item>" * 1000
    try:
        while True:
            h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    except OSError:
        pass
    h.close_connection = True


BAD_FEEDS = {
    "malformed": (lambda s: s.static("/bad", b"<rss><channel><item><title>x</tit", "text/xml"), "malformed XML"),
    "html": (lambda s: s.static("/bad", b"<html><body>Hello</body></html>", "text/html"), "not an RSS or Atom feed"),
    "binary": (lambda s: s.static("/bad", bytes(range(256)) * 64, "application/octet-stream"), "not an RSS or Atom feed"),
    "huge": (lambda s: s.static("/bad", b"<rss>" + b" " * 200_000), "larger than"),
    "endless": (lambda s: s.route("/bad", _endless), "larger than"),
    "cross_host": (lambda s: s.route("/bad", lambda h: Reply(302, b"", {"Location": s.url("/x", "localhost")})), "another host"),
    "server_error": (lambda s: s.static("/bad", b"", status=500), "HTTP 500"),
    "not_found": (lambda s: s.static("/bad", b"", status=404), "HTTP 404"),
}


@pytest.mark.parametrize("case", sorted(BAD_FEEDS))
def test_bad_feed_is_a_per_source_error_and_the_watch_goes_on(case, server, wstore, watch, clock):
    """Each hostile or broken feed ends as last_error on its source; the next source is still polled."""
    make, message = BAD_FEEDS[case]
    bad = add_source(wstore, make(server), name="Bad", clock=clock)
    good_feed = Feed()
    good_feed.add("ok1", "Fine item", "Ordinary words about a meeting of ministers on the plan.")
    good = add_source(wstore, server.feed("/good", good_feed), name="Good", clock=clock)

    summary = run_watch(wstore, watch, once=True)
    assert summary.polls == 2 and summary.errors == 1
    state = get_source(wstore, bad.id)
    assert message in state.last_error and state.failures == 1 and state.last_success is None
    assert get_source(wstore, good.id).last_error is None and get_source(wstore, good.id).items_seen == 1


def test_private_address_refused_without_allow_private(server, wstore, watch, clock):
    """Without allow_private a loopback feed is refused, the reason stored, and nothing requested."""
    feed = Feed()
    feed.add("g1", "Talks", "Officials met to discuss the plan in the capital on Monday morning.")
    source = add_source(wstore, server.feed("/rss", feed), clock=clock)
    strict = replace(watch, options=replace(watch.options, allow_private=False))
    result = poll_source(wstore, source, strict)
    assert result.status == "error" and "private or loopback" in result.error
    assert "TCWATCH_ALLOW_PRIVATE" in get_source(wstore, source.id).last_error
    assert server.hits == {}


def test_wrong_encoding_still_read_with_a_warning(server, wstore, watch, clock):
    """A feed in Latin-1 that says UTF-8 is read, and the warning shows in last_error."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><guid>e1</guid><title>R\u00e9fugi\u00e9s: plan contest\u00e9</title><link>https://news.example.org/e1</link>"
        "<description>Le tribunal a examin\u00e9 le plan.</description></item></channel></rss>"
    ).encode("latin-1")
    source = add_source(wstore, server.static("/latin", body, "application/rss+xml; charset=utf-8"), clock=clock)
    result = poll_source(wstore, source, watch)
    assert result.status == "ok" and result.new_items == 1
    assert wstore.conn.scalar("SELECT title FROM documents WHERE url = 'https://news.example.org/e1'") == "Réfugiés: plan contesté"
    state = get_source(wstore, source.id)
    assert state.last_error.startswith("warning:") and state.last_success


def test_a_crashing_parser_is_contained(server, wstore, watch, clock):
    """An unexpected exception while handling a feed is stored as the source's error, not raised."""

    def broken(data, content_type, url):
        raise ValueError("boom")

    source = add_source(wstore, server.static("/rss", Feed().render()), clock=clock)
    result = poll_source(wstore, source, replace(watch, parse=broken))
    assert result.status == "error" and get_source(wstore, source.id).last_error == "unexpected ValueError: boom"


def test_failure_then_recovery_resets_state(server, wstore, watch, clock):
    """Failures count up while a feed is broken and reset when it works again; a failing source waits longer."""
    answers = {"reply": Reply(500)}
    source = add_source(wstore, server.route("/rss", lambda h: answers["reply"]), every="15m", clock=clock)
    poll_source(wstore, source, watch)
    broken = get_source(wstore, source.id)
    assert broken.failures == 1
    assert (broken.due_at() - clock.now()).total_seconds() == 1800  # 15 min doubled after one failure
    answers["reply"] = Reply(200, Feed().render().encode(), {"Content-Type": "application/rss+xml"})
    clock.advance(1800)
    poll_source(wstore, broken, watch)
    fixed = get_source(wstore, source.id)
    assert fixed.failures == 0 and fixed.last_error is None and fixed.last_success


def test_only_due_sources_are_polled(server, wstore, watch, clock):
    """A second round right after the first polls nothing; after the interval it polls again."""
    feed = Feed()
    source = add_source(wstore, server.feed("/rss", feed), every="1h", clock=clock)
    assert run_watch(wstore, watch, once=True).polls == 1
    assert run_watch(wstore, watch, once=True).polls == 0
    clock.advance(3600)
    assert run_watch(wstore, watch, once=True).polls == 1
    assert get_source(wstore, source.id).last_polled == "2025-05-06T13:00:00+00:00"


def test_stop_finishes_the_current_source_then_returns(server, wstore, watch, clock):
    """Setting stop during a poll lets that source finish and ends the loop before the next one."""
    stop = threading.Event()

    def parse_then_stop(data, content_type, url):
        stop.set()
        return parse_feed(data, content_type, url)

    for i in range(3):
        feed = Feed()
        feed.add(f"s{i}", f"Item {i}", f"Words about meeting number {i} between the two ministers.")
        add_source(wstore, server.feed(f"/f{i}", feed), clock=clock)
    summary = run_watch(wstore, replace(watch, parse=parse_then_stop), stop=stop)
    assert summary.polls == 1 and summary.results[0].status == "ok"
