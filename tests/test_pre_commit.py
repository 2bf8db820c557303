"""The pre-commit hook this repository offers (.pre-commit-hooks.yaml), run by the
real pre-commit against a guideline repository, as a team would install it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders import git, write_repository

ROOT = Path(__file__).resolve().parents[1]


def test_the_hooks_file_names_a_hook_for_lint() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (lint,) = [hook for hook in hooks if hook["id"] == "labelspec-lint"]
    assert lint["entry"] == "labelspec lint" and lint["pass_filenames"] is False


def test_the_lint_hook_passes_a_clean_repository_and_stops_a_broken_one(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repository = tmp_path / "guides"
    repository.mkdir()
    write_repository(repository, "  car: {definition: A motor car.}\n")
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "start")
    # Its own cache, so that the hook's environment is built from this checkout.
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    # try-repo commits a checkout's uncommitted changes into a shadow copy: give git
    # an identity on machines without one.
    for variable in ("AUTHOR", "COMMITTER"):
        environment[f"GIT_{variable}_NAME"] = "t"
        environment[f"GIT_{variable}_EMAIL"] = "t@example.org"
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "labelspec-lint"]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "--all-files"],
            cwd=repository,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    taxonomy = repository / "taxonomy" / "t.yaml"
    taxonomy.write_text(taxonomy.read_text() + "  bus: {defintion: A bus.}\n")
    git(repository, "add", "-A")
    broken = run()
    assert broken.returncode == 1
    assert "SCH003" in broken.stdout and "Failed" in broken.stdout
