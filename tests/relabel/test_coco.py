"""COCO: categories rebuilt for the new version, ids remapped, images kept."""

from __future__ import annotations

import orjson
import pytest

from labelspec.errors import InputError
from relabel.support import RunRelabel

DOCUMENT = {
    "info": {"year": 2024},
    "images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480}],
    "categories": [
        {"id": 1, "name": "car", "color": [1, 2, 3], "supercategory": "vehicle"},
        {"id": 3, "name": "auto"},
        {"id": 5, "name": "person"},
        {"id": 7, "name": "gone"},
        {"id": 9, "name": "weird"},
    ],
    "annotations": [
        {"id": 0, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]},
        {"id": 1, "image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1]},
        {"id": 2, "image_id": 1, "category_id": 5, "bbox": [0, 0, 1, 1]},
        {"id": 3, "image_id": 1, "category_id": 5, "attributes": {"riding": True}},
        {"id": 4, "image_id": 1, "category_id": 7},
        {"id": 5, "image_id": 1, "category_id": 9},
        {"id": 6, "image_id": 1, "category_id": 42},
        {"id": 7, "image_id": 1},
        "junk",
    ],
}


def test_annotations_are_remapped_and_categories_rebuilt(run_relabel: RunRelabel) -> None:
    result = run_relabel(orjson.dumps(DOCUMENT), "coco")
    document = orjson.loads(result.output.read_bytes())
    assert document["images"] == DOCUMENT["images"]
    assert document["info"] == DOCUMENT["info"]
    assert [(c["id"], c["name"]) for c in document["categories"]] == [
        (1, "car"),
        (2, "truck"),
        (8, "cyclist"),
        (9, "pedestrian"),
    ]
    # A kept category keeps its extra keys.
    assert document["categories"][0]["color"] == [1, 2, 3]
    assert [(a["id"], a["category_id"]) for a in document["annotations"]] == [
        (0, 1),
        (1, 1),
        (3, 8),
    ]
    assert [(item["line"], item["label"], item["reason"]) for item in result.review] == [
        (2, "person", "split"),
        (4, "gone", "removed"),
    ]
    assert [item["line"] for item in result.rejects] == [5, 6, 7, 8]
    report = result.report
    assert (report.read, report.written, report.review, report.rejected) == (9, 3, 2, 4)
    assert report.unknown == {"weird": 1}
    assert report.labels["auto"].changed == 1
    assert report.labels["car"].unchanged == 1


def test_file_order_numbering_warns(run_relabel: RunRelabel, street: object) -> None:
    from labelspec.model import Taxonomy

    assert isinstance(street, Taxonomy)
    for label in street.labels.values():
        label.index = None
    result = run_relabel(orjson.dumps(DOCUMENT), "coco")
    assert result.report.warnings
    document = orjson.loads(result.output.read_bytes())
    assert [(c["id"], c["name"]) for c in document["categories"]] == [
        (1, "car"),
        (2, "truck"),
        (3, "cyclist"),
        (4, "pedestrian"),
    ]


def test_category_names_follow_the_majority_style(run_relabel: RunRelabel) -> None:
    document = {
        "images": [],
        "categories": [{"id": 1, "name": "Car"}, {"id": 2, "name": "person"}],
        "annotations": [{"id": 1, "category_id": 2, "attributes": {"riding": False}}],
    }
    result = run_relabel(orjson.dumps(document), "coco")
    out = orjson.loads(result.output.read_bytes())
    names = {c["id"]: c["name"] for c in out["categories"]}
    assert out["annotations"][0]["category_id"] == 9
    assert names[9] == "pedestrian"  # one name of two is a display name: ids win the tie
    assert names[1] == "car"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"annotations": []}', b'{"annotations": [], "categories": [{}]}'],
)
def test_broken_files_are_input_errors(run_relabel: RunRelabel, content: bytes) -> None:
    with pytest.raises(InputError):
        run_relabel(content, "coco")


def test_bulk_and_general_paths_agree(run_relabel: RunRelabel) -> None:
    """Documents whose annotations are all objects take the bulk path; one bad
    annotation sends the whole document through the per-annotation loop. Both
    must give the same result for the good annotations."""
    clean = {
        **DOCUMENT,
        "annotations": [
            a for a in DOCUMENT["annotations"] if isinstance(a, dict) and "category_id" in a
        ],
    }  # type: ignore[attr-defined]
    bulk = run_relabel(orjson.dumps(clean), "coco", name="clean")
    loop = run_relabel(orjson.dumps(DOCUMENT), "coco", name="dirty")
    assert orjson.loads(bulk.output.read_bytes()) == orjson.loads(loop.output.read_bytes())
    assert bulk.review == [{**item, "source": bulk.review[0]["source"]} for item in loop.review]
    assert [i["line"] for i in bulk.rejects] == [5, 6]
    assert bulk.report.labels == loop.report.labels
    assert (bulk.report.read, bulk.report.written, bulk.report.review, bulk.report.rejected) == (
        7,
        3,
        2,
        2,
    )


def test_a_target_without_a_category_is_rejected(run_relabel: RunRelabel, street: object) -> None:
    from labelspec.model import Taxonomy

    assert isinstance(street, Taxonomy)
    street.labels["car"].abstract = True  # auto, lorry and car now lead nowhere assignable
    document = {
        "images": [],
        "categories": [{"id": 1, "name": "auto"}, {"id": 2, "name": "person"}],
        "annotations": [
            {"id": 1, "category_id": 1},
            {"id": 2, "category_id": 2, "attributes": {"riding": True}},
        ],
    }
    result = run_relabel(orjson.dumps(document), "coco")
    assert [item["line"] for item in result.rejects] == [0]
    assert [a["id"] for a in orjson.loads(result.output.read_bytes())["annotations"]] == [2]
