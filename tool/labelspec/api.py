"""The public functions that compose the layers: the format (model, loader,
repository), git history, the linter and the annotation tools' configs.

``labelspec.load`` lives here rather than in the loader because ``at=`` reaches
into git history, which the format layer must not know about.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from labelspec.errors import InputError, UsageError
from labelspec.loader import load_file

if TYPE_CHECKING:
    from labelspec.checking import CheckReport
    from labelspec.interop import Exported
    from labelspec.interop.drift import Drift
    from labelspec.linting.engine import LintReport
    from labelspec.model import Taxonomy
    from labelspec.relabeling.formats import FormatName
    from labelspec.repository import Repository
    from labelspec.versions.label_history import LabelEvent


def load(path: str | Path, at: str | None = None) -> Taxonomy:
    """Load a taxonomy file, raising :class:`TaxonomyError` if it cannot be used.

    ``at`` reads the file from git history instead: a version (``"1.0.0"``, found as
    ``labelspec versions`` lists them) or a git ref (``"main"``, ``"HEAD~2"``).
    """
    if at is not None:
        from labelspec.versions.history import load_at

        return load_at(Path(path), at)
    return load_file(path).require()


def lint(
    paths: Sequence[str | Path] = (),
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    base: str | None = None,
    repository: str | Path | None = None,
) -> LintReport:
    """Lint taxonomy files (default: the whole repository, guideline pages too).

    ``repository`` is where to look for the repository (default: around the first
    path, else the current folder). ``base`` is a git ref for the checks against an
    earlier version; without it the configured ``base`` is used, or
    ``origin/<base>`` when only that exists. When neither does, a VER000 finding
    says the checks were skipped; with the ``CI`` environment variable set it is
    a GitError instead.
    """
    from labelspec.linting.engine import lint_repository

    found, files = repository_and_files([Path(path) for path in paths], repository)
    chosen = base if base is not None else found.config.base
    return lint_repository(
        found,
        files,
        select,
        ignore,
        base=chosen,
        require_base=base is not None,
        in_ci=running_in_ci(),
    )


def check(
    repository: str | Path = ".",
    *,
    base: str | None = None,
    data: str | Path | None = None,
    data_format: FormatName | None = None,
    taxonomy: str | None = None,
    field: str | None = None,
    separator: str | None = None,
    by_index: bool = False,
) -> CheckReport:
    """The pull-request report of the change from ``base`` (default: the
    configured base, or ``origin/<base>``) to the working tree of the repository
    around ``repository``. With ``data`` (labelled with the base version, in
    ``data_format``) it includes a relabel dry run. ``report.mergeable`` says
    whether the change may merge and ``report.blocking`` why not."""
    from labelspec.checking.report import DataOptions, run_check
    from labelspec.repository import Repository

    options = None
    if data is not None or data_format is not None:
        if data is None or data_format is None:
            raise UsageError("data and its format go together: the dataset and its format")
        if not Path(data).exists():
            raise InputError(f"{data}: no such file or folder")
        options = DataOptions(Path(data), data_format, taxonomy, field, separator, by_index)
    return run_check(Repository.discover(repository), base, options)


def running_in_ci() -> bool:
    """Whether the ``CI`` environment variable says this is a CI run (GitHub
    Actions, GitLab CI and most others set it to "true")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "false", "0")


def label_history(taxonomy: str | Path, label: str) -> list[LabelEvent]:
    """Every change of ``label`` across the versions of a taxonomy (a file, or an
    id in the repository here) in git, oldest first, following renames and merges
    back through the ids it had before."""
    from labelspec.repository import find_taxonomy
    from labelspec.versions.label_history import label_history as run_history

    repository, path = find_taxonomy(taxonomy)
    return run_history(repository, path, label)


def repository_and_files(
    paths: Sequence[Path], start: str | Path | None = None
) -> tuple[Repository, list[Path]]:
    """The repository the paths belong to, and the taxonomy files they name
    (folders are searched for .yaml files)."""
    from labelspec.config import Config
    from labelspec.repository import Repository

    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    where = Path(start) if start is not None else (paths[0] if paths else Path.cwd())
    try:
        repository = Repository.discover(where)
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


def export(taxonomy: Taxonomy | str | Path, to: str, *, deprecated: bool = True) -> Exported:
    """The label config of annotation tool ``to`` for a taxonomy (an object, a
    file or an id in the repository here). ``deprecated`` keeps tombstones in the
    config, marked, for tools that refuse to drop labels still in use."""
    from labelspec.interop import ExportOptions
    from labelspec.interop.exchange import export_config

    return export_config(_taxonomy(taxonomy), to, ExportOptions(deprecated=deprecated))


def import_config(path: str | Path, from_: str, taxonomy_id: str) -> str:
    """A new taxonomy file's YAML text from the label config of tool ``from_``."""
    from labelspec.interop.exchange import import_config as run_import

    return run_import(_read(Path(path)), from_, taxonomy_id, str(path))


def check_config(taxonomy: Taxonomy | str | Path, path: str | Path, tool: str) -> list[Drift]:
    """The differences between the config a tool holds (``path``) and the taxonomy."""
    from labelspec.interop.exchange import check_config as run_check

    return run_check(_taxonomy(taxonomy), tool, _read(Path(path)), str(path))


def _taxonomy(taxonomy: Taxonomy | str | Path) -> Taxonomy:
    from labelspec.model import Taxonomy
    from labelspec.repository import load_taxonomy

    return taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
