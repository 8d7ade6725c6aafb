"""``tcwatch eval`` (score the extractor: one gold file, grouped cross-validation, the
lockbox) and ``tcwatch train`` (rebuild the verifier model from the gold files)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from . import cli
from .common import emit_json


def _shared(path: str | None) -> Path:
    root = Path(path) if path else Path("../shared")
    if not (root / "data" / "dev" / "gold.jsonl").is_file() or not (root / "data" / "train" / "gold.jsonl").is_file():
        raise InputError(f"{root}: no data/dev/gold.jsonl and data/train/gold.jsonl here (give --shared DIR)")
    return root


@cli.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False), required=False)
@click.option("--cv", "cv", type=click.IntRange(2, 20), help="Grouped K-fold cross-validation over dev + train "
              "(lockbox left out), the verifier retrained per fold.")
@click.option("--lockbox", is_flag=True, help="Score the lockbox (a fifth of train set aside) once, "
              "with a verifier trained on dev + the rest of train.")
@click.option("--shared", "shared", type=click.Path(file_okay=False), help="Folder holding data/dev and data/train "
              "(default ../shared).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_command(gold, cv, lockbox, shared, as_json):
    """Score the extractor: fact P/R/F1 overall and per type, field accuracy, relevance,
    evidence overlap.

    Examples:
      tcwatch eval ../shared/data/dev/gold.jsonl
      tcwatch eval --cv 5          # grouped by outlet and month; per-fold F1 and the rules alone
      tcwatch eval --lockbox       # only once, at the end of a piece of work
    """
    from ..evaluate import evaluate_file, format_report

    if sum(bool(x) for x in (gold, cv, lockbox)) != 1:
        raise click.UsageError("give one of: a GOLD file, --cv K, --lockbox")
    if gold:
        report = evaluate_file(gold)
    else:
        from ..learn.crossval import cross_validate, score_lockbox
        from ..learn.splits import shared_gold

        docs, box = shared_gold(_shared(shared))
        report = cross_validate(docs, cv) if cv else score_lockbox(docs, box)
    if as_json:
        emit_json(report)
        return
    click.echo(format_report(report))
    if "cv" in report:
        folds = ", ".join(f"{f['f1']:.3f}" for f in report["cv"]["folds"])
        click.echo(f"\ncross-validation: {report['cv']['k']} folds grouped by outlet and month; fold F1 {folds}")
    if "rules_alone" in report:
        r = report["rules_alone"]
        click.echo(f"rules alone, same documents: F1 {r['f1']:.3f} (P {r['precision']:.3f}, R {r['recall']:.3f})")


@cli.command(name="train")
@click.option("--shared", "shared", type=click.Path(file_okay=False), help="Folder holding data/dev and data/train "
              "(default ../shared).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Where to write the model "
              "(default: the package's shipped model file).")
@click.option("--check", is_flag=True, help="Retrain and compare with the model file; exit 1 if they differ.")
def train_command(shared, output, check):
    """Rebuild the verifier from dev + train (lockbox left out), with a fixed seed.

    The model file records the SHA-256 of the documents it was trained on.

    Example: tcwatch train --check
    """
    from ..extract.verify import shipped_path
    from ..learn.splits import shared_gold
    from ..learn.train import train

    docs, _ = shared_gold(_shared(shared))
    model = train(docs).to_json()
    path = Path(output) if output else shipped_path()
    if check:
        same = path.is_file() and path.read_text(encoding="utf-8") == model
        click.echo(f"{path}: {'reproduced exactly' if same else 'DIFFERS from a retrained model'}")
        if not same:
            raise click.exceptions.Exit(1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model, encoding="utf-8")
    click.echo(f"wrote {path} ({len(docs)} documents)")
