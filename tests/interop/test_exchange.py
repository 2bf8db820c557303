"""What every tool shares: the label set, the import writer, drift, the commands.

The spreadsheet CSV is the tool these tests use; each tool's own module has its
own tests beside this file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from builders import load_labels
from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError, UsageError
from labelspec.interop import _MODULES, TOOL_NAMES, ExportOptions, load_tool
from labelspec.interop.drift import compare
from labelspec.interop.exchange import export_config, import_config
from labelspec.interop.labelset import labelset_of, slug, stable_color
from labelspec.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
STREET = ROOT / "taxonomy" / "street-objects.yaml"

LABELS = """\
  vehicle: {abstract: true, definition: A machine that moves people or goods.}
  car:
    parent: vehicle
    name: Car
    definition: A motor vehicle for up to eight people.
    includes: [taxi]
    excludes: {pickup truck: truck, toy car: null}
    attributes: {emergency: {type: boolean, default: false}}
    index: 3
    tool: {color: "#ff0000", hotkey: c}
  truck: {parent: vehicle, definition: A vehicle built to carry goods., index: 4}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}
"""


def test_every_tool_is_in_the_table() -> None:
    assert set(_MODULES) == set(TOOL_NAMES)
    with pytest.raises(UsageError, match="unknown tool 'labelstudio'"):
        load_tool("labelstudio")


def test_the_label_set_is_what_tools_see() -> None:
    labels = labelset_of(load_labels(LABELS))
    car = labels.labels["car"]
    assert (car.display_name, car.parents, car.index, car.color, car.hotkey) == (
        "Car",
        ["vehicle"],
        3,
        "#ff0000",
        "c",
    )
    assert labels.labels["auto"].deprecated and labels.labels["auto"].replaced_by == ["car"]
    # A label's index is its own field: no numbers are made up for the others.
    assert labels.labels["vehicle"].index is None
    assert [label.id for label in labels.assignable()] == ["car", "truck"]
    assert "auto" not in labelset_of(load_labels(LABELS), deprecated=False).labels
    assert labels.find("CAR") is car and labels.find("Car") is car and labels.find("bus") is None


def test_stable_colours_and_slugs() -> None:
    assert stable_color("car") == stable_color("car") != stable_color("truck")
    assert stable_color("car").startswith("#") and len(stable_color("car")) == 7
    assert slug("Traffic light (red)") == "traffic-light-red" and slug("!!") == "label"


def test_csv_round_trip_keeps_labels_hierarchy_and_text() -> None:
    taxonomy = load_labels(LABELS)
    exported = export_config(taxonomy, "csv")
    assert exported.text.startswith("\ufeff") and "\r\n" in exported.text
    assert exported.notes  # attributes have no column: said, not dropped silently
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert [row["id"] for row in rows] == ["vehicle", "car", "truck", "auto"]
    assert rows[1]["excludes"] == "pickup truck -> truck; toy car -> (none)"
    back = load_text(import_config(exported.text, "csv", "t"), "t.yaml").require()
    assert list(back.labels) == list(taxonomy.labels)
    assert back.labels["car"].excludes == taxonomy.labels["car"].excludes
    assert back.labels["car"].includes == ["taxi"] and back.labels["vehicle"].abstract
    assert back.labels["auto"].replacement_targets == ["car"]
    assert back.labels["car"].index == 3
    again = export_config(back, "csv")
    assert again.text.splitlines()[1:] == exported.text.splitlines()[1:]


def test_import_of_a_sheet_with_problems_names_the_row() -> None:
    with pytest.raises(InputError, match=r"sheet.csv:3: label 'car' is in the sheet twice"):
        import_config("id,name\ncar,Car\ncar,Auto\n", "csv", "t", "sheet.csv")
    with pytest.raises(InputError, match="no label rows"):
        import_config("id,name\n", "csv", "t", "sheet.csv")
    with pytest.raises(InputError, match=r"sheet.csv:2: index 'x'"):
        import_config("id,index\ncar,x\n", "csv", "t", "sheet.csv")


def test_drift_finds_every_kind_of_difference() -> None:
    ours = labelset_of(load_labels(LABELS))
    theirs = labelset_of(
        load_labels(
            "  Auto: {definition: Old name.}\n"
            "  lorry: {definition: British.}\n"
            "  machine: {abstract: true, definition: A machine.}\n"
            "  truck: {parent: machine, definition: Goods., attributes: {heavy: {type: boolean}}}\n"
        )
    )
    kinds = [(drift.kind, drift.label) for drift in compare(ours, theirs)]
    assert kinds == [
        ("renamed", "car"),
        ("added-in-tool", "lorry"),
        ("added-in-tool", "machine"),
        ("parent-changed", "truck"),
        ("attribute-added", "truck"),
    ]
    # A tool that holds no attributes or hierarchy cannot drift on them.
    names_only = compare(ours, theirs, frozenset({"names"}))
    assert [drift.kind for drift in names_only] == ["renamed", "added-in-tool", "added-in-tool"]
    assert compare(ours, ours) == []


def test_export_and_check_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "labels.csv"
    assert main(["export", str(STREET), "--to", "csv", "-o", str(out)]) == 0
    assert main(["export", str(STREET), "--to", "csv", "--check", str(out)]) == 0
    text = out.read_bytes().replace(b"\r\nbus,", b"\r\nautobus,", 1)
    out.write_bytes(text)
    capsys.readouterr()
    assert main(["export", str(STREET), "--to", "csv", "--check", str(out)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{out}: id-changed: the tool has 'Bus' as 'autobus', the taxonomy as 'bus'"]


def test_import_on_the_command_line_writes_a_new_file_only(tmp_path: Path) -> None:
    sheet = tmp_path / "labels.csv"
    sheet.write_text("id,name,definition\ncat,Cat,A small feline.\ndog,Dog,A canine.\n")
    target = tmp_path / "pets.yaml"
    assert main(["import", str(sheet), "--from", "csv", "-t", "pets", "-o", str(target)]) == 0
    assert list(load(target).labels) == ["cat", "dog"]
    before = target.read_text()
    assert main(["import", str(sheet), "--from", "csv", "-t", "pets", "-o", str(target)]) == 2
    assert target.read_text() == before
    assert main(["import", str(tmp_path / "nosuch.csv"), "--from", "csv", "-t", "x"]) == 3
    assert main(["import", str(sheet), "--from", "excel", "-t", "x"]) == 2


def test_export_api_takes_a_file_an_id_or_a_taxonomy() -> None:
    import labelspec.api as api

    by_file = api.export(STREET, "csv")
    assert by_file.text == api.export(load(STREET), "csv").text
    assert "motorbike" not in api.export(STREET, "csv", deprecated=False).text
    assert ExportOptions().deprecated
