"""One module per dataset format; each has ``relabel_file(run)`` that streams the
input of ``run`` and emits every record to the output, review or rejects."""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "jsonl": "labelspec.relabeling.formats.jsonl",
    "csv": "labelspec.relabeling.formats.csv",
    "tsv": "labelspec.relabeling.formats.csv",
    "coco": "labelspec.relabeling.formats.coco",
    "label-studio": "labelspec.relabeling.formats.label_studio",
    "conll": "labelspec.relabeling.formats.conll",
    "yolo": "labelspec.relabeling.formats.yolo",
}
