"""The other side of a pull request: the commit it branched from, that commit's
files written to a scratch folder so that the linter can run on them unchanged,
and the findings the change introduced compared with the ones it inherited."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

from labelspec.errors import GitError
from labelspec.repository import Repository

if TYPE_CHECKING:
    import git

    from labelspec.diagnostics import Finding

# The configuration files a repository may hold at its root (config.py reads them).
_CONFIG_FILES = ("labelspec.toml", "pyproject.toml", "mkdocs.yml")
# A commit id of zeros is what GitHub sends as the "before" of a branch's first push.
_NO_COMMIT = re.compile(r"0{40}")
# A symlink's mode in a git tree: its blob is a path, never written out as a file.
_SYMLINK_MODE = 0o120000


@dataclass(frozen=True)
class BasePoint:
    """Where the comparison starts: the ref as the user named it (or as it was
    found: ``origin/main``), the merge base of that ref and HEAD, and HEAD."""

    ref: str
    commit: str
    head: str


def find_base(repository: Repository, ref: str | None) -> BasePoint:
    """The base of the change: ``ref``, else the configured ``base`` (falling back to
    ``origin/<base>``). The comparison starts at the merge base with HEAD, so that
    changes made on the base branch since the branch point are not counted as the
    pull request's; on a CI merge commit that is the base commit itself.

    Raises GitError naming the fix when no base can be found: a report without
    one would say "nothing changed" about a change it never saw.
    """
    from labelspec.versions.history import open_repo, resolve_branch, resolve_commit

    name = ref if ref is not None else repository.config.base
    if name is None:
        raise GitError(
            "no base to compare with: pass --base REF or set `base` in the configuration"
        )
    if _NO_COMMIT.fullmatch(name):
        raise GitError(
            "the base is the all-zero commit (a branch's first push has no base): "
            "pass the branch it was made from, e.g. --base origin/main"
        )
    repo = open_repo(repository)
    if ref is not None:
        found, commit = name, str(resolve_commit(repo, name).hexsha)
    else:
        try:
            found, commit = resolve_branch(repository, name)
        except GitError as error:
            fix = (
                ""
                if "fetch" in str(error)
                else (
                    f"; fetch it (git fetch origin {name}, or actions/checkout with fetch-depth: 0)"
                )
            )
            raise GitError(f"configured base: {error}{fix}") from None
    head = _head(repo)
    bases = repo.merge_base(commit, head) if head is not None else []
    start = str(bases[0].hexsha) if bases else commit
    return BasePoint(found, start, head or start)


def _head(repo: git.Repo) -> str | None:
    import git

    try:
        return str(repo.head.commit.hexsha)
    except (ValueError, git.BadName):
        return None  # a repository with no commit yet


@contextmanager
def checkout(repository: Repository, commit: str) -> Iterator[Repository]:
    """The repository as it was at ``commit``, in a scratch folder that is removed
    afterwards: its configuration files, taxonomies and guideline pages (with
    their media, which lint checks exist). Symlinks are not written: lint on the
    working tree reports them where they matter."""
    from labelspec.versions.history import open_repo, resolve_commit

    repo = open_repo(repository)
    tree = resolve_commit(repo, commit).tree
    top = Path(repo.working_tree_dir or repository.root).resolve()
    prefix = PurePosixPath(repository.root.resolve().relative_to(top).as_posix())
    wanted = [
        prefix / repository.relative(repository.taxonomy_dir),
        prefix / repository.relative(repository.guidelines_dir),
    ]
    with TemporaryDirectory(prefix="labelspec-base-") as scratch:
        root = Path(scratch)
        for name in _CONFIG_FILES:
            _write_blob(tree, prefix / name, root / name)
        for folder in wanted:
            _write_tree(tree, folder, root / folder.relative_to(prefix))
        yield Repository.discover(root)


def _entry(tree: git.Tree, path: PurePosixPath) -> git.Blob | git.Tree | None:
    try:
        return tree / path.as_posix() if path.parts not in ((), (".",)) else tree
    except KeyError:
        return None


def _write_blob(tree: git.Tree, path: PurePosixPath, target: Path) -> None:
    blob = _entry(tree, path)
    if blob is not None and blob.type == "blob" and blob.mode != _SYMLINK_MODE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.data_stream.read())


def _write_tree(tree: git.Tree, path: PurePosixPath, target: Path) -> None:
    folder = _entry(tree, path)
    if folder is None or folder.type != "tree":
        return
    import git

    for item in folder.traverse():
        if isinstance(item, git.Blob) and item.mode != _SYMLINK_MODE:
            inside = PurePosixPath(str(item.path)).relative_to(path)
            destination = target / inside
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(item.data_stream.read())


# Line and column numbers inside messages ("first defined at line 12") move when
# lines are added above: they must not make an inherited finding look new.
_NUMBERS = re.compile(r"\b(line|lines|column)\s+\d+|:\d+(:\d+)?\b")


def _identity(finding: Finding) -> tuple[str, str, str]:
    return finding.code, finding.file, _NUMBERS.sub(r"\1 #", finding.message)


@dataclass(frozen=True)
class FindingDelta:
    """The head's findings split by whether the base already had them."""

    new: list[Finding]
    inherited: list[Finding]
    fixed: int


def compare_findings(head: Sequence[Finding], base: Sequence[Finding]) -> FindingDelta:
    """Which of ``head`` the change introduced. Findings are matched by code, file
    and message (positions move with every edit above them), as a multiset: a
    second copy of an inherited finding is new."""
    remaining = Counter(_identity(finding) for finding in base)
    new: list[Finding] = []
    inherited: list[Finding] = []
    for finding in head:
        key = _identity(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            inherited.append(finding)
        else:
            new.append(finding)
    return FindingDelta(new, inherited, sum(remaining.values()))
