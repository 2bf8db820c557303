"""A taxonomy file from an imported label set.

The file holds what the tool's config held: labels with their display names,
hierarchy, descriptions as definitions, attributes, class numbers, colours and
hotkeys. What tools do not hold, definitions and examples most of all, is left
for the lead: ``labelspec lint`` points at every label that still needs it.
"""

from __future__ import annotations

import yaml

from labelspec.interop.labelset import LabelSet, ToolLabel
from labelspec.model import Attribute

# A task the config did not say: the neutral guess, named in a comment.
_DEFAULT_TASK = ("image", "classification")


def taxonomy_yaml(labels: LabelSet, taxonomy_id: str, source: str, version: str = "1.0.0") -> str:
    """The YAML text of a new taxonomy ``taxonomy_id`` holding ``labels``."""
    modality = labels.modality or _DEFAULT_TASK[0]
    kind = labels.kind or _DEFAULT_TASK[1]
    task: dict[str, object] = {"modality": modality, "kind": kind}
    if labels.multi_label:
        task["multi_label"] = True
    if not labels.leaf_only:
        task["leaf_only"] = False
    document: dict[str, object] = {
        "taxonomy": taxonomy_id,
        "title": labels.title or taxonomy_id,
        "version": version,
    }
    if labels.description:
        document["description"] = labels.description
    document["task"] = task
    if labels.attributes:
        document["attributes"] = {
            name: _attribute(attribute) for name, attribute in labels.attributes.items()
        }
    document["labels"] = {label.id: _label(label, version) for label in labels.labels.values()}
    header = f"# Imported from {source} by labelspec import.\n"
    if labels.modality is None or labels.kind is None:
        header += "# The config does not say the task: check `task` below.\n"
    header += "# Definitions the tool did not hold are left for you: `labelspec lint` lists them.\n"
    header += "".join(f"# note: {' '.join(note.split())}\n" for note in labels.notes)
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def _label(label: ToolLabel, version: str) -> dict[str, object]:
    data: dict[str, object] = {}
    if label.name is not None and label.name != label.id:
        data["name"] = label.name
    if label.parents:
        data["parent"] = label.parents[0] if len(label.parents) == 1 else list(label.parents)
    if label.abstract:
        data["abstract"] = True
    if label.definition:
        data["definition"] = label.definition
    if label.includes:
        data["includes"] = list(label.includes)
    if label.excludes:
        data["excludes"] = dict(label.excludes)
    if label.attributes:
        data["attributes"] = {
            name: _attribute(attribute) for name, attribute in label.attributes.items()
        }
    if label.index is not None:
        data["index"] = label.index
    if label.deprecated:
        data["status"] = "deprecated"
        data["deprecated_in"] = version
        if label.replaced_by:
            data["replaced_by"] = (
                label.replaced_by[0] if len(label.replaced_by) == 1 else list(label.replaced_by)
            )
        else:
            data["reason"] = "Retired in the tool's config."
    hints = {
        key: value for key, value in (("color", label.color), ("hotkey", label.hotkey)) if value
    }
    if hints:
        data["tool"] = hints
    return data


def _attribute(attribute: Attribute) -> dict[str, object]:
    return attribute.model_dump(exclude_defaults=True, exclude_none=True) | {"type": attribute.type}
