"""spaCy: the labels file ``spacy init labels`` writes for one pipeline component,
a JSON list of label strings, which ``[initialize.components.<name>.labels]``
reads.

The component follows from the task: ``textcat`` (one label per text),
``textcat_multilabel`` (``multi_label``) or ``spancat`` (spans; use the same file
for ``ner`` when the spans never overlap). Labels are written as label ids, which
is what the model predicts. The file holds nothing else: display names,
definitions, hierarchy and attributes stay in the taxonomy, and deprecated labels
are left out, since a labels file lists what the model is to predict.

This module is ``labelspec.interop.spacy``; it never imports the spaCy package.
"""

from __future__ import annotations

import json

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool, parse_json
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of
from labelspec.interop.prodigy import tool_label
from labelspec.model import TaskKind, Taxonomy


def component(kind: TaskKind, multi_label: bool) -> str:
    """The spaCy component that predicts labels of this task."""
    if kind == "span":
        return "spancat"
    return "textcat_multilabel" if multi_label else "textcat"


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, deprecated=False)
    task = taxonomy.task
    name = component(task.kind, task.multi_label)
    notes = [
        f"labels for the '{name}' component (spaCy holds label ids only; display names, "
        "definitions, hierarchy and attributes stay in the taxonomy)"
    ]
    retired = [label_id for label_id, label in taxonomy.labels.items() if not label.is_active]
    if retired and options.deprecated:
        notes.append("deprecated labels are left out of a model's labels: " + ", ".join(retired))
    text = json.dumps([label.id for label in labels.assignable()], ensure_ascii=False)
    return Exported(text + "\n", notes)


def read(text: str, source: str) -> LabelSet:
    document = parse_json(text, source)
    if not isinstance(document, list) or not all(isinstance(item, str) for item in document):
        raise InputError(f"{source}: a spaCy labels file is a JSON list of label strings")
    if not document:
        raise InputError(f"{source}: no labels (an empty list)")
    labels: dict[str, ToolLabel] = {}
    for value in document:
        label = tool_label(value)
        labels.setdefault(label.id, label)
    # The file does not say its component; text classification is the likely reading.
    return LabelSet(labels=labels, modality="text")


TOOL = Tool(
    name="spacy",
    title="spaCy",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset({"classification", "span"}),
    modalities=frozenset({"text"}),
    holds=frozenset(),
)
