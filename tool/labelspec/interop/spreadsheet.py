"""A spreadsheet of the labels: one CSV row per label, for leads who review a
taxonomy in a spreadsheet program, and for taxonomies that start out as one.

The file is UTF-8 with a byte-order mark and CRLF line ends, which is what
spreadsheet programs need to open it without an import dialog; lists are joined
with "; " and an exclude is "thing -> label" ("thing -> (none)": do not annotate).
"""

from __future__ import annotations

import csv
import io

from labelspec.errors import InputError
from labelspec.interop import Exported, ExportOptions, Tool
from labelspec.interop.labelset import LabelSet, ToolLabel, labelset_of, slug
from labelspec.model import Taxonomy

COLUMNS = (
    "id",
    "name",
    "parent",
    "abstract",
    "definition",
    "includes",
    "excludes",
    "status",
    "replaced_by",
    "index",
)
_LIST = "; "
_ARROW = " -> "
_NONE = "(none)"


def export(taxonomy: Taxonomy, options: ExportOptions) -> Exported:
    labels = labelset_of(taxonomy, options.deprecated)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for label in labels.labels.values():
        writer.writerow(
            (
                label.id,
                label.display_name,
                _LIST.join(label.parents),
                "yes" if label.abstract else "",
                label.definition or "",
                _LIST.join(label.includes),
                _LIST.join(
                    f"{thing}{_ARROW}{target or _NONE}" for thing, target in label.excludes.items()
                ),
                "deprecated" if label.deprecated else "active",
                _LIST.join(label.replaced_by),
                "" if label.index is None else str(label.index),
            )
        )
    notes = ["attributes, examples and edge cases have no column; the taxonomy file keeps them"]
    return Exported("\ufeff" + out.getvalue(), notes)


def read(text: str, source: str) -> LabelSet:
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise InputError(f"{source}: no label rows (the first row names the columns)")
    if "id" not in rows[0] and "name" not in rows[0]:
        raise InputError(
            f"{source}: no 'id' or 'name' column; the columns are {', '.join(COLUMNS)}"
        )
    labels: dict[str, ToolLabel] = {}
    for number, row in enumerate(rows, start=2):
        label = _label(row, source, number)
        if label.id in labels:
            raise InputError(f"{source}:{number}: label '{label.id}' is in the sheet twice")
        labels[label.id] = label
    return LabelSet(labels=labels)


def _label(row: dict[str, str | None], source: str, number: int) -> ToolLabel:
    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    name = cell("name")
    label_id = cell("id") or slug(name)
    if not label_id:
        raise InputError(f"{source}:{number}: a row without id or name")
    index = cell("index")
    if index and not index.isdigit():
        raise InputError(f"{source}:{number}: index '{index}' is not a whole number")
    excludes: dict[str, str | None] = {}
    for item in _items(cell("excludes")):
        thing, _, target = item.partition(_ARROW.strip())
        target = target.strip()
        excludes[thing.strip()] = None if target in ("", _NONE) else target
    return ToolLabel(
        id=label_id,
        name=name if name and name != label_id else None,
        parents=_items(cell("parent")),
        abstract=cell("abstract").lower() in ("yes", "true", "1", "x"),
        definition=cell("definition") or None,
        includes=_items(cell("includes")),
        excludes=excludes,
        index=int(index) if index else None,
        deprecated=cell("status") == "deprecated",
        replaced_by=_items(cell("replaced_by")),
    )


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


TOOL = Tool(
    name="csv",
    title="Spreadsheet (CSV)",
    suffix=".csv",
    export=export,
    read=read,
    holds=frozenset({"ids", "names", "hierarchy"}),
)
