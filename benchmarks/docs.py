"""The annotator site for a generated 1,000-label taxonomy, against a plain mkdocs site.

Run: .venv/bin/python benchmarks/docs.py [LABELS]

Builds, with ``mkdocs build --strict`` in a fresh process each:
  * the labelspec site (a page per label, overview, cheat sheet, changelogs, lint rules);
  * a plain mkdocs-material site with the same number of hand-made pages (one per
    label, holding its name and definition) and an explicit navigation of the index.
Prints the wall time of each (best of three), the site sizes, the ratio, and whether
the goals hold: under 10 s and under 50 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labelspec.loader import load_text
from labelspec.synthetic import synthetic_taxonomy_yaml

MKDOCS_YML = """\
site_name: Benchmark
docs_dir: guidelines
theme:
  name: material
  font: false
plugins:
{plugins}
nav:
  - Home: index.md
"""
GOAL_SECONDS = 10.0
GOAL_MEGABYTES = 50.0


def labelspec_repository(root: Path, labels: int) -> None:
    (root / "taxonomy").mkdir(parents=True)
    (root / "guidelines").mkdir()
    (root / "labelspec.toml").write_text('taxonomy_dir = "taxonomy"\n')
    (root / "taxonomy" / "synthetic.yaml").write_text(synthetic_taxonomy_yaml(labels))
    (root / "guidelines" / "index.md").write_text("# Guidelines\n\nStart with [[label-0]].\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="  - search\n  - labelspec"))


def plain_repository(root: Path, labels: int) -> None:
    """The same number of pages, written by hand as a person would: a heading and
    the definition of each label."""
    result = load_text(synthetic_taxonomy_yaml(labels), "synthetic.yaml")
    assert result.taxonomy is not None
    pages = root / "guidelines" / "labels"
    pages.mkdir(parents=True)
    (root / "guidelines" / "index.md").write_text("# Guidelines\n")
    for label_id, label in result.taxonomy.labels.items():
        aliases = ", ".join(label.aliases)
        (pages / f"{label_id}.md").write_text(
            f"# {label.display_name}\n\n## Definition\n\n{label.definition or ''}\n\n"
            f"Also called: {aliases}\n"
        )
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="  - search"))


def build_seconds(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=root,
        check=True,
        # Material prints an end-of-life banner on every build; it is not a result.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


def megabytes(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20


def main() -> None:
    labels = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    with tempfile.TemporaryDirectory() as scratch:
        ours_root, plain_root = Path(scratch) / "labelspec", Path(scratch) / "plain"
        labelspec_repository(ours_root, labels)
        plain_repository(plain_root, labels)
        plain = min(build_seconds(plain_root) for _ in range(3))
        ours = min(build_seconds(ours_root) for _ in range(3))
        plain_size, ours_size = megabytes(plain_root / "site"), megabytes(ours_root / "site")
        pages = sum(1 for _ in (ours_root / "site").rglob("index.html"))
    # The machine is shared: the load says how far the absolute times can be trusted.
    load = os.getloadavg()[0]
    print(
        f"labels: {labels}, labelspec pages: {pages}, load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(f"plain mkdocs site: {plain:.2f} s, {plain_size:.1f} MB")
    print(f"labelspec site:    {ours:.2f} s, {ours_size:.1f} MB")
    print(f"ratio: {ours / plain:.2f}x time, {ours_size / plain_size:.2f}x size")
    time_ok = "ok" if ours < GOAL_SECONDS else "MISSED"
    size_ok = "ok" if ours_size < GOAL_MEGABYTES else "MISSED"
    print(f"goal under {GOAL_SECONDS:.0f} s: {time_ok}; under {GOAL_MEGABYTES:.0f} MB: {size_ok}")


if __name__ == "__main__":
    main()
