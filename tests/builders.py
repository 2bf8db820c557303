"""What the tests build: small taxonomies, repositories around them, git histories.

Imported as ``from builders import ...`` (``tests/`` is on the path); not a
conftest, because pytest imports every folder's conftest under the same name.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from labelspec.loader import load_text
from labelspec.model import Taxonomy


def taxonomy_header(
    *,
    version: str = "2.0.0",
    modality: str = "image",
    kind: str = "classification",
    taxonomy: str = "t",
) -> str:
    """The top of a taxonomy file up to ``labels:``; tests append indented labels."""
    return (
        f"taxonomy: {taxonomy}\ntitle: {taxonomy.upper()}\nversion: {version}\n"
        f"task: {{modality: {modality}, kind: {kind}}}\nlabels:\n"
    )


def load_labels(labels: str, file: str = "t.yaml", **header: str) -> Taxonomy:
    """A taxonomy of ``labels`` under :func:`taxonomy_header`; the test fails with
    the loader's findings when it does not load."""
    return load_text(taxonomy_header(**header) + labels, file).require()


def write_repository(
    root: Path, labels: str, config: str = "", pages: dict[str, str] | None = None
) -> Path:
    """A repository with ``taxonomy/t.yaml`` holding ``labels`` (indented YAML
    under ``labels:``), a labelspec.toml and optional guideline pages."""
    (root / "labelspec.toml").write_text(config)
    (root / "taxonomy").mkdir(exist_ok=True)
    (root / "taxonomy" / "t.yaml").write_text(taxonomy_header() + labels)
    for relative, text in (pages or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity; its output, stripped."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()
