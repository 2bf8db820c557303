"""Every field of the taxonomy format, through the loader (the way users reach it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import taxonomy_header
from labelspec.loader import load_text
from labelspec.model import Example, SplitTarget, Taxonomy

DATA = Path(__file__).parent / "data"

HEADER = taxonomy_header(kind="bounding-box")


def load_ok(text: str) -> Taxonomy:
    return load_text(text, "t.yaml").require()


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in load_text(text, "t.yaml").findings]


def test_design_example_loads_every_field() -> None:
    tax = load_ok((DATA / "street-objects.yaml").read_text())
    assert (tax.taxonomy, tax.title, tax.version) == ("street-objects", "Street objects", "2.0.0")
    assert tax.description == "Objects to box in dash-cam frames."
    assert (tax.task.modality, tax.task.kind) == ("image", "bounding-box")
    assert tax.task.multi_label is False and tax.task.leaf_only is True
    assert tax.exclusive_groups == []
    assert tax.attributes["occluded"].type == "boolean"
    assert tax.attributes["occluded"].default is False
    car = tax.labels["car"]
    assert car.id == "car" and car.display_name == "Car"
    assert car.parents == ["vehicle"]
    assert car.aliases == ["automobile"]
    assert car.includes == ["taxi", "police car"]
    assert car.excludes == {"pickup truck": "truck", "toy car": None}
    assert car.distinguish_from == {"truck": "A truck has a cargo area separate from the cabin."}
    assert car.attributes["emergency"].default is False
    example = car.examples[0]
    assert example.media_kind == "image"
    assert example.media_path == "guidelines/assets/car/taxi.jpg"
    assert example.region == (120, 80, 340, 200)
    assert car.counter_examples[0].label == "truck"
    case = car.edge_cases[0]
    assert (case.id, case.decision, case.status, case.since) == (
        "car-billboard",
        None,
        "decided",
        "1.2.0",
    )
    assert case.ref == "https://example.org/issue/12"
    assert car.added_in == "1.0.0"
    assert car.history[0].change == "narrowed"
    assert tax.labels["vehicle"].abstract is True
    assert tax.labels["cyclist"].carved_from == ["person"]
    # the label a display name defaults to
    assert tax.labels["truck"].display_name == "truck"


def test_three_forms_of_replaced_by() -> None:
    tax = load_ok((DATA / "street-objects.yaml").read_text())
    auto = tax.labels["auto"]
    assert not auto.is_active
    assert (auto.replacement_form, auto.replacement_targets) == ("single", ["car"])
    person = tax.labels["person"]
    assert person.replacement_form == "rule-split"
    assert person.split_rules == [
        SplitTarget(label="cyclist", when={"riding": True}),
        SplitTarget(label="pedestrian", when={"riding": False}),
    ]
    ambiguous = load_ok(
        HEADER
        + "  a: {definition: A thing with a name.}\n"
        + "  b: {definition: Another thing with a name.}\n"
        + "  old:\n    status: deprecated\n    deprecated_in: 2.0.0\n"
        + "    replaced_by: [a, b]\n    reason: Split.\n"
        + "  gone:\n    status: deprecated\n    deprecated_in: 2.0.0\n    reason: Dropped.\n"
    )
    assert ambiguous.labels["old"].replacement_form == "ambiguous-split"
    assert ambiguous.labels["old"].replacement_targets == ["a", "b"]
    assert ambiguous.labels["old"].split_rules == []
    assert ambiguous.labels["gone"].replacement_form == "none"


@pytest.mark.parametrize(
    "replaced_by",
    ["[]", "[a, {label: b}]", "{label: a}", "[{label: a, when: {x: [1]}}]"],
)
def test_malformed_replaced_by_is_sch004(replaced_by: str) -> None:
    text = (
        HEADER + "  a: {definition: A thing.}\n  b: {definition: A thing.}\n"
        f"  old: {{status: deprecated, replaced_by: {replaced_by}}}\n"
    )
    assert [code for code, _, _ in codes(text)] == ["SCH004"]


def test_unknown_fields_everywhere_suggest_the_right_name() -> None:
    text = (
        HEADER
        + "  car:\n"
        + "    definiton: A motor vehicle.\n"  # 7
        + "    examples:\n"
        + "      - image: a.png\n"
        + "        regoin: [1, 2, 3, 4]\n"  # 10
        + "    edge_cases:\n"
        + "      - {id: x, case: y, decison: car}\n"  # 12
        + "    history:\n"
        + "      - {version: 2.0.0, change: narrowed, notes: x}\n"  # 14
        + "    attributes:\n"
        + "      size: {type: number, maximum: 3}\n"  # 16
    )
    result = load_text(text, "t.yaml")
    found = {(f.line, f.column): f.hint for f in result.findings}
    assert [f.code for f in result.findings] == ["SCH003"] * 5
    assert found[(7, 5)] == "did you mean 'definition'?"
    assert found[(10, 9)] == "did you mean 'region'?"
    assert found[(12, 26)] == "did you mean 'decision'?"
    assert found[(14, 44)] == "did you mean 'note'?"
    assert found[(16, 28)] == "did you mean 'max'?"
    assert all(f.labels == ("car",) for f in result.findings)


@pytest.mark.parametrize(
    ("example", "valid"),
    [
        ("{text: 'A red car.', span: [6, 9]}", True),
        ("{text: 'A red car.', quote: red car}", True),
        ("{text: 'A red car.', span: [2, 5], quote: red}", True),
        ("{text: 'A red car.', span: [6, 99]}", False),
        ("{text: 'A red car.', quote: blue}", False),
        ("{text: 'A red car.', span: [2, 5], quote: car}", False),
        ("{image: a.png, polygon: [[0, 0], [4, 0], [4, 3]]}", True),
        ("{image: a.png, polygon: [[0, 0], [4, 0]]}", False),
        ("{image: a.png, region: [1, 2, 0, 4]}", False),
        ("{audio: a.ogg, time: [1.5, 2.0]}", True),
        ("{audio: a.ogg, time: [3, 2]}", False),
        ("{audio: a.ogg, region: [1, 2, 3, 4]}", False),
        ("{video: a.mp4, frames: [10, 20], region: [1, 2, 3, 4]}", True),
        ("{image: a.png, frames: [1, 2]}", False),
        ("{note: no media}", False),
        ("{image: a.png, audio: a.ogg}", False),
    ],
)
def test_example_locators(example: str, valid: bool) -> None:
    text = HEADER + f"  car:\n    definition: A car.\n    examples:\n      - {example}\n"
    found = codes(text)
    assert (found == []) is valid, found
    if not valid:
        assert found[0][0] == "SCH004" and found[0][1] == 9


def test_quoted_span_from_quote() -> None:
    example = Example(text="A red car.", quote="red")
    assert example.quoted_span == (2, 5)


@pytest.mark.parametrize(
    ("attribute", "valid"),
    [
        ("{type: enum, values: [small, large], default: small}", True),
        ("{type: enum}", False),
        ("{type: enum, values: [a], default: b}", False),
        ("{type: number, min: 0, max: 10, default: 3, mutable: true}", True),
        ("{type: number, min: 5, max: 1}", False),
        ("{type: number, default: big}", False),
        ("{type: boolean, values: [a]}", False),
        ("{type: text, default: free text, description: Anything.}", True),
        ("{type: colour}", False),
    ],
)
def test_attributes(attribute: str, valid: bool) -> None:
    text = HEADER + f"  car:\n    definition: A car.\n    attributes:\n      size: {attribute}\n"
    assert (codes(text) == []) is valid


def test_task_edge_cases_history_and_tombstone_fields() -> None:
    tax = load_ok(
        "taxonomy: clips\ntitle: Clips\nversion: 1.1.0\n"
        "task: {modality: audio, kind: classification, multi_label: true, leaf_only: false}\n"
        "exclusive_groups: [[speech, music]]\n"
        "labels:\n"
        "  speech: {definition: Human voice producing words., index: 0}\n"
        "  music:\n    definition: Organised sound made with instruments or voices.\n    index: 1\n"
        "    edge_cases:\n"
        "      - {id: hum, case: Humming., decision: [music, speech], status: open}\n"
        "    history: [{version: 1.1.0, change: broadened}]\n"
    )
    assert tax.task.multi_label and not tax.task.leaf_only
    assert tax.exclusive_groups == [["speech", "music"]]
    assert tax.labels["music"].index == 1
    case = tax.labels["music"].edge_cases[0]
    assert case.status == "open" and case.decided_labels == ["music", "speech"]
    assert tax.labels["music"].history[0].note is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("version: 1.0", ("SCH004", 3, 10)),
        ("version: v1", ("SCH004", 3, 10)),
        ("version: 1.0.0-rc.1", None),
    ],
)
def test_version_field(line: str, expected: tuple[str, int, int] | None) -> None:
    text = HEADER.replace("version: 2.0.0", line) + "  car: {definition: A car.}\n"
    assert codes(text) == ([expected] if expected else [])


def test_yes_and_no_stay_text() -> None:
    tax = load_ok(HEADER + "  no: {definition: The answer no.}\n  yes: {definition: Yes.}\n")
    assert list(tax.labels) == ["no", "yes"]


def test_anchors_and_merge_keys_are_supported() -> None:
    tax = load_ok(
        HEADER.replace("labels:\n", "attributes:\n  size: &size {type: number, min: 0}\nlabels:\n")
        + "  car: {definition: A car., attributes: {size: *size}}\n"
        + "  van: {<<: {definition: A van.}, name: Van}\n"
    )
    assert tax.labels["car"].attributes["size"].min == 0
    assert tax.labels["van"].definition == "A van."
