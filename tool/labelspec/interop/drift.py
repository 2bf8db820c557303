"""Drift between a taxonomy and the config an annotation tool holds now.

Both sides are label sets (the taxonomy's export, and the tool's config read
back), matched by id, display name or the slug of either, since tools keep what
annotators see. Every difference is one line a lead can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from labelspec.interop import DEFAULT_ASPECTS, Aspect
from labelspec.interop.labelset import LabelSet, ToolLabel

DriftKind = Literal[
    "added-in-tool",
    "missing-in-tool",
    "renamed",
    "id-changed",
    "deprecated-in-taxonomy",
    "name-changed",
    "parent-changed",
    "attribute-added",
    "attribute-removed",
    "attribute-changed",
]


@dataclass(frozen=True)
class Drift:
    kind: DriftKind
    label: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label, "message": self.message}


def compare(
    taxonomy: LabelSet, tool: LabelSet, holds: frozenset[Aspect] = DEFAULT_ASPECTS
) -> list[Drift]:
    """What the tool's config says differently from the taxonomy about the
    aspects the tool ``holds``: first what the tool offers, then, in the
    taxonomy's order, what it lacks or says differently."""
    # A config with no parent anywhere is flat (Label Studio's region labels):
    # it says nothing about the hierarchy, rather than that every label is a root.
    if not any(label.parents for label in tool.labels.values()):
        holds = holds - {"hierarchy"}
    found: list[Drift] = []
    renamed: set[str] = set()  # taxonomy ids the tool still offers under an old name
    matched: dict[str, ToolLabel] = {}  # taxonomy id -> the tool's label
    for offered in tool.labels.values():
        if offered.deprecated:
            continue  # retired in the tool too: nothing offered
        ours = taxonomy.find(offered.id) or taxonomy.find(offered.display_name)
        if ours is None:
            found.append(
                Drift(
                    "added-in-tool",
                    offered.id,
                    f"the tool offers '{offered.display_name}', which the taxonomy does not have",
                )
            )
        elif ours.deprecated:
            drift = _retired(ours, offered, tool)
            if drift.kind == "renamed":
                renamed.add(drift.label)
            found.append(drift)
        else:
            matched[ours.id] = offered
    for ours in taxonomy.assignable():
        offered_label = matched.get(ours.id)
        if offered_label is None:
            if ours.id not in renamed:
                found.append(
                    Drift(
                        "missing-in-tool",
                        ours.id,
                        f"'{ours.display_name}' is in the taxonomy but not in the tool",
                    )
                )
            continue
        found.extend(_label_drift(ours, offered_label, taxonomy, tool, holds))
    return found


def _retired(ours: ToolLabel, offered: ToolLabel, tool: LabelSet) -> Drift:
    targets = ours.replaced_by
    missing = [target for target in targets if tool.find(target) is None]
    if len(targets) == 1 and missing:
        return Drift(
            "renamed",
            targets[0],
            f"the tool still offers '{offered.display_name}', which the taxonomy replaced "
            f"by '{targets[0]}' (not in the tool)",
        )
    instead = f"; use {', '.join(repr(t) for t in targets)}" if targets else ""
    return Drift(
        "deprecated-in-taxonomy",
        ours.id,
        f"the tool still offers '{offered.display_name}', which the taxonomy deprecated{instead}",
    )


def _label_drift(
    ours: ToolLabel,
    offered: ToolLabel,
    taxonomy: LabelSet,
    tool: LabelSet,
    holds: frozenset[Aspect],
) -> list[Drift]:
    found = []
    if "ids" in holds and offered.id != ours.id:
        found.append(
            Drift(
                "id-changed",
                ours.id,
                f"the tool has '{ours.display_name}' as '{offered.id}', the taxonomy as '{ours.id}'",
            )
        )
    if "names" in holds and offered.display_name not in (ours.display_name, ours.id):
        found.append(
            Drift(
                "name-changed",
                ours.id,
                f"the tool calls '{ours.display_name}' '{offered.display_name}'",
            )
        )
    if "hierarchy" in holds and [_id_of(p, taxonomy) for p in offered.parents] != ours.parents:
        found.append(
            Drift(
                "parent-changed",
                ours.id,
                f"the tool puts '{ours.display_name}' under {', '.join(offered.parents)}, "
                f"the taxonomy under {', '.join(ours.parents) or 'no parent'}",
            )
        )
    if "attributes" not in holds:
        return found
    expected = {**taxonomy.attributes, **ours.attributes}
    held = {**tool.attributes, **offered.attributes}
    for name in sorted(expected.keys() - held.keys()):
        found.append(
            Drift("attribute-removed", ours.id, f"the tool lacks attribute '{name}' of '{ours.id}'")
        )
    for name in sorted(held.keys() - expected.keys()):
        found.append(
            Drift(
                "attribute-added",
                ours.id,
                f"the tool has attribute '{name}' on '{ours.id}', which the taxonomy does not",
            )
        )
    for name in sorted(expected.keys() & held.keys()):
        want, have = expected[name], held[name]
        if (want.type, want.values) != (have.type, have.values):
            found.append(
                Drift(
                    "attribute-changed",
                    ours.id,
                    f"attribute '{name}' of '{ours.id}' is {_shape(have)} in the tool, "
                    f"{_shape(want)} in the taxonomy",
                )
            )
    return found


def _id_of(value: str, labels: LabelSet) -> str:
    found = labels.find(value)
    return found.id if found is not None else value


def _shape(attribute: object) -> str:
    kind = getattr(attribute, "type", "?")
    values = getattr(attribute, "values", None)
    return f"{kind} {values}" if values else str(kind)
