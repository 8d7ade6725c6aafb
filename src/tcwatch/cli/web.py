"""``tcwatch serve``: the API and the dashboard over one database, with uvicorn."""

from __future__ import annotations

import sys

import click

from . import cli
from .common import db_option, options_from


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token", default=None, metavar="TOKEN",
              help="Token that every write must carry (default $TCWATCH_TOKEN); without one the server is read-only.")
@db_option
def serve(host, port, token, db):
    """Serve the JSON API (/api, schema at /openapi.json) and the dashboard (/).

    Reads are open; writes (reviews, ingest) need `Authorization: Bearer TOKEN`.

    Example: tcwatch serve --port 8000 --db tcwatch.db
    """
    import uvicorn

    from ..api import create_app

    options = options_from(db, token=token)
    app = create_app(options)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {options.db} at http://{shown}:{port}/ (API at /api, schema at /openapi.json)"
               f"{'' if options.token else '; read-only: no write token'}")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")
