"""``tcwatch serve``: the API and the dashboard over one database, with uvicorn."""

from __future__ import annotations

import sys

import click

from . import cli
from .common import db_option, options_from


#: where ``serve --workers N`` hands its options to the worker processes
OPTIONS_ENV = "TCWATCH_SERVE_OPTIONS"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token", default=None, metavar="TOKEN",
              help="Token that every write must carry (default $TCWATCH_TOKEN); without one the server is read-only.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (one per core is a good start). Each keeps its own "
                   "caches and its own per-client write limit.")
@db_option
def serve(host, port, token, workers, db):
    """Serve the JSON API (/api, schema at /openapi.json) and the dashboard (/).

    Reads are open; writes (reviews, ingest) need `Authorization: Bearer TOKEN`.

    Example: tcwatch serve --port 8000 --db tcwatch.db --workers 2
    """
    import dataclasses
    import json
    import os

    import uvicorn

    from ..api import create_app
    from ..store import open_store

    options = options_from(db, token=token)
    shown = f"[{host}]" if ":" in host else host
    if workers == 1:
        app = create_app(options)
    else:
        with open_store(options.db):
            pass  # create and migrate the database once, before the workers open it
        os.environ[OPTIONS_ENV] = json.dumps(dataclasses.asdict(options))
    click.echo(f"serving {options.db} at http://{shown}:{port}/ (API at /api, schema at /openapi.json)"
               f"{'' if options.token else '; read-only: no write token'}"
               f"{f'; {workers} worker processes' if workers > 1 else ''}")
    sys.stdout.flush()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:
        uvicorn.run("tcwatch.cli.web:worker_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")


def worker_app():
    """The app of one ``serve --workers N`` process, with the options ``serve`` was given."""
    import json
    import os

    from ..api import create_app
    from ..config import Options

    return create_app(Options(**json.loads(os.environ[OPTIONS_ENV])))
