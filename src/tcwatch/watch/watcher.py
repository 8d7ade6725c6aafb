"""The watcher: poll each due source, ingest its new items, raise alerts, deliver webhooks; repeat.

:func:`poll_source` is one poll of one feed and never raises for a bad feed:
whatever goes wrong is stored in the source's ``last_error``. :func:`run_watch`
loops over the due sources until ``stop`` is set (the CLI sets it on SIGINT
and SIGTERM; the current source is finished first), or once with ``once``.

Two watchers may run on one database: each poll of a source is claimed first
(a lease row, see :mod:`.leases`), so a source is polled by one of them at a time,
and a feed item is stored once even when two sources carry its link (checked in
the document's transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ..config import Options
from ..errors import FetchError, TcwatchError
from ..model import Document
from ..store import Store
from ..store import watching as sql
from .alerts import alerts_from_facts
from .clock import Clock, SystemClock, iso
from .feeds import ParsedFeed, item_document, page_main_text, parse_feed
from .fetch import PAGE_ACCEPT, Resolver, fetch, resolve
from .leases import owner_name, poll_lease, reap, until
from .sources import Source, ensure_defaults, get_source, list_sources
from .webhooks import deliver_due

#: Longest the loop sleeps before looking at the source list again.
MAX_SLEEP = 60.0


def _ingest(store, docs, options, on_stored=None):
    from ..ingest import ingest_documents

    return ingest_documents(store, docs, options, on_stored=on_stored, unique_urls=True)


@dataclass
class PollResult:
    """What one poll of one source did."""

    source_id: int
    name: str
    status: str  # "ok" | "not_modified" | "error"
    new_items: int = 0
    stored: int = 0
    facts: int = 0
    alerts: int = 0
    error: str | None = None
    warning: str | None = None

    def line(self) -> str:
        if self.status == "error":
            return f"{self.name}: error: {self.error}"
        if self.status == "not_modified":
            return f"{self.name}: not modified"
        text = f"{self.name}: {self.new_items} new items, {self.stored} stored, {self.facts} facts, {self.alerts} alerts"
        return text + (f" ({self.warning})" if self.warning else "")


@dataclass
class Watch:
    """Everything a poll needs besides the store and the source: options, I/O and the pipeline steps."""

    options: Options
    client: httpx.Client
    clock: Clock = field(default_factory=SystemClock)
    parse: Callable[[bytes, str | None, str], ParsedFeed] = parse_feed
    ingest: Callable = _ingest
    resolver: Resolver = resolve


def _new_documents(store: Store, source: Source, parsed: ParsedFeed, watch: Watch) -> tuple[list[Document], list[str]]:
    """Documents for the items not already stored (by link), with page text when the source asks for it."""
    today = watch.clock.now().date()
    seen: set[str] = set()
    docs, notes = [], []
    for item in parsed.items:
        if item.key in seen or (item.link and item.link in seen):
            continue
        seen.add(item.key)
        if item.link:
            seen.add(item.link)
            if store.document_id_by_url(item.link) is not None:
                continue
        page_text = None
        if source.fetch_pages and item.link:
            try:
                page = fetch(watch.client, item.link, watch.options, clock=watch.clock, accept=PAGE_ACCEPT,
                             resolver=watch.resolver)
                page_text = page_main_text(page.body, page.url)
            except FetchError as exc:
                notes.append(f"page {item.link}: {exc}")
        docs.append(item_document(item, source_name=source.name, feed_url=source.url, fetched=today, page_text=page_text))
    return docs, notes


def poll_source(store: Store, source: Source, watch: Watch) -> PollResult:
    """Poll one source once; its state (last success, last error, items seen, failures) is updated."""
    conn = store.conn
    result = PollResult(source.id, source.name, "ok")
    try:
        response = fetch(
            watch.client, source.url, watch.options, clock=watch.clock, etag=source.etag,
            last_modified=source.last_modified, resolver=watch.resolver,
        )
        if response.not_modified:
            result.status = "not_modified"
            sql.record_poll_success(conn, source.id, at=iso(watch.clock.now()), etag=response.etag,
                                    last_modified=response.last_modified, new_items=0)
            return result
        parsed = watch.parse(response.body, response.content_type, source.url)
        docs, notes = _new_documents(store, source, parsed, watch)
        if docs:
            raised: list = []

            def raise_alerts(facts):  # in each document's transaction: facts and their alerts land together
                raised.extend(alerts_from_facts(store, facts, watch.clock))

            report = watch.ingest(store, docs, watch.options, raise_alerts)
            result.stored = report.stored
            result.facts = report.facts
            result.alerts = len(raised)
        result.new_items = len(docs)
        warnings = ([parsed.warning] if parsed.warning else []) + notes[:3]
        result.warning = "; ".join(warnings) or None
        sql.record_poll_success(conn, source.id, at=iso(watch.clock.now()), etag=response.etag,
                                last_modified=response.last_modified, new_items=len(docs), warning=result.warning)
    except TcwatchError as exc:
        result.status, result.error = "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - a hostile feed must never stop the watcher
        result.status, result.error = "error", f"unexpected {type(exc).__name__}: {exc}"
    if result.status == "error":
        try:
            sql.record_poll_failure(conn, source.id, at=iso(watch.clock.now()), error=result.error[:2000])
        except TcwatchError:
            pass
    return result


@dataclass
class WatchSummary:
    polls: int = 0
    errors: int = 0
    new_items: int = 0
    alerts: int = 0
    delivered: int = 0
    results: list[PollResult] = field(default_factory=list)


def run_watch(
    store: Store,
    watch: Watch,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    log: Callable[[str], None] | None = None,
    keep_results: bool = True,
) -> WatchSummary:
    """Poll due sources (and deliver due webhooks) until ``stop`` is set; with ``once``, one round."""
    stop = stop or threading.Event()
    log = log or (lambda line: None)
    summary = WatchSummary()
    ensure_defaults(store, watch.clock)
    while True:
        try:
            _round(store, watch, summary, stop, log, keep_results)
        except TcwatchError as exc:  # the database was busy or unreachable: say so, try again next round
            if once:
                raise
            log(f"error: {exc} (retrying in {MAX_SLEEP:g} s)")
            watch.clock.sleep(MAX_SLEEP)
            continue
        if once or stop.is_set():
            return summary
        watch.clock.sleep(_sleep_for(store, watch.clock))
        if stop.is_set():
            return summary


def _round(store: Store, watch: Watch, summary: WatchSummary, stop: threading.Event, log, keep_results: bool) -> None:
    """Deliver what is due, then poll each due source (delivering after each); stop between sources."""

    def deliver() -> None:
        summary.delivered += deliver_due(store, watch.client, watch.options, watch.clock, resolver=watch.resolver,
                                         should_stop=stop.is_set).delivered

    deliver()
    now = watch.clock.now()
    owner = owner_name()
    reap(store.conn, now)
    for source in list_sources(store, enabled_only=True):
        if stop.is_set():
            return
        if not source.is_due(now):
            continue
        result = _claimed_poll(store, source, watch, owner)
        if result is None:  # another watcher polls it, or just did
            continue
        summary.polls += 1
        summary.errors += int(result.status == "error")
        summary.new_items += result.new_items
        summary.alerts += result.alerts
        if keep_results:
            summary.results.append(result)
        log(result.line())
        deliver()


def _claimed_poll(store: Store, source: Source, watch: Watch, owner: str) -> PollResult | None:
    """Poll ``source`` if this process can claim it and it is still due once claimed; else None."""
    now = watch.clock.now()
    if not sql.claim_source(store.conn, source.id, owner, now=iso(now), until=until(now, poll_lease(watch.options))):
        return None
    try:
        try:
            source = get_source(store, source.id)  # as the last poller left it
        except TcwatchError:
            return None
        if not source.enabled or not source.is_due(watch.clock.now()):
            return None
        return poll_source(store, source, watch)
    finally:
        sql.release_source(store.conn, source.id, owner)


def _sleep_for(store: Store, clock: Clock) -> float:
    now = clock.now()
    dues = [s.due_at() for s in list_sources(store, enabled_only=True)]
    waits = [(d - now).total_seconds() for d in dues if d is not None]
    if any(d is None for d in dues):
        return 1.0
    if not waits:
        return MAX_SLEEP
    return max(1.0, min(MAX_SLEEP, min(waits)))
