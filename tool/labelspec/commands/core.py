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
    title: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Name of the guideline site and of the example taxonomy; "
            "default: from the folder name.",
        ),
    ] = None,
) -> None:
    """Scaffold a guideline repository: an example taxonomy, a guideline page, mkdocs.yml,
    a git repository, a CI workflow and a pre-commit hook."""
    from labelspec.scaffold import scaffold

    result = scaffold(directory, title)
    for path in result.created:
        typer.echo(f"created {path}")
    typer.echo(f"site and taxonomy title: {result.title}")
    setup = result.git
    if setup.status == "committed":
        typer.echo("git: a new repository on branch main, the files above are its first commit")
    elif setup.status == "initialised":
        typer.echo(f"git: a new repository on branch main, nothing committed ({setup.detail});")
        typer.echo("     commit the files yourself: git add -A && git commit -m 'Start'")
    elif setup.status == "inside":
        typer.echo(f"git: {directory} is inside the repository {setup.detail}; no new one made")
    else:
        typer.echo(f"git: not set up ({setup.detail}); install git, then run git init -b main")
    command = _labelspec_command()
    typer.echo(
        f"""
Next:
  cd {directory}
  # edit taxonomy/pets.yaml and guidelines/index.md
  {command} lint                 # check as you edit
  git add -A && git commit -m "Describe the change"
  {command} docs serve           # preview the site at http://127.0.0.1:8000
CI: set the repository variable LABELSPEC_PIP_SPEC (see .github/workflows/labelspec.yml).
Before commits: pre-commit install (the hook runs the labelspec on your PATH)."""
    )


def _labelspec_command() -> str:
    """``labelspec`` when that is this installation, else how to reach this one.

    labelspec is often installed in a virtual environment that is not activated,
    where a bare ``labelspec`` is "command not found" or another installation.
    """
    import shutil
    import sys

    here = Path(sys.executable).parent / "labelspec"
    found = shutil.which("labelspec")
    if not here.is_file() or (found is not None and Path(found).resolve() == here.resolve()):
        return "labelspec"
    typer.echo(
        f"\nlabelspec is not on your PATH: activate its environment "
        f"(source {here.parent / 'activate'}) or call it as {here}."
    )
    return str(here)
