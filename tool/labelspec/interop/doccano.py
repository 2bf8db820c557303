"""doccano: the label types JSON that a project's label upload takes (a list of
``{text, prefix_key, suffix_key, background_color, text_color}``).

``text`` is the display name, ``suffix_key`` the hotkey, ``background_color``
the label's colour. doccano deletes the annotations of a label type that is
removed, so deprecated labels stay by default, without a hotkey and in the
tombstone colours below, which import reads back as deprecated. doccano has no
place for ids, definitions, hierarchy or attributes; notes say so.

Import refuses a file in which two label types share a text, as doccano itself
does (its own test file ``invalid_labels.json`` is such a file): one of the two
would silently be lost otherwise.
"""

from __future__ import annotations

import json

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool, parse_json
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of, slug
from labelspec.model import TaskKind, Taxonomy

TOMBSTONE_BACKGROUND = "#dddddd"
TOMBSTONE_TEXT = "#777777"
_DOCCANO_KEYS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    offered = {label.id for label in labels.assignable()}
    entries = []
    for label in labels.labels.values():
        if label.deprecated:
            entries.append(_entry(label.display_name, None, TOMBSTONE_BACKGROUND, TOMBSTONE_TEXT))
        elif label.id in offered:
            entries.append(_entry(label.display_name, _key(label), label.color, "#ffffff"))
    notes = [
        "doccano holds display names, hotkeys and colours only: ids, definitions, "
        "hierarchy and attributes stay in the taxonomy"
    ]
    if any(label.deprecated for label in labels.labels.values()):
        notes.append(f"deprecated labels are kept in grey ({TOMBSTONE_BACKGROUND}) without a key")
    return Exported(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", notes)


def _entry(text: str, key: str | None, background: str | None, color: str) -> dict[str, object]:
    return {
        "text": text,
        "prefix_key": None,
        "suffix_key": key,
        "background_color": background,
        "text_color": color,
    }


def _key(label: ToolLabel) -> str | None:
    # doccano shortcuts are one letter or digit; longer hotkeys cannot be held.
    hotkey = (label.hotkey or "").lower()
    return hotkey if hotkey in _DOCCANO_KEYS else None


def read(text: str, source: str) -> LabelSet:
    document = parse_json(text, source)
    if not isinstance(document, list) or not document:
        raise InputError(f"{source}: doccano label types are a non-empty JSON list")
    labels: dict[str, ToolLabel] = {}
    seen: set[str] = set()
    for position, entry in enumerate(document, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise InputError(f"{source}: label type {position} has no 'text'")
        name = entry["text"].strip()
        if name in seen:
            raise InputError(
                f"{source}: label type {position}: the text '{name}' is used twice "
                "(doccano refuses duplicate label texts)"
            )
        seen.add(name)
        label = _label(entry, name)
        labels[label.id] = label
    kinds = {entry.get("task_type") for entry in document if isinstance(entry, dict)}
    kind: TaskKind | None = None
    if kinds == {"Span"}:
        kind = "span"
    elif kinds == {"Category"}:
        kind = "classification"
    return LabelSet(labels=labels, modality="text", kind=kind)


def _label(entry: dict[str, object], name: str) -> ToolLabel:
    background = entry.get("background_color")
    key = entry.get("suffix_key")
    deprecated = (background, entry.get("text_color")) == (TOMBSTONE_BACKGROUND, TOMBSTONE_TEXT)
    label_id = slug(name)
    return ToolLabel(
        id=label_id,
        name=None if name == label_id else name,
        color=background if isinstance(background, str) and not deprecated else None,
        hotkey=key if isinstance(key, str) and key else None,
        deprecated=deprecated,
    )


TOOL = Tool(
    name="doccano",
    title="doccano",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset({"classification", "span"}),
    modalities=frozenset({"text"}),
    holds=frozenset({"names"}),
)
