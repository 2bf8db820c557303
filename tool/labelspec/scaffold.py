"""``labelspec init``: a new guideline repository that lints and builds as it is."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Literal

from labelspec.errors import UsageError
from labelspec.files import write_atomic

_TEMPLATE = "templates/init"
# Dot files are stored as dot-<name>: package-data globs skip hidden files, and this
# repository's own git and CI must not take the templates for its .gitignore or workflows.
_DOT_PREFIX = "dot-"
# labelspec.toml says base = "main" and the workflow runs on main: the branch must be main
# whatever init.defaultBranch says.
_BRANCH = "main"
_FIRST_COMMIT = "Start the guideline repository (labelspec init)"

GitStatus = Literal["committed", "initialised", "inside", "unavailable"]


@dataclass(frozen=True)
class GitSetup:
    """What ``init`` did about git.

    ``committed``: a new repository with the scaffold as its first commit on main;
    ``initialised``: a new repository, but the commit failed (``detail`` says why);
    ``inside``: the folder is in the repository at ``detail``, left alone;
    ``unavailable``: git could not be run (``detail`` says why).
    """

    status: GitStatus
    detail: str = ""


@dataclass(frozen=True)
class Scaffold:
    """The files ``init`` created, the title it used and what it did about git."""

    created: list[Path]
    title: str
    git: GitSetup


def default_title(directory: Path) -> str:
    """``my-guidelines`` -> ``My guidelines``: a neutral site name from the folder."""
    words = directory.resolve().name.replace("-", " ").replace("_", " ").split()
    if not words:
        return "Annotation guidelines"
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise UsageError("--title is empty; give the name of the guideline site")
    # One line of text: a control character or a line break would break the
    # Markdown heading and make an unreadable site name.
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in title):
        raise UsageError("--title must be one line of text without control characters")
    return title


def _target(relative: Path) -> Path:
    parts = [
        "." + part[len(_DOT_PREFIX) :] if part.startswith(_DOT_PREFIX) else part
        for part in relative.parts
    ]
    return Path(*parts)


def _template_files(folder: Traversable, prefix: Path = Path()) -> list[tuple[Path, Traversable]]:
    files = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                files.extend(_template_files(entry, prefix / entry.name))
        else:
            files.append((_target(prefix / entry.name), entry))
    return files


def _render(text: str, title: str) -> str:
    # A JSON string is a YAML double-quoted scalar: quotes, colons and '#' stay text.
    return text.replace("__TITLE_YAML__", json.dumps(title, ensure_ascii=False)).replace(
        "__TITLE__", title
    )


def scaffold(directory: Path, title: str | None = None) -> Scaffold:
    """Create the repository files under ``directory``; refuses to overwrite any.

    When ``directory`` is in no git repository, it becomes one, on branch main,
    with the scaffold as its first commit when git knows who the author is.
    """
    title = _checked_title(title) if title is not None else default_title(directory)
    template = resources.files("labelspec").joinpath(_TEMPLATE)
    files = _template_files(template)
    existing = [relative for relative, _ in files if (directory / relative).exists()]
    if existing:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(f"{directory}: would overwrite {names}; choose an empty folder")
    created = []
    for relative, source in files:
        target = directory / relative
        write_atomic(target, _render(source.read_text(encoding="utf-8"), title))
        created.append(target)
    schema_file = directory / "schema" / "taxonomy.schema.json"
    if not schema_file.exists():
        from labelspec.schema import taxonomy_schema_json

        write_atomic(schema_file, taxonomy_schema_json() + "\n")
        created.append(schema_file)
    return Scaffold(created, title, _set_up_git(directory))


def _set_up_git(directory: Path) -> GitSetup:
    try:
        import git
    except ImportError as error:  # GitPython refuses to import without a git executable
        return GitSetup("unavailable", str(error).splitlines()[0])
    try:
        enclosing = git.Repo(directory, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        pass
    else:
        # A nested repository would hide the files from the enclosing one.
        return GitSetup("inside", str(enclosing.working_tree_dir or enclosing.git_dir))
    try:
        repository = git.Repo.init(directory, initial_branch=_BRANCH)
        repository.git.add("--all")
    except git.GitCommandError as error:  # git older than 2.28 has no --initial-branch
        return GitSetup("unavailable", _first_line(error))
    try:
        # useConfigOnly: commit under the user's configured name, never one guessed
        # from the host name; without it the user commits later.
        repository.git(c="user.useConfigOnly=true").commit("--quiet", "-m", _FIRST_COMMIT)
    except git.GitCommandError as error:
        return GitSetup("initialised", _first_line(error))
    return GitSetup("committed")


def _first_line(error: Exception) -> str:
    """The first line git wrote to stderr, e.g. ``Author identity unknown``."""
    stderr = str(getattr(error, "stderr", "") or error)
    lines = [line.strip().removeprefix("stderr: ").strip("'\" ") for line in stderr.splitlines()]
    return next((line for line in lines if line), "git failed")
