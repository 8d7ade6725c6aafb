"""``tcwatch eval``: score the extractor against a gold file (FACTS.md scoring)."""

from __future__ import annotations

import click

from . import cli
from .common import emit_json


@cli.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_command(gold, as_json):
    """Score the extractor on a gold JSON Lines file: fact P/R/F1 overall and per type,
    field accuracy, relevance, evidence overlap.

    Example: tcwatch eval ../shared/data/dev/gold.jsonl
    """
    from ..evaluate import evaluate_file, format_report

    report = evaluate_file(gold)
    if as_json:
        emit_json(report)
    else:
        click.echo(format_report(report))
