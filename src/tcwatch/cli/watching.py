"""``tcwatch watch``, ``sources``, ``alerts``, ``subscribe``, ``subscriptions``: feeds in, alerts out."""

from __future__ import annotations

import signal
import threading

import click

from . import cli
from .common import emit_json, json_option, table, with_store


def _short(value: str | None, width: int = 60) -> str:
    if not value:
        return ""
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "\u2026"


@cli.command()
@click.option("--once", is_flag=True, help="Poll every due source once, deliver due webhooks, and exit.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary.")
@with_store
def watch(store, options, once, quiet):
    """Poll the feed sources, ingest new items, raise alerts and deliver webhooks.

    Runs until stopped (Ctrl-C or SIGTERM finish the current source, then exit);
    with --once, polls each due source once. A feed that fails (bad XML, too
    large, private address, cross-host redirect, HTTP error) is reported in
    `tcwatch sources list` and the others go on.

    Example: tcwatch watch --once
    """
    from ..watch import SystemClock, Watch, make_client, run_watch

    stop = threading.Event()
    previous = {}

    def request_stop(signum, frame):
        click.echo(f"stopping after the current source ({signal.Signals(signum).name})", err=True)
        stop.set()
        for sig, handler in previous.items():  # a second signal stops at once
            signal.signal(sig, handler)

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, request_stop)
    log = (lambda line: None) if quiet else (lambda line: click.echo(line))
    try:
        with make_client(options) as client:
            summary = run_watch(
                store, Watch(options=options, client=client, clock=SystemClock(stop)), once=once, stop=stop,
                log=log, keep_results=False,
            )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo(
        f"polled {summary.polls} sources ({summary.errors} failed), {summary.new_items} new items, "
        f"{summary.alerts} alerts, {summary.delivered} webhook deliveries"
    )


@cli.group()
def sources():
    """The feeds `tcwatch watch` polls (a default list is loaded the first time).

    Example: tcwatch sources add https://www.theguardian.com/world/rss --every 30m
    """


@sources.command("add")
@click.argument("url")
@click.option("--name", help="A name to show (default: the host).")
@click.option("--every", default="15m", show_default=True, help="Poll interval: 30s, 15m, 1h, 1h30m, 1d.")
@click.option("--pages", is_flag=True, help="Fetch each new item's page and keep its main text.")
@with_store
def sources_add(store, options, url, name, every, pages):
    """Add an RSS or Atom feed (or change the settings of one already listed).

    Example: tcwatch sources add https://feeds.bbci.co.uk/news/world/rss.xml --name "BBC World" --every 30m
    """
    from ..watch import add_source, ensure_defaults

    ensure_defaults(store)
    source = add_source(store, url, name=name, every=every, pages=pages)
    click.echo(f"source {source.id}: {source.name} <{source.url}> every {source.every}"
               + (" (pages)" if source.fetch_pages else ""))


@sources.command("list")
@json_option
@with_store
def sources_list(store, options, as_json):
    """The sources with their state: last success, last error, items seen, failures.

    Example: tcwatch sources list --json
    """
    from ..watch import ensure_defaults, list_sources

    ensure_defaults(store)
    rows = list_sources(store)
    if as_json:
        emit_json([s.to_dict() for s in rows])
        return
    if not rows:
        click.echo("no sources (add one with `tcwatch sources add URL`)")
        return
    click.echo(
        table(
            [
                [s.id, _short(s.name, 30), s.every, "yes" if s.fetch_pages else "", "yes" if s.is_default else "",
                 s.last_success or "never", s.items_seen, s.failures, _short(s.last_error), s.url]
                for s in rows
            ],
            ["ID", "NAME", "EVERY", "PAGES", "DEFAULT", "LAST SUCCESS", "ITEMS", "FAILURES", "LAST ERROR", "URL"],
        )
    )


@sources.command("remove")
@click.argument("ref", metavar="ID|URL")
@with_store
def sources_remove(store, options, ref):
    """Stop watching a source (its stored documents stay). Removed defaults do not come back.

    Example: tcwatch sources remove 3
    """
    from ..watch import ensure_defaults, remove_source

    ensure_defaults(store)
    source = remove_source(store, ref)
    click.echo(f"removed source {source.id}: {source.name} <{source.url}>")


@sources.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@with_store
def sources_import(store, options, path):
    """Add the sources listed in a file (YAML list of url/name/every/pages, or one URL a line).

    Example: tcwatch sources import my-feeds.yaml
    """
    from ..watch import ensure_defaults, import_sources

    ensure_defaults(store)
    added = import_sources(store, path)
    click.echo(f"imported {len(added)} sources from {path}")


@sources.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@with_store
def sources_export(store, options, path):
    """Write the source list as YAML (to PATH, or standard output), in the form `import` reads.

    Example: tcwatch sources export feeds.yaml
    """
    from ..watch import ensure_defaults, export_sources

    ensure_defaults(store)
    text = export_sources(store)
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {text.count('- url:')} sources to {path}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--corridor", metavar="SENDER-RECEIVER", help="Only alerts on this corridor, e.g. USA-RWA.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, None), help="How many, newest first.")
@click.option("--atom", is_flag=True, help="Print the Atom feed instead of a table.")
@json_option
@with_store
def alerts(store, options, corridor, limit, atom, as_json):
    """Alerts raised by the watcher: new corridors, first transfers, rulings, status changes, money figures.

    Example: tcwatch alerts --corridor USA-RWA --json
    """
    from ..corridors import corridor_id, parse_corridor_id
    from ..watch import list_alerts, render_atom

    pair = parse_corridor_id(corridor) if corridor else None
    rows = list_alerts(store, pair, limit=limit)
    if atom:
        label = corridor_id(*pair) if pair else None
        click.echo(render_atom(rows, title="Third-Country Watch: alerts" + (f" on {label}" if label else ""),
                               feed_id="urn:tcwatch:alerts" + (f":{label}" if label else "")), nl=False)
        return
    if as_json:
        emit_json([a.to_dict() for a in rows])
        return
    if not rows:
        click.echo("no alerts yet")
        return
    click.echo(
        table(
            [[a.id, a.created_at, a.kind, a.corridor, _short(a.summary, 50), _short(a.evidence, 70)] for a in rows],
            ["ID", "CREATED", "KIND", "CORRIDOR", "SUMMARY", "EVIDENCE"],
        )
    )


@cli.command()
@click.option("--corridor", metavar="SENDER-RECEIVER", help="Alerts on this corridor, e.g. USA-RWA.")
@click.option("--country", metavar="ISO3", help="Alerts with this country at either end.")
@click.option("--type", "fact_type", metavar="TYPE", help="Alerts on facts of this type (ruling, transfer, ...).")
@click.option("--webhook", metavar="URL", help="POST each matching alert here as signed JSON.")
@click.option("--secret", help="Secret for the X-Tcwatch-Signature HMAC (needed with --webhook).")
@with_store
def subscribe(store, options, corridor, country, fact_type, webhook, secret):
    """Subscribe to the alerts on a corridor, a country or a fact type.

    With --webhook, each new matching alert is POSTed once as JSON with
    `X-Tcwatch-Signature: sha256=<HMAC of the body>` and `X-Tcwatch-Delivery`.

    Example: tcwatch subscribe --corridor USA-RWA --webhook https://example.org/hook --secret s3cret
    """
    from ..errors import InvalidQuery
    from ..watch import subscribe as add_subscription

    chosen = [(k, v) for k, v in (("corridor", corridor), ("country", country), ("type", fact_type)) if v]
    if len(chosen) != 1:
        raise InvalidQuery("give exactly one of --corridor, --country or --type")
    if secret and not webhook:
        raise InvalidQuery("--secret goes with --webhook")
    kind, value = chosen[0]
    sub = add_subscription(store, kind, value, webhook_url=webhook, secret=secret)
    click.echo(f"subscription {sub.id}: {sub.kind} {sub.value}" + (f" -> {sub.webhook_url}" if sub.webhook_url else " (Atom only)"))


@cli.command()
@json_option
@with_store
def subscriptions(store, options, as_json):
    """The subscriptions, with how many webhook deliveries are delivered, pending or failed.

    Example: tcwatch subscriptions --json
    """
    from ..watch import list_subscriptions

    subs = list_subscriptions(store)
    if as_json:
        emit_json([s.to_dict() for s in subs])
        return
    if not subs:
        click.echo("no subscriptions (add one with `tcwatch subscribe`)")
        return
    click.echo(
        table(
            [
                [s.id, s.kind, s.value, s.webhook_url or "(Atom only)", s.deliveries.get("delivered", 0),
                 s.deliveries.get("pending", 0) + s.deliveries.get("sending", 0), s.deliveries.get("failed", 0)]
                for s in subs
            ],
            ["ID", "KIND", "VALUE", "WEBHOOK", "DELIVERED", "PENDING", "FAILED"],
        )
    )


@cli.command()
@click.argument("subscription_id", type=int)
@with_store
def unsubscribe(store, options, subscription_id):
    """Remove a subscription (and its pending deliveries).

    Example: tcwatch unsubscribe 2
    """
    from ..watch import unsubscribe as remove_subscription

    remove_subscription(store, subscription_id)
    click.echo(f"removed subscription {subscription_id}")
