"""The pre-commit hooks this repository offers (.pre-commit-hooks.yaml), run by the
real pre-commit against a guideline repository, as a team would install them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders import git, write_repository

ROOT = Path(__file__).resolve().parents[1]


def _hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [hook for hook in hooks if hook["id"] == hook_id]
    assert isinstance(hook, dict)
    return hook


def test_the_hooks_file_names_a_hook_for_lint_and_one_for_check_before_a_push() -> None:
    lint = _hook("labelspec-lint")
    assert lint["entry"] == "labelspec lint" and lint["pass_filenames"] is False
    check = _hook("labelspec-check")
    assert str(check["entry"]).startswith("labelspec check")
    assert check["stages"] == ["pre-push"] and check["always_run"] is True


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home, shared by the runs: the hooks' environment (an install
    of this checkout) is built once, not once per run."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def guides(tmp_path: Path) -> Path:
    """A guideline repository with one commit on main."""
    pytest.importorskip("pre_commit")
    repository = tmp_path / "guides"
    repository.mkdir()
    write_repository(repository, "  car: {definition: A motor car.}\n", 'base = "main"\n')
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "start")
    return repository


def _try_repo(
    repository: Path, cache: Path, hook: str, *options: str
) -> subprocess.CompletedProcess[str]:
    # Its own cache, so that the hook's environment is built from this checkout
    # (try-repo names it by the checkout's commit, so uncommitted edits here
    # build a new one per run).
    environment = {**os.environ, "PRE_COMMIT_HOME": str(cache)}
    # try-repo commits a checkout's uncommitted changes into a shadow copy: give git
    # an identity on machines without one.
    for variable in ("AUTHOR", "COMMITTER"):
        environment[f"GIT_{variable}_NAME"] = "t"
        environment[f"GIT_{variable}_EMAIL"] = "t@example.org"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", *options],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_lint_hook_passes_a_clean_repository_and_stops_a_broken_one(
    guides: Path, cache: Path
) -> None:
    clean = _try_repo(guides, cache, "labelspec-lint")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    taxonomy = guides / "taxonomy" / "t.yaml"
    taxonomy.write_text(taxonomy.read_text() + "  bus: {defintion: A bus.}\n")
    git(guides, "add", "-A")
    broken = _try_repo(guides, cache, "labelspec-lint")
    assert broken.returncode == 1
    assert "SCH003" in broken.stdout and "Failed" in broken.stdout


def test_the_check_hook_stops_a_push_whose_version_bump_is_too_small(
    guides: Path, cache: Path
) -> None:
    git(guides, "checkout", "-q", "-b", "change")
    taxonomy = guides / "taxonomy" / "t.yaml"
    # An added label needs a minor bump; the version stays 2.0.0.
    taxonomy.write_text(taxonomy.read_text() + "  bus: {definition: A long passenger vehicle.}\n")
    git(guides, "commit", "-q", "-am", "bus")
    stopped = _try_repo(guides, cache, "labelspec-check", "--hook-stage", "pre-push")
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "must not merge" in stopped.stdout and "minor bump" in stopped.stdout
    taxonomy.write_text(taxonomy.read_text().replace("version: 2.0.0", "version: 2.1.0"))
    git(guides, "commit", "-q", "-am", "2.1.0")
    passed = _try_repo(guides, cache, "labelspec-check", "--hook-stage", "pre-push")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
