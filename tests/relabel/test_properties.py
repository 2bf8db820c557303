"""Properties over generated inputs: an identity mapping changes nothing, and every
record read is accounted for, whatever malformed lines are mixed in."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelspec.loader import load_text
from labelspec.relabeling import relabel
from relabel.conftest import TAXONOMY, identity_mapping, street_mapping
from relabel.support import read_jsonl

STREET = load_text(TAXONOMY, Path("street.yaml")).taxonomy
assert STREET is not None
OLD_LABELS = ["car", "truck", "auto", "lorry", "person", "blob", "gone", "Car"]
CURRENT = ["car", "truck", "cyclist", "pedestrian"]

scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12)
extra_fields = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda key: key not in ("label", "riding")),
    scalars,
    max_size=4,
)


def _label_value(labels: list[str]) -> st.SearchStrategy[object]:
    return st.sampled_from(labels) | st.lists(st.sampled_from(labels), unique=True, max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(extra_fields, _label_value(CURRENT)), max_size=30))
def test_identity_mapping_changes_nothing(records: list[tuple[dict[str, object], object]]) -> None:
    lines = [orjson.dumps({**fields, "label": label}) + b"\n" for fields, label in records]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "in.jsonl").write_bytes(b"".join(lines))
        report = relabel(
            root / "in.jsonl",
            STREET,
            fmt="jsonl",
            out=root / "out.jsonl",
            review=root / "review.jsonl",
            mapping=identity_mapping(CURRENT),
        )
        assert (root / "out.jsonl").read_bytes() == b"".join(lines)
        assert (root / "review.jsonl").read_bytes() == b""
        assert report.changed == 0
        assert report.written == report.read == len(lines)


malformed = st.one_of(
    st.text(max_size=20).filter(lambda text: "\n" not in text and "\r" not in text),
    st.just("[1, 2]"),
    st.just('{"label": 3.5}'),
    st.just('{"other": 1}'),
    st.just('{"label": "unknown-label"}'),
    st.binary(max_size=10).filter(lambda data: b"\n" not in data and b"\r" not in data),
)
valid = st.builds(
    lambda fields, label, riding: {**fields, "label": label, **riding},
    extra_fields,
    _label_value(OLD_LABELS),
    st.sampled_from([{}, {"riding": True}, {"riding": False}, {"riding": "x"}]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(valid, malformed), max_size=40), st.sampled_from(["review", "drop"]))
def test_every_record_is_accounted_for(items: list[object], on_removed: str) -> None:
    lines = []
    for item in items:
        if isinstance(item, dict):
            lines.append(orjson.dumps(item))
        elif isinstance(item, str):
            lines.append(item.encode("utf-8", "surrogatepass"))
        else:
            assert isinstance(item, bytes)
            lines.append(item)
    records = sum(1 for line in lines if line.strip())
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "in.jsonl").write_bytes(b"\n".join(lines))
        report = relabel(
            root / "in.jsonl",
            STREET,
            fmt="jsonl",
            out=root / "out.jsonl",
            review=root / "review.jsonl",
            mapping=street_mapping(),
            on_removed="drop" if on_removed == "drop" else "review",
        )
        assert report.read == records
        assert report.read == report.written + report.review + report.rejected + report.dropped
        assert len((root / "out.jsonl").read_bytes().splitlines()) == report.written
        assert len(read_jsonl(root / "review.jsonl")) == report.review
        assert len(read_jsonl(root / "out.jsonl.rejects")) == report.rejected
        if on_removed == "review":
            assert report.dropped == 0
        # Nothing written still carries an old label.
        for record in read_jsonl(root / "out.jsonl"):
            value = record["label"]
            for label in value if isinstance(value, list) else [value]:
                assert label in (*CURRENT, "Car")


words = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=6)
tags = st.one_of(
    st.just("O"),
    st.builds(
        lambda prefix, label: f"{prefix}-{label}", st.sampled_from("BIES"), st.sampled_from(CURRENT)
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(words, tags), min_size=1, max_size=6), max_size=6))
def test_identity_mapping_changes_no_conll_file(sentences: list[list[tuple[str, str]]]) -> None:
    text = "".join(
        "".join(f"{word} X {tag}\n" for word, tag in sentence) + "\n" for sentence in sentences
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "in.conll").write_text(text)
        report = relabel(
            root / "in.conll",
            STREET,
            fmt="conll",
            out=root / "out.conll",
            review=root / "review.jsonl",
            mapping=identity_mapping(CURRENT),
        )
        assert (root / "out.conll").read_text() == text
        assert report.read == report.written == len(sentences)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(max_size=10),
            st.lists(st.sampled_from(CURRENT), unique=True, min_size=1, max_size=3),
        ),
        max_size=20,
    )
)
def test_identity_mapping_changes_no_csv_row(rows: list[tuple[str, list[str]]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" rows: only then is a bare "\r" quoted
    writer.writerow(["note", "label"])
    for note, labels in rows:
        writer.writerow([note, "|".join(labels)])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "in.csv").write_text(buffer.getvalue(), newline="")
        relabel(
            root / "in.csv",
            STREET,
            fmt="csv",
            out=root / "out.csv",
            review=root / "review.jsonl",
            separator="|",
            mapping=identity_mapping(CURRENT),
        )
        with (
            (root / "in.csv").open(newline="") as before,
            (root / "out.csv").open(newline="") as after,
        ):
            assert list(csv.reader(after)) == list(csv.reader(before))


json_values = st.recursive(
    scalars | st.sampled_from(OLD_LABELS),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "label",
                    "annotations",
                    "categories",
                    "result",
                    "value",
                    "id",
                    "category_id",
                    "images",
                    "x",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
garbage = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    json_values.map(orjson.dumps),
    st.lists(json_values, max_size=5).map(lambda items: b"\n".join(map(orjson.dumps, items))),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(garbage, st.sampled_from(["jsonl", "csv", "tsv", "conll", "coco", "label-studio"]))
def test_no_input_makes_a_traceback(content: bytes, fmt: str) -> None:
    """Whatever the bytes, a run ends with balanced counts or a LabelspecError
    (a one-line message and an exit code), never another exception."""
    from labelspec.errors import LabelspecError

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "input").write_bytes(content)
        try:
            report = relabel(
                root / "input",
                STREET,
                fmt=fmt,
                out=root / "out",
                review=root / "review.jsonl",
                mapping=street_mapping(),
            )
        except LabelspecError:
            assert sorted(p.name for p in root.iterdir()) == ["input"]
            return
        assert report.balanced
