"""The accounting of a relabel run: every record read is written, sent to review,
rejected or (on request) dropped, and the run checks that the sums agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from labelspec.errors import LabelspecError

FATES = ("unchanged", "changed", "review", "dropped")


@dataclass
class LabelTally:
    """What happened to the occurrences of one old label."""

    unchanged: int = 0
    changed: int = 0
    review: int = 0
    dropped: int = 0

    def to_json(self) -> dict[str, int]:
        return {fate: getattr(self, fate) for fate in FATES}


@dataclass
class RelabelReport:
    """Counts of one run (records, and label occurrences per old label).

    ``read`` is counted where records are parsed; ``written``, ``review`` and
    ``rejected`` where they are emitted, so :meth:`check` compares two
    independent counts rather than restating one.
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

    def add_fast(
        self, counts: Mapping[str, int], table: Mapping[str, str], sources: Mapping[str, str]
    ) -> None:
        """Fold the per-token counters of a format's fast path into the tallies:
        a fast token's fate is fixed by the token, so counting tokens suffices."""
        for token, count in counts.items():
            tally = self.tally(sources[token])
            if table[token] == token:
                tally.unchanged += count
            else:
                tally.changed += count

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
