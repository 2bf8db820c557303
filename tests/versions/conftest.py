"""Fixtures of the versions tests: a real git repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from versions.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "guidelines-repo")
