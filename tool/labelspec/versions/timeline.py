"""A taxonomy's versions as its own file tells them.

Labels are never deleted, and each one records ``added_in``, ``deprecated_in``,
its ``history`` and the ``since`` of its edge cases, so the current file names
every version it went through and knows which labels existed in each. The
mapping, the relabeler and the docs read versions from here; git is asked only
to add the versions it holds (:func:`known_versions`).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from labelspec.errors import InputError, LabelspecError
from labelspec.graph import assignable_ids
from labelspec.semver import compare, is_version, version_key

if TYPE_CHECKING:
    from labelspec.model import Label, Taxonomy


def mentioned_versions(taxonomy: Taxonomy) -> set[str]:
    """Every version the file names: its own, and those of additions, tombstones,
    history entries and edge-case decisions."""
    found = {taxonomy.version}
    for label in taxonomy.labels.values():
        found.update(v for v in (label.added_in, label.deprecated_in) if v is not None)
        found.update(entry.version for entry in label.history)
        found.update(case.since for case in label.edge_cases if case.since is not None)
    return {version for version in found if is_version(version)}


def known_versions(taxonomy: Taxonomy) -> set[str]:
    """Versions the file names, plus those its git history holds (when it has one)."""
    from labelspec.repository import Repository
    from labelspec.versions.history import find_versions

    known = mentioned_versions(taxonomy)
    if taxonomy.source is not None:
        with contextlib.suppress(LabelspecError):  # without git, the file alone tells
            known.update(
                info.version
                for info in find_versions(Repository.around(taxonomy.source), taxonomy.source)
            )
    return known


def check_known_version(taxonomy: Taxonomy, version: str) -> None:
    """Refuse a version the taxonomy never had: mapping from it would be made up."""
    known = known_versions(taxonomy)
    if version not in known:
        listed = ", ".join(sorted(known, key=version_key))
        raise InputError(f"unknown version {version} of {taxonomy.taxonomy} (known: {listed})")


class FileTimeline:
    """Which labels existed, were removed and were carved out in each version,
    read off one taxonomy file (no git history is involved)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.labels = taxonomy.labels
        self.current = taxonomy.version
        # version -> source label -> the labels carved out of it in that version
        self.carves: dict[str, dict[str, list[str]]] = {}
        for label_id, label in self.labels.items():
            if label.carved_from and label.added_in is not None:
                by_source = self.carves.setdefault(label.added_in, {})
                for source in label.carved_from:
                    by_source.setdefault(source, []).append(label_id)

    def removed_in(self, label: Label) -> str | None:
        """The version a tombstone was made in (the current one when it does not say)."""
        if label.is_active:
            return None
        return label.deprecated_in or self.current

    def exists(self, label: Label, version: str) -> bool:
        if label.added_in is not None and compare(label.added_in, version) > 0:
            return False
        removed = self.removed_in(label)
        return removed is None or compare(removed, version) > 0

    def assignable(self, version: str) -> tuple[str, ...]:
        """Label ids assignable in ``version``, as far as the current file tells."""
        return assignable_ids(
            self.labels, self.taxonomy.task.leaf_only, lambda label: self.exists(label, version)
        )

    def steps(self, after: str, upto: str) -> list[str]:
        """Versions in (after, upto] at which some label changed where its data goes."""
        found: set[str] = set()
        for label in self.labels.values():
            removed = self.removed_in(label)
            if removed is not None:
                found.add(removed)
            found.update(e.version for e in label.history if e.change != "clarified")
        found.update(self.carves)
        return sorted(
            (v for v in found if compare(v, after) > 0 and compare(v, upto) <= 0),
            key=version_key,
        )
