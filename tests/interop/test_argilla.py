"""Argilla v2 settings: validated by the Argilla SDK without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import InputError
from labelspec.interop import load_tool
from labelspec.interop.exchange import export_config, import_config
from labelspec.interop.labelset import labelset_of
from labelspec.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
TEXT_TAXONOMIES = ["review-sentiment", "support-entities", "support-intents"]


@pytest.fixture
def argilla(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    rg = pytest.importorskip("argilla")
    from argilla._api._client import APIClient

    # Settings need a client object; building one must not reach for a server.
    monkeypatch.setattr(APIClient, "_validate_connection", lambda self: None)
    rg.Argilla._set_default(rg.Argilla(api_url="http://127.0.0.1:9", api_key="offline"))
    return rg


@pytest.mark.parametrize("name", TEXT_TAXONOMIES)
def test_export_builds_argilla_settings(argilla, name: str) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load(ROOT / "taxonomy" / f"{name}.yaml")
    exported = json.loads(export_config(taxonomy, "argilla").text)
    settings = argilla.Settings._from_dict(exported)
    question = settings.questions["label"]
    expected = {"span": "span", "classification": "label_selection"}[taxonomy.task.kind]
    assert question.type == ("multi_label_selection" if taxonomy.task.multi_label else expected)
    offered = {label.id for label in labelset_of(taxonomy).assignable()}
    assert offered <= set(question.labels)
    assert settings.guidelines == taxonomy.description
    assert (
        settings.serialize()["questions"][0]["settings"]["options"]
        == exported["questions"][0]["settings"]["options"]
    )


@pytest.mark.parametrize("name", TEXT_TAXONOMIES)
def test_round_trip_keeps_labels_definitions_and_attributes(name: str) -> None:
    taxonomy = load(ROOT / "taxonomy" / f"{name}.yaml")
    first = export_config(taxonomy, "argilla").text
    again = load_text(import_config(first, "argilla", "again"), "again.yaml").require()
    assert (
        json.loads(export_config(again, "argilla").text)["questions"][1:]
        == json.loads(first)["questions"][1:]
    )
    before, after = labelset_of(taxonomy), labelset_of(again)
    for label in after.labels.values():
        assert (label.display_name, label.definition, label.deprecated) == (
            before.labels[label.id].display_name,
            before.labels[label.id].definition,
            before.labels[label.id].deprecated,
        )
    assert after.attributes.keys() == before.attributes.keys()


def test_refusals() -> None:
    assert main(["export", str(ROOT / "taxonomy/street-objects.yaml"), "--to", "argilla"]) == 2
    with pytest.raises(InputError, match="no label, multi-label or span question"):
        load_tool("argilla").read(
            '{"questions": [{"name": "t", "settings": {"type": "text"}}]}', "s"
        )
    with pytest.raises(InputError, match=r"s:1:\d+: not JSON"):
        load_tool("argilla").read("{", "s")


def _edit_attribute(settings: dict) -> dict:  # type: ignore[type-arg]
    settings["questions"][1]["settings"]["options"] = [{"value": "a", "text": "a"}]
    return settings


@pytest.mark.parametrize(
    ("edit", "kinds"),
    [
        (lambda s: s, []),
        (_edit_attribute, ["attribute-changed"]),
    ],
)
def test_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], edit, kinds) -> None:  # type: ignore[no-untyped-def]
    path = ROOT / "taxonomy/review-sentiment.yaml"
    config = tmp_path / "settings.json"
    config.write_text(json.dumps(edit(json.loads(export_config(load(path), "argilla").text))))
    code = main(["export", str(path), "--to", "argilla", "--check", str(config)])
    found = {line.split(": ")[1] for line in capsys.readouterr().out.splitlines()}
    assert code == (1 if kinds else 0)
    assert found == set(kinds)
