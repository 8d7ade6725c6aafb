"""``tcwatch backfill``: a large archive in, extraction on a dask cluster, one writer."""

from __future__ import annotations

import sys

import click

from ..model import Document
from . import cli
from .common import db_option, options_from
from .documents import _input_size, summarise


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--scheduler", metavar="ADDR", help="A dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes of the local cluster (default: one per core).")
@click.option("--partition", "partition_size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Items per partition (one task, one write transaction).")
@click.option("--read-here", is_flag=True,
              help="Read the input in this process and send the documents to the workers (for workers that do "
                   "not see the archive; by default each worker reads its own partitions at the same path).")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="Publication date for plain text files that carry none.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, for inputs over 1 MB).")
@db_option
def backfill(paths, scheduler, workers, partition_size, read_here, default_date, as_json, progress, db):
    """Ingest an archive with extraction spread over a dask.distributed cluster.

    PATHS are read as `ingest` reads them, each worker reading its own partitions
    (byte ranges of JSON Lines files, whole text and HTML files; it must see them at
    the same path, else --read-here); the workers extract, this process writes
    every partition in input order, so the database ends exactly as
    `tcwatch ingest PATHS` leaves it. Without --scheduler a LocalCluster on
    127.0.0.1 is started. A worker that dies has its partition redone; a rerun
    after a crash skips what is stored. Exit code 3 when some inputs were rejected.

    Example: tcwatch backfill archive/ --scheduler tcp://10.0.0.5:8786 --db postgresql://tcwatch@db/tcwatch
    """
    from ..backfill import backfill_paths, connect
    from ..store import open_store
    from ..watch.alerts import alerts_from_facts

    options = options_from(db, default_date=default_date)
    size = _input_size(list(paths))
    show = progress if progress is not None else (sys.stderr.isatty() and size > 1_000_000)
    client, close = connect(scheduler, workers)
    try:
        with open_store(options.db) as store:
            kwargs = dict(partition_size=partition_size, stdin=sys.stdin, read_in_workers=not read_here,
                          on_stored=lambda facts: alerts_from_facts(store, facts))
            if show:
                with click.progressbar(length=max(size, 1), label="backfilling", file=sys.stderr) as bar:

                    def tick(item):
                        if isinstance(item, Document):
                            bar.update(len(item.text.encode("utf-8")) + 100)

                    report = backfill_paths(store, list(paths), client, options, progress=tick, **kwargs)
            else:
                report = backfill_paths(store, list(paths), client, options, **kwargs)
    finally:
        close()
    summarise(report, as_json)
