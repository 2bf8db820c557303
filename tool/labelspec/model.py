"""Pydantic models of the taxonomy format (DESIGN.md, "The taxonomy file").

This module is the one place the format is defined: the loader validates with it,
``labelspec schema`` exports it, and every other part reads these objects.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from labelspec.positions import Positions
from labelspec.semver import SEMVER_PATTERN

if TYPE_CHECKING:
    from pathlib import Path

    from labelspec.graph import TaxonomyGraph
    from labelspec.versions.mapping_types import LabelMapping

TAXONOMY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _version_text(value: object) -> object:
    # YAML reads `version: 1.0` as a number; say what to write instead.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"expected a semantic version such as 1.0.0, got the number {value}")
    if isinstance(value, str) and not re.match(SEMVER_PATTERN, value):
        raise ValueError(f"expected a semantic version such as 1.0.0, got {value!r}")
    return value


Version = Annotated[str, BeforeValidator(_version_text)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Scalar = bool | int | float | str
Modality = Literal["image", "text", "audio", "video"]
TaskKind = Literal[
    "classification",
    "bounding-box",
    "polygon",
    "mask",
    "keypoints",
    "span",
    "temporal-segment",
    "frame",
    "track",
    "transcription",
]
MEDIA_FIELDS = ("text", "image", "audio", "video")

# Which task kinds make sense for which modality; anything else is a typo or a mistake.
KINDS_BY_MODALITY: dict[str, frozenset[str]] = {
    "image": frozenset({"classification", "bounding-box", "polygon", "mask", "keypoints"}),
    "text": frozenset({"classification", "span", "transcription"}),
    "audio": frozenset({"classification", "temporal-segment", "transcription"}),
    "video": frozenset(
        {
            "classification",
            "bounding-box",
            "polygon",
            "mask",
            "keypoints",
            "temporal-segment",
            "frame",
            "track",
            "transcription",
        }
    ),
}


class StrictModel(BaseModel):
    """Unknown fields are errors, so that typos never pass."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)


class Attribute(StrictModel):
    """A property annotators set on an annotation (CVAT-style)."""

    type: Literal["boolean", "enum", "number", "text"]
    values: list[Scalar] | None = Field(default=None, min_length=1)
    min: float | None = None
    max: float | None = None
    default: Scalar | None = None
    mutable: bool = False
    description: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Attribute:
        if self.type == "enum" and not self.values:
            raise ValueError("an enum attribute needs 'values'")
        if self.type != "enum" and self.values is not None:
            raise ValueError("'values' is only for enum attributes")
        if self.type != "number" and (self.min is not None or self.max is not None):
            raise ValueError("'min' and 'max' are only for number attributes")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if self.default is not None:
            self._check_default(self.default)
        return self

    def _check_default(self, value: Scalar) -> None:
        if self.type == "boolean" and not isinstance(value, bool):
            raise ValueError("the default of a boolean attribute must be true or false")
        if self.type == "enum" and self.values is not None and value not in self.values:
            raise ValueError(f"default {value!r} is not one of the values {self.values}")
        if self.type == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("the default of a number attribute must be a number")
            if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max
            ):
                raise ValueError(f"default {value} is outside [min, max]")
        if self.type == "text" and not isinstance(value, str):
            raise ValueError("the default of a text attribute must be text")


class ToolHints(StrictModel):
    """How annotation tools present a label: kept when a tool's config is imported,
    and written back on export (labels with none get stable generated colours)."""

    color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    hotkey: Annotated[str, StringConstraints(min_length=1, max_length=20)] | None = None


class Example(StrictModel):
    """A positive example: one piece of media and where in it the label applies."""

    text: str | None = None
    image: NonEmpty | None = None
    audio: NonEmpty | None = None
    video: NonEmpty | None = None
    region: tuple[float, float, float, float] | None = None
    polygon: list[tuple[float, float]] | None = Field(default=None, min_length=3)
    span: tuple[int, int] | None = None
    quote: NonEmpty | None = None
    time: tuple[float, float] | None = None
    frames: tuple[int, int] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_media_and_fitting_locators(self) -> Example:
        present = [name for name in MEDIA_FIELDS if getattr(self, name) is not None]
        if len(present) != 1:
            raise ValueError(
                "an example holds exactly one of text, image, audio, video"
                + (f" (found {', '.join(present)})" if present else "")
            )
        media = present[0]
        allowed = {
            "region": {"image", "video"},
            "polygon": {"image", "video"},
            "span": {"text"},
            "quote": {"text"},
            "time": {"audio", "video"},
            "frames": {"video"},
        }
        for locator, media_kinds in allowed.items():
            if getattr(self, locator) is not None and media not in media_kinds:
                raise ValueError(f"'{locator}' does not apply to a {media} example")
        if self.region is not None and (self.region[2] <= 0 or self.region[3] <= 0):
            raise ValueError("region width and height must be positive")
        if self.text is not None:
            self._check_text_locators(self.text)
        for name in ("time", "frames"):
            pair = getattr(self, name)
            if pair is not None and not 0 <= pair[0] <= pair[1]:
                raise ValueError(f"'{name}' must be [start, end] with 0 <= start <= end")
        return self

    def _check_text_locators(self, text: str) -> None:
        if self.span is not None:
            start, end = self.span
            if not 0 <= start < end <= len(text):
                raise ValueError(f"span [{start}, {end}] is outside the text (length {len(text)})")
            if self.quote is not None and text[start:end] != self.quote:
                raise ValueError("span and quote point to different text")
        elif self.quote is not None and self.quote not in text:
            raise ValueError(f"quote {self.quote!r} does not occur in the text")

    @property
    def media_kind(self) -> str:
        return next(name for name in MEDIA_FIELDS if getattr(self, name) is not None)

    @property
    def media_path(self) -> str | None:
        """The repository-relative file of an image, audio or video example."""
        kind = self.media_kind
        return None if kind == "text" else typing.cast(str, getattr(self, kind))

    @property
    def quoted_span(self) -> tuple[int, int] | None:
        """Character offsets of the located text, from ``span`` or ``quote``."""
        if self.span is not None:
            return self.span
        if self.quote is not None and self.text is not None:
            start = self.text.index(self.quote)
            return (start, start + len(self.quote))
        return None


class CounterExample(Example):
    """A near miss, with the label that applies instead (null: do not annotate)."""

    label: str | None = None


class EdgeCase(StrictModel):
    """A decision about a hard case, kept with its rationale."""

    id: NonEmpty
    case: NonEmpty
    decision: str | list[str] | None = None
    rationale: str | None = None
    since: Version | None = None
    status: Literal["decided", "open"] = "decided"
    ref: str | None = None

    @property
    def decided_labels(self) -> list[str]:
        if self.decision is None:
            return []
        return [self.decision] if isinstance(self.decision, str) else list(self.decision)


class HistoryEntry(StrictModel):
    """A change of a label's meaning in a given version."""

    version: Version
    change: Literal["narrowed", "broadened", "clarified"]
    note: str | None = None


class SplitTarget(StrictModel):
    """One target of a split, chosen when the record's attributes match ``when``."""

    label: NonEmpty
    when: dict[str, Scalar] | None = None


def _replacement_shape(value: object) -> str:
    """Which form of ``replaced_by`` a value is meant to be, so that errors are
    reported for that form only."""
    if isinstance(value, str):
        return "id"
    if isinstance(value, list) and value and not isinstance(value[0], str):
        return "rules"
    return "ids"


ReplacedBy = Annotated[
    Annotated[str, Tag("id")]
    | Annotated[list[str], Tag("ids")]
    | Annotated[list[SplitTarget], Tag("rules")],
    Discriminator(_replacement_shape),
]


class Label(StrictModel):
    """A label, or (with ``status: deprecated``) the tombstone of one."""

    name: NonEmpty | None = None
    parent: str | list[str] | None = None
    abstract: bool = False
    definition: str | None = None
    aliases: list[NonEmpty] = []
    includes: list[NonEmpty] = []
    excludes: dict[str, str | None] = {}
    distinguish_from: dict[str, str] = {}
    attributes: dict[str, Attribute] = {}
    examples: list[Example] = []
    counter_examples: list[CounterExample] = []
    edge_cases: list[EdgeCase] = []
    added_in: Version | None = None
    history: list[HistoryEntry] = []
    index: Annotated[int, Field(ge=0)] | None = None
    status: Literal["active", "deprecated"] = "active"
    deprecated_in: Version | None = None
    replaced_by: ReplacedBy | None = None
    reason: str | None = None
    carved_from: list[NonEmpty] = []
    tool: ToolHints | None = None

    _id: str = PrivateAttr(default="")

    @field_validator("replaced_by", mode="before")
    @classmethod
    def _replaced_by_form(cls, value: object) -> object:
        if isinstance(value, dict):
            raise ValueError(
                "replaced_by is a label id, a list of ids, or a list of {label, when}; "
                "a single {label, when} needs to be in a list"
            )
        if isinstance(value, list):
            if not value:
                raise ValueError("replaced_by must not be an empty list")
            if not (
                all(isinstance(item, str) for item in value)
                or all(isinstance(item, dict) for item in value)
            ):
                raise ValueError(
                    "replaced_by is a label id, a list of ids, or a list of {label, when}; "
                    "do not mix the forms"
                )
        return value

    @field_validator("parent", mode="before")
    @classmethod
    def _parent_not_empty(cls, value: object) -> object:
        if value == [] or value == "":
            raise ValueError("parent must name at least one label")
        return value

    @property
    def id(self) -> str:
        # Read the private slot directly: ``self._id`` goes through pydantic's
        # __getattr__, which costs more than the rest of a rule's work per label.
        private = self.__pydantic_private__
        return private["_id"] if private is not None else ""

    @property
    def display_name(self) -> str:
        return self.name if self.name is not None else self.id

    def __repr__(self) -> str:
        # pydantic's repr prints every field, many KB for a label with examples.
        state = "" if self.is_active else ", deprecated"
        return f"Label({self.id!r}{state})"

    __str__ = __repr__

    @property
    def parents(self) -> list[str]:
        if self.parent is None:
            return []
        return [self.parent] if isinstance(self.parent, str) else list(self.parent)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def replacement_targets(self) -> list[str]:
        """Every label id this tombstone points to, in file order."""
        value = self.replaced_by
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return [item if isinstance(item, str) else item.label for item in value]

    @property
    def split_rules(self) -> list[SplitTarget]:
        """The ``{label, when}`` targets of a rule-decided split, else empty."""
        value = self.replaced_by
        if isinstance(value, list) and value and isinstance(value[0], SplitTarget):
            return [item for item in value if isinstance(item, SplitTarget)]
        return []

    @property
    def replacement_form(self) -> Literal["none", "single", "ambiguous-split", "rule-split"]:
        value = self.replaced_by
        if value is None:
            return "none"
        if isinstance(value, str):
            return "single"
        return "rule-split" if self.split_rules else "ambiguous-split"


class Task(StrictModel):
    """What annotators do with the labels."""

    modality: Modality
    kind: TaskKind
    multi_label: bool = False
    leaf_only: bool = True

    @field_validator("kind")
    @classmethod
    def _kind_fits_modality(cls, kind: str, info: ValidationInfo) -> str:
        modality = info.data.get("modality")
        if modality is not None and kind not in KINDS_BY_MODALITY[modality]:
            allowed = ", ".join(sorted(KINDS_BY_MODALITY[modality]))
            raise ValueError(f"kind {kind!r} does not apply to {modality}; use one of {allowed}")
        return kind


class Taxonomy(StrictModel):
    """One label set for one annotation task, as kept in ``taxonomy/<id>.yaml``."""

    taxonomy: Annotated[str, StringConstraints(pattern=TAXONOMY_ID_PATTERN)]
    title: NonEmpty
    version: Version
    description: str | None = None
    task: Task
    exclusive_groups: list[Annotated[list[NonEmpty], Field(min_length=2)]] = []
    attributes: dict[str, Attribute] = {}
    labels: Annotated[dict[str, Label], Field(min_length=1)]

    _source: Path | None = PrivateAttr(default=None)
    _positions: Positions | None = PrivateAttr(default=None)
    # Where it was read from, as messages name it: a file, or "file@ref" for git.
    _origin: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _name_labels(self) -> Taxonomy:
        for label_id, label in self.labels.items():
            label._id = label_id
        return self

    def _attach(
        self,
        *,
        source: Path | None = None,
        origin: str | None = None,
        positions: Positions | None = None,
    ) -> None:
        """Record where this taxonomy was read from; the loader and the git history
        reader call it, so that no module writes the private fields directly."""
        if source is not None:
            self._source = source
        if origin is not None:
            self._origin = origin
        if positions is not None:
            self._positions = positions

    @property
    def id(self) -> str:
        return self.taxonomy

    def __repr__(self) -> str:
        # pydantic's repr prints the whole file; say which taxonomy this is instead.
        return f"Taxonomy({self.taxonomy!r}, version={self.version!r}, labels={len(self.labels)})"

    __str__ = __repr__

    @property
    def source(self) -> Path | None:
        """The file this taxonomy was loaded from, if any."""
        return self._source

    @property
    def positions(self) -> Positions:

        return self._positions if self._positions is not None else Positions()

    def position(self, *path: str | int) -> tuple[int, int]:
        """1-based (line, column) of a node, or of its nearest located ancestor."""
        return self.positions.find(path)

    def label(self, label_id: str) -> Label:
        from labelspec.errors import UsageError

        try:
            return self.labels[label_id]
        except KeyError:
            raise UsageError(f"taxonomy {self.taxonomy!r} has no label {label_id!r}") from None

    def active_labels(self) -> Iterator[Label]:
        return (label for label in self.labels.values() if label.is_active)

    def deprecated_labels(self) -> Iterator[Label]:
        return (label for label in self.labels.values() if not label.is_active)

    @property
    def origin(self) -> str:
        """Where this taxonomy was read from: ``file@ref`` for git, else its file."""
        if self._origin is not None:
            return self._origin
        return str(self._source) if self._source is not None else f"{self.taxonomy}.yaml"

    def mapping(self, from_version: str, to_version: str | None = None) -> LabelMapping:
        """Where data labelled in ``from_version`` goes in ``to_version`` (default:
        this version), built from this file's tombstones and history alone."""
        from labelspec.versions.mapping import build_mapping

        return build_mapping(self, from_version, to_version)

    @cached_property
    def graph(self) -> TaxonomyGraph:
        from labelspec.graph import TaxonomyGraph

        return TaxonomyGraph(self)


# ---- helpers for messages about the format ----------------------------------------------


def _member_types(annotation: object) -> list[object]:
    """Flatten Optional/Union/Annotated into the concrete types they allow."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _member_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _member_types(arg)]
    return [annotation]


def _child_types(annotation: object, key: str | int) -> list[object]:
    found: list[object] = []
    for member in _member_types(annotation):
        origin = typing.get_origin(member)
        args = typing.get_args(member)
        if isinstance(member, type) and issubclass(member, BaseModel):
            field = member.model_fields.get(str(key))
            if field is not None:
                found.append(field.annotation)
        elif origin is dict and isinstance(key, str):
            found.append(args[1])
        elif origin is list and isinstance(key, int):
            found.append(args[0])
    return found


def field_names_at(path: tuple[str | int, ...]) -> list[str]:
    """The field names a mapping at ``path`` (inside a taxonomy document) may hold."""
    annotations: list[object] = [Taxonomy]
    for key in path:
        annotations = [child for a in annotations for child in _child_types(a, key)]
    names: set[str] = set()
    for annotation in annotations:
        for member in _member_types(annotation):
            if isinstance(member, type) and issubclass(member, BaseModel):
                names.update(member.model_fields)
    return sorted(names)
