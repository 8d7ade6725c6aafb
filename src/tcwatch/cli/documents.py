"""``tcwatch ingest`` and ``tcwatch extract``: documents in."""

from __future__ import annotations

import json
import os
import sys

import click

from ..errors import InputError
from ..model import Document, Rejection, fact_to_dict
from . import cli
from .common import db_option, emit_json, options_from

#: exit code when some inputs were rejected and the others stored
EXIT_PARTIAL = 3


def _input_size(paths: list[str]) -> int:
    total = 0
    for p in paths:
        if p == "-":
            continue
        if os.path.isdir(p):
            for root, _dirs, files in os.walk(p):
                total += sum(os.path.getsize(os.path.join(root, f)) for f in files if not f.startswith("."))
        elif os.path.isfile(p):
            total += os.path.getsize(p)
    return total


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="Publication date for plain text files that carry none.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, for inputs over 1 MB).")
@db_option
def ingest(paths, default_date, as_json, progress, db):
    """Read documents and store them with their facts.

    PATHS are files (seed .txt, plain .txt, .jsonl, .csv, .html), folders (read
    recursively) or - for standard input. Re-ingesting a document changes nothing.
    New facts that change a corridor raise alerts (`tcwatch alerts`).
    A bad input is rejected with its reason; the others are still stored, and the
    exit code is 3.

    Example: tcwatch ingest ../shared/data/dev/gold.jsonl
    """
    from ..ingest import BULK_BATCH, ingest_paths
    from ..store import open_store
    from ..watch.alerts import alerts_from_facts

    options = options_from(db, default_date=default_date)
    size = _input_size(list(paths))
    show = progress if progress is not None else (sys.stderr.isatty() and size > 1_000_000)
    with open_store(options.db) as store:
        if show:
            with click.progressbar(length=max(size, 1), label="ingesting", file=sys.stderr) as bar:

                def tick(item):
                    if isinstance(item, Document):
                        bar.update(len(item.text.encode("utf-8")) + 100)

                report = ingest_paths(store, list(paths), options, progress=tick, stdin=sys.stdin, batch_size=BULK_BATCH,
                                      on_stored=lambda facts: alerts_from_facts(store, facts))
        else:
            report = ingest_paths(store, list(paths), options, stdin=sys.stdin, batch_size=BULK_BATCH,
                                  on_stored=lambda facts: alerts_from_facts(store, facts))
    summarise(report, as_json)


def summarise(report, as_json: bool) -> None:
    """Print what an ingest (or backfill) did; exit 3 when some inputs were rejected."""
    if as_json:
        emit_json(report.to_dict())
    else:
        for rejection in report.rejected:
            click.echo(f"rejected: {rejection}", err=True)
        click.echo(
            f"read {report.read}, stored {report.stored}, duplicates {report.duplicates} "
            f"(near-duplicates linked {report.near_duplicates}), rejected {len(report.rejected)}, "
            f"relevant {report.relevant}, facts {report.facts}"
        )
    if report.rejected:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("path")
@click.option("--jsonl", is_flag=True, help="Read gold-format JSON Lines and print one prediction line per document (FACTS.md).")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="Publication date for a plain text file.")
def extract(path, jsonl, default_date):
    """Print the facts of a document as JSON, without storing anything.

    With --jsonl, PATH is JSON Lines in the gold format and each output line is
    {"id", "relevant", "facts"}, as any scorer reads it.

    Example: tcwatch extract ../shared/seeds/000_f309ec7564c3abb0.txt
    """
    from ..extract import extract as run_extract
    from ..sources import ReadOptions, read_inputs

    options = options_from(None, default_date=default_date)
    read_options = ReadOptions(default_date=options.default_date, max_bytes=options.max_bytes, stdin=sys.stdin)
    failed = False
    results = []
    for item in read_inputs([path], read_options):
        if isinstance(item, Rejection):
            click.echo(f"rejected: {item}", err=True)
            failed = True
            continue
        extraction = run_extract(item)
        if jsonl:
            line = {"id": item.id, "relevant": extraction.relevant, "facts": [fact_to_dict(f) for f in extraction.facts]}
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            results.append(
                {
                    "id": item.id,
                    "date": item.date,
                    "relevant": extraction.relevant,
                    "facts": [fact_to_dict(f, provenance=True) for f in extraction.facts],
                }
            )
    if not jsonl:
        if not results and failed:
            raise InputError(f"{path}: no readable document")
        emit_json(results[0] if len(results) == 1 else results)
    if failed:
        sys.exit(EXIT_PARTIAL)
