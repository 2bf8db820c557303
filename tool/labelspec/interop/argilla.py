"""Argilla v2 dataset settings, as ``rg.Settings.serialize()`` writes them and
``rg.Settings.from_json`` reads them back.

The labels are one question named ``label``: a LabelQuestion (``label_selection``)
for single-label classification, a MultiLabelQuestion for ``multi_label``, a
SpanQuestion over the ``text`` field for spans. Each option's ``value`` is the
label id and its ``text`` the display name; the definitions are the question's
description, one Markdown line per label (``- **Name** (`id`): definition``), and
the guidelines are the taxonomy's description. Task-wide attributes become
optional questions of their own (enum and boolean: a LabelQuestion, number: a
RatingQuestion where it fits Argilla's 0-10 scale, else a TextQuestion; text: a
TextQuestion). Argilla has no hierarchy, per-label attributes, colours or hidden
options: deprecated labels stay (so that records that use them still load)
marked "(deprecated)" in their text; notes name what was not held.

This module is ``labelspec.interop.argilla``; it never imports the Argilla SDK.
"""

from __future__ import annotations

import json
import re

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool, parse_json
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of
from labelspec.model import Attribute, TaskKind, Taxonomy

LABEL_QUESTION = "label"
TEXT_FIELD = "text"
_RETIRED = " (deprecated)"
_DEFINITION = re.compile(r"^- \*\*.*\*\* \(`(?P<id>[^`]+)`\): (?P<definition>.*)$")
_BOOLEAN = ["true", "false"]
_LABEL_TYPES: dict[str, TaskKind] = {
    "label_selection": "classification",
    "multi_label_selection": "classification",
    "span": "span",
}


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    offered = {label.id for label in labels.assignable()}
    shown = [label for label in labels.labels.values() if label.deprecated or label.id in offered]
    questions = [_label_question(labels, shown)]
    notes = ["Argilla holds no hierarchy, colours or hotkeys: the taxonomy keeps them"]
    for name, attribute in labels.attributes.items():
        question, note = _attribute_question(name, attribute)
        questions.append(question)
        notes.extend([note] if note else [])
    per_label = sorted({f"{label.id}.{name}" for label in shown for name in label.attributes})
    if per_label:
        notes.append("Argilla has no per-label questions; not held: " + ", ".join(per_label))
    if any(label.deprecated for label in shown):
        notes.append("Argilla cannot hide an option: deprecated labels are marked in their text")
    settings = {
        "guidelines": labels.description or labels.title,
        "questions": questions,
        "fields": [
            _question_base(
                TEXT_FIELD, "Text", required=True, settings={"type": "text", "use_markdown": False}
            )
        ],
        "vectors": [],
        "metadata": [],
        "allow_extra_metadata": False,
        "distribution": {"strategy": "overlap", "min_submitted": 1},
        "mapping": None,
    }
    return Exported(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", notes)


def _question_base(
    name: str,
    title: str,
    required: bool,
    settings: dict[str, object],
    description: str | None = None,
) -> dict[str, object]:
    return {
        "name": name,
        "title": title,
        "description": description,
        "required": required,
        "settings": settings,
        "type": settings["type"],
    }


def _label_question(labels: LabelSet, shown: list[ToolLabel]) -> dict[str, object]:
    kind = (
        "span"
        if labels.kind == "span"
        else ("multi_label_selection" if labels.multi_label else "label_selection")
    )
    options = [
        {"value": label.id, "text": label.display_name + (_RETIRED if label.deprecated else "")}
        for label in shown
    ]
    settings: dict[str, object] = {"type": kind, "options": options, "visible_options": None}
    if kind == "span":
        settings.update(field=TEXT_FIELD, allow_overlapping=labels.multi_label)
    elif kind == "multi_label_selection":
        settings["options_order"] = "natural"
    definitions = "\n".join(
        f"- **{label.display_name}** (`{label.id}`): {' '.join(label.definition.split())}"
        for label in shown
        if label.definition
    )
    return _question_base(
        LABEL_QUESTION, labels.title or "Label", True, settings, definitions or None
    )


def _attribute_question(name: str, attribute: Attribute) -> tuple[dict[str, object], str | None]:
    note = None
    settings: dict[str, object]
    if attribute.type in ("enum", "boolean"):
        values = (
            _BOOLEAN if attribute.type == "boolean" else [str(v) for v in attribute.values or []]
        )
        options = [{"value": value, "text": value} for value in values]
        settings = {"type": "label_selection", "options": options, "visible_options": None}
    elif attribute.type == "number" and _fits_rating(attribute):
        low, high = int(attribute.min or 0), int(attribute.max or 0)
        settings = {"type": "rating", "options": [{"value": v} for v in range(low, high + 1)]}
    else:
        settings = {"type": "text", "use_markdown": False}
        if attribute.type == "number":
            note = f"attribute '{name}' (a number outside 0-10) is a free-text question in Argilla"
    return _question_base(name, name, False, settings, attribute.description), note


def _fits_rating(attribute: Attribute) -> bool:
    low, high = attribute.min, attribute.max
    return (
        low is not None
        and high is not None
        and low == int(low)
        and high == int(high)
        and 0 <= low < high <= 10
    )


def read(text: str, source: str) -> LabelSet:
    document = parse_json(text, source)
    if not isinstance(document, dict):
        raise InputError(f"{source}: Argilla settings are a JSON object")
    questions = document.get("questions")
    if not isinstance(questions, list):
        raise InputError(f"{source}: Argilla settings need a 'questions' list")
    found = [q for q in questions if isinstance(q, dict) and _type(q) in _LABEL_TYPES]
    if not found:
        raise InputError(f"{source}: no label, multi-label or span question with static labels")
    question = found[0]
    labels = _labels(question, source)
    attributes = {
        str(q.get("name")): _attribute(q)
        for q in questions
        if isinstance(q, dict) and q is not question
    }
    guidelines = document.get("guidelines")
    return LabelSet(
        labels=labels,
        modality="text",
        kind=_LABEL_TYPES[_type(question)],
        multi_label=_type(question) == "multi_label_selection"
        or (_type(question) == "span" and bool(_settings(question).get("allow_overlapping"))),
        attributes={name: a for name, a in attributes.items() if a is not None},
        description=guidelines if isinstance(guidelines, str) and guidelines.strip() else None,
    )


def _settings(question: dict[str, object]) -> dict[str, object]:
    settings = question.get("settings")
    return settings if isinstance(settings, dict) else {}


def _type(question: dict[str, object]) -> str:
    return str(_settings(question).get("type") or question.get("type") or "")


def _labels(question: dict[str, object], source: str) -> dict[str, ToolLabel]:
    options = _settings(question).get("options")
    if not isinstance(options, list) or not options:
        raise InputError(f"{source}: question '{question.get('name')}' has no options")
    definitions = {}
    for line in str(question.get("description") or "").splitlines():
        match = _DEFINITION.match(line.strip())
        if match:
            definitions[match["id"]] = match["definition"]
    labels: dict[str, ToolLabel] = {}
    for option in options:
        value = option.get("value") if isinstance(option, dict) else None
        if not isinstance(value, str) or not value:
            raise InputError(f"{source}: an option of '{question.get('name')}' has no value")
        text = str(option.get("text") or value)
        retired = text.endswith(_RETIRED)
        name = text.removesuffix(_RETIRED) if retired else text
        labels[value] = ToolLabel(
            id=value,
            name=None if name == value else name,
            definition=definitions.get(value),
            deprecated=retired,
        )
    return labels


def _attribute(question: dict[str, object]) -> Attribute | None:
    kind = _type(question)
    description = question.get("description")
    described = description if isinstance(description, str) and description else None
    options = _settings(question).get("options")
    values = (
        [o.get("value") for o in options if isinstance(o, dict)]
        if isinstance(options, list)
        else []
    )
    if kind == "label_selection" and values == _BOOLEAN:
        return Attribute(type="boolean", description=described)
    if kind in ("label_selection", "multi_label_selection") and values:
        return Attribute(type="enum", values=[str(v) for v in values], description=described)
    if kind == "rating" and values:
        numbers = [v for v in values if isinstance(v, int)]
        return Attribute(type="number", min=min(numbers), max=max(numbers), description=described)
    if kind == "text":
        return Attribute(type="text", description=described)
    return None  # ranking and other question kinds have no attribute of ours


TOOL = Tool(
    name="argilla",
    title="Argilla",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset({"classification", "span"}),
    modalities=frozenset({"text"}),
)
