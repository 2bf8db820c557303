"""A small taxonomy with every kind of mapping entry, and its mapping built by
hand, so that relabel tests do not depend on the mapping builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labelspec.loader import load_text
from labelspec.model import SplitTarget, Taxonomy
from labelspec.relabeling import relabel
from labelspec.versions.mapping_types import LabelMapping, MappingEntry
from relabel.support import Relabelled, RunRelabel

TAXONOMY = """\
taxonomy: street
title: Street
version: 2.0.0
task: {modality: image, kind: bounding-box}
labels:
  vehicle: {abstract: true, definition: Moves on roads., index: 0}
  car: {name: Car, parent: vehicle, definition: A car., index: 1, added_in: 1.0.0}
  truck: {parent: vehicle, definition: A truck., index: 2, history: [{version: 2.0.0, change: narrowed}]}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed., index: 3}
  lorry: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged., index: 4}
  person:
    status: deprecated
    deprecated_in: 2.0.0
    index: 5
    reason: Split.
    replaced_by:
      - {label: cyclist, when: {riding: true}}
      - {label: pedestrian, when: {riding: false}}
  blob: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [car, truck], reason: Ambiguous., index: 6}
  gone: {status: deprecated, deprecated_in: 2.0.0, reason: Removed., index: 7}
  cyclist: {definition: Rides., index: 8, added_in: 2.0.0}
  pedestrian: {name: Pedestrian, definition: Walks., index: 9, added_in: 2.0.0}
"""


def entry(
    source: str,
    targets: tuple[str, ...],
    kind: str,
    deterministic: bool,
    review: str | None = None,
    rules: tuple[SplitTarget, ...] = (),
) -> MappingEntry:
    return MappingEntry(source, targets, kind, deterministic, review, rules)  # type: ignore[arg-type]


def street_mapping() -> LabelMapping:
    rules = (
        SplitTarget(label="cyclist", when={"riding": True}),
        SplitTarget(label="pedestrian", when={"riding": False}),
    )
    entries = [
        entry("car", ("car",), "identity", True),
        entry("truck", ("truck",), "narrowed", False, "narrowed"),
        entry("auto", ("car",), "renamed", True),
        entry("lorry", ("car",), "merged", True),
        entry("person", ("cyclist", "pedestrian"), "split", False, "split", rules),
        entry("blob", ("car", "truck"), "split", False, "split"),
        entry("gone", (), "removed", False, "removed"),
    ]
    return LabelMapping("street", "1.0.0", "2.0.0", {e.source: e for e in entries})


def identity_mapping(labels: list[str]) -> LabelMapping:
    entries = {label: entry(label, (label,), "identity", True) for label in labels}
    return LabelMapping("street", "2.0.0", "2.0.0", entries)


@pytest.fixture
def street() -> Taxonomy:
    return load_text(TAXONOMY, Path("street.yaml")).require()


@pytest.fixture
def mapping() -> LabelMapping:
    return street_mapping()


@pytest.fixture
def run_relabel(tmp_path: Path, street: Taxonomy, mapping: LabelMapping) -> RunRelabel:
    def run(content: str | bytes, fmt: str, name: str = "input", **options: Any) -> Relabelled:
        source = tmp_path / name
        if isinstance(content, bytes):
            source.write_bytes(content)
        else:
            source.write_text(content, encoding="utf-8")
        output = tmp_path / f"out-{name}"
        review = tmp_path / f"review-{name}.jsonl"
        options.setdefault("mapping", mapping)
        report = relabel(source, street, fmt=fmt, out=output, review=review, **options)
        return Relabelled(report, output, review)

    return run
