"""CVAT project labels: exports checked by cvat-sdk, round trips, the corpus,
and drift checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError, UsageError
from labelspec.interop import ExportOptions, load_tool
from labelspec.interop.exchange import check_config, export_config, import_config
from labelspec.interop.labelset import LabelSet
from labelspec.loader import load_text
from labelspec.model import Taxonomy

ROOT = Path(__file__).resolve().parents[2]
TAXONOMIES = sorted((ROOT / "taxonomy").glob("*.yaml"))
CVAT = load_tool("cvat")

SMALL = """\
taxonomy: yard-things
title: Yard things
version: 2.0.0
task: {modality: image, kind: bounding-box}
attributes:
  occluded: {type: boolean, default: false}
labels:
  animal: {name: Animal, abstract: true, definition: A living animal.}
  dog: {name: Dog, parent: animal, definition: A dog., index: 0}
  cat:
    name: Cat
    parent: animal
    definition: A cat.
    index: 1
    attributes:
      age: {type: number, min: 0, max: 30, default: 2, mutable: true}
      coat: {type: enum, values: [short, long]}
      note: {type: text}
  hound:
    name: Hound
    index: 2
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by: dog
    reason: Merged into dog.
"""


def small(tmp_path: Path, text: str = SMALL) -> Path:
    path = tmp_path / "yard-things.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def taxonomy_of(text: str) -> Taxonomy:
    return load_text(text, "yard-things.yaml").require()


def shape(labels: LabelSet) -> dict[str, object]:
    """What a round trip must keep: names, parents, attributes (label and shared)."""
    return {
        "labels": {
            label.display_name: (sorted(label.parents), label.deprecated, label.attributes)
            for label in labels.labels.values()
        },
        "shared": labels.attributes,
    }


def supported(taxonomy: Taxonomy) -> bool:
    try:
        CVAT.check_supports(taxonomy.task.modality, taxonomy.task.kind)
    except UsageError:
        return False
    return True


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
def test_every_taxonomy_exports_labels_cvat_sdk_accepts(path: Path) -> None:
    models = pytest.importorskip("cvat_sdk.api_client.models")
    attributes = pytest.importorskip("cvat_sdk.attributes")
    taxonomy = load(path)
    if not supported(taxonomy):
        with pytest.raises(UsageError):
            export_config(taxonomy, "cvat")
        return
    labels = json.loads(export_config(taxonomy, "cvat").text)
    assert labels
    request = models.ProjectWriteRequest(
        name=taxonomy.taxonomy, labels=[models.PatchedLabelRequest(**label) for label in labels]
    )
    for label in request.labels:
        for spec in label.attributes:
            assert attributes.attribute_value_validator(spec)(spec.default_value), spec
    names = [label["name"] for label in labels]
    assert len(names) == len(set(names))


def test_attributes_take_cvat_input_types() -> None:
    attributes = pytest.importorskip("cvat_sdk.attributes")
    models = pytest.importorskip("cvat_sdk.api_client.models")
    labels = json.loads(export_config(taxonomy_of(SMALL), "cvat").text)
    cat = next(label for label in labels if label["name"] == "Cat")
    by_name = {spec["name"]: spec for spec in cat["attributes"]}
    assert by_name["occluded"]["input_type"] == "checkbox"
    assert by_name["age"] | {"default_value": "2"} == {
        "name": "age",
        "mutable": True,
        "input_type": "number",
        "default_value": "2",
        "values": attributes.number_attribute_values(0, 30, 1),
    }
    assert (by_name["coat"]["input_type"], by_name["coat"]["values"]) == (
        "select",
        ["short", "long"],
    )
    assert by_name["note"]["input_type"] == "text"
    for spec in cat["attributes"]:
        request = models.AttributeRequest(**spec)
        assert attributes.attribute_value_validator(request)(spec["default_value"])


def test_hierarchy_is_flattened_and_said() -> None:
    exported = export_config(taxonomy_of(SMALL), "cvat")
    names = [label["name"] for label in json.loads(exported.text)]
    assert names == ["Dog", "Cat", "Hound [deprecated]"]
    assert any("animal" in note and "flat" in note for note in exported.notes)
    assert any("description" in note for note in exported.notes)


def test_no_deprecated_leaves_tombstones_out() -> None:
    exported = CVAT.export(taxonomy_of(SMALL), ExportOptions(deprecated=False))
    assert [label["name"] for label in json.loads(exported.text)] == ["Dog", "Cat"]


def test_task_kinds_cvat_cannot_hold_are_refused(tmp_path: Path) -> None:
    text = SMALL.replace("{modality: image, kind: bounding-box}", "{modality: text, kind: span}")
    assert main(["export", str(small(tmp_path, text)), "--to", "cvat"]) == 2


def test_keypoint_children_become_a_skeleton() -> None:
    text = """\
taxonomy: faces
title: Faces
version: 1.0.0
task: {modality: image, kind: keypoints, leaf_only: false}
labels:
  face: {name: Face}
  left-eye: {parent: face}
  right-eye: {parent: face}
"""
    exported = export_config(taxonomy_of(text), "cvat")
    (face,) = json.loads(exported.text)
    models = pytest.importorskip("cvat_sdk.api_client.models")
    models.ProjectWriteRequest(name="faces", labels=[models.PatchedLabelRequest(**face)])
    assert face["type"] == "skeleton"
    assert [(s["name"], s["type"]) for s in face["sublabels"]] == [
        ("left-eye", "points"),
        ("right-eye", "points"),
    ]
    back = CVAT.read(exported.text, "faces.json")
    assert back.labels["left-eye"].parents == ["face"]


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
def test_round_trip_keeps_labels_names_and_attributes(path: Path) -> None:
    taxonomy = load(path)
    if not supported(taxonomy):
        pytest.skip("CVAT cannot hold this task")
    first = export_config(taxonomy, "cvat").text
    imported = import_config(first, "cvat", "again")
    again = export_config(load_text(imported, "again.yaml").require(), "cvat").text
    assert shape(CVAT.read(again, "again")) == shape(CVAT.read(first, "first"))
    # Every assignable label and tombstone of the taxonomy is there under its name.
    names = {label.display_name for label in CVAT.read(first, "first").labels.values()}
    wanted = {label.name or label_id for label_id, label in taxonomy.labels.items()}
    assert names <= wanted
    assert {t.name or t_id for t_id, t in taxonomy.labels.items() if not t.is_active} <= names


def test_import_lifts_shared_attributes_and_reads_marks() -> None:
    first = export_config(taxonomy_of(SMALL), "cvat").text
    labels = CVAT.read(first, "yard.json")
    assert list(labels.attributes) == ["occluded"]
    assert set(labels.labels["cat"].attributes) == {"age", "coat", "note"}
    assert labels.labels["cat"].attributes["age"].max == 30
    assert labels.labels["hound"].deprecated


def cvat_corpus(corpora: Path) -> list[Path]:
    return sorted((corpora / "annotation-tools" / "cvat").iterdir())


def test_every_corpus_config_imports_and_exports_back(corpora: Path) -> None:
    paths = cvat_corpus(corpora)
    assert len(paths) >= 6
    for path in paths:
        text = path.read_text(encoding="utf-8")
        read = CVAT.read(text, path.name)
        document = import_config(text, "cvat", "imported", path.name)
        again = export_config(load_text(document, "imported.yaml").require(), "cvat").text
        back = CVAT.read(again, "again")
        assert {label.display_name for label in back.labels.values()} == {
            label.display_name for label in read.labels.values()
        }, path.name
        assert shape(back)["shared"] == read.attributes, path.name


def test_serverless_spec_keeps_class_indexes_and_numbers(corpora: Path) -> None:
    folder = corpora / "annotation-tools" / "cvat"
    yolo = CVAT.read((folder / "cvat-serverless__yolov7__function.yaml").read_text(), "yolo")
    assert yolo.labels["traffic-light"].index == 9
    assert yolo.labels["traffic-light"].name == "traffic light"
    assert yolo.kind == "bounding-box"
    faces = CVAT.read(
        (folder / "cvat-serverless__face-detection-0205__function.yaml").read_text(), "faces"
    )
    age = faces.labels["face"].attributes["age"]
    assert (age.type, age.min, age.max, age.mutable) == ("number", 0, 150, False)


@pytest.mark.parametrize(
    "text",
    [
        '[{"name": "car",}]',
        "[]",
        '{"results": [{"type": "rectangle"}]}',
        "metadata: {annotations: {name: x}}",
        '[{"name": "a", "attributes": [{"name": "n", "input_type": "number", '
        '"values": ["a", "b", "1"]}]}]',
        '[{"name": "a"}, {"name": "a"}]',
    ],
    ids=["malformed", "empty", "no-name", "no-spec", "bad-number", "twice"],
)
def test_configs_that_cannot_be_imported_say_why(text: str) -> None:
    with pytest.raises(InputError) as error:
        CVAT.read(text, "bad.json")
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("bad.json")


def test_malformed_json_gives_line_and_column() -> None:
    with pytest.raises(InputError, match=r"bad.json:2:\d+"):
        CVAT.read('[\n  {"name": }]', "bad.json")


# Drift: `labelspec export --check` against the config CVAT holds now.


def exported_config(taxonomy: Path) -> list[dict[str, object]]:
    labels: list[dict[str, object]] = json.loads(export_config(load(taxonomy), "cvat").text)
    return labels


def check(tmp_path: Path, taxonomy: Path, config: list[dict[str, object]]) -> int:
    path = tmp_path / "cvat.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return main(["export", str(taxonomy), "--to", "cvat", "--check", str(path)])


def drift_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_unchanged_export_has_no_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomy = small(tmp_path)
    code = check(tmp_path, taxonomy, exported_config(taxonomy))
    assert code == 0
    assert drift_lines(capsys) == []


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ("added", "added-in-tool"),
        ("removed", "missing-in-tool"),
        ("renamed", "renamed"),
        ("attribute", "attribute-changed"),
        ("deprecated", "deprecated-in-taxonomy"),
    ],
)
def test_drift_is_one_line_per_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, kind: str
) -> None:
    taxonomy = small(tmp_path)
    config = exported_config(taxonomy)
    if change == "added":
        config.append({"name": "Horse", "type": "rectangle", "attributes": []})
    elif change == "removed":
        config = [label for label in config if label["name"] != "Cat"]
    elif change == "renamed":
        # The taxonomy renames dog to canine; CVAT still offers Dog.
        text = SMALL.replace(
            "  dog: {name: Dog, parent: animal, definition: A dog., index: 0}\n",
            (
                "  dog: {name: Dog, parent: animal, index: 0, status: deprecated,"
                " deprecated_in: 2.0.0, replaced_by: canine, reason: Renamed.}\n"
                "  canine: {name: Canine, parent: animal, definition: A dog., index: 3}\n"
            ),
        ).replace("replaced_by: dog", "replaced_by: canine")
        taxonomy = small(tmp_path, text)
    elif change == "attribute":
        cat = next(label for label in config if label["name"] == "Cat")
        attributes = cat["attributes"]
        assert isinstance(attributes, list)
        coat = next(spec for spec in attributes if spec["name"] == "coat")
        coat["values"] = ["short", "long", "curly"]
    else:
        # The tombstone offered again without its mark.
        hound = next(label for label in config if label["name"] == "Hound [deprecated]")
        hound["name"] = "Hound"
    code = check(tmp_path, taxonomy, config)
    lines = drift_lines(capsys)
    assert code == 1
    assert len(lines) == 1, lines
    assert f": {kind}: " in lines[0]


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("deprecated", [True, False], ids=["with-tombstones", "without"])
def test_every_taxonomy_agrees_with_its_own_export(path: Path, deprecated: bool) -> None:
    taxonomy = load(path)
    if not supported(taxonomy):
        pytest.skip("cvat cannot hold this task")
    text = CVAT.export(taxonomy, ExportOptions(deprecated=deprecated)).text
    assert check_config(taxonomy, "cvat", text) == []


def test_numbers_become_whole_and_bounded() -> None:
    models = pytest.importorskip("cvat_sdk.api_client.models")
    attributes = pytest.importorskip("cvat_sdk.attributes")
    text = """\
taxonomy: sizes
title: Sizes
version: 1.0.0
task: {modality: image, kind: polygon}
labels:
  a: {attributes: {w: {type: number, min: 0.5, max: 9.5, default: 9.4}, v: {type: number}}}
"""
    exported = export_config(taxonomy_of(text), "cvat")
    (label,) = json.loads(exported.text)
    specs = {spec["name"]: spec for spec in label["attributes"]}
    assert (specs["w"]["values"], specs["w"]["default_value"]) == (["1", "9", "1"], "9")
    assert specs["v"]["values"][:2] == ["0", "1000000"]
    assert any("'w'" in note and "rounded" in note for note in exported.notes)
    assert any("'v'" in note and "bounds" in note for note in exported.notes)
    for spec in models.PatchedLabelRequest(**label).attributes:
        assert attributes.attribute_value_validator(spec)(spec.default_value)
