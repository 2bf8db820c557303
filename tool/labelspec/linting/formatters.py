"""Turning a lint report into text for people or data for tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from labelspec.linting.engine import LintReport

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_text(report: LintReport, colour: bool = False) -> str:
    """Findings grouped by file, then a summary line."""

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if colour else text

    lines: list[str] = []
    if report.base is not None:
        lines.append(paint(f"note: version checks compare with git ref '{report.base}'", _DIM))
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        lines.append(paint(file, _BOLD))
        for finding in findings:
            severity = paint(finding.severity, _COLOURS[finding.severity])
            lines.append(
                f"  {finding.line}:{finding.column}  {severity}  "
                f"{paint(finding.code, _BOLD)} {finding.message}  {paint(finding.name, _DIM)}"
            )
            if finding.hint:
                lines.append(f"      {paint('hint:', _DIM)} {finding.hint}")
        lines.append("")
    errors, warnings, infos = (report.count(s) for s in ("error", "warning", "info"))
    checked = _plural(len(report.files), "file")
    if not report.findings:
        lines.append(f"All clean: {checked} checked.")
    else:
        lines.append(
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}, "
            f"{_plural(infos, 'note')} in {checked}."
        )
    return "\n".join(lines)


def format_json(report: LintReport, colour: bool = False) -> str:
    """A JSON list of findings with the keys DESIGN.md promises to scripts."""
    return json.dumps([finding.to_json() for finding in report.findings], indent=2)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _sarif_rule(code: str) -> dict[str, object]:
    from labelspec.linting.registry import all_rules, iter_docs

    rule = all_rules()[code]
    docs = "\n\n".join(f"## {title}\n{text}" for title, text in iter_docs(rule))
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": [rule.family().name]},
    }


def format_sarif(report: LintReport, colour: bool = False) -> str:
    """SARIF 2.1.0, the format code-scanning services read. Locations are
    relative to the repository root (``%SRCROOT%``); rules are described once
    in the driver and referred to by index."""
    from labelspec import __version__

    codes = sorted({finding.code for finding in report.findings})
    index = {code: position for position, code in enumerate(codes)}
    results = []
    for finding in report.findings:
        result: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
            "properties": {"labels": list(finding.labels), "hint": finding.hint},
        }
        if finding.score is not None:
            result["rank"] = round(min(max(finding.score, 0.0), 1.0) * 100, 1)
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "labelspec",
                        "version": __version__,
                        "rules": [_sarif_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def format_github(report: LintReport, colour: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per finding, shown on
    the pull request's diff. Values are escaped as the runner expects (``%``,
    line breaks, and in properties ``:`` and ``,``)."""
    lines = []
    for finding in report.findings:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", finding.file),
                ("line", finding.line),
                ("col", finding.column),
                ("title", f"{finding.code} {finding.name}"),
            )
        )
        # A second line for the hint: annotations show escaped line breaks as such.
        message = finding.message + (f"\nHint: {finding.hint}" if finding.hint else "")
        lines.append(f"::{_GITHUB_COMMAND[finding.severity]} {properties}::{_escape_data(message)}")
    return "\n".join(lines)


FORMATTERS: dict[str, Callable[[LintReport, bool], str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
