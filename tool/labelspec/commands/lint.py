"""``labelspec lint`` and ``labelspec rules``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

# The keys of labelspec.linting.formatters.FORMATTERS, spelled out here so that the
# parser can refuse a typo without importing the linter (a test keeps them equal).
LintFormat = Literal["text", "json", "sarif", "github"]


def split_codes(values: list[str] | None) -> list[str]:
    """``--select A,B --select C`` -> ["A", "B", "C"]."""
    return [
        code.strip().upper() for value in values or [] for code in value.split(",") if code.strip()
    ]


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH", help="Taxonomy files or folders; default: the whole repository."
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            metavar="REF",
            help="Git ref to compare with for VER006-VER008; default: `base` in the "
            "configuration, or origin/<base> (VER000 when neither exists; exit 3 in CI).",
        ),
    ] = None,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(metavar="CODES", help="Only these codes or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="CODES", help="Skip these codes or prefixes (comma-separated)."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
) -> None:
    """Check taxonomies for structural errors and conflicting label definitions."""
    from labelspec.api import lint as run_lint
    from labelspec.linting.formatters import FORMATTERS

    formatter = FORMATTERS[output_format]
    # An explicit --base must work; a configured default that is missing (a fresh
    # repository may not have the branch yet) is VER000, or an error in CI.
    report = run_lint(
        paths or [], select=split_codes(select), ignore=split_codes(ignore), base=base
    )
    # Colour only for people at a terminal, and never when NO_COLOR is set (no-color.org).
    colour = output_format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    typer.echo(formatter(report, colour))
    raise typer.Exit(1 if report.failed(strict) else 0)


def rules(
    code: Annotated[
        str | None,
        typer.Argument(metavar="CODE", help="A rule code such as NAM001: print its documentation."),
    ] = None,
) -> None:
    """List the lint rules, or print the documentation of one."""
    from labelspec.linting.registry import rule_listing, rule_text

    typer.echo(rule_text(code) if code is not None else rule_listing())
