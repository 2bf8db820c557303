"""``labelspec check``: the pull-request report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from labelspec.commands.common import OutputOption, echo_or_write
from labelspec.relabeling.formats import FormatName

CheckFormat = Literal["markdown", "json", "text"]


def check(
    base: Annotated[
        str | None,
        typer.Option(
            metavar="REF",
            help="The git ref the change started from; default: `base` in the configuration "
            "(or origin/<base>). The comparison starts at its merge base with HEAD.",
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="A dataset labelled with the base version: report what a relabel would do.",
        ),
    ] = None,
    fmt: Annotated[
        FormatName | None,
        typer.Option("--format", "-f", help="The format of --data."),
    ] = None,
    taxonomy: Annotated[
        str | None,
        typer.Option(
            "--taxonomy",
            "-t",
            metavar="TAXONOMY",
            help="The taxonomy --data is labelled with, when the change touches several.",
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(metavar="FIELD", help="--data: where the label is (as for relabel)."),
    ] = None,
    separator: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="--data csv/tsv: the text between labels in one cell."),
    ] = None,
    by_index: Annotated[
        bool, typer.Option("--by-index", help="--data: labels are written as index numbers.")
    ] = False,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--output-format", help="markdown (a PR comment), json or text."),
    ] = "markdown",
    output: OutputOption = None,
) -> None:
    """Report a change for its pull request: new lint findings (against the base),
    the classified diff and bump of each changed taxonomy, labels whose meaning
    changed, edge cases, guideline pages touched and, with --data, the impact on a
    dataset. Exit 1 when the change must not merge (new errors, a bump too small)."""
    from labelspec.api import check as run_check
    from labelspec.checking.render import render_json, render_markdown, render_text

    report = run_check(
        base=base,
        data=data,
        data_format=fmt,
        taxonomy=taxonomy,
        field=field,
        separator=separator,
        by_index=by_index,
    )
    renderers = {"markdown": render_markdown, "json": render_json, "text": render_text}
    echo_or_write(renderers[output_format](report), output)
    raise typer.Exit(0 if report.mergeable else 1)
