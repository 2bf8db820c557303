"""``labelspec export`` and ``labelspec import``: annotation tools' label configs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelspec.commands.common import OutputOption, echo_or_write
from labelspec.interop import ToolName


def export(
    taxonomy: Annotated[
        str,
        typer.Argument(
            metavar="TAXONOMY", help="A taxonomy id in this repository, or a taxonomy file."
        ),
    ],
    to: Annotated[ToolName, typer.Option("--to", help="The annotation tool or format.")],
    output: OutputOption = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            metavar="FILE",
            help="Compare FILE, the config the tool holds now, with the taxonomy; "
            "exit 1 on drift. Writes nothing.",
        ),
    ] = None,
    deprecated: Annotated[
        bool,
        typer.Option(
            "--deprecated/--no-deprecated",
            help="Keep deprecated labels in the config, marked and hidden from "
            "annotators (tools refuse configs that drop labels still in use).",
        ),
    ] = True,
) -> None:
    """Write a taxonomy as the label config of an annotation tool, or check the
    tool's config for drift."""
    from labelspec import api

    if check is not None:
        drift = api.check_config(taxonomy, check, to)
        for difference in drift:
            typer.echo(f"{check}: {difference.kind}: {difference.message}")
        if drift:
            typer.echo(f"{len(drift)} differences between {check} and {taxonomy}", err=True)
            raise typer.Exit(1)
        typer.echo(f"{check} agrees with {taxonomy}", err=True)
        return
    exported = api.export(taxonomy, to, deprecated=deprecated)
    for note in exported.notes:
        typer.echo(f"note: {note}", err=True)
    echo_or_write(exported.text, output)


def import_config(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The tool's label config, as downloaded.")
    ],
    from_: Annotated[ToolName, typer.Option("--from", help="The tool the config comes from.")],
    taxonomy: Annotated[
        str,
        typer.Option(
            "--taxonomy", "-t", metavar="ID", help="The id of the new taxonomy (its file name)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write the taxonomy file here (a new file)."
        ),
    ] = None,
) -> None:
    """Start a taxonomy from a tool's label config: labels, hierarchy, attributes,
    descriptions, colours and hotkeys."""
    from labelspec import api
    from labelspec.errors import UsageError

    if output is not None and output.exists():
        raise UsageError(f"{output} exists; import writes a new taxonomy file only")
    echo_or_write(api.import_config(file, from_, taxonomy), output)
