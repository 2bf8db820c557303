"""Turning a lint report into text for people or data for tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from labelspec.lint.engine import LintReport

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_text(report: LintReport, colour: bool = False) -> str:
    """Findings grouped by file, then a summary line."""

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if colour else text

    lines: list[str] = []
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
    return json.dumps([finding.to_json() for finding in report.findings], indent=2)


FORMATTERS: dict[str, Callable[[LintReport, bool], str]] = {
    "text": format_text,
    "json": format_json,
}
