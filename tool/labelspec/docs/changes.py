"""What changed in which version, read from the taxonomy file alone.

The current file names every version it went through
(:mod:`labelspec.versions.timeline`), so it tells annotators what changed in each
without needing git history. The git-based diff of :mod:`labelspec.docs.changelog`
adds detail where it is available.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labelspec.model import EdgeCase, HistoryEntry, Taxonomy
from labelspec.semver import version_key
from labelspec.versions.timeline import mentioned_versions


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
    newest_first = sorted(mentioned_versions(taxonomy), key=version_key, reverse=True)
    found = {version: VersionChanges(version) for version in newest_first}
    for label_id, label in taxonomy.labels.items():
        if label.added_in is not None:
            found[label.added_in].added.append(label_id)
        if label.deprecated_in is not None:
            found[label.deprecated_in].deprecated.append(label_id)
        for entry in label.history:
            found[entry.version].meaning.append((label_id, entry))
        for case in label.edge_cases:
            if case.since is not None:
                found[case.since].decisions.append((label_id, case))
    return list(found.values())


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
    earlier = [v for v in mentioned_versions(taxonomy) if version_key(v) < current]
    return sorted(earlier, key=version_key, reverse=True)


def replaces(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Active label id -> the tombstones that point to it directly."""
    found: dict[str, list[str]] = {}
    for label_id, label in taxonomy.labels.items():
        if not label.is_active:
            for target in label.replacement_targets:
                found.setdefault(target, []).append(label_id)
    return found
