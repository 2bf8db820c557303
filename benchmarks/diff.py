"""Diff of two generated 10,000-label versions, against loading the two files.

Run: .venv/bin/python benchmarks/diff.py [LABELS]
The new version renames, merges, narrows, deletes (without tombstones) and adds
labels, so every part of the diff has work. Prints the best of three runs and the
ratios against labelspec loading the two files and against PyYAML's C loader
alone. The goal (DESIGN.md): the diff of two loaded 10,000-label versions under 2 s.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import yaml

from labelspec.loader import load_text
from labelspec.synthetic import synthetic_taxonomy_yaml
from labelspec.versions.diff import diff
from labelspec.versions.mapping import build_mapping
from timing import best_of


def next_version(old_text: str) -> str:
    """A plausible next major version of a generated taxonomy."""
    data: dict[str, Any] = yaml.load(old_text, Loader=yaml.CSafeLoader)
    data["version"] = "4.0.0"
    labels: dict[str, dict[str, Any]] = data["labels"]
    ids = [label_id for label_id, label in labels.items() if label_id.startswith("label-")]
    active = [label_id for label_id in ids if labels[label_id].get("status") != "deprecated"]
    for n, label_id in enumerate(active):
        label = labels[label_id]
        if n % 97 == 0:  # renamed, with a tombstone
            new_id = f"{label_id}-renamed"
            labels[new_id] = {**label, "added_in": "4.0.0"}
            for case in labels[new_id].get("edge_cases", []):
                case["id"] += "-renamed"
                case["decision"] = new_id
            labels[label_id] = {
                "status": "deprecated",
                "deprecated_in": "4.0.0",
                "replaced_by": new_id,
                "reason": "Renamed.",
            }
        elif n % 89 == 0:  # narrowed
            label["definition"] += " Only the outdoor ones."
            label["history"] = [{"version": "4.0.0", "change": "narrowed"}]
        elif n % 83 == 0:  # deleted without a tombstone
            del labels[label_id]
        elif n % 79 == 0:  # reworded without saying how
            label["definition"] = label["definition"].replace("A ", "One ", 1)
    for n in range(100):
        labels[f"new-{n}"] = {"parent": "family-0", "definition": f"A new kind {n} of thing."}
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    old_text = synthetic_taxonomy_yaml(size)
    new_text = next_version(old_text)

    def load_both() -> tuple[Any, Any]:
        old = load_text(old_text, "old.yaml").taxonomy
        new = load_text(new_text, "new.yaml").taxonomy
        assert old is not None and new is not None
        return old, new

    old, new = load_both()
    result = diff(old, new)
    kinds: dict[str, int] = {}
    for change in result.changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1

    pyyaml = best_of(
        3, lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in (old_text, new_text)]
    )
    loading = best_of(3, load_both)

    def fresh_diff() -> object:
        # Fresh objects each run, so that no cached graph makes the diff look cheap.
        a, b = load_both()
        start = time.perf_counter()
        diff(a, b)
        return time.perf_counter() - start

    diff_only = min(float(str(fresh_diff())) for _ in range(3))
    total = loading + diff_only
    mapping = best_of(3, lambda: build_mapping(new, "3.0.0"))
    print(f"labels: {size} per version; changes found: {len(result.changes)}")
    print("  " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    print(f"PyYAML CSafeLoader, both files: {pyyaml:.3f} s")
    print(f"labelspec load, both files:     {loading:.3f} s")
    print(f"diff alone:                      {diff_only:.3f} s  (goal: under 2 s)")
    print(f"load + diff:                     {total:.3f} s")
    print(f"mapping 3.0.0 -> 4.0.0:          {mapping:.3f} s")
    print(f"ratio diff / load:       {diff_only / loading:.2f}x")
    print(f"ratio (load+diff) / load: {total / loading:.2f}x")
    print(f"ratio (load+diff) / PyYAML: {total / pyyaml:.2f}x")


if __name__ == "__main__":
    main()
