"""Export and import of a generated 10,000-label taxonomy, against loading it.

Run: .venv/bin/python benchmarks/interop.py [LABELS]
The generated taxonomy is a text classification task; it is measured once as
such and once declared an image bounding-box task, so that every tool holds one
of the two. For each tool, prints the best of three exports, imports and drift
checks as ratios to labelspec loading the taxonomy file itself (the goal: the
same order as loading).
"""

from __future__ import annotations

import sys

from labelspec.errors import UsageError
from labelspec.interop import TOOL_NAMES
from labelspec.interop.exchange import check_config, export_config, import_config
from labelspec.loader import load_text
from labelspec.synthetic import synthetic_taxonomy_yaml
from timing import best_of

TEXT_TASK = "task: {modality: text, kind: classification}"
BOX_TASK = "task: {modality: image, kind: bounding-box}"


def main() -> None:
    labels = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = synthetic_taxonomy_yaml(labels)
    assert TEXT_TASK in text
    measure(text, labels)
    measure(text.replace(TEXT_TASK, BOX_TASK), labels)


def measure(text: str, labels: int) -> None:
    taxonomy = load_text(text, "synthetic.yaml").require()
    loading = best_of(3, lambda: load_text(text, "synthetic.yaml"))
    print(f"labels: {labels}, task: {taxonomy.task.modality} {taxonomy.task.kind}")
    print(f"labelspec load: {loading:.3f} s")
    for tool in TOOL_NAMES:
        try:
            exported = export_config(taxonomy, tool)
        except UsageError:
            print(f"{tool:<13} does not hold this task")
            continue
        except ModuleNotFoundError:
            print(f"{tool:<13} not built yet")
            continue
        export_time = best_of(3, lambda tool=tool: export_config(taxonomy, tool))
        config = exported.text
        import_time = best_of(
            3, lambda tool=tool, config=config: import_config(config, tool, "synthetic")
        )
        check_time = best_of(
            3, lambda tool=tool, config=config: check_config(taxonomy, tool, config)
        )
        print(
            f"{tool:<13} export {export_time / loading:.2f}x load, "
            f"import {import_time / loading:.2f}x, --check {check_time / loading:.2f}x"
        )


if __name__ == "__main__":
    main()
