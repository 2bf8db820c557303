"""`labelspec --help` start-up, against a bare Python interpreter start in the same run.

Run: .venv/bin/python benchmarks/cli_startup.py
The goal is under 0.3 s: the commands import spaCy, networkx, git and mkdocs only
when they run, never to print help.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from timing import best_of


def run_quietly(command: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    bare = best_of(7, run_quietly([sys.executable, "-c", "pass"]))
    help_time = best_of(7, run_quietly([sys.executable, "-m", "labelspec", "--help"]))
    print(f"python -c pass:     {bare:.3f} s")
    print(f"labelspec --help:   {help_time:.3f} s (goal: under 0.3 s)")
    print(f"ratio: {help_time / bare:.2f}x a bare interpreter")


if __name__ == "__main__":
    main()
