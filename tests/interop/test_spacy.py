"""spaCy labels files: a JSON list of label strings per component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError
from labelspec.interop import load_tool
from labelspec.interop.drift import compare
from labelspec.interop.exchange import export_config, import_config
from labelspec.interop.labelset import labelset_of
from labelspec.interop.spacy import component
from labelspec.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
TEXT_TAXONOMIES = ["review-sentiment", "support-entities", "support-intents"]


@pytest.mark.parametrize("name", TEXT_TAXONOMIES)
def test_export_is_a_json_list_of_strings_and_round_trips(name: str) -> None:
    taxonomy = load(ROOT / "taxonomy" / f"{name}.yaml")
    exported = export_config(taxonomy, "spacy")
    labels = json.loads(exported.text)
    assert isinstance(labels, list) and all(isinstance(label, str) for label in labels)
    assert labels == [label.id for label in labelset_of(taxonomy).assignable()]
    again = load_text(import_config(exported.text, "spacy", "again"), "a.yaml").require()
    assert json.loads(export_config(again, "spacy").text) == labels


def test_component_follows_the_task() -> None:
    assert component("classification", False) == "textcat"
    assert component("classification", True) == "textcat_multilabel"
    assert component("span", False) == "spancat"


def test_unsupported_task_and_bad_files() -> None:
    assert main(["export", str(ROOT / "taxonomy/road-surfaces.yaml"), "--to", "spacy"]) == 2
    with pytest.raises(InputError, match=r"x.json:1:\d+: not JSON"):
        load_tool("spacy").read("[oops", "x.json")
    with pytest.raises(InputError, match="JSON list of label strings"):
        load_tool("spacy").read('{"labels": []}', "x.json")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (None, []),
        (["brand-new"], ["added-in-tool"]),
        (["feedback"], ["deprecated-in-taxonomy"]),
    ],
)
def test_check(tmp_path: Path, labels: list[str] | None, expected: list[str]) -> None:
    taxonomy = load(ROOT / "taxonomy/support-intents.yaml")
    current = json.loads(export_config(taxonomy, "spacy").text) + (labels or [])
    drift = compare(labelset_of(taxonomy), load_tool("spacy").read(json.dumps(current), "x"))
    assert [d.kind for d in drift] == expected
    config = tmp_path / "labels.json"
    config.write_text(json.dumps(current[1:]))
    code = main(
        [
            "export",
            str(ROOT / "taxonomy/support-intents.yaml"),
            "--to",
            "spacy",
            "--check",
            str(config),
        ]
    )
    assert code == 1
