"""``labelspec check``: the report of a pull request, from the base it branched
from to the working tree. It composes the layers below: the linter (run on both
sides, so that only what the change introduces is listed), the classified diff
and bump policy, git (the files the change touched) and a relabel dry run."""

from __future__ import annotations

from labelspec.checking.report import CheckReport, run_check

__all__ = ["CheckReport", "run_check"]
