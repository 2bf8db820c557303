"""YOLO (Ultralytics) ``data.yaml``: ``names``, a map class index -> name, and ``nc``.

Indices are the class numbers the YOLO relabeler gives (``interop.numbering``,
counted from 0 where labels have no ``index``), so relabelled data and the
exported names agree; names are label ids. Ultralytics needs indices 0..nc-1
without gaps: a note says when the taxonomy's indices leave gaps. Deprecated
labels keep their index (numbers are never reused), marked by a ``# deprecated``
comment, which import reads back. The file has no place for display names,
definitions, hierarchy or attributes; a comment and the notes say so. Dataset
paths (``path``, ``train``, ``val``) are left for the user.

Import reads ``names`` as a list or a map, checking ``nc`` against it.
"""

from __future__ import annotations

import json
import re

import yaml

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool
from labelspec.interop.labelset import LabelSet, ToolLabel, slug
from labelspec.model import Taxonomy
from labelspec.numbering import Numbering, index_table

_RETIRED = "# deprecated"
_NAME_LINE = re.compile(r"^\s+(?P<index>\d+)\s*:.*" + re.escape(_RETIRED))
NOT_HELD = "display names, definitions, hierarchy and attributes"


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    numbering = Numbering.of(taxonomy, start=0)
    numbers = dict(numbering.numbers)
    notes = [f"YOLO names hold label ids only: {NOT_HELD} stay in the taxonomy"]
    if not numbering.stable:
        notes.append("labels have no 'index': class indices follow file order and shift with it")
    if options.deprecated:
        numbers.update(
            {
                label_id: index
                for index, label_id in index_table(taxonomy).items()
                if not taxonomy.labels[label_id].is_active
            }
        )
    ordered = sorted(numbers.items(), key=lambda item: item[1])
    if [number for _, number in ordered] != list(range(len(ordered))):
        notes.append("class indices are not 0..nc-1 without gaps, which Ultralytics trainers need")
    lines = [f"# {line}" for line in notes]
    lines += [
        f"# Exported from taxonomy {taxonomy.id} {taxonomy.version} by labelspec.",
        f"nc: {len(ordered)}",
        "names:",
    ]
    for label_id, number in ordered:
        retired = "" if taxonomy.labels[label_id].is_active else f"  {_RETIRED}"
        lines.append(f"  {number}: {json.dumps(label_id)}{retired}")
    return Exported("\n".join(lines) + "\n", notes)


def read(text: str, source: str) -> LabelSet:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise InputError(f"{source}{where}: not YAML: {str(error).splitlines()[0]}") from None
    names = document.get("names") if isinstance(document, dict) else None
    if isinstance(names, list) and all(isinstance(name, str) for name in names):
        table = dict(enumerate(names))
    elif (
        isinstance(names, dict)
        and names
        and all(isinstance(k, int) and isinstance(v, str) for k, v in names.items())
    ):
        table = dict(names)
    else:
        raise InputError(f"{source}: 'names' must be a list of class names or a map index -> name")
    if not table:
        raise InputError(f"{source}: 'names' is empty")
    count = document.get("nc")
    if count is not None and count != len(table):
        raise InputError(f"{source}: nc is {count} but 'names' has {len(table)} classes")
    retired = {int(m["index"]) for m in map(_NAME_LINE.match, text.splitlines()) if m}
    labels: dict[str, ToolLabel] = {}
    for number, value in sorted(table.items()):
        name = value.strip()
        label_id = slug(name)
        if label_id in labels:
            raise InputError(f"{source}: class '{name}' is named twice")
        labels[label_id] = ToolLabel(
            id=label_id,
            name=None if name == label_id else name,
            index=number,
            deprecated=number in retired,
        )
    # Detection is what most data.yaml files are for; the file does not say.
    return LabelSet(labels=labels, modality="image", kind="bounding-box")


TOOL = Tool(
    name="yolo",
    title="YOLO data.yaml",
    suffix=".yaml",
    export=export,
    read=read,
    kinds=frozenset({"bounding-box", "polygon", "mask", "keypoints", "classification"}),
    modalities=frozenset({"image", "video"}),
    holds=frozenset(),
)
