"""The ``labelspec`` command line: parse options, call the library, print.

This is the one place that turns :class:`~labelspec.errors.LabelspecError` into a
message and an exit code (0 clean, 1 findings, 2 usage, 3 unreadable input).
Heavy modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer
import typer.exceptions

from labelspec import __version__
from labelspec.errors import LabelspecError

app = typer.Typer(
    name="labelspec",
    help="Annotation guidelines and label taxonomies as code: lint, diff, map, relabel, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"labelspec {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Annotation guidelines and label taxonomies as code."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    try:
        # Without standalone mode click returns the code of typer.Exit instead of exiting.
        returned = app(args=argv, prog_name="labelspec", standalone_mode=False)
    except LabelspecError as error:
        typer.echo(f"labelspec: error: {error}", err=True)
        return error.exit_code
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        typer.echo("labelspec: aborted", err=True)
        return 130
    except typer.exceptions.TyperException as error:  # click's usage errors, vendored by typer
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"labelspec: error: {error.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("labelspec: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return returned if isinstance(returned, int) else 0


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


# Each module registers its commands on ``app``; they import their heavy
# dependencies inside the command functions, so importing them here is cheap.
COMMAND_MODULES = [
    "labelspec.commands.core",
    "labelspec.commands.lint",
    "labelspec.commands.relabel",
    "labelspec.commands.versions",
    "labelspec.commands.docs",
]

for _module in COMMAND_MODULES:
    importlib.import_module(_module)
