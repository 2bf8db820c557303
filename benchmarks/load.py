"""Loading a generated 10,000-label taxonomy, against PyYAML's C loader alone.

Run: .venv/bin/python benchmarks/load.py [LABELS]
Prints the best of five runs of each and their ratio (the goal: little more than 1x).
"""

from __future__ import annotations

import sys

import yaml

from labelspec.loader import load_text
from labelspec.synthetic import synthetic_taxonomy_yaml
from timing import best_of


def main() -> None:
    labels = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = synthetic_taxonomy_yaml(labels)
    result = load_text(text, "synthetic.yaml")
    assert result.taxonomy is not None, result.findings[:3]
    baseline = best_of(5, lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    ours = best_of(5, lambda: load_text(text, "synthetic.yaml"))
    print(f"labels: {labels}, file: {len(text.encode()) / 2**20:.1f} MB")
    print(f"PyYAML CSafeLoader: {baseline:.3f} s")
    print(f"labelspec load:     {ours:.3f} s")
    print(f"ratio: {ours / baseline:.2f}x")


if __name__ == "__main__":
    main()
