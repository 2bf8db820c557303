"""What happens to each old label, decided once before the data is read.

A :class:`RelabelPlan` turns a :class:`~labelspec.versions.mapping_types.LabelMapping`
into a plain dict from the token found in the data (a label id, a display name, or
a class index) to an :class:`Outcome`. Formats look tokens up in it record by
record; nothing per record touches pydantic or the taxonomy graph, which is what
keeps relabelling close to the speed of just parsing and writing the data.

Never guess: only deterministic entries, and rule-splits whose ``when`` conditions
the record's own attributes decide, are applied. Everything else goes to review,
or (for removed labels, with ``on_removed="drop"``) is dropped on purpose.

Tokens the old version does not know at all (a typo, an abstract label, a label
of the new version already) are *rejected*, not reviewed: the record does not
match the version it claims to be in, which is an input problem, and the review
file is reserved for the reasons a mapping can give (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from labelspec.errors import UsageError

# Class numbers are shared with the COCO and YOLO label exports; re-exported here.
from labelspec.numbering import index_table
from labelspec.relabeling.formats import OnRemoved

if TYPE_CHECKING:
    from labelspec.model import Scalar, Taxonomy
    from labelspec.versions.mapping_types import (
        Conditions,
        LabelMapping,
        MappingEntry,
        ReviewReason,
    )

    SplitRule = tuple[Conditions, str]
    """The conditions a record's attributes must meet, and the label they choose."""

Action = Literal["map", "rules", "review", "drop"]
Style = Literal["id", "name", "index"]


@dataclass(frozen=True)
class Outcome:
    """What to do with one old label; ``targets`` are new label ids."""

    label: str
    action: Action
    targets: tuple[str, ...] = ()
    kind: str = "identity"
    reason: ReviewReason | None = None
    rules: tuple[SplitRule, ...] = ()
    fallback: str | None = None


@dataclass(frozen=True)
class Review:
    """A label occurrence that needs a person: the old label, where it could go, why."""

    label: str
    candidates: tuple[str, ...]
    reason: ReviewReason

    def to_json(self) -> dict[str, object]:
        return {"label": self.label, "candidates": list(self.candidates), "reason": self.reason}


class UnknownLabel(Exception):
    """A token that is no assignable label of the old version (the record is rejected)."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


Decision = tuple[str, ...] | Review | None
"""New label ids to write, a :class:`Review`, or ``None`` for a dropped label."""


def _same_value(actual: object, expected: Scalar) -> bool:
    """Attribute equality that survives formats which carry everything as text
    (CSV cells, Label Studio choices): ``"true"`` matches ``true``, ``"3"`` matches 3."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        if isinstance(actual, bool) and isinstance(expected, bool):
            return actual is expected
        return _text(actual) == _text(expected)
    if actual == expected:
        return True
    return _text(actual) == _text(expected)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().lower()


@dataclass
class RelabelPlan:
    """Old label id -> :class:`Outcome`, plus how tokens in the data name labels.

    ``tokens`` maps every spelling of an old label the data may use (its id, and
    its display name when that is unambiguous) to the old id; ``spelling`` maps a
    new label id to how it is written back in the style the token used.
    """

    mapping: LabelMapping
    taxonomy: Taxonomy
    on_removed: OnRemoved = "review"
    outcomes: dict[str, Outcome] = field(default_factory=dict, init=False)
    by_id: dict[str, str] = field(default_factory=dict, init=False)
    by_name: dict[str, str] = field(default_factory=dict, init=False)
    _index_tokens: dict[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.on_removed not in ("review", "drop"):
            raise UsageError(f"on_removed must be 'review' or 'drop', not {self.on_removed!r}")
        for source, entry in self.mapping.items():
            self.outcomes[source] = self._outcome(entry)
            self.by_id[source] = source
        labels = self.taxonomy.labels
        display: dict[str, list[str]] = {}
        for source in self.mapping:
            label = labels.get(source)
            if label is not None and label.name is not None and label.name != source:
                display.setdefault(label.name, []).append(source)
        for name, sources in display.items():
            # A display name that is also some label's id, or that two labels
            # share, is ambiguous; such data must use ids.
            if len(sources) == 1 and name not in self.by_id:
                self.by_name[name] = sources[0]

    def _outcome(self, entry: MappingEntry) -> Outcome:
        if entry.rules:
            conditional = tuple(
                (tuple(sorted(rule.when.items())), rule.label)
                for rule in entry.rules
                if rule.when is not None
            )
            fallback = next((rule.label for rule in entry.rules if rule.when is None), None)
            return Outcome(
                entry.source,
                "rules",
                entry.targets,
                entry.kind,
                "split",
                conditional,
                fallback,
            )
        if entry.deterministic:
            return Outcome(entry.source, "map", entry.targets, entry.kind)
        reason = entry.review or _reason_for(entry.kind)
        if reason == "removed" and self.on_removed == "drop":
            return Outcome(entry.source, "drop", (), entry.kind, reason)
        return Outcome(entry.source, "review", entry.targets, entry.kind, reason)

    # ---- looking tokens up -------------------------------------------------------

    def spellings(self, style: Style) -> dict[str, str]:
        """Token -> old label id, for one way of naming labels in the data."""
        if style == "id":
            return self.by_id
        if style == "name":
            return self.by_name
        return self._by_index

    @property
    def _by_index(self) -> dict[str, str]:
        if self._index_tokens is None:
            self._index_tokens = {
                str(number): label_id
                for number, label_id in index_table(self.taxonomy).items()
                if label_id in self.outcomes
            }
        return self._index_tokens

    def resolve(self, token: str, style: Style = "id") -> tuple[Outcome, Style]:
        """The outcome for a label spelled ``token``, and the style it was spelled
        in (so that the new labels are written the same way). In ``id`` style a
        display name is accepted too."""
        source = self.spellings(style).get(token)
        if source is not None:
            return self.outcomes[source], style
        if style == "id":
            source = self.by_name.get(token)
            if source is not None:
                return self.outcomes[source], "name"
        raise UnknownLabel(
            f"{token!r} is not an assignable label of "
            f"{self.mapping.taxonomy} {self.mapping.from_version}",
            token,
        )

    def spell(self, label_id: str, style: Style) -> str:
        """A new label id written as the data writes labels."""
        if style == "id":
            return label_id
        label = self.taxonomy.labels.get(label_id)
        if style == "name":
            return label.display_name if label is not None else label_id
        if label is None or label.index is None:
            raise UsageError(
                f"label {label_id!r} has no index, so data that names labels by "
                "index cannot be written; give it an index in the taxonomy"
            )
        return str(label.index)

    def decide(self, outcome: Outcome, attributes: Mapping[str, object] | None) -> Decision:
        """Apply ``outcome`` to one occurrence whose record carries ``attributes``."""
        action = outcome.action
        if action == "map":
            return outcome.targets
        if action == "drop":
            return None
        if action == "rules":
            chosen = self._apply_rules(outcome, attributes)
            if chosen is not None:
                return (chosen,)
        assert outcome.reason is not None
        return Review(outcome.label, outcome.targets, outcome.reason)

    @staticmethod
    def _apply_rules(outcome: Outcome, attributes: Mapping[str, object] | None) -> str | None:
        """The one target whose conditions the attributes meet; ``None`` when none or
        several do (both need a person). An attribute the record lacks decides
        nothing: taking the taxonomy default would be a guess."""
        if attributes is None:
            return None
        matched = [
            target
            for conditions, target in outcome.rules
            if all(
                key in attributes and _same_value(attributes[key], expected)
                for key, expected in conditions
            )
        ]
        if len(set(matched)) == 1:
            return matched[0]
        if not matched and outcome.fallback is not None:
            return outcome.fallback
        return None

    def fast_table(self, style: Style = "id") -> dict[str, str]:
        """Token -> the token to write, for labels that map to exactly one label
        whatever the record says: the hot path of every format. In ``id`` style,
        display names are included."""
        table: dict[str, str] = {}
        for token, outcome, each in self._fast_path_tokens(style):
            if outcome.action == "map" and len(outcome.targets) == 1:
                table[token] = self.spell(outcome.targets[0], each)
        return table

    def review_table(self, style: Style = "id") -> dict[str, Review]:
        """Token -> its review, for labels that go to review whatever the record
        says (not rule-splits: the record's attributes may decide those)."""
        return {
            token: Review(outcome.label, outcome.targets, outcome.reason)
            for token, outcome, _ in self._fast_path_tokens(style)
            if outcome.action == "review" and outcome.reason is not None
        }

    def token_labels(self, style: Style = "id") -> dict[str, str]:
        """Token -> old label id, over every token the two tables above hold."""
        if style == "id":
            return {**self.by_name, **self.by_id}
        return dict(self.spellings(style))

    def _fast_path_tokens(self, style: Style) -> Iterator[tuple[str, Outcome, Style]]:
        """(token, outcome, style of the token) for the tokens a fast path reads
        in ``style``: in ``id`` style display names too."""
        styles: tuple[Style, ...] = ("name", "id") if style == "id" else (style,)
        for each in styles:
            for token, source in self.spellings(each).items():
                yield token, self.outcomes[source], each


def _reason_for(kind: str) -> ReviewReason:
    """The review reason of a non-deterministic entry that did not name one."""
    reasons: dict[str, ReviewReason] = {
        "split": "split",
        "removed": "removed",
        "narrowed": "narrowed",
        "broadened": "broadened",
        "carved": "carved",
    }
    return reasons.get(kind, "split")
