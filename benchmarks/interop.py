"""Export and import of a generated 10,000-label taxonomy, against loading it.

Run: .venv/bin/python benchmarks/interop.py [LABELS]
For each tool that holds the generated task (text classification), prints the
best of three exports and imports and their ratio to labelspec loading the
taxonomy file itself (the goal: the same order as loading).
"""

from __future__ import annotations

import sys

from labelspec.errors import UsageError
from labelspec.interop import TOOL_NAMES
from labelspec.interop.exchange import export_config, import_config
from labelspec.loader import load_text
from labelspec.synthetic import synthetic_taxonomy_yaml
from timing import best_of


def main() -> None:
    labels = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = synthetic_taxonomy_yaml(labels)
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
        print(
            f"{tool:<13} export {export_time:.3f} s ({export_time / loading:.2f}x load), "
            f"import {import_time:.3f} s ({import_time / loading:.2f}x load)"
        )


if __name__ == "__main__":
    main()
