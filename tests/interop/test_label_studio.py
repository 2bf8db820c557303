"""Label Studio labeling configs: exports valid for label-studio-sdk, imports of
any config, round trips, the public template corpus, and drift checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import load_labels
from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError, UsageError
from labelspec.interop import ExportOptions, load_tool
from labelspec.interop.exchange import check_config, export_config, import_config
from labelspec.interop.labelset import LabelSet, labelset_of
from labelspec.loader import load_text
from labelspec.model import Attribute, Taxonomy

ROOT = Path(__file__).resolve().parents[2]
TAXONOMIES = sorted((ROOT / "taxonomy").glob("*.yaml"))
TOOL = load_tool("label-studio")


def sdk_validate(xml: str) -> None:
    """Label Studio's own check of a labeling config."""
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    interface.LabelInterface(xml).validate()


def shape(labels: LabelSet) -> dict[str, object]:
    """What a round trip must keep: labels by display name, with their parents'
    display names, tombstone marks and attributes; and the shared attributes."""
    names = {label.id: label.display_name for label in labels.labels.values()}

    def attributes(held: dict[str, Attribute]) -> dict[str, object]:
        return {name: attribute.model_dump(exclude={"mutable"}) for name, attribute in held.items()}

    return {
        "labels": {
            label.display_name: (
                [names.get(parent, parent) for parent in label.parents],
                label.deprecated,
                attributes(label.attributes),
            )
            for label in labels.labels.values()
        },
        "shared": attributes(labels.attributes),
        "task": (labels.modality, labels.kind),
    }


def reimported(text: str, source: str = "config.xml") -> Taxonomy:
    document = import_config(text, "label-studio", "imported", source)
    return load_text(document, "imported.yaml", expected_id="imported").require()


# ---- every taxonomy of this repository ---------------------------------------


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda path: path.stem)
def test_every_taxonomy_exports_a_config_label_studio_accepts(path: Path) -> None:
    taxonomy = load(path)
    exported = export_config(taxonomy, "label-studio")
    sdk_validate(exported.text)
    # What the SDK does not check (unknown tags, empty controls, duplicate values),
    # reading the config back does.
    held = TOOL.read(exported.text, path.name)
    offered = {label.display_name for label in held.labels.values() if not label.deprecated}
    wanted = labelset_names(taxonomy)
    assert wanted <= offered
    assert held.modality == taxonomy.task.modality
    assert held.kind == taxonomy.task.kind


def labelset_names(taxonomy: Taxonomy) -> set[str]:
    return {label.display_name for label in labelset_of(taxonomy).assignable()}


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda path: path.stem)
def test_export_import_export_keeps_labels_attributes_and_hierarchy(path: Path) -> None:
    first = export_config(load(path), "label-studio").text
    second = export_config(reimported(first), "label-studio").text
    sdk_validate(second)
    assert shape(TOOL.read(second, "second")) == shape(TOOL.read(first, "first"))


def test_a_hierarchy_of_classes_is_a_taxonomy_control_with_nesting() -> None:
    taxonomy = load_labels(
        "  animal: {name: Animal, abstract: true}\n"
        "  dog: {name: Dog, parent: animal, definition: A dog.}\n"
        "  cat: {name: Cat, parent: animal}\n"
        "  plant: {name: Plant}\n",
        kind="classification",
        modality="text",
    )
    text = export_config(taxonomy, "label-studio").text
    sdk_validate(text)
    assert '<Taxonomy name="taxonomy" toName="text" leafsOnly="true" maxUsages="1">' in text
    held = TOOL.read(text, "t.xml")
    assert [(label.display_name, label.parents) for label in held.labels.values()] == [
        ("Animal", []),
        ("Dog", ["animal"]),
        ("Cat", ["animal"]),
        ("Plant", []),
    ]
    assert held.labels["dog"].definition == "A dog."
    assert held.leaf_only and not held.multi_label


def test_attributes_become_per_region_controls_of_their_labels() -> None:
    taxonomy = load_labels(
        "  car:\n"
        "    name: Car\n"
        "    attributes:\n"
        "      colour: {type: enum, values: [red, blue], default: red}\n"
        "      doors: {type: number, min: 2, max: 5}\n"
        "      plate: {type: text, description: The licence plate.}\n"
        "      parked: {type: boolean, default: false}\n"
        "  bus: {name: Bus}\n",
        kind="bounding-box",
    )
    text = export_config(taxonomy, "label-studio").text
    sdk_validate(text)
    assert 'visibleWhen="region-selected" whenLabelValue="Car"' in text
    assert '<Number name="doors" toName="image" perRegion="true" min="2" max="5"/>' in text
    held = TOOL.read(text, "t.xml")
    car = held.labels["car"]
    assert {name: attribute.type for name, attribute in car.attributes.items()} == {
        "colour": "enum",
        "doors": "number",
        "plate": "text",
        "parked": "boolean",
    }
    assert car.attributes["colour"].values == ["red", "blue"]
    assert car.attributes["colour"].default == "red"
    assert (car.attributes["doors"].min, car.attributes["doors"].max) == (2, 5)
    assert car.attributes["plate"].description == "The licence plate."
    assert held.labels["bus"].attributes == {}


def test_values_are_display_names_escaped_and_ids_where_names_are_ambiguous() -> None:
    taxonomy = load_labels(
        "  quote: {name: 'Say \"hi\" & <go>'}\n"
        "  other-a: {name: Other}\n"
        "  other-b: {name: Other}\n",
        kind="bounding-box",
    )
    text = export_config(taxonomy, "label-studio").text
    sdk_validate(text)
    assert 'value="Say &quot;hi&quot; &amp; &lt;go&gt;"' in text
    held = TOOL.read(text, "t.xml")
    assert [label.display_name for label in held.labels.values()] == [
        'Say "hi" & <go>',
        "other-a",
        "other-b",
    ]


def test_deprecated_labels_are_kept_hidden_or_left_out_on_request() -> None:
    taxonomy = load(ROOT / "taxonomy" / "street-objects.yaml")
    kept = export_config(taxonomy, "label-studio").text
    assert '<View style="display:none">' in kept
    tombstones = {
        label.display_name for label in TOOL.read(kept, "k").labels.values() if label.deprecated
    }
    assert tombstones == {"Motorbike", "Person"}
    dropped = export_config(taxonomy, "label-studio", ExportOptions(deprecated=False)).text
    sdk_validate(dropped)
    assert "Motorbike" not in dropped


def test_notes_say_what_the_config_cannot_hold() -> None:
    exported = export_config(load(ROOT / "taxonomy" / "street-objects.yaml"), "label-studio")
    assert any("flat" in note for note in exported.notes)
    assert exported.text.startswith("<!-- ")


def test_a_task_label_studio_has_no_control_for_is_refused() -> None:
    taxonomy = load_labels("  road: {name: Road}\n", kind="polygon", modality="video")
    with pytest.raises(UsageError, match="no control for polygon on video"):
        export_config(taxonomy, "label-studio")


# ---- import --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        (
            '<View><Labels name="l" toName="t" value="$objects"/><Text name="t" value="$t"/></View>',
            "dynamic",
        ),
        (
            '<View><Choices name="c" toName="t" apiUrl="https://x"/><Text name="t" value="$t"/></View>',
            "dynamic",
        ),
        ('<View><Text name="t" value="$t"/></View>', "no control with static labels"),
        (
            '<View><Labels name="l" toName="t"></Labels><Text name="t" value="$t"/></View>',
            "no labels",
        ),
        (
            '<View><Labels name="l" toName="t"><Label value="A"/><Label value="A"/></Labels>'
            '<Text name="t" value="$t"/></View>',
            "twice",
        ),
        ('<View><Labelz name="l" toName="t"/></View>', "not a Label Studio tag"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><View/>', "DTD"),
    ],
)
def test_configs_that_cannot_be_imported_are_one_line_errors(config: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as error:
        TOOL.read(config, "c.xml")
    assert "\n" not in str(error.value)


def test_malformed_xml_is_reported_with_line_and_column() -> None:
    with pytest.raises(InputError, match=r"^c\.xml:3:1: malformed XML: not well-formed"):
        TOOL.read('<View>\n  <Labels name="l"\n</View>', "c.xml")


def test_import_reads_hints_colours_hotkeys_categories_and_aliases() -> None:
    config = (
        '<View><Image name="img" value="$image"/>\n'
        '<PolygonLabels name="p" toName="img">\n'
        '  <Label value="Road surface" alias="road" hint="Where cars drive." '
        'background="rgba(255, 0, 0, 0.7)" hotkey="r" category="3"/>\n'
        '  <Label value="Kerb" background="#00FF00"/>\n'
        "</PolygonLabels></View>\n<!-- sample tasks after the root are fine -->\n"
    )
    held = TOOL.read(config, "c.xml")
    road = held.labels["road"]
    assert (road.name, road.definition, road.color, road.hotkey, road.index) == (
        "Road surface",
        "Where cars drive.",
        "#ff0000",
        "r",
        3,
    )
    assert held.labels["kerb"].color == "#00ff00"
    assert (held.modality, held.kind) == ("image", "polygon")
    reimported(config)


# ---- the corpus of real configs -------------------------------------------------


def test_every_corpus_config_with_static_labels_imports_and_exports_back(corpora: Path) -> None:
    folder = corpora / "annotation-tools" / "label-studio"
    configs = sorted(folder.glob("*.xml"))
    assert len(configs) >= 17
    dynamic = []
    for path in configs:
        text = path.read_text(encoding="utf-8")
        try:
            held = TOOL.read(text, path.name)
        except InputError as error:
            assert "dynamic labels" in str(error), path.name
            dynamic.append(path.name)
            continue
        exported = TOOL.export(reimported(text, path.name), ExportOptions())
        sdk_validate(exported.text)
        back = TOOL.read(exported.text, "back")
        assert [label.display_name for label in back.labels.values()] == [
            label.display_name for label in held.labels.values()
        ], path.name
        assert shape(back)["shared"].keys() == shape(held)["shared"].keys(), path.name
    assert dynamic == ["computer-vision__inventory-tracking.xml"]


# ---- drift ----------------------------------------------------------------------

STREET = ROOT / "taxonomy" / "street-objects.yaml"


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, list[str]]:
    config = tmp_path / "project.xml"
    config.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = main(["export", str(STREET), "--to", "label-studio", "--check", str(config)])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def exported() -> str:
    return export_config(load(STREET), "label-studio").text


def test_an_unchanged_export_has_no_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], exported: str
) -> None:
    assert check(tmp_path, capsys, exported) == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        ('<Label value="Bus"', '<Label value="Tram"/>\n<Label value="Bus"', ["added-in-tool"]),
        ('<Label value="Bus"', '<Label value="Coach"', ["added-in-tool", "missing-in-tool"]),
        (
            '<View style="display:none">',
            "<View>",
            ["deprecated-in-taxonomy", "deprecated-in-taxonomy"],
        ),
        ('<Choice value="occluded"/>', '<Choice value="yes"/><Choice value="no"/>', None),
    ],
    ids=["added", "renamed-in-tool", "deprecated-offered", "attribute-changed"],
)
def test_drift_is_one_line_per_difference(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    exported: str,
    old: str,
    new: str,
    kinds: list[str] | None,
) -> None:
    assert old in exported
    code, lines = check(tmp_path, capsys, exported.replace(old, new, 1))
    assert code == 1
    found = [line.split(": ")[1] for line in lines]
    if kinds is None:
        assert set(found) == {"attribute-changed"} and len(found) == len(
            labelset_names(load(STREET))
        )
    else:
        assert sorted(found) == sorted(kinds)


def test_a_label_removed_from_the_tool_is_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], exported: str
) -> None:
    lines = [line for line in exported.splitlines() if '<Label value="Bus"' not in line]
    code, found = check(tmp_path, capsys, "\n".join(lines))
    assert code == 1
    assert [line.split(": ")[1] for line in found] == ["missing-in-tool"]


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda path: path.stem)
def test_every_taxonomy_agrees_with_its_own_export(path: Path) -> None:
    taxonomy = load(path)
    assert (
        check_config(taxonomy, "label-studio", export_config(taxonomy, "label-studio").text) == []
    )


def test_children_of_a_left_out_tombstone_stay_in_the_taxonomy_control() -> None:
    taxonomy = load_labels(
        "  old: {name: Old, status: deprecated, deprecated_in: 1.0.0, reason: Merged.}\n"
        "  kid: {name: Kid, parent: old}\n"
        "  new: {name: New, parent: top}\n"
        "  top: {name: Top}\n",
        kind="classification",
    )
    text = export_config(taxonomy, "label-studio", ExportOptions(deprecated=False)).text
    sdk_validate(text)
    assert {label.display_name for label in TOOL.read(text, "t").labels.values()} == {
        "Kid",
        "New",
        "Top",
    }


def test_a_colour_that_cannot_be_kept_is_named_in_the_imported_file() -> None:
    from labelspec.interop.exchange import import_config

    config = (
        '<View><Image name="image" value="$image"/>'
        '<RectangleLabels name="label" toName="image">'
        '<Label value="Car" background="green"/><Label value="Bus" background="#00ff00"/>'
        "</RectangleLabels></View>"
    )
    text = import_config(config, "label-studio", "boxes", "project.xml")
    assert "# note: the colour 'green' of 'car' is not #rrggbb or rgb(): not kept" in text
    assert "color: '#00ff00'" in text


def test_template_files_import_like_their_xml(corpora: Path) -> None:
    from labelspec.interop.exchange import import_config

    folder = corpora / "annotation-tools" / "label-studio"
    for template in sorted(folder.glob("*.config.yml")):
        xml = template.with_name(template.name.replace(".config.yml", ".xml"))
        try:
            expected = import_config(xml.read_text(encoding="utf-8"), "label-studio", "t")
        except InputError:
            with pytest.raises(InputError):
                import_config(template.read_text(encoding="utf-8"), "label-studio", "t")
            continue
        got = import_config(template.read_text(encoding="utf-8"), "label-studio", "t")
        assert got.splitlines()[1:] == expected.splitlines()[1:], template.name


def test_text_that_is_neither_xml_nor_a_template_says_so() -> None:
    with pytest.raises(InputError, match="neither labeling-config XML nor a template"):
        TOOL.read("title: x\n", "t.yml")
