"""doccano label types: export, import, corpus, drift."""

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

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"text", "prefix_key", "suffix_key", "background_color", "text_color"}


@pytest.mark.parametrize("name", ["review-sentiment", "support-entities", "support-intents"])
def test_export_shape_and_round_trip(name: str) -> None:
    exported = export_config(load(ROOT / "taxonomy" / f"{name}.yaml"), "doccano").text
    entries = json.loads(exported)
    assert all(set(entry) == KEYS for entry in entries)
    assert len({entry["text"] for entry in entries}) == len(entries)
    again = load_text(import_config(exported, "doccano", "again"), "a.yaml").require()
    assert json.loads(export_config(again, "doccano").text) == entries


def test_deprecated_labels_are_kept_greyed_or_left_out() -> None:
    taxonomy = load(ROOT / "taxonomy/support-entities.yaml")
    kept = json.loads(export_config(taxonomy, "doccano").text)
    assert [e["text"] for e in kept if e["background_color"] == "#dddddd"] == ["Phone"]
    assert (
        main(
            [
                "export",
                str(ROOT / "taxonomy/support-entities.yaml"),
                "--to",
                "doccano",
                "--no-deprecated",
            ]
        )
        == 0
    )


def test_corpus(corpora: Path) -> None:
    folder = corpora / "annotation-tools" / "doccano"
    valid = (folder / "doccano__valid_labels.json").read_text()
    imported = load_text(import_config(valid, "doccano", "pets"), "pets.yaml").require()
    back = json.loads(export_config(imported, "doccano").text)
    assert [(e["text"], e["suffix_key"], e["background_color"]) for e in back] == [
        ("Dog", "a", "#FF0000"),
        ("Cat", "c", "#FF0000"),
    ]
    with pytest.raises(InputError, match="'Dog' is used twice"):
        load_tool("doccano").read((folder / "doccano__invalid_labels.json").read_text(), "x")


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda entries: entries, 0),
        (lambda entries: [*entries, {**entries[0], "text": "New thing"}], 1),
        (lambda entries: entries[1:], 1),
        (lambda entries: [{**entries[0], "text": "Renamed"}, *entries[1:]], 1),
    ],
)
def test_check(tmp_path: Path, edit, code: int) -> None:  # type: ignore[no-untyped-def]
    path = ROOT / "taxonomy/support-intents.yaml"
    entries = json.loads(export_config(load(path), "doccano").text)
    config = tmp_path / "labels.json"
    config.write_text(json.dumps(edit(entries)))
    assert main(["export", str(path), "--to", "doccano", "--check", str(config)]) == code
