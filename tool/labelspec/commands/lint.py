"""``labelspec lint`` and ``labelspec rules``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labelspec.cli import app
from labelspec.errors import UsageError

if TYPE_CHECKING:
    from labelspec.repository import Repository


def split_codes(values: list[str] | None) -> list[str]:
    """``--select A,B --select C`` -> ["A", "B", "C"]."""
    return [
        code.strip().upper() for value in values or [] for code in value.split(",") if code.strip()
    ]


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Taxonomy files or folders; default: the whole repository."),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            help="Git ref to compare with for VER006-VER008; default: `base` in the "
            "configuration, when that ref exists."
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json, sarif or github.")
    ] = "text",
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes or prefixes (comma-separated).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these codes or prefixes (comma-separated).")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
) -> None:
    """Check taxonomies for structural errors and conflicting label definitions."""
    from labelspec.lint.engine import lint_repository
    from labelspec.lint.formatters import FORMATTERS

    formatter = FORMATTERS.get(output_format)
    if formatter is None:
        raise UsageError(f"unknown format '{output_format}'; use one of {', '.join(FORMATTERS)}")
    repository, files = _repository_and_files(paths or [])
    # An explicit --base must work; the configured default is used when it resolves
    # (a fresh repository may not have the branch yet) and the run says so.
    chosen_base = base if base is not None else repository.config.base
    report = lint_repository(
        repository,
        files,
        split_codes(select),
        split_codes(ignore),
        base=chosen_base,
        require_base=base is not None,
    )
    # Colour only for people at a terminal, and never when NO_COLOR is set (no-color.org).
    colour = output_format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    typer.echo(formatter(report, colour))
    raise typer.Exit(1 if report.failed(strict) else 0)


def _repository_and_files(paths: list[Path]) -> tuple[Repository, list[Path]]:
    """The repository the paths belong to, and the taxonomy files they name."""
    from labelspec.config import Config
    from labelspec.errors import InputError
    from labelspec.repository import Repository

    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    start = paths[0] if paths else Path.cwd()
    try:
        repository = Repository.discover(start)
    except InputError:
        if not paths:
            raise
        repository = Repository(Path.cwd(), Config())
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")])
            if not found:
                raise InputError(f"{path}: no .yaml files in this folder")
            files.extend(found)
        else:
            files.append(path)
    return repository, files


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code such as NAM001: print its documentation.")
    ] = None,
) -> None:
    """List the lint rules, or print the documentation of one."""
    from labelspec.lint.registry import rule_listing, rule_text

    typer.echo(rule_text(code) if code is not None else rule_listing())
