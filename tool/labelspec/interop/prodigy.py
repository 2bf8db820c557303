"""Prodigy: a label file (one label per line) for classification tasks, and match
patterns (JSONL) for span tasks.

Export writes ONE text: for a classification task the label file that
``--label`` takes; for a span task the patterns file that ``--patterns`` takes,
one token pattern (``{"label": ..., "pattern": [{"lower": ...}, ...]}``) per
display name, alias and include of each assignable label. Labels are written as
label ids, which is what a trained model predicts. Prodigy holds no display
names, definitions, hierarchy or attributes, and has no way to hide a label, so
deprecated labels are left out (Prodigy does not refuse a label set that lacks
them); notes say so.

Import reads either file: JSON lines with a ``label`` are patterns (their
phrases become includes), anything else is a label file.
"""

from __future__ import annotations

import json

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of, slug
from labelspec.model import Taxonomy

NOT_HELD = "display names, definitions, hierarchy and attributes"


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, deprecated=False)
    notes = [f"Prodigy holds label ids only: {NOT_HELD} stay in the taxonomy"]
    retired = [label_id for label_id, label in taxonomy.labels.items() if not label.is_active]
    if retired and options.deprecated:
        notes.append(
            "Prodigy cannot hide a label, so deprecated labels are left out: " + ", ".join(retired)
        )
    assignable = labels.assignable()
    if taxonomy.task.kind != "span":
        return Exported("".join(f"{label.id}\n" for label in assignable), notes)
    lines = []
    for label in assignable:
        for phrase in _phrases(taxonomy, label):
            pattern = [{"lower": token} for token in phrase.lower().split()]
            lines.append(json.dumps({"label": label.id, "pattern": pattern}, ensure_ascii=False))
    notes.append("patterns come from names, aliases and includes: review them before use")
    return Exported("".join(f"{line}\n" for line in lines), notes)


def _phrases(taxonomy: Taxonomy, label: ToolLabel) -> list[str]:
    source = taxonomy.labels[label.id]
    phrases = [label.display_name, *source.aliases, *source.includes]
    return list(dict.fromkeys(phrase for phrase in phrases if phrase.strip()))


def read(text: str, source: str) -> LabelSet:
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line and not line.startswith("#")]
    if not lines:
        raise InputError(f"{source}: no labels (an empty file)")
    if lines[0][1].startswith("{"):
        return _read_patterns(lines, source)
    labels: dict[str, ToolLabel] = {}
    for _, value in lines:
        label = tool_label(value)
        labels.setdefault(label.id, label)
    return LabelSet(labels=labels, modality="text", kind="classification")


def _read_patterns(lines: list[tuple[int, str]], source: str) -> LabelSet:
    labels: dict[str, ToolLabel] = {}
    for number, line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{source}:{number}:{error.colno}: not JSON: {error.msg}") from None
        value = entry.get("label") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{source}:{number}: a pattern without a 'label'")
        label = labels.setdefault(tool_label(value).id, tool_label(value))
        phrase = _phrase(entry.get("pattern"))
        if phrase and phrase not in label.includes and phrase != label.display_name.lower():
            label.includes.append(phrase)
    return LabelSet(labels=labels, modality="text", kind="span")


def _phrase(pattern: object) -> str | None:
    """The words a pattern matches, where it is a plain phrase: a string, or
    tokens matched by their text alone (other token patterns keep only the label)."""
    if isinstance(pattern, str):
        return pattern.strip() or None
    if not isinstance(pattern, list) or not pattern:
        return None
    words = []
    for token in pattern:
        if not isinstance(token, dict) or len(token) != 1:
            return None
        ((key, value),) = token.items()
        if key.lower() not in ("lower", "orth", "text") or not isinstance(value, str):
            return None
        words.append(value)
    return " ".join(words)


def tool_label(value: str) -> ToolLabel:
    """A label from the text a tool uses for it: the text itself where it is a
    label id, else its slug, keeping the text as the display name."""
    value = value.strip()
    label_id = slug(value)
    return ToolLabel(id=label_id, name=None if value == label_id else value)


TOOL = Tool(
    name="prodigy",
    title="Prodigy",
    suffix=".txt",
    export=export,
    read=read,
    kinds=frozenset({"classification", "span"}),
    modalities=frozenset({"text"}),
    holds=frozenset(),
)
