"""A taxonomy's past, read from git with gitpython (no shell is involved).

``taxonomy_at`` reads a taxonomy file as it was at a ref; ``find_versions`` lists
the versions the file went through: the first commit carrying each ``version:``
value, unless a tag named ``<taxonomy>@<version>`` or ``v<version>`` marks it.
Refs come from users, so they are checked against a strict pattern before git
sees them: no leading dash (it would read as an option), no ranges, no
``rev:path`` syntax, no whitespace or control characters.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from labelspec.errors import GitError
from labelspec.loader import MAX_FILE_BYTES, load_text
from labelspec.repository import Repository
from labelspec.semver import is_version, version_key

if TYPE_CHECKING:
    import git

    from labelspec.model import Taxonomy

_REF_PATTERN = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)(?!.*\.lock$)[A-Za-z0-9._/@{}~^+-]{1,200}$")
# The top-level `version:` line, read without parsing the whole file for every commit.
_VERSION_LINE = re.compile(r"""^version:[ \t]*["']?([^"'\s#]+)""", re.MULTILINE)


@dataclass(frozen=True)
class VersionInfo:
    """One version of a taxonomy in git history."""

    version: str
    commit: str
    date: datetime
    author: str
    tag: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "commit": self.commit,
            "date": self.date.isoformat(),
            "author": self.author,
            "tag": self.tag,
        }


def check_ref(ref: str) -> str:
    """``ref`` if it is a plain git ref (branch, tag, hash, HEAD~2, main^); else GitError."""
    if not _REF_PATTERN.match(ref):
        raise GitError(f"'{ref}' is not a git ref (a branch, tag or commit such as main or HEAD~1)")
    return ref


def open_repo(repository: Repository) -> git.Repo:
    """The git repository holding ``repository``."""
    import git

    try:
        return git.Repo(repository.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{repository.root}: not inside a git repository") from None


def is_shallow(repository: Repository) -> bool:
    """Whether the git history around ``repository`` is cut off (a shallow clone)."""
    try:
        return Path(open_repo(repository).git_dir, "shallow").exists()
    except GitError:
        return False


def resolve_commit(repo: git.Repo, ref: str) -> git.Commit:
    """The commit object ``ref`` names; a one-line GitError when there is none."""
    import git

    check_ref(ref)
    shallow = Path(repo.git_dir, "shallow").exists()
    try:
        commit = repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        if shallow:
            raise GitError(
                f"unknown git ref '{ref}': this is a shallow clone; fetch the history first "
                "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
            ) from None
        raise GitError(f"unknown git ref '{ref}'") from None
    # In a shallow clone "HEAD~1" still names the parent recorded in HEAD, but
    # that commit itself was never fetched. (``odb.has_object`` is no test: it
    # sees loose objects only, so it denies every packed commit of a clone.)
    if shallow:
        try:
            repo.odb.info(commit.binsha)
        except (ValueError, git.BadObject):
            raise GitError(
                f"git ref '{ref}' is not in this shallow clone; fetch the history first "
                "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
            ) from None
    return commit


def resolve_branch(repository: Repository, ref: str) -> tuple[str, str]:
    """The ref that names ``ref``'s commit and that commit's hex sha: ``ref`` itself,
    or ``origin/<ref>`` when there is no such local branch but the remote-tracking
    one exists (a CI checkout has a detached HEAD and only ``origin/main``).

    Raises the GitError of ``ref`` itself when neither resolves, so that a shallow
    clone still says how to fetch the history.
    """
    repo = open_repo(repository)
    try:
        return ref, str(resolve_commit(repo, ref).hexsha)
    except GitError as error:
        missing = error
    remote = f"origin/{ref}"
    try:
        return remote, str(resolve_commit(repo, f"refs/remotes/{remote}").hexsha)
    except GitError:
        raise missing from None


def _relative(repo: git.Repo, path: Path) -> str:
    if repo.working_tree_dir is None:
        raise GitError(f"{repo.git_dir}: a bare git repository holds no taxonomy files")
    top = Path(repo.working_tree_dir).resolve()
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise GitError(f"{path}: outside the git repository {top}") from None


def _blob_text(commit: git.Commit, relative: str) -> str | None:
    """The file's text at ``commit``, or None when it does not exist there."""
    try:
        blob = commit.tree / relative
    except KeyError:
        return None
    if blob.type != "blob":
        return None
    if blob.size > MAX_FILE_BYTES:
        raise GitError(f"{relative} at {commit.hexsha[:10]} is larger than the limit")
    data: bytes = blob.data_stream.read()
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def _parse(text: str, display: str, stem: str) -> Taxonomy:
    return load_text(text, file=display, expected_id=stem).require()


def taxonomy_at(repository: Repository, path: Path, ref: str) -> Taxonomy | None:
    """The taxonomy in ``path`` as it was at git ref ``ref``; None when the file did
    not exist there. Raises GitError for a bad or unknown ref or a folder outside
    git, and TaxonomyError when the old file cannot be loaded."""
    repo = open_repo(repository)
    commit = resolve_commit(repo, ref)
    relative = _relative(repo, Path(path))
    text = _blob_text(commit, relative)
    if text is None:
        return None
    short = ref if not re.fullmatch(r"[0-9a-f]{40}", ref) else ref[:10]
    return _parse(text, f"{relative}@{short}", Path(path).stem)


def _version_of(text: str) -> str | None:
    match = _VERSION_LINE.search(text)
    return match.group(1) if match and is_version(match.group(1)) else None


def _info(commit: git.Commit, version: str, tag: str | None) -> VersionInfo:
    return VersionInfo(
        version=version,
        commit=str(commit.hexsha),
        date=commit.committed_datetime,
        author=str(commit.author.name),
        tag=tag,
    )


def find_versions(repository: Repository, path: Path) -> list[VersionInfo]:
    """Every version of the taxonomy in ``path`` found in git history, oldest first.

    A version is the first commit (following first parents from HEAD) whose file
    carries that ``version:``; a tag ``<taxonomy>@<version>`` or ``v<version>`` on
    a commit whose file carries the same version takes precedence.
    """
    import git

    repo = open_repo(repository)
    relative = _relative(repo, Path(path))
    try:
        commits = list(repo.iter_commits("HEAD", paths=relative, reverse=True))
    except (git.GitCommandError, ValueError):
        return []  # no commit yet
    found: dict[str, VersionInfo] = {}
    for commit in commits:
        text = _blob_text(commit, relative)
        version = _version_of(text) if text is not None else None
        if version is not None and version not in found:
            found[version] = _info(commit, version, None)
    stem = Path(path).stem
    for tag in repo.tags:
        name = str(tag.name)
        if name.startswith(f"{stem}@"):
            version = name[len(stem) + 1 :]
        elif name.startswith("v") and is_version(name[1:]):
            version = name[1:]
        else:
            continue
        if not is_version(version):
            continue
        try:
            commit = tag.commit
        except ValueError:  # a tag on something other than a commit
            continue
        text = _blob_text(commit, relative)
        if text is None or _version_of(text) != version:
            continue
        current = found.get(version)
        # A taxonomy-specific tag beats a plain v<version> tag.
        if current is None or current.tag is None or name.startswith(f"{stem}@"):
            found[version] = _info(commit, version, name)
    return sorted(found.values(), key=lambda info: version_key(info.version))


def released_taxonomy(repository: Repository, path: Path, info: VersionInfo) -> Taxonomy:
    """The taxonomy in ``path`` as released in ``info``; messages and diff
    locations cite it as ``file@version``, as ``labelspec diff 1.0.0 2.0.0`` does."""
    found = taxonomy_at(repository, path, info.commit)
    if found is None:  # pragma: no cover - find_versions read the file there
        raise GitError(f"{repository.relative(path)} is missing at {info.commit[:10]}")
    found._attach(origin=f"{repository.relative(path)}@{info.version}")
    return found


def taxonomy_at_version(repository: Repository, path: Path, version: str) -> Taxonomy:
    """The taxonomy in ``path`` at the commit that introduced ``version``.

    Git history comes first, so that ``diff 2.0.0 FILE`` compares with the
    released 2.0.0 even while the working file still says 2.0.0; a version not
    committed yet is read from the working file. Raises GitError naming the known
    versions otherwise.
    """
    from labelspec.loader import load_file

    path = Path(path)
    try:
        versions = find_versions(repository, path)
    except GitError:
        versions = []  # no git: only the working file can have it
    for info in versions:
        if info.version == version:
            return released_taxonomy(repository, path, info)
    if path.is_file():
        result = load_file(path, display=repository.relative(path))
        if result.taxonomy is not None and result.taxonomy.version == version:
            return result.taxonomy
    known = ", ".join(info.version for info in versions) or "none in git history"
    message = f"unknown version {version} of {path.stem} (known: {known})"
    with contextlib.suppress(GitError):
        if Path(open_repo(repository).git_dir, "shallow").exists():
            message += (
                "; this is a shallow clone, so older versions may be missing "
                "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
            )
    raise GitError(message)


def load_at(path: Path, at: str) -> Taxonomy:
    """The taxonomy in ``path`` at a version or a git ref (``labelspec.load(at=...)``)."""
    return load_side(Repository.around(path), path, at)


def load_side(repository: Repository, path: Path, spec: str) -> Taxonomy:
    """One side of a diff for the taxonomy in ``path``: a version or a git ref."""
    if is_version(spec):
        return taxonomy_at_version(repository, path, spec)
    found = taxonomy_at(repository, path, spec)
    if found is None:
        raise GitError(f"{repository.relative(path)} does not exist at '{spec}'")
    return found
