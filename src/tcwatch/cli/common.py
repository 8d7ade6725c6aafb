"""What every command shares: the ``--db`` and ``--json`` options, opening the store, printing tables."""

from __future__ import annotations

import json
from functools import wraps

import click

from ..config import Options, load_options
from ..store import open_store


def db_option(fn):
    """``--db PATH``: the database (default ``$TCWATCH_DB``, else ``./tcwatch.db``); a PostgreSQL URL works too."""
    return click.option(
        "--db",
        "db",
        metavar="PATH|URL",
        default=None,
        help="Database: a SQLite file or postgresql:// URL (default $TCWATCH_DB, else ./tcwatch.db).",
    )(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(fn)


def options_from(db: str | None, **flags) -> Options:
    return load_options(db=db, **flags)


def with_store(fn):
    """Open the store named by ``--db`` for the command and close it after."""

    @db_option
    @wraps(fn)
    def wrapper(db, **kwargs):
        options = options_from(db)
        with open_store(options.db) as store:
            return fn(store=store, options=options, **kwargs)

    return wrapper


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_corridor(value: str):
    """``USA-RWA``, ``USA->RWA``, ``usa rwa`` -> ``("USA", "RWA")``; ``XXX`` or ``?`` is an unknown end."""
    from ..corridors import parse_corridor_id

    return parse_corridor_id(value)


def table(rows: list[list], headers: list[str]) -> str:
    """A plain aligned text table."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    for row in cells:
        out.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(out)


def fmt_money(amount, currency) -> str:
    if amount is None:
        return ""
    amount = float(amount)
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(amount) >= size:
            value = amount / size
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{currency or ''} {text}{suffix}".strip()
    return f"{currency or ''} {amount:,.0f}".strip()

