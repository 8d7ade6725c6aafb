"""``tcwatch corridors | corridor | facts | export | rejections``: reading the record."""

from __future__ import annotations

import csv
import json
import sys

import click

from ..exports import COLUMNS
from ..model import FACT_TYPES
from ..store import FactFilter
from . import cli
from .common import emit_json, fmt_money, parse_corridor, table, with_store


def _people(figures: dict | None) -> str:
    people = (figures or {}).get("people") or {}
    total = people.get("total") if isinstance(people, dict) else people
    return "" if total in (None, 0) and not people else str(total if total is not None else "")


MONEY_ORDER = ("spent", "paid", "committed", "demanded")


def _money(money) -> str:
    """Money figures as ``GBP 700m spent; GBP 290m paid`` (largest total per kind and currency)."""
    parts = []
    for kind in MONEY_ORDER:
        for currency, figure in sorted(((money or {}).get(kind) or {}).items()):
            if figure.get("amount"):
                parts.append(f"{fmt_money(figure['amount'], currency)} {kind}")
    return "; ".join(parts)


def _status(status) -> tuple[str, str]:
    if isinstance(status, dict):
        return status.get("status") or "", status.get("since") or status.get("date") or ""
    return status or "", ""


@cli.command()
@click.option("--as-of", metavar="DATE", help="Status and figures as they stood on this date.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@with_store
def corridors(store, options, as_of, as_json):
    """List every corridor: latest status and its date, people moved, money, facts, documents.

    Example: tcwatch corridors --as-of 2024-01-01
    """
    from ..corridors import list_corridors

    rows = list_corridors(store, as_of=as_of)
    if as_json:
        emit_json(rows)
        return
    body = []
    for r in rows:
        status, date = _status(r["status"])
        body.append([r["label"], status, date, _people(r["figures"]), _money(r["money"]),
                     r["facts"], r["documents"], len(r["arrangements"])])
    click.echo(table(body, ["corridor", "status", "since", "people", "money", "facts", "docs", "deals"]))
    click.echo(f"\n{len(rows)} corridors")


@cli.command()
@click.argument("corridor_id", metavar="SENDER-RECEIVER")
@click.option("--as-of", metavar="DATE", help="Status, figures and timeline as they stood on this date.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@with_store
def corridor(store, options, corridor_id, as_of, as_json):
    """Show one corridor: its deals, figures and timeline, each fact with its evidence and source.

    Example: tcwatch corridor GBR-RWA
    """
    from ..corridors import corridor_detail

    sender, receiver = parse_corridor(corridor_id)
    detail = corridor_detail(store, sender, receiver, as_of=as_of)
    if as_json:
        emit_json(detail)
        return
    status, since = _status(detail["status"])
    click.echo(f"{detail['label']}  status: {status or 'unknown'}{' since ' + since if since else ''}"
               f"{'  (as of ' + as_of + ')' if as_of else ''}")
    for a in detail["arrangements"]:
        click.echo(f"  deal {a['id']}: {a['name']} [{a['status'] or '?'}]")
    figures = detail["figures"]
    people = figures.get("people") or {}
    if people:
        total = people.get("total")
        bound = "at least " if people.get("qualifier") == "at_least" and total else ""
        nats = ", ".join(people.get("nationalities") or [])
        click.echo(f"  people transferred: {bound}{total if total is not None else 'none on record'}"
                   f"  ({people.get('rule', '')}){'  nationalities: ' + nats if nats else ''}")
    money = _money(detail["money"])
    if money:
        click.echo(f"  money: {money}")
    for currency, cpp in sorted((figures.get("cost_per_person") or {}).items()):
        click.echo(f"  cost per person: {fmt_money(cpp['amount'], currency)} ({cpp['basis']} {fmt_money(cpp['money'], currency)} / {cpp['people']} people)")
    blocking = (figures.get("rulings") or {}).get("blocking")
    if blocking:
        click.echo(f"  transfers currently blocked by: {blocking.get('actor') or 'a court'} ({blocking.get('date')}, {blocking.get('outcome')})")
    for c in detail.get("conflicts") or []:
        values = " vs ".join(f"{v['value']} (facts {', '.join(map(str, v['fact_ids']))})" for v in c["values"])
        click.echo(f"  conflict on {c['type']} event {c['event_id']}, {c['field']}: {values}; "
                   f"figures use {c['chosen']} ({c['reason']})")
    click.echo("")
    for f in detail["timeline"]:
        fields = []
        for key in ("people", "amount", "outcome", "actor"):
            if f.get(key) is not None:
                value = fmt_money(f["amount"], f["currency"]) if key == "amount" else f[key]
                fields.append(f"{key}={value}")
        if f.get("nationalities"):
            fields.append("nationalities=" + ",".join(f["nationalities"]))
        date = (f.get("date") or "?") + ("" if f.get("date_qualifier") in (None, "on") else f" ({f['date_qualifier']})")
        mark = " [uncertain]" if f.get("uncertain") else ""
        review = f" [{f['review']}]" if f.get("review") else ""
        click.echo(f"{date:<22} {f['type']:<20} {' '.join(fields)}{mark}{review}")
        click.echo(f"    \u201c{f['evidence']}\u201d")
        doc = f.get("document")
        if doc:
            click.echo(f"    document {doc['id']} ({doc.get('source') or ''} {doc.get('date') or ''}) {doc.get('url') or ''}".rstrip())
        for url in f.get("source_urls") or []:
            click.echo(f"    source {url}")
        click.echo(f"    {f['origin']}" + (f" by {f['extractor_version']}" if f.get("extractor_version") else "")
                   + (f", deal {f['arrangement_id']}" if f.get("arrangement_id") else ""))


def _filter_options(fn):
    fn = click.option("--type", "type_", type=click.Choice(FACT_TYPES), help="Fact type.")(fn)
    fn = click.option("--sender", metavar="ISO3")(fn)
    fn = click.option("--receiver", metavar="ISO3")(fn)
    fn = click.option("--since", metavar="DATE", help="Facts dated on or after (YYYY[-MM[-DD]]).")(fn)
    fn = click.option("--until", metavar="DATE", help="Facts dated on or before.")(fn)
    fn = click.option("--origin", type=click.Choice(["extracted", "curated"]))(fn)
    return fn


@cli.command()
@_filter_options
@click.option("--limit", type=int, default=None, help="At most this many facts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@with_store
def facts(store, options, type_, sender, receiver, since, until, origin, limit, as_json):
    """List facts, filtered by type, corridor end and date.

    Example: tcwatch facts --type ruling --sender GBR --since 2023
    """
    from ..corridors import fact_view

    flt = FactFilter(type=type_, sender=sender, receiver=receiver, since=since, until=until, origin=origin)
    found, _ = store.list_facts(flt, limit=limit)
    if as_json:
        emit_json([fact_view(f) for f in found])
        return
    body = [[f.id, f.date or "", f.type, f"{f.sender or '?'}->{f.receiver or '?'}", f.origin,
             (f.evidence[:90] + "\u2026") if len(f.evidence) > 90 else f.evidence] for f in found]
    click.echo(table(body, ["id", "date", "type", "corridor", "origin", "evidence"]))
    click.echo(f"\n{len(found)} facts")


EXPORT_COLUMNS = COLUMNS


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="jsonl", show_default=True)
@_filter_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default stdout; Parquet only to a file or a pipe).")
@with_store
def export(store, options, fmt, type_, sender, receiver, since, until, origin, output):
    """Write all facts (or the filtered ones) with their provenance as CSV, JSON Lines or Parquet.

    Example: tcwatch export --format csv -o facts.csv; tcwatch export --format parquet -o facts.parquet
    """
    flt = FactFilter(type=type_, sender=sender, receiver=receiver, since=since, until=until, origin=origin)
    from ..corridors import fact_view

    def rows():
        cursor = None
        while True:
            page, cursor = store.list_facts(flt, limit=1000, cursor=cursor)
            for f in page:
                yield fact_view(f)
            if cursor is None:
                return

    to_stdout = output == "-"
    if fmt == "parquet":
        from ..exports import write_parquet

        if to_stdout and sys.stdout.isatty():
            raise click.UsageError("Parquet is binary: name a file with -o FILE, or send stdout to a file or pipe")
        if to_stdout:
            n = write_parquet(rows(), sys.stdout.buffer)
        else:
            try:
                out = open(output, "wb")
            except OSError as exc:
                raise click.FileError(output, hint=exc.strerror or str(exc)) from None
            with out:
                n = write_parquet(rows(), out)
    else:
        with click.open_file(output, "w", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore") if fmt == "csv" else None
            if writer:
                writer.writeheader()
            n = 0
            for row in rows():
                n += 1
                if writer:
                    writer.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                                     for k, v in row.items()})
                else:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if not to_stdout:
        click.echo(f"{n} facts written to {output}", err=True)


@cli.command()
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@with_store
def rejections(store, options, limit, as_json):
    """List inputs that were rejected, with the reason for each."""
    rows = store.rejections(limit)
    if as_json:
        emit_json(rows)
        return
    click.echo(table([[r["created_at"], r["origin"], r["reason"]] for r in rows], ["when", "input", "reason"]))
