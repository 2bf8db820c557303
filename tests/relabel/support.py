"""Helpers for the relabel tests: run in a temporary folder, read what came out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson

from labelspec.relabeling.report import RelabelReport


def read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


class Relabelled:
    """The outcome of one run in a temporary folder: report, output, review, rejects."""

    def __init__(self, report: RelabelReport, output: Path, review: Path) -> None:
        self.report = report
        self.output = output
        self.review = read_jsonl(review)
        self.rejects = read_jsonl(output.with_name(output.name + ".rejects"))

    @property
    def text(self) -> str:
        return self.output.read_text(encoding="utf-8")

    @property
    def lines(self) -> list[dict[str, object]]:
        return read_jsonl(self.output)


RunRelabel = Callable[..., Relabelled]
