"""The ``labelspec`` command line as a typer app, one module per area.

The command modules hold plain functions; this module owns ``app`` and registers
them in the order ``labelspec --help`` lists them (the order of a day's work), so
no command module imports the app back. The modules import their heavy
dependencies inside the functions, so building the app is cheap.
"""

from __future__ import annotations

from typing import Annotated

import typer

from labelspec import __version__
from labelspec.commands import check, core, docs, interop, lint, relabel, versions

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


docs_app = typer.Typer(
    help="Build or serve the annotator site (mkdocs-material with the labelspec plugin).",
    no_args_is_help=True,
)
docs_app.command(short_help="Build the site into site/.")(docs.build)
docs_app.command(short_help="Serve the site with live reload.")(docs.serve)

# short_help: the one-line summaries of `labelspec --help`, which click would
# otherwise cut from the docstrings at 45 characters.
app.command(short_help="Scaffold a new guideline repository.")(core.init)
app.command(short_help="Check taxonomies for errors and overlapping labels.")(lint.lint)
app.command(short_help="List the lint rules, or document one.")(lint.rules)
app.command(short_help="List a taxonomy's versions in git history.")(versions.versions)
app.command("diff", short_help="Classify the changes between two versions.")(versions.diff_command)
app.command(short_help="Print the label mapping from an earlier version.")(versions.mapping)
app.command(short_help="Show every change of one label across versions.")(versions.history)
app.command(short_help="Report a change for its pull request.")(check.check)
app.command(short_help="Move a dataset to the current taxonomy version.")(relabel.relabel)
app.command(short_help="Write a taxonomy as an annotation tool's label config.")(interop.export)
app.command("import", short_help="Start a taxonomy from a tool's label config.")(
    interop.import_config
)
app.add_typer(docs_app, name="docs", short_help="Build or serve the annotator site.")
app.command(short_help="Print the JSON Schema of the taxonomy format.")(core.schema)
