"""Labelbox ontologies: exports checked by labelbox's OntologyBuilder, round trips,
the corpus, and drift checks."""

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
LABELBOX = load_tool("labelbox")

BOXES = """\
taxonomy: yard-things
title: Yard things
version: 2.0.0
task: {modality: image, kind: bounding-box}
attributes:
  occluded: {type: boolean, default: false, description: Partly hidden.}
labels:
  animal: {name: Animal, abstract: true, definition: A living animal.}
  dog: {name: Dog, parent: animal, definition: A dog.}
  cat:
    name: Cat
    parent: animal
    attributes:
      coat: {type: enum, values: [short, long], description: Length of the fur.}
      note: {type: text}
  hound:
    name: Hound
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by: dog
    reason: Merged into dog.
"""

MOODS = """\
taxonomy: moods
title: Mood
version: 1.0.0
description: How the writer feels.
task: {modality: text, kind: classification}
attributes:
  sarcastic: {type: boolean}
labels:
  good: {name: Good, abstract: true, definition: Any good mood.}
  happy: {name: Happy, parent: good, attributes: {level: {type: enum, values: [low, high]}}}
  calm: {name: Calm, parent: good}
  sad: {name: Sad}
"""


def taxonomy_of(text: str) -> Taxonomy:
    return load_text(text, "t.yaml").require()


def shape(labels: LabelSet) -> dict[str, object]:
    """What a round trip must keep: names, parents, attributes (label and shared)."""
    return {
        "labels": {
            label.display_name: (
                sorted(labels.labels[p].id for p in label.parents),
                label.deprecated,
                label.attributes,
            )
            for label in labels.labels.values()
        },
        "shared": labels.attributes,
    }


def effective(labels: LabelSet) -> dict[str, set[str]]:
    """The attribute names each label offers, its own and the shared ones."""
    return {
        label.display_name: set(labels.attributes) | set(label.attributes)
        for label in labels.labels.values()
    }


def supported(taxonomy: Taxonomy) -> bool:
    try:
        LABELBOX.check_supports(taxonomy.task.modality, taxonomy.task.kind)
    except UsageError:
        return False
    return True


def validated(text: str) -> dict[str, object]:
    """The ontology as labelbox's own OntologyBuilder reads and writes it."""
    labelbox = pytest.importorskip("labelbox")
    ontology: dict[str, object] = labelbox.OntologyBuilder.from_dict(json.loads(text)).asdict()
    return ontology


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
def test_every_taxonomy_exports_an_ontology_labelbox_accepts(path: Path) -> None:
    taxonomy = load(path)
    if not supported(taxonomy):
        with pytest.raises(UsageError):
            export_config(taxonomy, "labelbox")
        return
    text = export_config(taxonomy, "labelbox").text
    ontology = validated(text)
    assert ontology["tools"] or ontology["classifications"]


def test_object_tasks_write_one_tool_per_assignable_label() -> None:
    exported = export_config(taxonomy_of(BOXES), "labelbox")
    ontology = validated(exported.text)
    tools = ontology["tools"]
    assert isinstance(tools, list)
    assert [(t["tool"], t["name"]) for t in tools] == [
        ("rectangle", "Dog"),
        ("rectangle", "Cat"),
        ("rectangle", "Hound [deprecated]"),
    ]
    cat = {c["name"]: c for c in tools[1]["classifications"]}
    assert (cat["occluded"]["type"], cat["coat"]["type"], cat["note"]["type"]) == (
        "checklist",
        "radio",
        "text",
    )
    assert cat["coat"]["instructions"] == "Length of the fur."
    assert any("flat" in note and "animal" in note for note in exported.notes)


def test_classification_hierarchy_nests_options() -> None:
    exported = export_config(taxonomy_of(MOODS), "labelbox")
    ontology = validated(exported.text)
    classifications = ontology["classifications"]
    assert isinstance(classifications, list)
    question, sarcastic = classifications
    assert question["type"] == "radio"
    assert question["instructions"] == "How the writer feels."
    assert [o["value"] for o in question["options"]] == ["good", "sad"]
    good = question["options"][0]
    (children,) = [q for q in good["options"] if q["name"] == "Good"]
    assert [o["label"] for o in children["options"]] == ["Happy", "Calm"]
    assert children["instructions"] == "Any good mood."
    assert sarcastic["name"] == "sarcastic"
    back = LABELBOX.read(exported.text, "moods.json")
    assert back.labels["happy"].parents == ["good"]
    assert list(back.labels["happy"].attributes) == ["level"]
    assert list(back.attributes) == ["sarcastic"]


def test_no_deprecated_leaves_tombstones_out() -> None:
    exported = LABELBOX.export(taxonomy_of(BOXES), ExportOptions(deprecated=False))
    assert [t["name"] for t in json.loads(exported.text)["tools"]] == ["Dog", "Cat"]


def test_task_kinds_labelbox_cannot_hold_are_refused(tmp_path: Path) -> None:
    text = BOXES.replace(
        "{modality: image, kind: bounding-box}", "{modality: audio, kind: transcription}"
    )
    path = tmp_path / "yard-things.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["export", str(path), "--to", "labelbox"]) == 2


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
def test_round_trip_keeps_labels_names_attributes_and_hierarchy(path: Path) -> None:
    taxonomy = load(path)
    if not supported(taxonomy):
        pytest.skip("Labelbox cannot hold this task")
    first = export_config(taxonomy, "labelbox").text
    imported = import_config(first, "labelbox", "again")
    again = export_config(load_text(imported, "again.yaml").require(), "labelbox").text
    assert shape(LABELBOX.read(again, "again")) == shape(LABELBOX.read(first, "first"))
    if taxonomy.task.kind == "classification":
        # Questions hold the whole tree: every label keeps its place.
        read = LABELBOX.read(first, "first")
        assert set(read.labels) == set(taxonomy.labels)
        for label_id, label in read.labels.items():
            assert label.parents == taxonomy.labels[label_id].parents[:1]


def labelbox_corpus(corpora: Path) -> list[Path]:
    # The folder's .py sample builds its ontology through the SDK when run: it is
    # a program, not a config, so only the JSON ontologies are read.
    return sorted((corpora / "annotation-tools" / "labelbox").glob("*.json"))


def test_every_corpus_ontology_imports_and_exports_back(corpora: Path) -> None:
    paths = labelbox_corpus(corpora)
    assert len(paths) >= 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        read = LABELBOX.read(text, path.name)
        document = import_config(text, "labelbox", "imported", path.name)
        again = export_config(load_text(document, "imported.yaml").require(), "labelbox").text
        validated(again)
        back = LABELBOX.read(again, "again")
        assert {label.display_name for label in back.labels.values()} == {
            label.display_name for label in read.labels.values()
        }, path.name
        # Where an attribute sits (shared or on the label) is not told apart when
        # there is one tool; what each label offers is what must come back.
        assert effective(back) == effective(read), path.name


def test_corpus_questions_and_nested_classifications(corpora: Path) -> None:
    folder = corpora / "annotation-tools" / "labelbox"
    image = LABELBOX.read((folder / "labelbox-python_tests_conftest__Image.json").read_text(), "i")
    assert image.labels["segmentation-mask"].color == "#ff0000"
    nested = image.labels["bbox-tool-with-nested-text"].attributes
    assert (nested["nested"].type, nested["nested_checkbox"].type, nested["nested_text"].type) == (
        "enum",
        "enum",
        "text",
    )
    assert set(image.attributes) == {"checklist", "text", "radio"}
    audio = LABELBOX.read((folder / "labelbox-python_tests_conftest__Audio.json").read_text(), "a")
    assert audio.multi_label and audio.kind == "classification"
    assert list(audio.labels) == ["first-checklist-answer", "second-checklist-answer"]
    assert set(audio.attributes) == {"text", "radio"}


@pytest.mark.parametrize(
    "text",
    [
        '{"tools": [,]}',
        "[]",
        '{"tools": [], "classifications": [{"type": "text", "name": "t", "instructions": "t"}]}',
        '{"tools": [{"tool": "rectangle", "color": "#fff"}]}',
        '{"tools": [{"tool": "point", "name": "a"}, {"tool": "point", "name": "a"}]}',
        '{"tools": "rectangle"}',
    ],
    ids=["malformed", "not-an-ontology", "no-static-labels", "no-name", "twice", "not-a-list"],
)
def test_ontologies_that_cannot_be_imported_say_why(text: str) -> None:
    with pytest.raises(InputError) as error:
        LABELBOX.read(text, "bad.json")
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("bad.json")


def test_malformed_json_gives_line_and_column() -> None:
    with pytest.raises(InputError, match=r"bad.json:2:\d+"):
        LABELBOX.read('{\n  "tools": }', "bad.json")


# Drift: `labelspec export --check` against the ontology Labelbox holds now.


def check(tmp_path: Path, taxonomy: str, ontology: dict[str, list[dict[str, object]]]) -> int:
    source = tmp_path / "yard-things.yaml"
    source.write_text(taxonomy, encoding="utf-8")
    path = tmp_path / "ontology.json"
    path.write_text(json.dumps(ontology), encoding="utf-8")
    return main(["export", str(source), "--to", "labelbox", "--check", str(path)])


def test_unchanged_export_has_no_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ontology = json.loads(export_config(taxonomy_of(BOXES), "labelbox").text)
    assert check(tmp_path, BOXES, ontology) == 0
    assert capsys.readouterr().out.strip() == ""


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
    taxonomy = BOXES
    ontology = json.loads(export_config(taxonomy_of(BOXES), "labelbox").text)
    tools = ontology["tools"]
    if change == "added":
        tools.append({"tool": "rectangle", "name": "Horse", "color": "#000", "classifications": []})
    elif change == "removed":
        ontology["tools"] = [tool for tool in tools if tool["name"] != "Cat"]
    elif change == "renamed":
        # The taxonomy renames dog to canine; Labelbox still offers Dog.
        taxonomy = BOXES.replace(
            "  dog: {name: Dog, parent: animal, definition: A dog.}\n",
            "  dog: {name: Dog, parent: animal, status: deprecated, deprecated_in: 2.0.0,"
            " replaced_by: canine, reason: Renamed.}\n"
            "  canine: {name: Canine, parent: animal, definition: A dog.}\n",
        ).replace("replaced_by: dog", "replaced_by: canine")
    elif change == "attribute":
        cat = next(tool for tool in tools if tool["name"] == "Cat")
        coat = next(q for q in cat["classifications"] if q["name"] == "coat")
        coat["options"].append({"value": "curly", "label": "curly"})
    else:
        hound = next(tool for tool in tools if tool["name"] == "Hound [deprecated]")
        hound["name"] = "Hound"
    assert check(tmp_path, taxonomy, ontology) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f": {kind}: " in lines[0]


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("deprecated", [True, False], ids=["with-tombstones", "without"])
def test_every_taxonomy_agrees_with_its_own_export(path: Path, deprecated: bool) -> None:
    taxonomy = load(path)
    if not supported(taxonomy):
        pytest.skip("labelbox cannot hold this task")
    text = LABELBOX.export(taxonomy, ExportOptions(deprecated=deprecated)).text
    assert check_config(taxonomy, "labelbox", text) == []


def test_video_segments_are_asked_per_frame_range() -> None:
    ontology = validated(
        export_config(load(ROOT / "taxonomy" / "video-actions.yaml"), "labelbox").text
    )
    classifications = ontology["classifications"]
    assert isinstance(classifications, list)
    assert classifications[0]["type"] == "checklist"
    assert {question["scope"] for question in classifications} == {"index"}
