"""The ``labelspec`` command line: parse options, call the library, print.

This is the one place that turns :class:`~labelspec.errors.LabelspecError` into a
message and an exit code (0 clean, 1 findings, 2 usage, 3 unreadable input).
Heavy modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import sys

import typer
import typer.exceptions

from labelspec.commands import app
from labelspec.errors import LabelspecError


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
