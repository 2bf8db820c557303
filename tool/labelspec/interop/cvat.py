"""CVAT project labels: the JSON list that CVAT's Raw label editor shows and its
REST API takes as a project's ``labels``.

Export. Each label is ``{name, type, color, attributes}``; ``type`` comes from the
task kind (rectangle, polygon, mask, points, tag). Video tasks use the same shape
types: tracks and per-frame tags are how a CVAT *job* annotates, not a property
of the label. Attributes follow CVAT's ``input_type``: boolean -> checkbox (values
``["false"]``), enum -> select, number -> number with values
``[min, max, step]`` as integer strings, text -> text; ``mutable`` and
``default_value`` are kept. Attributes of the whole taxonomy go onto every label.

CVAT labels are flat (``parent_id`` only ties skeleton points to their skeleton),
so the hierarchy is flattened: the assignable labels are exported, the parents
above them are not, and the note names them. In a keypoints task the one place
CVAT holds a hierarchy is used: a label whose children are points becomes a
skeleton with those points as ``sublabels`` (without the ``svg`` drawing, which
is made in CVAT's skeleton editor).

CVAT has no description, class number, hotkey or hidden flag on a label. A
deprecated label is kept (CVAT deletes the annotations of a deleted label) with
`` [deprecated]`` after its name, which import reads back; ``--no-deprecated``
leaves it out.

Import reads the list, the REST form ``{"results": [...]}`` and a serverless
function's ``function.yaml`` (``metadata.annotations.spec``, whose ``id`` is the
model's class index). Skeleton points become children of their skeleton; an
attribute that every label carries alike becomes an attribute of the taxonomy.
"""

from __future__ import annotations

import json
import math
from typing import cast

import yaml
from pydantic import ValidationError

from labelspec.errors import InputError, UsageError
from labelspec.interop import Exported, ExportOptions, Tool
from labelspec.interop.labelset import (
    LabelSet,
    ToolLabel,
    labelset_of,
    lift_common_attributes,
    slug,
)
from labelspec.model import Attribute, Scalar, TaskKind, Taxonomy

DEPRECATED_MARK = " [deprecated]"

_TYPE_OF_KIND: dict[TaskKind, str] = {
    "classification": "tag",
    "frame": "tag",
    "bounding-box": "rectangle",
    "track": "rectangle",
    "polygon": "polygon",
    "mask": "mask",
    "keypoints": "points",
}
_KIND_OF_TYPE: dict[str, TaskKind] = {
    "tag": "classification",
    "rectangle": "bounding-box",
    "polygon": "polygon",
    "mask": "mask",
    "points": "keypoints",
    "skeleton": "keypoints",
}
# CVAT numbers need both bounds; these stand in when the taxonomy leaves one open.
_OPEN_MIN, _OPEN_MAX = 0, 1_000_000

JsonObject = dict[str, object]


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    kind = taxonomy.task.kind
    if kind not in _TYPE_OF_KIND:
        raise UsageError(f"CVAT has no label type for {kind} tasks")
    notes: list[str] = []
    shape = _TYPE_OF_KIND[kind]
    offered = {label.id for label in labels.assignable()} | {
        label.id for label in labels.labels.values() if label.deprecated
    }
    skeletons = _skeletons(labels) if kind == "keypoints" else {}
    in_skeleton = {point.id for points in skeletons.values() for point in points}
    written: list[JsonObject] = []
    for label in labels.labels.values():
        if label.id in skeletons:
            entry = _label_json(label, "skeleton", labels, notes)
            entry["sublabels"] = [
                _label_json(point, "points", labels, notes) for point in skeletons[label.id]
            ]
            written.append(entry)
        elif label.id in offered and label.id not in in_skeleton:
            written.append(_label_json(label, shape, labels, notes))
    notes.extend(_hierarchy_notes(labels, skeletons))
    notes.extend(_unheld_notes(labels))
    if kind in ("track", "frame"):
        notes.append(
            f"{kind} tasks use '{shape}' labels: tracks and per-frame tags are how a CVAT job "
            "annotates a video, not a label type"
        )
    if skeletons:
        notes.append("skeleton edges (svg) are not written: draw them in CVAT's skeleton editor")
    return Exported(json.dumps(written, indent=2, ensure_ascii=False) + "\n", _unique(notes))


def _skeletons(labels: LabelSet) -> dict[str, list[ToolLabel]]:
    """Active parentless labels whose active children are the points of a skeleton."""
    found: dict[str, list[ToolLabel]] = {}
    for label in labels.active():
        if label.parents:
            continue
        points = [child for child in labels.active() if child.parents == [label.id]]
        if points:
            found[label.id] = points
    return found


def _label_json(label: ToolLabel, shape: str, labels: LabelSet, notes: list[str]) -> JsonObject:
    name = label.display_name + (DEPRECATED_MARK if label.deprecated else "")
    attributes = {**labels.attributes, **label.attributes}
    return {
        "name": name,
        "type": shape,
        "color": label.color,
        "attributes": [
            _attribute_json(attr_name, attribute, notes)
            for attr_name, attribute in attributes.items()
        ],
    }


def _attribute_json(name: str, attribute: Attribute, notes: list[str]) -> JsonObject:
    values: list[str]
    if attribute.type == "boolean":
        input_type, values = "checkbox", [_text(attribute.default or False)]
        default = values[0]
    elif attribute.type == "enum":
        input_type, values = "select", [_text(value) for value in attribute.values or []]
        default = _text(attribute.default) if attribute.default is not None else values[0]
    elif attribute.type == "number":
        input_type, values = "number", _number_values(name, attribute, notes)
        number = attribute.default
        low, high = int(values[0]), int(values[1])
        default = (
            str(min(max(round(number), low), high))
            if isinstance(number, int | float)
            else values[0]
        )
    else:
        input_type, values = "text", []
        default = _text(attribute.default) if attribute.default is not None else ""
    return {
        "name": name,
        "mutable": attribute.mutable,
        "input_type": input_type,
        "default_value": default,
        "values": values,
    }


def _number_values(name: str, attribute: Attribute, notes: list[str]) -> list[str]:
    """CVAT's ``[min, max, step]``, whole numbers inside the taxonomy's bounds."""
    low = _OPEN_MIN if attribute.min is None else math.ceil(attribute.min)
    high = _OPEN_MAX if attribute.max is None else math.floor(attribute.max)
    if attribute.min is None or attribute.max is None:
        notes.append(f"CVAT numbers need both bounds: '{name}' gets [{low}, {high}]")
    if (low, high) != (attribute.min, attribute.max) and None not in (attribute.min, attribute.max):
        notes.append(f"CVAT numbers are integers: the bounds of '{name}' are rounded inwards")
    return [str(low), str(high), "1"]


def _text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _hierarchy_notes(labels: LabelSet, skeletons: dict[str, list[ToolLabel]]) -> list[str]:
    parents = sorted(
        {parent for label in labels.labels.values() for parent in label.parents} - set(skeletons)
    )
    if not parents:
        return []
    return [
        "CVAT labels are flat: the hierarchy is flattened to the assignable labels; "
        f"parents not written: {', '.join(parents)}"
    ]


def _unheld_notes(labels: LabelSet) -> list[str]:
    notes = []
    if any(label.definition for label in labels.labels.values()):
        notes.append("CVAT labels have no description: definitions stay in the taxonomy")
    if any(label.hotkey for label in labels.labels.values()):
        notes.append("CVAT project labels hold no hotkeys: set them in CVAT's settings")
    attributes = [labels.attributes, *(label.attributes for label in labels.labels.values())]
    described = sorted({name for held in attributes for name, a in held.items() if a.description})
    if described:
        notes.append(f"CVAT attributes have no description: not written for {', '.join(described)}")
    notes.append("CVAT labels hold no class number: the 'index' of labels is not written")
    if any(label.deprecated for label in labels.labels.values()):
        notes.append(
            f"CVAT has no hidden flag: deprecated labels are kept with '{DEPRECATED_MARK.strip()}' "
            "after their name (--no-deprecated leaves them out)"
        )
    return notes


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def read(text: str, source: str) -> LabelSet:
    entries, from_function = _entries(text, source)
    if not entries:
        raise InputError(f"{source}: no labels in the CVAT config")
    labels: dict[str, ToolLabel] = {}
    kinds: set[TaskKind] = set()
    for number, entry in enumerate(entries, start=1):
        label = _label(entry, source, number, from_function)
        _add(labels, label, source)
        shape = entry.get("type")
        if isinstance(shape, str) and shape in _KIND_OF_TYPE:
            kinds.add(_KIND_OF_TYPE[shape])
        for sub in _objects(entry.get("sublabels"), f"{source}: label {number} sublabels"):
            point = _label(sub, source, number, from_function=False)
            point.parents = [label.id]
            _add(labels, point, source)
    # A skeleton is what annotators draw, its points are parts of it: so the
    # parent stays assignable.
    has_skeleton = any(label.parents for label in labels.values())
    result = LabelSet(
        labels=labels, kind=kinds.pop() if len(kinds) == 1 else None, leaf_only=not has_skeleton
    )
    lift_common_attributes(result)
    return result


def _entries(text: str, source: str) -> tuple[list[JsonObject], bool]:
    """The label objects of a CVAT config, and whether they came from a
    serverless function (whose ``id`` is a class index, not a database id)."""
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as error:
        spec = _function_spec(text)
        if spec is None:
            raise InputError(
                f"{source}:{error.lineno}:{error.colno}: not CVAT label JSON: {error.msg}"
            ) from None
        try:
            data = json.loads(spec)
        except json.JSONDecodeError as inner:
            raise InputError(
                f"{source}: metadata.annotations.spec is not JSON "
                f"({inner.lineno}:{inner.colno}: {inner.msg})"
            ) from None
        return _objects(data, f"{source}: metadata.annotations.spec"), True
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    elif isinstance(data, dict) and "labels" in data:
        data = data["labels"]
    return _objects(data, source), False


def _function_spec(text: str) -> str | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    for key in ("metadata", "annotations", "spec"):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, str) else None


def _objects(data: object, where: str) -> list[JsonObject]:
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"{where}: expected a list of CVAT label objects")
    return cast(list[JsonObject], data)


def _label(entry: JsonObject, source: str, number: int, from_function: bool) -> ToolLabel:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{source}: label {number} has no name")
    deprecated = name.endswith(DEPRECATED_MARK)
    name = name.removesuffix(DEPRECATED_MARK).strip()
    label_id = slug(name)
    color = entry.get("color")
    index = entry.get("id")
    attributes = {}
    for spec in _objects(entry.get("attributes"), f"{source}: attributes of '{name}'"):
        attr_name, attribute = _attribute(spec, source, name)
        attributes[attr_name] = attribute
    return ToolLabel(
        id=label_id,
        name=name if name != label_id else None,
        attributes=attributes,
        index=index if from_function and isinstance(index, int) and index >= 0 else None,
        color=color if isinstance(color, str) and color else None,
        deprecated=deprecated,
    )


def _add(labels: dict[str, ToolLabel], label: ToolLabel, source: str) -> None:
    if label.id in labels:
        raise InputError(f"{source}: two CVAT labels are both '{label.display_name}'")
    labels[label.id] = label


def _attribute(spec: JsonObject, source: str, label: str) -> tuple[str, Attribute]:
    name, input_type = spec.get("name"), spec.get("input_type")
    where = f"{source}: attribute of '{label}'"
    if not isinstance(name, str) or not name:
        raise InputError(f"{where} has no name")
    raw_values = spec.get("values") or []
    if not isinstance(raw_values, list):
        raise InputError(f"{where} '{name}': values must be a list")
    values = [str(value) for value in raw_values]
    default = spec.get("default_value")
    mutable = bool(spec.get("mutable", False))
    try:
        if input_type == "checkbox":
            fallback = values[0] if values else "false"
            chosen = str(default if default is not None else fallback).lower() == "true"
            return name, Attribute(type="boolean", default=chosen, mutable=mutable)
        if input_type in ("select", "radio"):
            chosen_value = str(default) if default not in (None, "") else None
            return name, Attribute(
                type="enum", values=list(values), default=chosen_value, mutable=mutable
            )
        if input_type == "number":
            low, high = (int(values[0]), int(values[1])) if len(values) >= 2 else (None, None)
            number = int(default) if isinstance(default, str | int) and str(default) else None
            return name, Attribute(
                type="number", min=low, max=high, default=number, mutable=mutable
            )
        if input_type == "text":
            text = str(default) if default not in (None, "") else None
            return name, Attribute(type="text", default=text, mutable=mutable)
    except ValidationError as error:
        reason = error.errors()[0]["msg"]
        raise InputError(f"{where} '{name}' ({input_type}): {reason}") from None
    except (ValueError, IndexError) as error:
        reason = str(error) or type(error).__name__
        raise InputError(f"{where} '{name}' ({input_type}): {reason}") from None
    raise InputError(f"{where} '{name}': unknown input_type {input_type!r}")


TOOL = Tool(
    name="cvat",
    title="CVAT",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset(_TYPE_OF_KIND),
    modalities=frozenset({"image", "video"}),
)
