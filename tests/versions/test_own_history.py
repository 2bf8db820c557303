"""This repository's own taxonomies against their git history.

The mapping from version A is built from the current file alone; git holds the
file as it was at A. The labels the mapping covers must be exactly the labels
that were assignable at A, and mappings between released versions must compose.
Skips where the clone has no history (a shallow CI checkout).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from labelspec.repository import Repository
from labelspec.versions.diff import diff
from labelspec.versions.history import VersionInfo, find_versions, taxonomy_at
from labelspec.versions.mapping import build_mapping, compose


def _histories(root: Path) -> list[tuple[Repository, Path, list[VersionInfo]]]:
    repository = Repository.discover(root)
    if not (root / ".git").exists() or (root / ".git" / "shallow").exists():
        pytest.skip("no full git history here")
    found = [
        (repository, path, find_versions(repository, path)) for path in repository.taxonomy_files()
    ]
    found = [item for item in found if len(item[2]) >= 2]
    if not found:
        pytest.skip("no taxonomy with two versions in git history")
    return found


def test_mappings_cover_exactly_what_was_assignable(project_root: Path) -> None:
    for repository, path, versions in _histories(project_root):
        current = repository.load_file(path).taxonomy
        assert current is not None
        for info in versions:
            then = taxonomy_at(repository, path, info.commit)
            assert then is not None
            mapping = build_mapping(current, info.version)
            assert set(mapping) == set(then.graph.assignable), (path.stem, info.version)
            for entry in mapping.values():  # every target is a current label
                assert all(current.labels[t].is_active for t in entry.targets)


def test_released_versions_compose_and_bump_enough(project_root: Path) -> None:
    for repository, path, versions in _histories(project_root):
        current = repository.load_file(path).taxonomy
        assert current is not None
        first, *middle = [info.version for info in versions]
        for version in middle:
            direct = build_mapping(current, first)
            assert (
                compose(build_mapping(current, first, version), build_mapping(current, version))
                == direct
            )
        for older, newer in itertools.pairwise(versions):
            before = taxonomy_at(repository, path, older.commit)
            after = taxonomy_at(repository, path, newer.commit)
            assert before is not None and after is not None
            result = diff(before, after)
            assert result.bump_ok, (path.stem, older.version, newer.version, result.required_bump)
