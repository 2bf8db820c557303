"""The accounting of a relabel run: every record read is written, sent to review,
rejected or (on request) dropped, and the run checks that the sums agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from labelspec.errors import LabelspecError


class Fate(Enum):
    """What became of one label occurrence."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REVIEW = "review"
    DROPPED = "dropped"


@dataclass
class LabelTally:
    """What happened to the occurrences of one old label."""

    unchanged: int = 0
    changed: int = 0
    review: int = 0
    dropped: int = 0

    def add(self, fate: Fate, count: int = 1) -> None:
        if fate is Fate.UNCHANGED:
            self.unchanged += count
        elif fate is Fate.CHANGED:
            self.changed += count
        elif fate is Fate.REVIEW:
            self.review += count
        else:
            self.dropped += count

    def to_json(self) -> dict[str, int]:
        return {
            "unchanged": self.unchanged,
            "changed": self.changed,
            "review": self.review,
            "dropped": self.dropped,
        }


@dataclass
class RelabelReport:
    """Counts of one run (records, and label occurrences per old label).

    ``read`` is counted where records are parsed; ``written``, ``review`` and
    ``rejected`` where they are emitted, so :meth:`check` compares two
    independent counts rather than restating one. Only
    :class:`~labelspec.relabeling.engine.Run` changes the counts.
    """

    source: str
    fmt: str
    taxonomy: str
    from_version: str
    to_version: str
    dry_run: bool = False
    read: int = 0
    written: int = 0
    changed: int = 0
    review: int = 0
    rejected: int = 0
    dropped: int = 0
    labels: dict[str, LabelTally] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def tally(self, label: str) -> LabelTally:
        found = self.labels.get(label)
        if found is None:
            found = self.labels[label] = LabelTally()
        return found

    def reject_token(self, token: str) -> None:
        self.unknown[token] = self.unknown.get(token, 0) + 1

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.review + self.rejected + self.dropped

    def check(self) -> None:
        """Raise when a record went missing or was counted twice (a bug, never
        an input problem: outputs are then discarded, not committed)."""
        if not self.balanced:
            raise LabelspecError(
                f"accounting failed: read {self.read} != written {self.written} + review "
                f"{self.review} + rejected {self.rejected} + dropped {self.dropped}; "
                "no output was written"
            )

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "format": self.fmt,
            "taxonomy": self.taxonomy,
            "from": self.from_version,
            "to": self.to_version,
            "dry_run": self.dry_run,
            "read": self.read,
            "written": self.written,
            "changed": self.changed,
            "review": self.review,
            "rejected": self.rejected,
            "dropped": self.dropped,
            "labels": {
                label: {
                    "to": list(self.targets.get(label, ())),
                    "kind": self.kinds.get(label),
                    **tally.to_json(),
                }
                for label, tally in self.labels.items()
            },
            "unknown": dict(self.unknown),
            "outputs": dict(self.outputs),
            "warnings": list(self.warnings),
        }
