"""Linting generated taxonomies with every rule, against PyYAML's C loader alone.

Run: .venv/bin/python benchmarks/lint.py [--labels 10000] [--scale 5] [--runs 2]

The goals (DESIGN.md, quality bars): all rules on 10,000 labels in at most 3x the
time PyYAML's CSafeLoader takes to load the same file, and 5x the labels (50,000)
in at most 6x the 10,000-label time (no all-pairs comparison anywhere).

Each lint runs in a fresh process, as ``labelspec lint`` does, so that no cache of
an earlier run (spaCy's pipeline, parsed texts) makes it look faster; the time is
taken around ``lint_repository`` inside that process (interpreter start-up and
imports are not counted, building the spaCy pipeline is). It also times the same
run with only the loader's rules (SCH) and with SCH + OVL, to show what the overlap
family costs on top of loading.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from labelspec.synthetic import synthetic_taxonomy_yaml
from timing import best_of

_CHILD = """
import json, sys, time
from pathlib import Path
from labelspec.linting.engine import lint_repository
from labelspec.repository import Repository
repository = Repository.discover(Path(sys.argv[1]))
select = [code for code in sys.argv[2].split(",") if code]
start = time.perf_counter()
report = lint_repository(repository, select=select)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "findings": len(report.findings)}))
"""


def write_repository(root: Path, labels: int) -> str:
    text = synthetic_taxonomy_yaml(labels)
    (root / "taxonomy").mkdir(parents=True)
    (root / "taxonomy" / "synthetic.yaml").write_text(text, encoding="utf-8")
    (root / "labelspec.toml").write_text("", encoding="utf-8")
    return text


def lint_seconds(root: Path, select: Sequence[str], runs: int) -> tuple[float, int]:
    """Best time of ``runs`` fresh-process lints, and the number of findings."""
    best, findings = float("inf"), 0
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", _CHILD, str(root), ",".join(select)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        best, findings = min(best, result["seconds"]), result["findings"]
    return best, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--labels", type=int, default=10_000)
    parser.add_argument(
        "--scale", type=int, default=5, help="the large run has this many times the labels"
    )
    parser.add_argument("--runs", type=int, default=2, help="runs per measurement (best is kept)")
    args = parser.parse_args()
    small, large = args.labels, args.labels * args.scale
    with tempfile.TemporaryDirectory() as folder:
        small_root, large_root = Path(folder, "small"), Path(folder, "large")
        text = write_repository(small_root, small)
        write_repository(large_root, large)
        baseline = best_of(max(args.runs, 3), lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        load_only, _ = lint_seconds(small_root, ["SCH"], args.runs)
        with_overlap, overlap_findings = lint_seconds(small_root, ["SCH", "OVL"], args.runs)
        everything, findings = lint_seconds(small_root, [], args.runs)
        everything_large, large_findings = lint_seconds(large_root, [], 1)
    print(f"labels: {small}, file: {len(text.encode()) / 2**20:.1f} MB")
    print(f"PyYAML CSafeLoader load:       {baseline:7.2f} s")
    print(f"lint, SCH only (loading):      {load_only:7.2f} s  {load_only / baseline:5.2f}x")
    print(
        f"lint, SCH + OVL:               {with_overlap:7.2f} s  {with_overlap / baseline:5.2f}x"
        f"  ({overlap_findings} findings)"
    )
    print(
        f"lint, all rules:               {everything:7.2f} s  {everything / baseline:5.2f}x"
        f"  ({findings} findings)   goal <= 3x"
    )
    print(
        f"lint, all rules, {large} labels: {everything_large:7.2f} s  "
        f"{everything_large / everything:5.2f}x the {small}-label time"
        f"  ({large_findings} findings)   goal <= 6x"
    )


if __name__ == "__main__":
    main()
