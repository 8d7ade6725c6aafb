"""The ``tcwatch`` command: one module per command group; each parses, calls the library, prints.

Errors are translated here once: a :class:`~tcwatch.errors.TcwatchError`
prints ``error: MESSAGE`` on stderr and exits 1; usage errors exit 2.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import TcwatchError


class TcwatchGroup(click.Group):
    """A click group that turns library errors into a message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TcwatchError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except BrokenPipeError:  # `tcwatch facts | head`
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=TcwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tcwatch")
def cli():
    """Third-Country Watch: corridors and facts of third-country deportation deals.

    Every fact keeps the sentence that states it. Start with `tcwatch corridors`.
    """


def _register() -> None:
    from . import documents, evaluation, listing  # noqa: F401  (commands register themselves)

    for optional in ("web", "watching", "backfilling"):
        try:
            __import__(f"{__name__}.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{optional}":
                raise


_register()


def main() -> None:
    cli(prog_name="tcwatch")
