"""The label mapping from an earlier version to the current one (DESIGN.md,
"Versions and mappings"): what the versions code builds and relabel consumes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from labelspec.model import SplitTarget

MappingKind = Literal[
    "identity", "renamed", "merged", "split", "removed", "narrowed", "broadened", "carved"
]
ReviewReason = Literal["split", "removed", "narrowed", "broadened", "carved"]


@dataclass(frozen=True)
class MappingEntry:
    """Where data labelled ``source`` in the old version goes now.

    ``targets`` are current label ids. ``deterministic`` entries can be applied
    without a look; the others carry the ``review`` reason. A split with
    attribute rules is deterministic per record when its ``rules`` decide.
    """

    source: str
    targets: tuple[str, ...]
    kind: MappingKind
    deterministic: bool
    review: ReviewReason | None = None
    rules: tuple[SplitTarget, ...] = ()
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.source,
            "to": list(self.targets),
            "kind": self.kind,
            "deterministic": self.deterministic,
            "review": self.review,
            "rules": [rule.model_dump(exclude_none=True) for rule in self.rules],
        }


@dataclass(frozen=True)
class LabelMapping(Mapping[str, MappingEntry]):
    """Old label id -> :class:`MappingEntry`, for every label assignable in the old
    version. Read like a dict: ``mapping["person"]``."""

    taxonomy: str
    from_version: str
    to_version: str
    entries: dict[str, MappingEntry] = field(default_factory=dict)
    # How every label of the old version was carried forward
    # (labelspec.versions.mapping.Route), kept so that mappings compose exactly.
    # Not part of equality or of the JSON.
    routes: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, label: str) -> MappingEntry:
        return self.entries[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def to_json(self) -> dict[str, object]:
        return {
            "taxonomy": self.taxonomy,
            "from": self.from_version,
            "to": self.to_version,
            "entries": [entry.to_json() for entry in self.entries.values()],
        }
