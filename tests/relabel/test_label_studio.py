"""Label Studio JSON export: every label-bearing value type, taxonomy paths,
per-region attributes, whole tasks to review."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from labelspec.errors import InputError
from labelspec.model import Taxonomy
from labelspec.relabeling import relabel
from labelspec.versions.mapping_types import LabelMapping
from relabel.support import RunRelabel


def region(region_id: str, kind: str, labels: list[str]) -> dict[str, object]:
    return {
        "id": region_id,
        "from_name": "label",
        "to_name": "image",
        "type": kind,
        "value": {"x": 1, "y": 2, "width": 3, "height": 4, kind: labels},
    }


def choice(region_id: str, name: str, value: str) -> dict[str, object]:
    return {
        "id": region_id,
        "from_name": name,
        "to_name": "image",
        "type": "choices",
        "value": {"choices": [value]},
    }


def task(task_id: int, *results: dict[str, object]) -> dict[str, object]:
    return {
        "id": task_id,
        "data": {"image": f"{task_id}.jpg"},
        "annotations": [{"result": list(results)}],
    }


@pytest.mark.parametrize(
    "kind",
    [
        "choices",
        "labels",
        "rectanglelabels",
        "polygonlabels",
        "brushlabels",
        "ellipselabels",
        "keypointlabels",
        "timelinelabels",
        "timeserieslabels",
        "paragraphlabels",
        "hypertextlabels",
    ],
)
def test_every_value_type_is_relabelled(run_relabel: RunRelabel, kind: str) -> None:
    tasks = [task(1, region("r1", kind, ["auto", "lorry", "car"]))]
    result = run_relabel(orjson.dumps(tasks), "label-studio")
    [out] = orjson.loads(result.output.read_bytes())
    assert out["annotations"][0]["result"][0]["value"][kind] == ["car"]
    assert out["data"] == {"image": "1.jpg"}


def test_predictions_and_per_region_attributes(run_relabel: RunRelabel) -> None:
    tasks = [
        {
            "id": 1,
            "annotations": [
                {
                    "result": [
                        region("r1", "rectanglelabels", ["person"]),
                        choice("r1", "riding", "false"),
                    ]
                }
            ],
            "predictions": [
                {"model_version": "m", "result": [region("p1", "rectanglelabels", ["lorry"])]}
            ],
        }
    ]
    result = run_relabel(orjson.dumps(tasks), "label-studio")
    [out] = orjson.loads(result.output.read_bytes())
    annotation = out["annotations"][0]["result"]
    assert annotation[0]["value"]["rectanglelabels"] == ["pedestrian"]
    assert annotation[1]["value"]["choices"] == ["false"]  # the attribute is left alone
    assert out["predictions"][0]["result"][0]["value"]["rectanglelabels"] == ["car"]


def test_a_task_with_an_undecided_label_goes_to_review_whole(run_relabel: RunRelabel) -> None:
    tasks = [
        task(
            1,
            region("r1", "rectanglelabels", ["auto"]),
            region("r2", "rectanglelabels", ["person"]),
        )
    ]
    result = run_relabel(orjson.dumps(tasks), "label-studio")
    assert orjson.loads(result.output.read_bytes()) == []
    [item] = result.review
    assert (item["line"], item["label"], item["reason"]) == (0, "person", "split")
    # The review holds the task as it was, not half relabelled.
    assert item["record"] == tasks[0]


def test_taxonomy_paths(run_relabel: RunRelabel) -> None:
    value = {"taxonomy": [["vehicle", "auto"], ["vehicle", "car"], ["lorry"]]}
    tasks = [
        task(
            1,
            {"id": "t", "from_name": "tax", "to_name": "text", "type": "taxonomy", "value": value},
        )
    ]
    result = run_relabel(orjson.dumps(tasks), "label-studio")
    [out] = orjson.loads(result.output.read_bytes())
    assert out["annotations"][0]["result"][0]["value"]["taxonomy"] == [["vehicle", "car"]]


def test_field_selects_the_control(run_relabel: RunRelabel) -> None:
    other = {
        "id": "c",
        "from_name": "quality",
        "to_name": "image",
        "type": "choices",
        "value": {"choices": ["good"]},
    }
    tasks = [task(1, region("r1", "rectanglelabels", ["auto"]), other)]
    result = run_relabel(orjson.dumps(tasks), "label-studio", field="label")
    [out] = orjson.loads(result.output.read_bytes())
    assert out["annotations"][0]["result"][1] == other
    # Without --field the stray choice is taken for a label and the task rejected.
    result = run_relabel(orjson.dumps(tasks), "label-studio", name="again")
    assert result.report.unknown == {"good": 1}


def test_dropped_regions_go_with_their_attributes(run_relabel: RunRelabel) -> None:
    tasks = [
        task(
            1,
            region("r1", "rectanglelabels", ["gone"]),
            choice("r1", "riding", "true"),
            region("r2", "rectanglelabels", ["car"]),
        )
    ]
    result = run_relabel(orjson.dumps(tasks), "label-studio", on_removed="drop")
    [out] = orjson.loads(result.output.read_bytes())
    assert [r["id"] for r in out["annotations"][0]["result"]] == ["r2"]
    assert result.report.labels["gone"].dropped == 1


def test_malformed_tasks_are_rejected(run_relabel: RunRelabel) -> None:
    tasks = [
        "junk",
        {"annotations": {}},
        {"annotations": [{"result": [1]}]},
        task(4, region("r", "labels", [3])),
    ]  # type: ignore[list-item]
    result = run_relabel(orjson.dumps(tasks), "label-studio")
    assert [item["line"] for item in result.rejects] == [0, 1, 2, 3]
    assert result.report.rejected == 4


def test_not_a_list_is_an_input_error(run_relabel: RunRelabel) -> None:
    with pytest.raises(InputError):
        run_relabel(b'"text"', "label-studio")


@pytest.mark.parametrize("fmt", ["label-studio", "coco"])
def test_an_interrupted_run_leaves_nothing(
    tmp_path: Path, fmt: str, street: Taxonomy, mapping: LabelMapping
) -> None:
    content = (
        orjson.dumps([task(1, region("r1", "labels", ["auto"]))])
        if fmt == "label-studio"
        else orjson.dumps({"images": [], "categories": [], "annotations": []})
    )
    (tmp_path / "in.json").write_bytes(content)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        relabel(
            tmp_path / "in.json",
            street,
            fmt=fmt,
            out=tmp_path / "out.json",
            review=tmp_path / "review.jsonl",
            mapping=mapping,
            progress=interrupt,
        )
    assert [p.name for p in tmp_path.iterdir()] == ["in.json"]
