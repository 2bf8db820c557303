"""YOLO datasets: class indices remapped in label files, data.yaml names rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from labelspec.errors import InputError, UsageError
from labelspec.model import Taxonomy
from labelspec.relabeling import relabel
from labelspec.versions.mapping_types import LabelMapping
from relabel.support import read_jsonl

DATA_YAML = (
    "# my dataset\npath: .\ntrain: images/train\nnc: 5\nnames: [car, auto, person, gone, truck]\n"
)


def make_dataset(root: Path, data_yaml: str = DATA_YAML) -> Path:
    (root / "images" / "train").mkdir(parents=True)
    (root / "images" / "train" / "a.jpg").write_bytes(b"jpeg")
    labels = root / "labels" / "train"
    labels.mkdir(parents=True)
    (labels / "a.txt").write_text(
        "0 0.5 0.5 0.1 0.1\n1 0.4 0.4 0.2 0.2\n2 0.1 0.1 0.1 0.1\n3 0.1 0.1 0.2 0.2\n"
        "9 1 1 1 1\nbad line\n\n"
    )
    (labels / "b.txt").write_text("1 0.1 0.2 0.3 0.4 0.5 0.6\n")
    (root / "labels" / "train.cache").write_bytes(b"stale")
    (root / "data.yaml").write_text(data_yaml)
    return root


def test_dataset_is_relabelled(tmp_path: Path, street: Taxonomy, mapping: LabelMapping) -> None:
    source = make_dataset(tmp_path / "ds")
    out = tmp_path / "out"
    report = relabel(
        source, street, fmt="yolo", out=out, review=tmp_path / "r.jsonl", mapping=mapping
    )
    assert (
        out / "labels" / "train" / "a.txt"
    ).read_text() == "1 0.5 0.5 0.1 0.1\n1 0.4 0.4 0.2 0.2\n"
    assert (out / "labels" / "train" / "b.txt").read_text() == "1 0.1 0.2 0.3 0.4 0.5 0.6\n"
    data = (out / "data.yaml").read_text()
    assert data.startswith("# my dataset\n")  # comments kept
    parsed = yaml.safe_load(data)
    assert parsed["names"] == {1: "car", 2: "truck", 8: "cyclist", 9: "pedestrian"}
    assert parsed["nc"] == 4
    assert (out / "images").is_symlink()
    assert (out / "images" / "train" / "a.jpg").read_bytes() == b"jpeg"
    assert not (out / "labels" / "train.cache").exists()
    review = read_jsonl(tmp_path / "r.jsonl")
    assert [(i["source"], i["line"], i["label"]) for i in review] == [
        ("labels/train/a.txt", 3, "person"),
        ("labels/train/a.txt", 4, "gone"),
    ]
    rejects = read_jsonl(tmp_path / "out.rejects")
    assert [(i["source"], i["line"]) for i in rejects] == [
        ("labels/train/a.txt", 5),
        ("labels/train/a.txt", 6),
    ]
    assert (report.read, report.written, report.review, report.rejected) == (7, 3, 2, 2)
    # The class number of car moved from 0 to 1: that line changed.
    assert report.labels["car"].changed == 1
    # Sparse indices are legal in the taxonomy but unusual for YOLO trainers.
    assert report.warnings


def test_contiguous_numbers_keep_a_names_list(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    for number, label_id in enumerate(("car", "truck", "cyclist", "pedestrian")):
        street.labels[label_id].index = number
    source = make_dataset(
        tmp_path / "ds",
        DATA_YAML.replace(
            "names: [car, auto, person, gone, truck]",
            "names:\n  0: car\n  1: auto\n  2: person\n  3: gone\n  4: truck\n",
        ),
    )
    out = tmp_path / "out"
    relabel(
        source / "data.yaml",
        street,
        fmt="yolo",
        out=out,
        review=tmp_path / "r.jsonl",
        mapping=mapping,
    )
    assert yaml.safe_load((out / "data.yaml").read_text())["names"] == {
        0: "car",
        1: "truck",
        2: "cyclist",
        3: "pedestrian",
    }
    assert (out / "labels" / "train" / "a.txt").read_text().splitlines()[1].startswith("0 ")


def test_existing_output_folder_is_refused(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    source = make_dataset(tmp_path / "ds")
    (tmp_path / "out").mkdir()
    with pytest.raises(UsageError):
        relabel(
            source,
            street,
            fmt="yolo",
            out=tmp_path / "out",
            review=tmp_path / "r.jsonl",
            mapping=mapping,
        )
    with pytest.raises(UsageError):
        relabel(
            source,
            street,
            fmt="yolo",
            out=source / "inside",
            review=tmp_path / "r.jsonl",
            mapping=mapping,
        )


def test_bad_names_are_input_errors(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    source = make_dataset(tmp_path / "ds", "names: 3\n")
    with pytest.raises(InputError):
        relabel(
            source,
            street,
            fmt="yolo",
            out=tmp_path / "o",
            review=tmp_path / "r.jsonl",
            mapping=mapping,
        )
    assert not (tmp_path / "o").exists()
    assert not (tmp_path / "r.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]


def test_review_inside_the_output_is_refused(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    source = make_dataset(tmp_path / "ds")
    with pytest.raises(UsageError):
        relabel(
            source,
            street,
            fmt="yolo",
            out=tmp_path / "out",
            review=tmp_path / "out" / "r.jsonl",
            mapping=mapping,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_dry_run_writes_no_folder(tmp_path: Path, street: Taxonomy, mapping: LabelMapping) -> None:
    source = make_dataset(tmp_path / "ds")
    report = relabel(source, street, fmt="yolo", mapping=mapping, dry_run=True)
    assert (report.read, report.written, report.review, report.rejected) == (7, 3, 2, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]
