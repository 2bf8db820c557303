"""Prodigy label files and patterns: export, import, round trips, corpus, drift."""

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
from labelspec.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
TEXT_TAXONOMIES = ["review-sentiment", "support-entities", "support-intents"]


def _taxonomy(name: str):  # type: ignore[no-untyped-def]
    return load(ROOT / "taxonomy" / f"{name}.yaml")


@pytest.mark.parametrize("name", TEXT_TAXONOMIES)
def test_export_has_the_format_shape(name: str) -> None:
    taxonomy = _taxonomy(name)
    text = export_config(taxonomy, "prodigy").text
    assignable = [label.id for label in labelset_of(taxonomy).assignable()]
    if taxonomy.task.kind == "span":
        entries = [json.loads(line) for line in text.splitlines()]
        assert all(set(entry) == {"label", "pattern"} for entry in entries)
        assert all(all(set(token) == {"lower"} for token in entry["pattern"]) for entry in entries)
        assert sorted({entry["label"] for entry in entries}) == sorted(assignable)
    else:
        assert text.splitlines() == assignable


def test_image_tasks_are_refused() -> None:
    assert main(["export", str(ROOT / "taxonomy/street-objects.yaml"), "--to", "prodigy"]) == 2


@pytest.mark.parametrize("name", TEXT_TAXONOMIES)
def test_round_trip_keeps_the_labels(name: str) -> None:
    first = export_config(_taxonomy(name), "prodigy").text
    again = load_text(import_config(first, "prodigy", "again"), "again.yaml").require()
    assert compare(labelset_of(again), load_tool("prodigy").read(first, "first")) == []


def test_patterns_keep_phrases_as_includes() -> None:
    text = '{"label": "FRUIT", "pattern": [{"lower": "green"}, {"lower": "apple"}]}\n'
    text += '{"label": "FRUIT", "pattern": "pear"}\n{"label": "X", "pattern": [{"POS": "NOUN"}]}\n'
    labels = load_tool("prodigy").read(text, "p.jsonl")
    assert labels.kind == "span"
    assert labels.labels["fruit"].includes == ["green apple", "pear"]
    assert labels.labels["fruit"].name == "FRUIT"
    assert labels.labels["x"].includes == []


def test_malformed_patterns_are_one_line_errors() -> None:
    with pytest.raises(InputError, match=r"p.jsonl:2:\d+: not JSON"):
        load_tool("prodigy").read('{"label": "A", "pattern": "a"}\n{oops\n', "p.jsonl")
    with pytest.raises(InputError, match="no labels"):
        load_tool("prodigy").read("\n\n", "empty.txt")


def test_corpus_patterns_import_and_export_back(corpora: Path) -> None:
    files = sorted((corpora / "annotation-tools" / "prodigy").glob("*.jsonl"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        source = load_tool("prodigy").read(text, path.name)
        taxonomy = load_text(import_config(text, "prodigy", "imported", path.name), "x.yaml")
        exported = export_config(taxonomy.require(), "prodigy").text
        back = load_tool("prodigy").read(exported, "back")
        assert sorted(back.labels) == sorted(source.labels), path.name


SPAN = ROOT / "taxonomy" / "support-entities.yaml"


def _check(tmp_path: Path, lines: list[str]) -> int:
    config = tmp_path / "labels.txt"
    config.write_text("".join(f"{line}\n" for line in lines))
    return main(
        [
            "export",
            str(ROOT / "taxonomy/support-intents.yaml"),
            "--to",
            "prodigy",
            "--check",
            str(config),
        ]
    )


def test_check_unchanged_export_is_exit_0(tmp_path: Path) -> None:
    labels = export_config(_taxonomy("support-intents"), "prodigy").text.splitlines()
    assert _check(tmp_path, labels) == 0


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (lambda labels: [*labels, "brand-new"], "added-in-tool"),
        (lambda labels: labels[1:], "missing-in-tool"),
        (lambda labels: [*labels, "feedback"], "deprecated-in-taxonomy"),
    ],
)
def test_check_reports_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change, kind
) -> None:  # type: ignore[no-untyped-def]
    labels = export_config(_taxonomy("support-intents"), "prodigy").text.splitlines()
    assert _check(tmp_path, change(labels)) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and f": {kind}: " in out[0]


def test_check_reports_a_label_renamed_in_the_taxonomy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patterns = tmp_path / "patterns.jsonl"
    exported = export_config(_taxonomy("support-entities"), "prodigy").text
    patterns.write_text(exported.replace('"label": "phone-number"', '"label": "phone"'))
    assert main(["export", str(SPAN), "--to", "prodigy", "--check", str(patterns)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in out] == ["renamed"]
