"""``labelspec relabel``: move a dataset to the current taxonomy version."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Imported when the app is built: typer reads the choices from these types.
from labelspec.relabeling.formats import FormatName, OnRemoved

if TYPE_CHECKING:
    from labelspec.model import Taxonomy
    from labelspec.relabeling.engine import Progress
    from labelspec.relabeling.report import RelabelReport


def relabel(
    input: Annotated[
        Path,
        typer.Argument(metavar="INPUT", help="The dataset: a file, or a YOLO dataset folder."),
    ],
    taxonomy: Annotated[
        str,
        typer.Option(
            "--taxonomy",
            "-t",
            metavar="TAXONOMY",
            help="A taxonomy id in this repository, or a file.",
        ),
    ],
    from_version: Annotated[
        str,
        typer.Option(
            "--from", metavar="VERSION", help="The taxonomy version the data is labelled in."
        ),
    ],
    fmt: Annotated[
        FormatName,
        typer.Option("--format", "-f", help="The dataset format."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Where the relabelled data goes (required unless --dry-run).",
        ),
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="JSON Lines file for the records that need a decision "
            "(required unless --dry-run).",
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help="Where the label is: a dotted path (jsonl), a column name or number "
            "(csv/tsv, conll), a control's from_name (label-studio).",
        ),
    ] = None,
    on_removed: Annotated[
        OnRemoved,
        typer.Option(help="What to do with labels removed without replacement."),
    ] = "review",
    separator: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="csv/tsv: the text between labels in one cell, e.g. ','."
        ),
    ] = None,
    by_index: Annotated[
        bool,
        typer.Option(
            "--by-index",
            help="jsonl, csv/tsv, conll, label-studio: labels are written as their index numbers.",
        ),
    ] = False,
    header: Annotated[bool, typer.Option(help="csv/tsv: the first row names the columns.")] = True,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what would change, per label, and write nothing."),
    ] = False,
    json_summary: Annotated[
        bool, typer.Option("--json", help="Print the counts as JSON instead of a table.")
    ] = False,
) -> None:
    """Relabel a dataset from an earlier taxonomy version to the current one.

    Deterministic mappings are applied; records that need a decision go to the
    review file, malformed ones to OUTPUT.rejects. The run ends with the counts:
    read = written + review + rejected + dropped. An option the format does not
    read is refused.
    """
    from labelspec.errors import UsageError
    from labelspec.relabeling import relabel as run_relabel

    if not dry_run and (output is None or review is None):
        # click cannot say "required unless --dry-run"; the help text does.
        raise UsageError("give --output and --review (or --dry-run)")
    tax = _load_taxonomy(taxonomy)
    interactive = sys.stderr.isatty() and not json_summary
    with _progress(interactive, input.name) as progress:
        report = run_relabel(
            input,
            tax,
            from_version,
            fmt,
            output,
            review,
            field=field,
            separator=separator,
            by_index=by_index,
            header=header,
            on_removed=on_removed,
            dry_run=dry_run,
            progress=progress,
        )
    if json_summary:
        import orjson

        typer.echo(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode())
    elif sys.stdout.isatty():
        _rich_summary(report)
    else:
        typer.echo(plain_summary(report))


def _load_taxonomy(name: str) -> Taxonomy:
    """A file path when it names a file, else a taxonomy id of this repository."""
    from labelspec.repository import load_taxonomy

    return load_taxonomy(name)


class _NoProgress:
    def __enter__(self) -> Progress | None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def _progress(interactive: bool, name: str) -> _NoProgress | _RichProgress:
    if not interactive:
        return _NoProgress()
    return _RichProgress(name)


class _RichProgress:
    """A progress bar on stderr, fed by the engine's (done, total) callback."""

    def __init__(self, name: str) -> None:
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

        self.bar = Progress(
            f"relabel {escape(name)}",
            BarColumn(),
            TaskProgressColumn(),  # a percentage: formats count bytes, records or files
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("relabel", total=None)

    def __enter__(self) -> Progress | None:
        self.bar.start()
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *_: object) -> None:
        self.bar.stop()


def _rows(report: RelabelReport) -> list[tuple[str, str, str, int, int, int, int]]:
    return [
        (
            label,
            report.kinds.get(label) or "",
            ", ".join(report.targets.get(label, ())) or "-",
            tally.unchanged,
            tally.changed,
            tally.review,
            tally.dropped,
        )
        for label, tally in sorted(report.labels.items())
    ]


def _headline(report: RelabelReport) -> str:
    would = "would relabel" if report.dry_run else "relabelled"
    return (
        f"{would} {report.source} ({report.fmt}): {report.taxonomy} "
        f"{report.from_version} -> {report.to_version}"
    )


def _totals(report: RelabelReport) -> list[str]:
    lines = [
        f"read {report.read} = written {report.written} (changed {report.changed}) "
        f"+ review {report.review} + rejected {report.rejected} + dropped {report.dropped}"
    ]
    for token, count in sorted(report.unknown.items()):
        lines.append(f"unknown label {token!r}: {count} record(s) rejected")
    for kind, path in report.outputs.items():
        lines.append(f"{kind}: {path}")
    lines.extend(f"warning: {warning}" for warning in report.warnings)
    return lines


def plain_summary(report: RelabelReport) -> str:
    """The summary as plain lines (for logs and pipes): one line per old label."""
    lines = [_headline(report), "label\tkind\tto\tunchanged\tchanged\treview\tdropped"]
    lines.extend("\t".join(str(cell) for cell in row) for row in _rows(report))
    lines.extend(_totals(report))
    return "\n".join(lines)


def _rich_summary(report: RelabelReport) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # Labels and paths are data: escape them so "[" is never taken for markup.
    table = Table(title=escape(_headline(report)), title_justify="left")
    for name in ("label", "kind", "to"):
        table.add_column(name)
    for name in ("unchanged", "changed", "review", "dropped"):
        table.add_column(name, justify="right")
    for row in _rows(report):
        table.add_row(*(escape(str(cell)) for cell in row))
    console = Console()
    console.print(table)
    for line in _totals(report):
        console.print(line, markup=False, highlight=False)
