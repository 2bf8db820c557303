"""YOLO data.yaml names: numbering shared with the relabeler."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError
from labelspec.interop import load_tool
from labelspec.interop.exchange import export_config, import_config
from labelspec.loader import load_text
from labelspec.numbering import Numbering

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["street-objects", "road-surfaces"])
def test_names_use_the_relabeler_numbers_and_round_trip(name: str) -> None:
    taxonomy = load(ROOT / "taxonomy" / f"{name}.yaml")
    exported = export_config(taxonomy, "yolo")
    document = yaml.safe_load(exported.text)
    assert document["nc"] == len(document["names"])
    assert all(isinstance(k, int) and isinstance(v, str) for k, v in document["names"].items())
    numbers = Numbering.of(taxonomy, start=0).numbers
    assert all(document["names"][number] == label for label, number in numbers.items())
    # The taxonomies count from 1: the gap at 0 is named, never silent.
    assert any("0..nc-1" in note for note in exported.notes)
    again = load_text(import_config(exported.text, "yolo", "again"), "again.yaml").require()
    assert yaml.safe_load(export_config(again, "yolo").text)["names"] == document["names"]
    assert [i for i, label in again.labels.items() if not label.is_active] == [
        i for i, label in taxonomy.labels.items() if not label.is_active and label.index is not None
    ]


def test_import_list_and_nc() -> None:
    labels = load_tool("yolo").read("nc: 2\nnames: [person, Traffic light]\n", "data.yaml")
    assert [(label.id, label.index) for label in labels.labels.values()] == [
        ("person", 0),
        ("traffic-light", 1),
    ]
    with pytest.raises(InputError, match="nc is 3"):
        load_tool("yolo").read("nc: 3\nnames: [a, b]\n", "data.yaml")
    with pytest.raises(InputError, match=r"data.yaml:\d+:\d+: not YAML"):
        load_tool("yolo").read("names: [a,\n", "data.yaml")


def test_refusals_and_no_deprecated(tmp_path: Path) -> None:
    assert main(["export", str(ROOT / "taxonomy/support-intents.yaml"), "--to", "yolo"]) == 2
    out = tmp_path / "data.yaml"
    path = str(ROOT / "taxonomy/street-objects.yaml")
    assert main(["export", path, "--to", "yolo", "--no-deprecated", "-o", str(out)]) == 0
    assert "motorbike" not in yaml.safe_load(out.read_text())["names"].values()


def test_check(tmp_path: Path) -> None:
    path = ROOT / "taxonomy/street-objects.yaml"
    text = export_config(load(path), "yolo").text
    config = tmp_path / "data.yaml"
    config.write_text(text)
    assert main(["export", str(path), "--to", "yolo", "--check", str(config)]) == 0
    config.write_text(text.replace('"motorbike"  # deprecated', '"motorbike"'))
    assert main(["export", str(path), "--to", "yolo", "--check", str(config)]) == 1
    config.write_text(text.replace('  12: "rider"\n', "").replace("nc: 12", "nc: 11"))
    assert main(["export", str(path), "--to", "yolo", "--check", str(config)]) == 1
