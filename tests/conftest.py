"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def corpora() -> Path:
    """../shared/corpora, the real public taxonomies; skips where it is absent
    (users' clones do not have it)."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    return SHARED_CORPORA


@pytest.fixture
def project_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as outside CI, whatever the suite runs under (CI runs it with
    CI=true, which makes a missing configured base an error); tests of CI
    behaviour set the variable themselves."""
    monkeypatch.delenv("CI", raising=False)
