"""The books of a run are kept in one class: the fast paths of JSONL, CSV and
COCO book through ``Run.book_fast`` like the general path books through
``Run.written`` and friends; and the two ways of writing a review line agree."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path

import orjson
import pytest

from labelspec.model import Taxonomy
from labelspec.relabeling import relabel
from labelspec.relabeling.engine import Options, Run
from labelspec.relabeling.outputs import NullSink, Outputs, RejectLog, ReviewLog
from labelspec.relabeling.plan import RelabelPlan, Review
from labelspec.relabeling.report import RelabelReport
from labelspec.versions.mapping_types import LabelMapping
from relabel.support import RunRelabel, read_jsonl

COCO = orjson.dumps(
    {
        "images": [],
        "categories": [{"id": 1, "name": "car"}, {"id": 3, "name": "auto"}],
        "annotations": [{"id": n, "category_id": n % 2 * 2 + 1} for n in range(5)],
    }
)
FAST_INPUTS: list[tuple[str, bytes]] = [
    ("jsonl", b'{"label":"car"}\n{"label":"auto"}\n{"label":"gone"}\n{"label":"auto"}\n'),
    ("csv", b"id,label\n1,car\n2,auto\n3,auto\n"),
    ("coco", COCO),
]


@pytest.mark.parametrize(("fmt", "content"), FAST_INPUTS)
def test_fast_paths_book_through_the_run(
    run_relabel: RunRelabel, monkeypatch: pytest.MonkeyPatch, fmt: str, content: bytes
) -> None:
    booked: list[dict[Hashable, int]] = []
    book_fast: Callable[..., None] = Run.book_fast

    def spy(self: Run, written: dict[Hashable, int], *rest: object) -> None:
        booked.append(dict(written))
        book_fast(self, written, *rest)

    monkeypatch.setattr(Run, "book_fast", spy)
    report = run_relabel(content, fmt).report
    assert len(booked) == 1
    assert sum(booked[0].values()) == report.written > 0
    assert report.balanced
    assert report.labels["auto"].changed == 2
    assert report.labels["car"].unchanged >= 1


def run_for(street: Taxonomy, mapping: LabelMapping) -> Run:
    outputs = Outputs(None, ReviewLog(NullSink(), "data"), RejectLog(None))
    report = RelabelReport("data", "jsonl", "street", "1.0.0", "2.0.0")
    return Run(Path("data"), RelabelPlan(mapping, street), report, outputs, Options())


def test_book_fast_keeps_the_record_counts_and_the_label_tallies(
    street: Taxonomy, mapping: LabelMapping
) -> None:
    run = run_for(street, mapping)
    labels = {"car": "car", "Car": "car", "auto": "auto", "gone": "gone"}
    run.book_fast({"car": 3, "Car": 1, "auto": 2}, labels, {"auto"}, {"gone": 4})
    run.count_read(10)
    report = run.report
    assert (report.written, report.changed, report.review) == (6, 2, 4)
    assert report.balanced
    assert {label: tally.to_json() for label, tally in report.labels.items()} == {
        "gone": {"unchanged": 0, "changed": 0, "review": 4, "dropped": 0},
        "car": {"unchanged": 4, "changed": 0, "review": 0, "dropped": 0},
        "auto": {"unchanged": 0, "changed": 2, "review": 0, "dropped": 0},
    }


@pytest.mark.parametrize("source", ["data.jsonl", os.fsdecode(b"data-\xff.jsonl")])
def test_a_prepared_review_line_is_the_line_add_writes(source: str) -> None:
    lines: list[bytes] = []

    class Sink:
        def write(self, data: bytes, /) -> None:
            lines.append(data)

    log = ReviewLog(Sink(), source)
    review = Review("person", ("cyclist", "pedestrian"), "split")
    log.add(7, [review.to_json()], {"id": 4, "label": "person"})
    log.add_json(7, log.prepare(review), b'{"id":4,"label":"person"}\r\n')
    assert lines[0] == lines[1]


def test_a_file_name_that_is_not_utf8_does_not_stop_the_fast_path(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    """It did: the prepared review-line prefix dumped the name with orjson, which
    refuses surrogate escapes, and the run ended in a TypeError."""
    source = tmp_path / os.fsdecode(b"data-\xff.jsonl")
    source.write_text('{"label":"auto"}\n{"label":"gone"}\n')
    report = relabel(
        source,
        street,
        fmt="jsonl",
        out=tmp_path / "out.jsonl",
        review=tmp_path / "review.jsonl",
        mapping=mapping,
    )
    assert (report.read, report.written, report.review) == (2, 1, 1)
    assert read_jsonl(tmp_path / "out.jsonl") == [{"label": "car"}]
    review = (tmp_path / "review.jsonl").read_bytes()
    assert review.startswith(b'{"source":"') and b'"line":2,"label":"gone"' in review
