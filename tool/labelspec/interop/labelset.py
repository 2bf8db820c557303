"""The label set as every annotation tool sees it: the neutral middle of export,
import and drift checks.

An exporter turns a :class:`LabelSet` into a tool's config, an importer turns a
tool's config into one, and a drift check compares two of them. Tools hold far
less than a taxonomy (no includes, examples or edge cases), so this is all a
tool's config can say about labels: ids and names, hierarchy, a description,
attributes, a class number, colour and hotkey, and whether the label is retired.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from labelspec.graph import assignable_ids
from labelspec.model import Attribute, Modality, TaskKind, Taxonomy


@dataclass
class ToolLabel:
    """One label as a tool holds it."""

    id: str
    name: str | None = None
    parents: list[str] = field(default_factory=list)
    definition: str | None = None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    # Held by spreadsheets only; other tools have no place for them.
    includes: list[str] = field(default_factory=list)
    excludes: dict[str, str | None] = field(default_factory=dict)
    index: int | None = None
    color: str | None = None
    hotkey: str | None = None
    abstract: bool = False
    # A tombstone kept in the export so that tools which refuse to drop labels
    # still used by annotations accept the new config; never offered for new work.
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name if self.name is not None else self.id


@dataclass
class LabelSet:
    """The labels of one annotation task, in file order, with what the task says."""

    labels: dict[str, ToolLabel]
    modality: Modality | None = None
    kind: TaskKind | None = None
    multi_label: bool = False
    leaf_only: bool = True
    # Attributes every label carries.
    attributes: dict[str, Attribute] = field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    # What an import read but could not keep; the imported file says it at the top.
    notes: list[str] = field(default_factory=list)
    _index: dict[str, ToolLabel] | None = field(default=None, init=False, repr=False, compare=False)

    def active(self) -> list[ToolLabel]:
        return [label for label in self.labels.values() if not label.deprecated]

    def assignable(self) -> list[ToolLabel]:
        """The labels annotators may choose, by the taxonomy's own rule."""
        ids = assignable_ids(self.labels, self.leaf_only, _not_retired)
        return [self.labels[label_id] for label_id in ids]

    def find(self, value: str) -> ToolLabel | None:
        """The label a tool's value names: by id, display name or slug of either
        (a drift check asks for thousands: the index is built once)."""
        if self._index is None:
            index: dict[str, ToolLabel] = {}
            # Earlier ways of naming win: an id over a name over a slug.
            for key in (_by_slug, _by_name, _by_id):
                index.update((key(label), label) for label in reversed(self.labels.values()))
            self._index = index
        return self._index.get(value) or self._index.get(slug(value))


def _not_retired(label: ToolLabel) -> bool:
    return not label.deprecated


def _by_id(label: ToolLabel) -> str:
    return label.id


def _by_name(label: ToolLabel) -> str:
    return label.display_name


def _by_slug(label: ToolLabel) -> str:
    return slug(label.display_name)


def labelset_of(taxonomy: Taxonomy, deprecated: bool = True) -> LabelSet:
    """The taxonomy as tools see it; tombstones are kept (marked) unless
    ``deprecated`` is false. ``index`` is the label's own field: formats that
    number every class (COCO, YOLO) take their numbers from
    :class:`labelspec.numbering.Numbering`, as the relabeler does."""
    graph = taxonomy.graph
    labels: dict[str, ToolLabel] = {}
    for label_id, label in taxonomy.labels.items():
        if not label.is_active and not deprecated:
            continue
        hints = label.tool
        labels[label_id] = ToolLabel(
            id=label_id,
            name=label.name,
            parents=[parent for parent in label.parents if parent in taxonomy.labels],
            definition=label.definition,
            attributes=dict(label.attributes),
            includes=list(label.includes),
            excludes=dict(label.excludes),
            index=label.index,
            color=hints.color if hints is not None and hints.color else stable_color(label_id),
            hotkey=hints.hotkey if hints is not None else None,
            abstract=label.abstract,
            deprecated=not label.is_active,
            replaced_by=list(graph.final_targets(label_id)) if not label.is_active else [],
        )
    task = taxonomy.task
    return LabelSet(
        labels=labels,
        modality=task.modality,
        kind=task.kind,
        multi_label=task.multi_label,
        leaf_only=task.leaf_only,
        attributes=dict(taxonomy.attributes),
        title=taxonomy.title,
        description=taxonomy.description,
    )


def stable_color(label_id: str) -> str:
    """A colour derived from the id alone, so that exports do not reshuffle colours
    when labels are added; mid saturation and lightness keep text readable on it."""
    digest = hashlib.sha256(label_id.encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    return _hsl_to_hex(hue, 0.55, 0.5)


def _hsl_to_hex(hue: float, saturation: float, lightness: float) -> str:
    def channel(n: int) -> int:
        k = (n + hue * 12) % 12
        a = saturation * min(lightness, 1 - lightness)
        return round(255 * (lightness - a * max(-1, min(k - 3, 9 - k, 1))))

    return f"#{channel(0):02x}{channel(8):02x}{channel(4):02x}"


_NOT_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A label id from a tool's label text: lowercase words joined by hyphens
    ("Traffic light" -> "traffic-light"); text with no letter or digit gives "label"."""
    return _NOT_ID.sub("-", text.lower()).strip("-") or "label"


def lift_common_attributes(labels: LabelSet) -> None:
    """Attributes that every label of an imported config carries alike become
    attributes of the taxonomy: tools that have no taxonomy-wide attributes
    repeat them on each label, as labelspec's own exports do."""
    members = list(labels.labels.values())
    if len(members) < 2:
        return
    first = members[0].attributes
    common = [
        name
        for name, attribute in first.items()
        if all(member.attributes.get(name) == attribute for member in members[1:])
    ]
    for name in common:
        labels.attributes[name] = first[name]
        for member in members:
            del member.attributes[name]
