"""What several commands share: the ``--output`` option and how text reaches it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
]


def echo_or_write(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output`` and say so on stderr."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from labelspec.files import write_atomic

    write_atomic(output, text if text.endswith("\n") else text + "\n")
    typer.echo(f"Wrote {output}", err=True)
