"""COCO categories: ``{"categories": [{"id", "name", "supercategory"}, ...]}``.

Ids are the class numbers the COCO relabeler gives (``interop.numbering``,
counted from 1), so relabelled data and exported categories agree; ``name`` is
the label id, ``supercategory`` the id of its parent (labels without one are
their own supercategory, as in COCO itself). Deprecated labels keep their
``index`` as id (numbers are never reused) and are marked ``"deprecated": true``,
a key COCO readers ignore. COCO has no place for display names, definitions or
attributes, and holds only one parent; notes say what was not held.

Import reads ``categories`` of any COCO file, a whole dataset included;
supercategories that are no category of their own become abstract parents.
"""

from __future__ import annotations

import json

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool, parse_json
from labelspec.interop.labelset import LabelSet, ToolLabel, slug
from labelspec.model import Taxonomy
from labelspec.numbering import Numbering, index_table


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    numbering = Numbering.of(taxonomy, start=1)
    numbers = dict(numbering.numbers)
    notes = ["COCO holds no display names, definitions or attributes: the taxonomy keeps them"]
    if not numbering.stable:
        notes.append("labels have no 'index': category ids follow file order and shift with it")
    if taxonomy.task.kind == "keypoints":
        notes.append(
            "COCO keypoint categories also list 'keypoints' and 'skeleton'; the taxonomy "
            "has no keypoint layout, so add them to the categories by hand"
        )
    if options.deprecated:
        retired = {
            label_id: index
            for index, label_id in index_table(taxonomy).items()
            if not taxonomy.labels[label_id].is_active
        }
        numbers.update(retired)
        unnumbered = [
            label_id
            for label_id, label in taxonomy.labels.items()
            if not label.is_active and label_id not in retired
        ]
        if unnumbered:
            notes.append(
                "deprecated labels without an index are left out: " + ", ".join(unnumbered)
            )
    categories = []
    for label_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        label = taxonomy.labels[label_id]
        parents = [parent for parent in label.parents if parent in taxonomy.labels]
        if len(parents) > 1:
            notes.append(f"'{label_id}' has {len(parents)} parents; COCO holds the first only")
        category: dict[str, object] = {
            "id": number,
            "name": label_id,
            "supercategory": parents[0] if parents else label_id,
        }
        if not label.is_active:
            category["deprecated"] = True
        categories.append(category)
    return Exported(json.dumps({"categories": categories}, indent=2) + "\n", notes)


def read(text: str, source: str) -> LabelSet:
    document = parse_json(text, source)
    categories = document.get("categories") if isinstance(document, dict) else None
    if not isinstance(categories, list) or not categories:
        raise InputError(f"{source}: no 'categories' list")
    labels: dict[str, ToolLabel] = {}
    for position, category in enumerate(categories, start=1):
        label = _label(category, source, position)
        if label.id in labels:
            raise InputError(f"{source}: category {position}: '{label.id}' is named twice")
        labels[label.id] = label
    for label in list(labels.values()):
        for parent in label.parents:
            labels.setdefault(parent, ToolLabel(id=parent, abstract=True))
    # Parents first, as a lead would write them.
    ordered = {k: v for k, v in labels.items() if v.abstract} | labels
    # Boxes are what most COCO files hold; the file itself does not say.
    return LabelSet(labels=ordered, modality="image", kind="bounding-box")


def _label(category: object, source: str, position: int) -> ToolLabel:
    if not isinstance(category, dict) or not isinstance(category.get("name"), str):
        raise InputError(f"{source}: category {position} has no 'name'")
    number = category.get("id")
    if not isinstance(number, int) or isinstance(number, bool):
        raise InputError(f"{source}: category {position} has no whole-number 'id'")
    name = category["name"].strip()
    label_id = slug(name)
    parent = category.get("supercategory")
    parent_id = slug(parent) if isinstance(parent, str) and parent.strip() else None
    return ToolLabel(
        id=label_id,
        name=None if name == label_id else name,
        parents=[parent_id] if parent_id and parent_id != label_id else [],
        index=number,
        deprecated=category.get("deprecated") is True,
    )


TOOL = Tool(
    name="coco",
    title="COCO categories",
    suffix=".json",
    export=export,
    read=read,
    kinds=frozenset({"bounding-box", "polygon", "mask", "keypoints"}),
    modalities=frozenset({"image", "video"}),
    holds=frozenset({"hierarchy"}),
)
