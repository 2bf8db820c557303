"""The vocabulary of a diff: the kinds of change, what each one carries, the bump
each needs by default, and how to say it in one line.

Like buf's breaking-change rules, every kind is one row of one table,
:data:`KINDS`: the diff emits only these kinds (:data:`ChangeKind`), the version
policy derives its default table from their categories, and the renderers
describe a change by its row. A kind's *categories* are what the policy looks
up: the kind itself, or the kind refined where the kind alone does not decide
the bump (``definition-changed:narrowed`` vs ``:clarified``, ``added:carved``).

Each kind's ``details`` has a shape of its own (a TypedDict below); they are the
``details`` object of ``labelspec diff --format json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Literal, NotRequired, TypedDict, TypeVar, cast

from labelspec.model import Scalar
from labelspec.semver import Bump

if TYPE_CHECKING:
    from typing import Never

ChangeKind = Literal[
    "added",
    "tombstone-added",
    "deprecated",
    "renamed",
    "merged",
    "split",
    "replacement-changed",
    "undeclared-removal",
    "suggested-rename",
    "moved",
    "definition-changed",
    "name-changed",
    "aliases-changed",
    "examples-changed",
    "distinction-changed",
    "edge-case-added",
    "edge-case-changed",
    "attribute-added",
    "attribute-removed",
    "attribute-changed",
    "task-changed",
    "text-changed",
    "index-changed",
    "index-shifted",
    "assignable-changed",
]


# ---- what each kind carries -----------------------------------------------------------


class Added(TypedDict):
    parents: list[str]
    carved_from: NotRequired[list[str]]
    restored: NotRequired[bool]


class TombstoneAdded(TypedDict):
    to: list[str]


class SplitRule(TypedDict):
    label: str
    when: NotRequired[dict[str, Scalar]]


class Replaced(TypedDict):
    """deprecated, renamed, merged and split: where the label's data goes now."""

    to: list[str]
    reason: str | None
    rules: NotRequired[list[SplitRule]]


# Keys that are Python keywords ("from", "as") need the functional form.
ReplacementChanged = TypedDict("ReplacementChanged", {"from": list[str], "to": list[str]})


class UndeclaredRemoval(TypedDict):
    was: Literal["deprecated", "active"]


SuggestedRename = TypedDict(
    "SuggestedRename", {"to": str, "score": float, "as": Literal["rename", "merge"]}
)
Moved = TypedDict("Moved", {"from": list[str], "to": list[str]})
DefinitionChange = Literal["narrowed", "broadened", "clarified", "undeclared"]


class DefinitionChanged(TypedDict):
    fields: list[str]
    change: DefinitionChange
    note: NotRequired[str]


NameChanged = TypedDict("NameChanged", {"from": str, "to": str})


class AliasesChanged(TypedDict):
    added: list[str]
    removed: list[str]


class ExamplesChanged(TypedDict):
    """[old count, new count] of each."""

    examples: list[int]
    counter_examples: list[int]


class DistinctionChanged(TypedDict):
    labels: list[str]


class EdgeCaseAdded(TypedDict):
    id: str
    decision: str | list[str] | None
    status: Literal["decided", "open"]


class EdgeCaseChanged(TypedDict):
    id: str
    fields: NotRequired[list[str]]
    removed: NotRequired[bool]


class AttributeAdded(TypedDict):
    attribute: str
    type: str


class AttributeRemoved(TypedDict):
    attribute: str


class AttributeChanged(TypedDict):
    attribute: str
    fields: list[str]


class TaskChanged(TypedDict, total=False):
    """[old, new] of each field of ``task`` (or ``exclusive_groups``) that changed."""

    modality: list[str]
    kind: list[str]
    multi_label: list[bool]
    leaf_only: list[bool]
    exclusive_groups: list[list[list[str]]]


class TextChanged(TypedDict):
    field: str


IndexChanged = TypedDict("IndexChanged", {"from": int, "to": int | None})


class IndexShifted(TypedDict):
    """How many kept labels get another class number, and the first few."""

    labels: int
    first: list[str]


class AssignableChanged(TypedDict):
    assignable: bool


ChangeDetails = (
    Added
    | TombstoneAdded
    | Replaced
    | ReplacementChanged
    | UndeclaredRemoval
    | SuggestedRename
    | Moved
    | DefinitionChanged
    | NameChanged
    | AliasesChanged
    | ExamplesChanged
    | DistinctionChanged
    | EdgeCaseAdded
    | EdgeCaseChanged
    | AttributeAdded
    | AttributeRemoved
    | AttributeChanged
    | TaskChanged
    | TextChanged
    | IndexChanged
    | IndexShifted
    | AssignableChanged
)

Details = TypeVar("Details", bound=ChangeDetails, covariant=True)


# ---- a change and where it is ---------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """A line of a taxonomy file: ``file`` as a plain path, and the git ref or
    version it was read at (None for a working file)."""

    file: str
    line: int
    ref: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}@{self.ref}" if self.ref is not None else self.file
        return f"{where}:{self.line}"

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "ref": self.ref, "line": self.line}


@dataclass(frozen=True)
class Change(Generic[Details]):
    """One classified change. ``label`` is None for taxonomy-wide changes;
    ``category`` is what the version policy looks up (the kind, refined)."""

    kind: ChangeKind
    label: str | None
    details: Details
    old: Location | None
    new: Location | None
    category: str = ""

    def __post_init__(self) -> None:
        if not self.category:
            object.__setattr__(self, "category", self.kind)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "label": self.label,
            "details": self.details,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
            "category": self.category,
        }


AnyChange = Change[ChangeDetails]


# ---- the table ------------------------------------------------------------------------

Described = TypeVar("Described", bound=ChangeDetails, contravariant=True)


@dataclass(frozen=True)
class KindSpec(Generic[Described]):
    """One kind of change: the default bump of each of its categories, and how to
    say a change of this kind in one line (without its location)."""

    bumps: Mapping[str, Bump]
    describe: Callable[[Change[Described]], str]


def describe(change: AnyChange) -> str:
    """One line saying what happened, without the location."""
    # The diff gives each kind the details its row describes.
    line = cast("Callable[[AnyChange], str]", KINDS[change.kind].describe)
    return line(change)


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _label(change: AnyChange) -> str:
    return change.label or "(taxonomy)"


def _added(change: Change[Added]) -> str:
    d = change.details
    extra = " (restored)" if d.get("restored") else ""
    if d.get("carved_from"):
        extra += f", carved from {', '.join(d.get('carved_from', []))}"
    return f"{_label(change)} added{extra}"


def _tombstone_added(change: Change[TombstoneAdded]) -> str:
    to = change.details["to"]
    return f"{_label(change)} tombstone added" + (f" (-> {_ids(to)})" if to else "")


def _deprecated(change: Change[Replaced]) -> str:
    reason = change.details["reason"]
    return f"{_label(change)} removed" + (f": {reason}" if reason else "")


def _renamed(change: Change[Replaced]) -> str:
    return f"{_label(change)} renamed to {', '.join(change.details['to'])}"


def _merged(change: Change[Replaced]) -> str:
    return f"{_label(change)} merged into {', '.join(change.details['to'])}"


def _split(change: Change[Replaced]) -> str:
    how = " by attributes" if change.details.get("rules") else " (ambiguous: review needed)"
    return f"{_label(change)} split into {', '.join(change.details['to'])}{how}"


def _replacement_changed(change: Change[ReplacementChanged]) -> str:
    d = change.details
    return f"{_label(change)}: replacement changed from {_ids(d['from'])} to {_ids(d['to'])}"


def _undeclared_removal(change: Change[UndeclaredRemoval]) -> str:
    return f"{_label(change)} vanished without a tombstone"


def _suggested_rename(change: Change[SuggestedRename]) -> str:
    d = change.details
    return f"{_label(change)} may have become {d['to']} ({d['as']}, similarity {d['score']})"


def _moved(change: Change[Moved]) -> str:
    d = change.details
    return f"{_label(change)} moved from {_ids(d['from'])} to {_ids(d['to'])}"


def _definition_changed(change: Change[DefinitionChanged]) -> str:
    d = change.details
    return f"{_label(change)} definition {d['change']} ({', '.join(d['fields']) or 'history'})"


def _name_changed(change: Change[NameChanged]) -> str:
    d = change.details
    return f"{_label(change)} renamed on screen: {d['from']!r} -> {d['to']!r}"


def _aliases_changed(change: Change[AliasesChanged]) -> str:
    d = change.details
    return f"{_label(change)} aliases: +{_ids(d['added'])} -{_ids(d['removed'])}"


def _examples_changed(change: Change[ExamplesChanged]) -> str:
    (e_old, e_new), (c_old, c_new) = change.details["examples"], change.details["counter_examples"]
    return f"{_label(change)} examples {e_old} -> {e_new}, counter-examples {c_old} -> {c_new}"


def _distinction_changed(change: Change[DistinctionChanged]) -> str:
    return f"{_label(change)} distinctions from {_ids(change.details['labels'])} changed"


def _edge_case_added(change: Change[EdgeCaseAdded]) -> str:
    return f"{_label(change)} edge case {change.details['id']} added"


def _edge_case_changed(change: Change[EdgeCaseChanged]) -> str:
    what = "removed" if change.details.get("removed") else "changed"
    return f"{_label(change)} edge case {change.details['id']} {what}"


AttributeDetails = AttributeAdded | AttributeRemoved | AttributeChanged


def _attribute(what: str) -> Callable[[Change[AttributeDetails]], str]:
    def line(change: Change[AttributeDetails]) -> str:
        return f"{_label(change)} attribute {change.details['attribute']} {what}"

    return line


def _task_changed(change: Change[TaskChanged]) -> str:
    # Every value of TaskChanged is an [old, new] pair.
    pairs = cast("Mapping[str, list[object]]", change.details)
    return "task changed: " + ", ".join(f"{k} {v[0]!r} -> {v[1]!r}" for k, v in pairs.items())


def _text_changed(change: Change[TextChanged]) -> str:
    owner = f"{change.label} " if change.label else ""
    return f"{owner}{change.details['field']} changed"


def _index_changed(change: Change[IndexChanged]) -> str:
    d = change.details
    return f"{_label(change)} class index {d['from']} -> {d['to']}"


def _index_shifted(change: Change[IndexShifted]) -> str:
    count = change.details["labels"]
    labels = "1 label gets" if count == 1 else f"{count} labels get"
    return f"{labels} another class number in file-order exports"


def _assignable_changed(change: Change[AssignableChanged]) -> str:
    now = "now" if change.details["assignable"] else "no longer"
    return f"{_label(change)} is {now} assignable"


# DESIGN.md's version policy: MAJOR for whatever can make existing annotations
# wrong, MINOR for additions that leave them valid, PATCH for clarifications and
# text, none for notes that accompany a change counted already.
KINDS: dict[ChangeKind, KindSpec[Never]] = {
    "added": KindSpec({"added": "minor", "added:carved": "major"}, _added),
    "tombstone-added": KindSpec({"tombstone-added": "patch"}, _tombstone_added),
    "deprecated": KindSpec({"deprecated": "major"}, _deprecated),
    "renamed": KindSpec({"renamed": "major"}, _renamed),
    "merged": KindSpec({"merged": "major"}, _merged),
    "split": KindSpec({"split": "major"}, _split),
    "replacement-changed": KindSpec({"replacement-changed": "major"}, _replacement_changed),
    "undeclared-removal": KindSpec({"undeclared-removal": "major"}, _undeclared_removal),
    "suggested-rename": KindSpec({"suggested-rename": "none"}, _suggested_rename),
    "moved": KindSpec({"moved": "minor"}, _moved),
    "definition-changed": KindSpec(
        {
            "definition-changed:narrowed": "major",
            "definition-changed:broadened": "major",
            "definition-changed:clarified": "patch",
            "definition-changed:undeclared": "patch",
        },
        _definition_changed,
    ),
    "name-changed": KindSpec(
        {"name-changed": "minor", "name-changed:cosmetic": "patch"}, _name_changed
    ),
    "aliases-changed": KindSpec({"aliases-changed": "patch"}, _aliases_changed),
    "examples-changed": KindSpec({"examples-changed": "patch"}, _examples_changed),
    "distinction-changed": KindSpec({"distinction-changed": "patch"}, _distinction_changed),
    "edge-case-added": KindSpec({"edge-case-added": "patch"}, _edge_case_added),
    "edge-case-changed": KindSpec({"edge-case-changed": "patch"}, _edge_case_changed),
    "attribute-added": KindSpec({"attribute-added": "minor"}, _attribute("added")),
    "attribute-removed": KindSpec({"attribute-removed": "major"}, _attribute("removed")),
    "attribute-changed": KindSpec(
        {"attribute-changed": "major", "attribute-changed:description": "patch"},
        _attribute("changed"),
    ),
    "task-changed": KindSpec({"task-changed": "major"}, _task_changed),
    "text-changed": KindSpec({"text-changed": "patch"}, _text_changed),
    "index-changed": KindSpec({"index-changed": "major"}, _index_changed),
    "index-shifted": KindSpec({"index-shifted": "none"}, _index_shifted),
    "assignable-changed": KindSpec(
        {"assignable-changed:gained": "minor", "assignable-changed:lost": "major"},
        _assignable_changed,
    ),
}
