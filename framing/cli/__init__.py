"""The ``framing`` command: thin modules per command group, registered here.

Each module in :data:`COMMAND_MODULES` defines ``register(app)``, which adds
its commands or sub-apps. Logic lives in the library; these modules parse,
call the API and print.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from framing.errors import FramingError

COMMAND_MODULES = (
    "ingest",
    "lexicon",
    "score",
    "annotate",
    "classify",
    "compare",
    "run",
    "collect",
)

app = typer.Typer(
    name="framing",
    help="Discourse and framing analysis for English, French and Arabic news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Discourse and framing analysis for English, French and Arabic news.

    ingest -> score (lexicon | classifier) -> compare -> report; `framing run`
    runs an experiment file through every stage.
    """


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"framing.cli.{name}")
        module.register(app)


_register_all()


def main() -> None:
    """Entry point: run the app, turning toolkit errors into a message and exit status."""
    try:
        app(standalone_mode=False)
    except FramingError as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(error.exit_code)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
