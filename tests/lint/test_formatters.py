"""Output formats: text, json, sarif (schema-valid) and github annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from labelspec.diagnostics import Finding
from labelspec.linting.engine import LintReport
from labelspec.linting.formatters import format_github, format_json, format_sarif, format_text

ROOT = Path(__file__).resolve().parents[2]


def report() -> LintReport:
    findings = [
        Finding("GRA001", "unknown parent", "taxonomy/a.yaml", 3, 5, ("car",), "Fix it.").with_rule(
            "unknown-parent", "error"
        ),
        Finding("DEF004", "short, 50% of: it", "taxonomy/a.yaml", 7, 17, ("car",)).with_rule(
            "short-definition", "warning"
        ),
        Finding(
            "OVL001", "close", "taxonomy/b.yaml", 2, 3, ("car", "van"), None, score=0.8
        ).with_rule("similar-definitions", "info"),
    ]
    return LintReport(findings=findings, files=["taxonomy/a.yaml", "taxonomy/b.yaml"])


def test_text_groups_by_file_and_summarises() -> None:
    text = format_text(report())
    lines = text.splitlines()
    assert lines[0] == "taxonomy/a.yaml"
    assert lines[1].split()[:4] == ["3:5", "error", "GRA001", "unknown"]
    assert "hint: Fix it." in lines[2]
    assert "taxonomy/b.yaml" in lines
    assert lines[-1] == "1 error, 1 warning, 1 note in 2 files."
    assert "\033[" not in text
    assert "\033[31merror" in format_text(report(), colour=True)


def test_text_when_clean() -> None:
    assert format_text(LintReport(files=["taxonomy/a.yaml"])) == "All clean: 1 file checked."


def test_json_keys() -> None:
    data = json.loads(format_json(report()))
    assert [item["code"] for item in data] == ["GRA001", "DEF004", "OVL001"]
    assert set(data[0]) == {
        "code",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "labels",
        "hint",
    }
    assert data[2]["labels"] == ["car", "van"]
    assert data[2]["score"] == 0.8
    assert data[1]["hint"] is None


def sarif_schema() -> dict[str, object]:
    """The official SARIF 2.1.0 schema, which `make test` fetches from the npm
    registry (it is not ours to copy into the repository)."""
    path = Path(os.environ.get("LABELSPEC_SARIF_SCHEMA", ".venv/sarif-schema-2.1.0.json"))
    # make passes a path relative to the checkout; tests that chdir elsewhere still find it.
    path = path if path.is_absolute() else ROOT / path
    if not path.is_file():
        pytest.skip(f"{path} is missing; `make test` fetches it with npm")
    schema: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def test_sarif_is_valid_against_the_official_schema() -> None:
    schema = sarif_schema()
    log = json.loads(format_sarif(report()))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["DEF004", "GRA001", "OVL001"]
    first = run["results"][0]
    assert first["ruleId"] == "GRA001"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "GRA001"
    assert first["level"] == "error"
    assert run["results"][2]["level"] == "note"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 5)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "taxonomy/a.yaml"
    )


def test_sarif_of_a_clean_run_is_valid() -> None:
    schema = sarif_schema()
    jsonschema.validate(json.loads(format_sarif(LintReport())), schema)


def test_github_annotations_are_escaped() -> None:
    lines = format_github(report()).splitlines()
    assert lines[0] == (
        "::error file=taxonomy/a.yaml,line=3,col=5,title=GRA001 unknown-parent::"
        "unknown parent%0AHint: Fix it."
    )
    # % is escaped in the message; the message keeps its colon and comma.
    assert lines[1].endswith("::short, 50%25 of: it")
    assert lines[2].startswith("::notice file=taxonomy/b.yaml,")


def test_github_escapes_newlines_and_property_separators() -> None:
    finding = Finding("DEF004", "two\nlines", "a,b:c.yaml", 1, 1).with_rule("x", "warning")
    (line,) = format_github(LintReport(findings=[finding])).splitlines()
    assert line == "::warning file=a%2Cb%3Ac.yaml,line=1,col=1,title=DEF004 x::two%0Alines"
