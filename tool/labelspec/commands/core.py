"""``labelspec schema`` and ``labelspec init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the taxonomy format (for editor validation and completion)."""
    from labelspec.schema import taxonomy_schema_json

    text = taxonomy_schema_json()
    if output is None:
        typer.echo(text)
    else:
        from labelspec.files import write_atomic

        write_atomic(output, text + "\n")
        typer.echo(f"Wrote {output}", err=True)


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
