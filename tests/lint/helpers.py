"""Small repositories written into a temporary folder for the lint tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

HEADER = """\
taxonomy: t
title: T
version: 2.0.0
task: {modality: image, kind: classification}
labels:
"""


def write_repository(
    root: Path, labels: str, config: str = "", pages: dict[str, str] | None = None
) -> Path:
    """A repository with ``taxonomy/t.yaml`` holding ``labels`` (indented YAML
    under ``labels:``), a labelspec.toml and optional guideline pages."""
    (root / "labelspec.toml").write_text(config)
    (root / "taxonomy").mkdir(exist_ok=True)
    (root / "taxonomy" / "t.yaml").write_text(HEADER + labels)
    for relative, text in (pages or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )
