"""COCO categories: numbering shared with the relabeler, supercategories as parents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError
from labelspec.interop import load_tool
from labelspec.interop.exchange import export_config, import_config
from labelspec.loader import load_text
from labelspec.numbering import Numbering

ROOT = Path(__file__).resolve().parents[2]
IMAGE = ["street-objects", "road-surfaces"]


@pytest.mark.parametrize("name", IMAGE)
def test_categories_use_the_relabeler_numbers_and_round_trip(name: str) -> None:
    taxonomy = load(ROOT / "taxonomy" / f"{name}.yaml")
    exported = export_config(taxonomy, "coco").text
    categories = json.loads(exported)["categories"]
    assert all({"id", "name", "supercategory"} <= set(c) for c in categories)
    active = {c["name"]: c["id"] for c in categories if not c.get("deprecated")}
    assert active == Numbering.of(taxonomy, start=1).numbers
    assert len({c["id"] for c in categories}) == len(categories)
    again = load_text(import_config(exported, "coco", "again"), "again.yaml").require()
    assert json.loads(export_config(again, "coco").text)["categories"] == categories
    assert again.labels["car" if name == "street-objects" else "road"].parents


def test_import_reads_categories_of_a_dataset() -> None:
    dataset = {
        "images": [],
        "annotations": [],
        "categories": [
            {"id": 1, "name": "person", "supercategory": "person"},
            {"id": 2, "name": "bicycle", "supercategory": "vehicle"},
        ],
    }
    labels = load_tool("coco").read(json.dumps(dataset), "d.json")
    assert labels.labels["vehicle"].abstract and labels.labels["bicycle"].parents == ["vehicle"]
    assert labels.labels["person"].parents == []


def test_refusals() -> None:
    assert main(["export", str(ROOT / "taxonomy/support-intents.yaml"), "--to", "coco"]) == 2
    with pytest.raises(InputError, match="no 'categories'"):
        load_tool("coco").read('{"images": []}', "d.json")


@pytest.mark.parametrize(
    ("edit", "kinds"),
    [
        (lambda c: c, set()),
        (lambda c: [*c, {"id": 99, "name": "tram", "supercategory": "vehicle"}], {"added-in-tool"}),
        (lambda c: c[1:], {"missing-in-tool"}),
        (
            lambda c: [{k: v for k, v in x.items() if k != "deprecated"} for x in c],
            {"deprecated-in-taxonomy", "renamed"},
        ),
    ],
)
def test_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], edit, kinds) -> None:  # type: ignore[no-untyped-def]
    path = ROOT / "taxonomy/street-objects.yaml"
    categories = json.loads(export_config(load(path), "coco").text)["categories"]
    config = tmp_path / "instances.json"
    config.write_text(json.dumps({"categories": edit(categories)}))
    code = main(["export", str(path), "--to", "coco", "--check", str(config)])
    assert code == (1 if kinds else 0)
    assert {line.split(": ")[1] for line in capsys.readouterr().out.splitlines()} <= kinds | set()


def test_a_keypoints_export_says_the_layout_is_missing() -> None:
    from builders import load_labels
    from labelspec.interop.exchange import export_config

    taxonomy = load_labels("  person: {definition: A person., index: 1}\n", kind="keypoints")
    exported = export_config(taxonomy, "coco")
    assert any("skeleton" in note for note in exported.notes)
