"""The label mapping from an earlier version to the current one (DESIGN.md,
"Versions and mappings"): what the versions code builds and relabel consumes.

A :class:`LabelMapping` holds the public :class:`MappingEntry` of each old label,
and the :class:`Route` it was made from, so that two mappings compose exactly.
What a label goes to is a route: alternatives, each a target (or None for a
removal) with the attribute conditions that choose it, whether a person has to
choose instead, and the flags met on the way (narrowed, broadened, carved,
merged). Composing routes is the bind of a list monad, which is associative, so
mapping A->B then B->C gives exactly A->C.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from labelspec.model import Scalar, SplitTarget

MappingKind = Literal[
    "identity", "renamed", "merged", "split", "removed", "narrowed", "broadened", "carved"
]
ReviewReason = Literal["split", "removed", "narrowed", "broadened", "carved"]
# The attribute conditions of a rule split, as sorted (attribute, value) pairs.
Conditions = tuple[tuple[str, Scalar], ...]
# Why a person chooses among alternatives: a split without rules, or a carve-out.
Ambiguity = Literal["split", "carved"] | None


@dataclass(frozen=True)
class Alternative:
    """One place data of a label may go: ``target`` (None: nowhere, removed),
    chosen by the record's attributes matching ``when`` (None: unconditionally),
    or by a person when ``ambiguous`` says why."""

    target: str | None
    when: Conditions | None = None
    ambiguous: Ambiguity = None
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    """Where data of one label goes: its alternatives, in order."""

    alternatives: tuple[Alternative, ...]

    @classmethod
    def identity(cls, label: str) -> Route:
        return cls((Alternative(label),))

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.target for a in self.alternatives if a.target is not None))

    def then(self, step: Callable[[str], Route]) -> Route:
        """This route followed by ``step`` (the route of each target onwards)."""
        out: list[Alternative] = []
        for first in self.alternatives:
            if first.target is None:
                out.append(first)
                continue
            for second in step(first.target).alternatives:
                when = both_conditions(first.when, second.when)
                if when is False:
                    continue  # conditions that contradict each other: no data goes there
                out.append(
                    Alternative(
                        second.target,
                        when,
                        either_ambiguity(first.ambiguous, second.ambiguous),
                        first.flags | second.flags,
                    )
                )
        return Route(tuple(dict.fromkeys(out)))


def either_ambiguity(a: Ambiguity, b: Ambiguity) -> Ambiguity:
    """The ambiguity of two steps taken one after the other (a split outweighs a
    carve-out)."""
    if "split" in (a, b):
        return "split"
    return "carved" if "carved" in (a, b) else None


def _value_key(value: Scalar) -> tuple[str, Scalar]:
    # True == 1 in Python; an attribute condition on true is not one on 1.
    return (type(value).__name__, value)


def both_conditions(
    a: Conditions | None, b: Conditions | None
) -> Conditions | Literal[False] | None:
    """Both sets of conditions at once; False when they contradict each other."""
    if a is None:
        return b
    if b is None:
        return a
    merged = dict(a)
    for key, value in b:
        if key in merged and _value_key(merged[key]) != _value_key(value):
            return False
        merged[key] = value
    return tuple(sorted(merged.items(), key=lambda item: item[0]))


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

    @property
    def reason(self) -> ReviewReason | None:
        """Why a person must look (DESIGN.md's API name for :attr:`review`)."""
        return self.review

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
    # How every label of the old version was carried forward, kept so that
    # mappings compose exactly. Not part of equality or of the JSON.
    routes: Mapping[str, Route] = field(default_factory=dict, compare=False, repr=False)

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
