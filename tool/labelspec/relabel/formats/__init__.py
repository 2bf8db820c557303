"""One module per dataset format; each has ``relabel_file(run)`` that streams the
input of ``run`` and emits every record to the output, review or rejects."""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "jsonl": "labelspec.relabel.formats.jsonl",
    "csv": "labelspec.relabel.formats.csv",
    "tsv": "labelspec.relabel.formats.csv",
    "coco": "labelspec.relabel.formats.coco",
    "label-studio": "labelspec.relabel.formats.label_studio",
    "conll": "labelspec.relabel.formats.conll",
    "yolo": "labelspec.relabel.formats.yolo",
}
