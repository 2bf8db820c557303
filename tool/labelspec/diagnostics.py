"""A finding: one problem at one place, as the loader (the SCH family) and the lint
rules report it. It lives beside the model, not in lint/, because loading a file
already yields findings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``name`` and ``severity`` are set by the engine."""

    code: str
    message: str
    file: str
    line: int
    column: int
    labels: tuple[str, ...] = ()
    hint: str | None = None
    severity: Severity = "error"
    name: str = ""
    score: float | None = None

    def with_rule(self, name: str, severity: Severity) -> Finding:
        return replace(self, name=name, severity=severity)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "labels": list(self.labels),
            "hint": self.hint,
        }
        if self.score is not None:
            data["score"] = round(self.score, 4)
        return data
