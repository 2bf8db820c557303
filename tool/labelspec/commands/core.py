"""``labelspec schema`` and ``labelspec init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelspec.commands.common import OutputOption, echo_or_write


def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the taxonomy format (for editor validation and completion)."""
    from labelspec.schema import taxonomy_schema_json

    echo_or_write(taxonomy_schema_json(), output)


def init(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Where to create the repository.", show_default=False),
    ] = Path("."),
) -> None:
    """Scaffold a guideline repository: an example taxonomy, a guideline page, mkdocs.yml."""
    from labelspec.scaffold import scaffold

    created = scaffold(directory)
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"\nNext: cd {directory} && labelspec lint")
