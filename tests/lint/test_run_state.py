"""A lint run owns its state: what it caches lives in its contexts and its
Analyzer, so a second run in the same process (an editor, a notebook) finds what
a fresh process finds, and leaves no module-level cache bigger than before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from builders import git, write_repository
from labelspec.linting.engine import lint_repository
from labelspec.repository import Repository

# Two repositories with the same label ids but other words, so that anything kept
# from the first run by id, by object or by text would show in the second.
FIRST = """\
  car:
    definition: A motor vehicle with four wheels built to carry up to eight people.
    aliases: [automobile]
    includes: [taxi, minivan]
  van:
    definition: A box-shaped motor vehicle with four wheels built to carry up to eight people.
    includes: [minivans]
  auto:
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by: car
    reason: Merged into car.
"""
SECOND = """\
  car:
    definition: A stringed instrument with a long neck and magnetic pickups, etc.
    aliases: [electric guitar]
  van:
    name: Guitar van
    definition: A type of car used to carry guitars and amplifiers to concerts.
    includes: [tour buses]
  auto:
    definition: A car.
"""
PAGE = "Box every [[car]] and every [[van]]; old pages say auto or automobiles.\n"
SECOND_PAGE = "A [[car]] is played; [[nosuch]] and `[[van]]`. <!-- [[auto]] -->\n"


def _repository(root: Path, labels: str, page: str, changed: str) -> Repository:
    """A repository with a commit of ``labels`` and a working file of ``changed``,
    so that the checks against a base ref run too."""
    root.mkdir()
    write_repository(root, labels, pages={"guidelines/index.md": page})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    taxonomy = root / "taxonomy" / "t.yaml"
    taxonomy.write_text(taxonomy.read_text().replace(labels, changed))
    return Repository.discover(root)


def _findings(repository: Repository) -> list[list[object]]:
    report = lint_repository(repository, base="HEAD")
    return [[f.code, f.file, f.line, f.column, f.message] for f in report.findings]


_CHILD = """
import json, sys
from pathlib import Path
from labelspec.linting.engine import lint_repository
from labelspec.repository import Repository
report = lint_repository(Repository.discover(Path(sys.argv[1])), base="HEAD")
print(json.dumps([[f.code, f.file, f.line, f.column, f.message] for f in report.findings]))
"""


def _module_state() -> dict[str, object]:
    """The size of every container and function cache held by a labelspec module
    or class at module level (their identity for other class attributes)."""
    state: dict[str, object] = {}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("labelspec"):
            continue
        holders = [(module_name, vars(module))]
        holders += [
            (f"{module_name}.{name}", vars(value))
            for name, value in vars(module).items()
            if isinstance(value, type) and value.__module__ == module_name
        ]
        for where, namespace in holders:
            for name, value in list(namespace.items()):
                key = f"{where}.{name}"
                if isinstance(value, dict | list | set):
                    state[key] = len(value)
                elif hasattr(value, "cache_info"):
                    state[key] = value.cache_info().currsize
                elif not callable(value) and not isinstance(value, str | int | float | bool):
                    state[key] = id(value)
    return state


def test_a_second_run_finds_what_a_fresh_process_finds(tmp_path: Path) -> None:
    first = _repository(tmp_path / "first", FIRST, PAGE, FIRST.replace("eight", "nine"))
    second = _repository(tmp_path / "second", SECOND, SECOND_PAGE, SECOND.replace("long", "short"))
    _findings(first)
    in_process = _findings(second)
    fresh = subprocess.run(
        [sys.executable, "-c", _CHILD, str(second.root)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert in_process == json.loads(fresh.stdout)
    assert {finding[0][:3] for finding in in_process} >= {"DEF", "GDL", "OVL", "VER"}


def test_a_run_grows_no_module_level_cache(tmp_path: Path) -> None:
    first = _repository(tmp_path / "first", FIRST, PAGE, FIRST.replace("eight", "nine"))
    second = _repository(tmp_path / "second", SECOND, SECOND_PAGE, SECOND.replace("long", "short"))
    # The first run imports the rules and builds the spaCy pipeline: configuration
    # that a process keeps once.
    _findings(first)
    before = _module_state()
    _findings(second)
    after = _module_state()
    assert {
        key: (before.get(key), value) for key, value in after.items() if before.get(key) != value
    } == {}
