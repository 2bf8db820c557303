"""``labelspec versions``, ``diff``, ``mapping`` and ``history``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from labelspec.commands.common import OutputOption, echo_or_write

TaxonomyArgument = Annotated[
    str,
    typer.Argument(
        metavar="TAXONOMY", help="A taxonomy id in this repository, or a taxonomy file."
    ),
]

if TYPE_CHECKING:
    from labelspec.model import Taxonomy
    from labelspec.repository import Repository


def _taxonomy_path(name: str) -> Path:
    from labelspec.repository import find_taxonomy

    return find_taxonomy(name)[1]


def _repository(near: Path) -> Repository:
    from labelspec.repository import Repository

    return Repository.around(near)


def versions(
    taxonomy: TaxonomyArgument,
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f")] = "text",
) -> None:
    """List the versions of a taxonomy found in git history (version, commit, date, author)."""
    import json

    from labelspec.versions.history import find_versions, is_shallow

    path = _taxonomy_path(taxonomy)
    repository = _repository(path)
    found = find_versions(repository, path)
    if is_shallow(repository):
        typer.echo(
            "note: this is a shallow clone, so older versions may be missing "
            "(git fetch --unshallow)",
            err=True,
        )
    if fmt == "json":
        typer.echo(json.dumps([info.to_json() for info in found], indent=2))
        return
    from labelspec.loader import load_file

    current = load_file(path).taxonomy
    pending = (
        current.version
        if current is not None and current.version not in {info.version for info in found}
        else None
    )
    if not found and pending is None:
        typer.echo(f"{path}: no version in git history yet")
        return
    width = max(len(version) for version in [*(info.version for info in found), pending or ""])
    for info in found:
        tag = f"  ({info.tag})" if info.tag else ""
        typer.echo(
            f"{info.version:<{width}}  {info.commit[:10]}  {info.date:%Y-%m-%d %H:%M}  "
            f"{info.author}{tag}"
        )
    if pending is not None:
        typer.echo(f"{pending:<{width}}  (working file, not committed)")


def _load_side(spec: str, path: Path | None, repository: Repository) -> Taxonomy:
    from labelspec.loader import load_file
    from labelspec.versions.history import load_side

    as_path = Path(spec)
    if as_path.is_file():
        return load_file(as_path, display=repository.relative(as_path)).require()
    assert path is not None
    return load_side(repository, path, spec)


def _diff_path(old: str, new: str, taxonomy: str | None) -> Path:
    """The taxonomy file both sides are versions of."""
    from labelspec.errors import InputError, UsageError

    for spec in (new, old):
        if Path(spec).is_file():
            return Path(spec)
        if spec.endswith((".yaml", ".yml")):  # meant as a file, not a ref
            raise InputError(f"{spec}: no such file")
    if taxonomy is not None:
        return _taxonomy_path(taxonomy)
    files = _repository(Path.cwd()).taxonomy_files()
    if len(files) == 1:
        return files[0]
    raise UsageError(
        "OLD and NEW are both refs or versions: name the taxonomy with --taxonomy "
        f"({len(files)} taxonomies in this repository)"
    )


def diff_command(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="A git ref, a version, or a taxonomy file.")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="A git ref, a version, or a taxonomy file.")
    ],
    fmt: Annotated[Literal["text", "markdown", "json"], typer.Option("--format", "-f")] = "text",
    taxonomy: Annotated[
        str | None,
        typer.Option(
            "--taxonomy",
            "-t",
            metavar="TAXONOMY",
            help="Which taxonomy, when OLD and NEW are refs.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Exit 1 when the version bump is smaller than the changes need."
        ),
    ] = False,
    write_tombstones: Annotated[
        bool,
        typer.Option(
            "--write-tombstones",
            help="Add tombstones to NEW (a file) for labels that vanished without one.",
        ),
    ] = False,
    output: OutputOption = None,
) -> None:
    """Classify every change between two versions of a taxonomy and check the version bump."""
    import json

    from labelspec.errors import UsageError
    from labelspec.versions.diff import diff
    from labelspec.versions.policy import Policy
    from labelspec.versions.render import render_markdown, render_text

    if write_tombstones and not Path(new).is_file():
        raise UsageError("--write-tombstones needs NEW to be a taxonomy file")
    path = _diff_path(old, new, taxonomy)
    repository = _repository(path)
    before = _load_side(old, path, repository)
    after = _load_side(new, path, repository)
    if before.taxonomy != after.taxonomy:
        raise UsageError(
            f"OLD is taxonomy '{before.taxonomy}' and NEW is '{after.taxonomy}': "
            "a diff compares two versions of one taxonomy"
        )
    result = diff(before, after, Policy.configured(repository.config))
    if fmt == "json":
        echo_or_write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", output)
    elif fmt == "markdown":
        echo_or_write(render_markdown(result), output)
    else:
        echo_or_write(render_text(result) + "\n", output)
    if write_tombstones:
        from labelspec.versions.tombstones import write_tombstones as write

        written = write(Path(new), result)
        message = ", ".join(written) if written else "none needed"
        typer.echo(f"tombstones written to {new}: {message}", err=True)
    if check and not result.bump_ok:
        actual = result.version_bump or "downgrade"
        typer.echo(
            f"labelspec: version {before.version} -> {after.version} is a {actual} bump; "
            f"the changes need {result.required_bump}",
            err=True,
        )
        raise typer.Exit(1)


def mapping(
    taxonomy: TaxonomyArgument,
    from_version: Annotated[
        str,
        typer.Option("--from", metavar="VERSION", help="The version the data is labelled in."),
    ],
    to_version: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="VERSION", help="The version to map to (default: the current one)."
        ),
    ] = None,
    fmt: Annotated[Literal["json", "csv", "sssom"], typer.Option("--format", "-f")] = "json",
    output: OutputOption = None,
) -> None:
    """Print the label mapping from an earlier version to the current one (or --to)."""
    from labelspec.api import load
    from labelspec.versions.mapping import build_mapping, render_mapping
    from labelspec.versions.timeline import check_known_version

    path = _taxonomy_path(taxonomy)
    current = load(path)
    for version in (from_version, to_version):
        if version is not None:
            check_known_version(current, version)
    result = build_mapping(current, from_version, to_version)
    echo_or_write(render_mapping(result, fmt, current), output)


def history(
    taxonomy: TaxonomyArgument,
    label: Annotated[str, typer.Argument(metavar="LABEL", help="A label id of the taxonomy.")],
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f")] = "text",
) -> None:
    """Every change of one label across the versions in git, following renames and merges."""
    import json

    from labelspec.versions.label_history import label_history

    path = _taxonomy_path(taxonomy)
    events = label_history(_repository(path), path, label)
    if fmt == "json":
        typer.echo(json.dumps([event.to_json() for event in events], indent=2, ensure_ascii=False))
        return
    if not events:
        typer.echo(f"{label}: no version in git history has it yet")
        return
    rows = [
        (
            event.version,
            event.commit[:10],
            f"{event.date:%Y-%m-%d}",
            event.author,
            event.change.kind,
            event.note,
        )
        for event in events
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True)]
        typer.echo("  ".join([*cells, row[5]]))
