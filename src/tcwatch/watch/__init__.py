"""Watching the news: feed sources polled safely, their items ingested, alerts raised and delivered.

One module per stage: ``sources`` (the list), ``fetch`` (HTTP), ``feeds``
(parsing), ``alerts`` (changes on corridors, Atom), ``subscriptions`` and
``webhooks`` (signed delivery), ``watcher`` (the loop). All SQL is in
:mod:`tcwatch.store.watching`.
"""

from .alerts import Alert, alerts_from_facts, list_alerts, render_atom
from .clock import Clock, SystemClock
from .feeds import FeedItem, ParsedFeed, parse_feed
from .fetch import FetchResult, check_url, fetch, make_client
from .sources import (
    Source,
    add_source,
    ensure_defaults,
    export_sources,
    get_source,
    import_sources,
    list_sources,
    parse_interval,
    remove_source,
)
from .subscriptions import Subscription, list_subscriptions, subscribe, unsubscribe
from .watcher import PollResult, Watch, WatchSummary, poll_source, run_watch
from .webhooks import deliver_due, sign, verify

__all__ = [
    "Alert",
    "Clock",
    "FeedItem",
    "FetchResult",
    "ParsedFeed",
    "PollResult",
    "Source",
    "Subscription",
    "SystemClock",
    "Watch",
    "WatchSummary",
    "add_source",
    "alerts_from_facts",
    "check_url",
    "deliver_due",
    "ensure_defaults",
    "export_sources",
    "fetch",
    "get_source",
    "import_sources",
    "list_alerts",
    "list_sources",
    "list_subscriptions",
    "make_client",
    "parse_feed",
    "parse_interval",
    "poll_source",
    "remove_source",
    "render_atom",
    "run_watch",
    "sign",
    "subscribe",
    "unsubscribe",
    "verify",
]
