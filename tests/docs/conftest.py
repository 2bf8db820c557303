"""Fixtures of the docs tests: the sample repository, built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docs_sample_site import BuiltSite, build_site, make_repository


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    repository = make_repository(tmp_path_factory.mktemp("guidelines"))
    yield BuiltSite(repository, build_site(repository))


@pytest.fixture
def sample_repository(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "repo")
