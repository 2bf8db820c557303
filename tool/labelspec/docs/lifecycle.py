"""What changed in which version, read from the taxonomy file alone.

Labels are never deleted, and each one records ``added_in``, ``deprecated_in``,
its ``history`` and the ``since`` of its edge cases; so the current file tells
annotators what changed in every version without needing git history. The
git-based diff of :mod:`labelspec.versions` adds detail where it is available.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labelspec.model import EdgeCase, HistoryEntry, Taxonomy
from labelspec.semver import version_key


@dataclass
class VersionChanges:
    """The changes one version made, by kind; lists hold label ids in file order."""

    version: str
    added: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    meaning: list[tuple[str, HistoryEntry]] = field(default_factory=list)
    decisions: list[tuple[str, EdgeCase]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.deprecated or self.meaning or self.decisions)


def changes_by_version(taxonomy: Taxonomy) -> list[VersionChanges]:
    """Every version the file mentions, newest first, with what it changed."""
    found: dict[str, VersionChanges] = {taxonomy.version: VersionChanges(taxonomy.version)}

    def at(version: str) -> VersionChanges:
        return found.setdefault(version, VersionChanges(version))

    for label_id, label in taxonomy.labels.items():
        if label.added_in is not None:
            at(label.added_in).added.append(label_id)
        if label.deprecated_in is not None:
            at(label.deprecated_in).deprecated.append(label_id)
        for entry in label.history:
            at(entry.version).meaning.append((label_id, entry))
        for case in label.edge_cases:
            if case.since is not None:
                at(case.since).decisions.append((label_id, case))
    return sorted(found.values(), key=lambda item: version_key(item.version), reverse=True)


def changes_since(taxonomy: Taxonomy, version: str) -> VersionChanges:
    """Everything that changed after ``version`` up to the current one, merged."""
    merged = VersionChanges(version)
    floor = version_key(version)
    for changes in reversed(changes_by_version(taxonomy)):
        if version_key(changes.version) <= floor:
            continue
        merged.added += changes.added
        merged.deprecated += changes.deprecated
        merged.meaning += changes.meaning
        merged.decisions += changes.decisions
    # A label both added and deprecated since then never reached the annotator.
    gone = set(merged.added) & set(merged.deprecated)
    merged.added = [label for label in merged.added if label not in gone]
    merged.deprecated = [label for label in merged.deprecated if label not in gone]
    return merged


def earlier_versions(taxonomy: Taxonomy) -> list[str]:
    """The versions before the current one that the file mentions, newest first."""
    current = version_key(taxonomy.version)
    return [
        changes.version
        for changes in changes_by_version(taxonomy)
        if version_key(changes.version) < current
    ]


def current_targets(taxonomy: Taxonomy, label_id: str) -> list[str]:
    """The active labels a tombstone leads to, following chains of replacements."""
    targets: list[str] = []
    seen: set[str] = set()
    pending = [label_id]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        label = taxonomy.labels.get(current)
        if label is None:
            continue
        if label.is_active and current != label_id:
            targets.append(current)
        elif not label.is_active:
            pending.extend(label.replacement_targets)
    return targets


def replaces(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Active label id -> the tombstones that point to it directly."""
    found: dict[str, list[str]] = {}
    for label_id, label in taxonomy.labels.items():
        if not label.is_active:
            for target in label.replacement_targets:
                found.setdefault(target, []).append(label_id)
    return found
