"""Labelbox ontologies: the ``{"tools": [...], "classifications": [...]}`` JSON that
Labelbox's ``create_ontology`` takes and its ontology export gives.

Export. Object tasks write one tool per label: ``rectangle`` for boxes and
tracks, ``polygon``, ``raster-segmentation`` for masks, ``point`` for keypoints,
``named-entity`` for text spans. Tools are flat, so the hierarchy is flattened to
the assignable labels (the note names the parents left out). Classification
tasks write one question (``radio``, or ``checklist`` when several labels may
apply) whose options are the top labels; a label with children carries a nested
question named like it, whose options are its children, which is how Labelbox
nests answers. Video frame and segment tasks use an ``index``-scoped question
(answered on frame ranges).

Attributes become classifications nested under the tool or option: enum ->
radio, boolean -> a checklist with one option, text -> text, number -> text
(Labelbox has no number question; the note says so). Attributes of the whole
taxonomy are nested under every tool, or asked once at the top level in
classification tasks. ``instructions`` come from the attribute's description,
the label's definition (nested questions) or the taxonomy's description (the
label question); Labelbox has no description on a tool or an option, no
default, no per-frame flag and no class number, and the notes say which were left
out. Options have ``value`` = the label id (what answers store) and ``label`` =
the display name. Labelbox has no hidden flag: deprecated labels are kept with
`` [deprecated]`` after their display name (the stored value is unchanged), and
``--no-deprecated`` leaves them out.

Import is the reverse. With tools, each tool is a label and the top-level
questions become attributes of the taxonomy; without tools, the first radio or
checklist question holds the labels (nested questions named like their option
hold the children) and the other questions become attributes. A checklist with
one option reads as a boolean, a checklist with several as an enum (labelspec
attributes hold one value). Questions nested below an attribute's options
become attributes of the same label.
"""

from __future__ import annotations

import json
from typing import cast

from pydantic import ValidationError

from labelspec.errors import InputError, UsageError
from labelspec.interop import Exported, ExportOptions, Tool, parse_json
from labelspec.interop.labelset import (
    LabelSet,
    ToolLabel,
    labelset_of,
    lift_common_attributes,
    slug,
)
from labelspec.model import Attribute, Modality, TaskKind, Taxonomy

DEPRECATED_MARK = " [deprecated]"
JsonObject = dict[str, object]

_TOOL_OF_KIND: dict[TaskKind, str] = {
    "bounding-box": "rectangle",
    "track": "rectangle",
    "polygon": "polygon",
    "mask": "raster-segmentation",
    "keypoints": "point",
    "span": "named-entity",
}
_KIND_OF_TOOL: dict[str, TaskKind] = {
    "rectangle": "bounding-box",
    "polygon": "polygon",
    "raster-segmentation": "mask",
    "superpixel": "mask",
    "point": "keypoints",
    "named-entity": "span",
}
_QUESTION_KINDS: frozenset[TaskKind] = frozenset({"classification", "frame", "temporal-segment"})
_CHOICE_TYPES = {"radio", "checklist", "response-radio", "response-checklist"}
_TEXT_TYPES = {"text", "prompt", "response-text"}


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    kind, modality = taxonomy.task.kind, taxonomy.task.modality
    if kind in ("frame", "temporal-segment") and modality != "video":
        raise UsageError(f"Labelbox has no config for {modality} {kind} tasks; it takes video")
    notes: list[str] = []
    if kind in _QUESTION_KINDS:
        ontology = _question_ontology(labels, kind, notes)
    else:
        ontology = _tool_ontology(labels, _TOOL_OF_KIND[kind], notes)
    notes.extend(_unheld_notes(labels))
    return Exported(json.dumps(ontology, indent=2, ensure_ascii=False) + "\n", _unique(notes))


def _tool_ontology(labels: LabelSet, tool: str, notes: list[str]) -> JsonObject:
    offered = {label.id for label in labels.assignable()} | {
        label.id for label in labels.labels.values() if label.deprecated
    }
    tools = [
        {
            "tool": tool,
            "name": _display(label),
            "required": False,
            "color": label.color,
            "classifications": _questions({**labels.attributes, **label.attributes}, notes),
        }
        for label in labels.labels.values()
        if label.id in offered
    ]
    parents = sorted({parent for label in labels.labels.values() for parent in label.parents})
    if parents:
        notes.append(
            "Labelbox tools are flat: the hierarchy is flattened to the assignable labels; "
            f"parents not written: {', '.join(parents)}"
        )
    if any(label.definition for label in labels.labels.values()):
        notes.append("Labelbox tools have no instructions: label definitions stay in the taxonomy")
    return {"tools": tools, "classifications": []}


def _question_ontology(labels: LabelSet, kind: TaskKind, notes: list[str]) -> JsonObject:
    scope = "global" if kind == "classification" else "index"
    written = list(labels.labels.values())
    children: dict[str, list[ToolLabel]] = {}
    roots: list[ToolLabel] = []
    for label in written:
        placed = [parent for parent in label.parents if parent in labels.labels]
        if len(placed) > 1:
            notes.append(
                f"a Labelbox option has one place: '{label.id}' sits under '{placed[0]}' only"
            )
        if placed:
            children.setdefault(placed[0], []).append(label)
        else:
            roots.append(label)
    choice = "checklist" if labels.multi_label else "radio"
    question: JsonObject = {
        "type": choice,
        "name": labels.title or "label",
        "instructions": _one_line(labels.description) or labels.title or "label",
        "required": True,
        "options": [_option(label, children, choice, notes) for label in roots],
        "scope": scope,
    }
    extra = _questions(labels.attributes, notes)
    for asked in extra:
        asked["scope"] = scope
    if labels.leaf_only and children:
        notes.append(
            "Labelbox lets annotators stop at a parent option: leaf_only is not enforced, "
            "review answers that end on a parent"
        )
    if any(label.definition for label in labels.labels.values() if label.id not in children):
        notes.append(
            "Labelbox options have no instructions: definitions of labels without children "
            "stay in the taxonomy"
        )
    return {"tools": [], "classifications": [question, *extra]}


def _option(
    label: ToolLabel, children: dict[str, list[ToolLabel]], choice: str, notes: list[str]
) -> JsonObject:
    nested = _questions(label.attributes, notes)
    below = children.get(label.id, [])
    if below:
        nested.insert(
            0,
            {
                "type": choice,
                "name": label.display_name,
                "instructions": _one_line(label.definition) or label.display_name,
                "required": False,
                "options": [_option(child, children, choice, notes) for child in below],
            },
        )
    return {"value": label.id, "label": _display(label), "options": nested}


def _questions(attributes: dict[str, Attribute], notes: list[str]) -> list[JsonObject]:
    return [_question(name, attribute, notes) for name, attribute in attributes.items()]


def _question(name: str, attribute: Attribute, notes: list[str]) -> JsonObject:
    options: list[JsonObject] = []
    if attribute.type == "enum":
        kind = "radio"
        options = [{"value": str(value), "label": str(value)} for value in attribute.values or []]
    elif attribute.type == "boolean":
        kind, options = "checklist", [{"value": name, "label": name}]
    else:
        kind = "text"
        if attribute.type == "number":
            notes.append(f"Labelbox has no number question: '{name}' is asked as text")
    if attribute.default is not None or attribute.mutable:
        notes.append("Labelbox questions have no default and no per-frame flag: not written")
    return {
        "type": kind,
        "name": name,
        "instructions": _one_line(attribute.description) or name,
        "required": False,
        "options": options,
    }


def _display(label: ToolLabel) -> str:
    return label.display_name + (DEPRECATED_MARK if label.deprecated else "")


def _one_line(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _unheld_notes(labels: LabelSet) -> list[str]:
    notes = ["Labelbox holds no class number: the 'index' of labels is not written"]
    if any(label.hotkey for label in labels.labels.values()):
        notes.append("Labelbox ontologies hold no hotkeys: they are not written")
    if any(label.deprecated for label in labels.labels.values()):
        notes.append(
            f"Labelbox has no hidden flag: deprecated labels are kept with "
            f"'{DEPRECATED_MARK.strip()}' after their name (--no-deprecated leaves them out)"
        )
    return notes


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def read(text: str, source: str) -> LabelSet:
    data = parse_json(text, source, "a Labelbox ontology JSON")
    if not isinstance(data, dict) or not ("tools" in data or "classifications" in data):
        raise InputError(f"{source}: not a Labelbox ontology (no 'tools' or 'classifications')")
    tools = _objects(data.get("tools"), f"{source}: tools")
    questions = _objects(data.get("classifications"), f"{source}: classifications")
    if tools:
        result, shared = _from_tools(tools, source), questions
    else:
        asked = _label_question(questions, source)
        result = _from_question(asked, source)
        shared = [question for question in questions if question is not asked]
    # Questions about the whole item: attributes of the taxonomy.
    for question in shared:
        result.attributes.update(_attributes(question, source))
    lift_common_attributes(result)
    return result


def _from_tools(tools: list[JsonObject], source: str) -> LabelSet:
    labels: dict[str, ToolLabel] = {}
    kinds: set[TaskKind] = set()
    for tool in tools:
        label = _label(tool.get("name"), None, source)
        color = tool.get("color")
        label.color = color if isinstance(color, str) and color else None
        for question in _objects(tool.get("classifications"), f"{source}: '{label.id}'"):
            label.attributes.update(_attributes(question, source))
        _add(labels, label, source)
        shape = tool.get("tool")
        if isinstance(shape, str) and shape in _KIND_OF_TOOL:
            kinds.add(_KIND_OF_TOOL[shape])
    kind = kinds.pop() if len(kinds) == 1 else None
    modality: Modality | None = "text" if kind == "span" else None
    return LabelSet(labels=labels, kind=kind, modality=modality)


def _label_question(questions: list[JsonObject], source: str) -> JsonObject:
    """The first radio or checklist question: its options are the labels."""
    for question in questions:
        if question.get("type") in _CHOICE_TYPES:
            return question
    raise InputError(
        f"{source}: no static labels: the ontology has no tools and no radio or checklist question"
    )


def _from_question(question: JsonObject, source: str) -> LabelSet:
    labels: dict[str, ToolLabel] = {}
    _read_options(question, None, labels, source)
    frames = question.get("scope") == "index"
    return LabelSet(
        labels=labels,
        modality="video" if frames else None,
        kind="temporal-segment" if frames else "classification",
        multi_label=str(question.get("type")).endswith("checklist"),
        leaf_only=False,
        title=_text(question.get("name")),
        description=_described(question),
    )


def _read_options(
    question: JsonObject, parent: str | None, labels: dict[str, ToolLabel], source: str
) -> None:
    for option in _objects(question.get("options"), f"{source}: options"):
        label = _label(option.get("value"), option.get("label"), source)
        if parent is not None:
            label.parents = [parent]
        _add(labels, label, source)
        for nested in _objects(option.get("options"), f"{source}: '{label.id}'"):
            if nested.get("type") in _CHOICE_TYPES and nested.get("name") in (
                label.display_name,
                label.id,
            ):
                label.definition = _described(nested)
                _read_options(nested, label.id, labels, source)
            else:
                label.attributes.update(_attributes(nested, source))


def _label(value: object, shown: object, source: str) -> ToolLabel:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not text:
        raise InputError(f"{source}: a tool or option without a name or value")
    name = str(shown).strip() if isinstance(shown, str | int) and str(shown).strip() else text
    deprecated = name.endswith(DEPRECATED_MARK)
    name = name.removesuffix(DEPRECATED_MARK).strip()
    label_id = slug(text.removesuffix(DEPRECATED_MARK))
    return ToolLabel(id=label_id, name=name if name != label_id else None, deprecated=deprecated)


def _add(labels: dict[str, ToolLabel], label: ToolLabel, source: str) -> None:
    if label.id in labels:
        raise InputError(f"{source}: two labels are both '{label.display_name}'")
    labels[label.id] = label


def _attributes(question: JsonObject, source: str) -> dict[str, Attribute]:
    """The attribute a question asks, then those nested below its options."""
    name = _text(question.get("name")) or _text(question.get("instructions"))
    if name is None:
        raise InputError(f"{source}: a classification without a name")
    kind = question.get("type")
    options = _objects(question.get("options"), f"{source}: '{name}'")
    values: list[str | int | float | bool] = [
        str(option.get("value", option.get("label"))) for option in options
    ]
    description = _described(question)
    try:
        if kind in _CHOICE_TYPES and options:
            if str(kind).endswith("checklist") and len(options) == 1:
                found = Attribute(type="boolean", description=description)
            else:
                found = Attribute(type="enum", values=values, description=description)
        elif kind in _TEXT_TYPES or kind in _CHOICE_TYPES:
            found = Attribute(type="text", description=description)
        else:
            raise InputError(f"{source}: classification '{name}' has unknown type {kind!r}")
    except ValidationError as error:
        raise InputError(f"{source}: classification '{name}': {error.errors()[0]['msg']}") from None
    result = {name: found}
    for option in options:
        for nested in _objects(option.get("options"), f"{source}: '{name}'"):
            for nested_name, attribute in _attributes(nested, source).items():
                result.setdefault(nested_name, attribute)
    return result


def _described(question: JsonObject) -> str | None:
    """The instructions, when they say more than the name."""
    instructions = _text(question.get("instructions"))
    return instructions if instructions and instructions != _text(question.get("name")) else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _objects(data: object, where: str) -> list[JsonObject]:
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"{where}: expected a list of objects")
    return cast(list[JsonObject], data)


TOOL = Tool(
    name="labelbox",
    title="Labelbox",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset(_TOOL_OF_KIND) | _QUESTION_KINDS,
)
