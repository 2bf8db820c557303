"""Add tombstones for labels that vanished without one (``diff --write-tombstones``).

The new tombstones are inserted as text at the end of the ``labels:`` block, so
every comment, blank line and quoting choice of the file stays as it was; the
result is loaded again before it is written, and written atomically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from labelspec.errors import InputError
from labelspec.files import write_atomic
from labelspec.loader import load_text

if TYPE_CHECKING:
    from labelspec.versions.diff import Diff

_TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^:]*:")


def tombstones_for(result: Diff) -> dict[str, dict[str, object]]:
    """Label id -> tombstone fields for every label of ``result.old`` missing from
    ``result.new``; a suggested target becomes ``replaced_by`` (flagged in ``reason``
    so that a person confirms it), a deleted tombstone is restored as it was."""
    old, new = result.old, result.new
    best: dict[str, str] = {}
    for suggestion in result.of_kind("suggested-rename"):
        if suggestion.label is not None:
            best.setdefault(suggestion.label, suggestion.details["to"])
    stones: dict[str, dict[str, object]] = {}
    for removal in result.of_kind("undeclared-removal"):
        label_id = removal.label
        if label_id is None:
            continue
        label = old.labels[label_id]
        if not label.is_active:
            stones[label_id] = label.model_dump(mode="json", exclude_defaults=True)
            continue
        fields: dict[str, object] = {"status": "deprecated", "deprecated_in": new.version}
        if label.name is not None:
            fields["name"] = label.name
        if label.index is not None:
            fields["index"] = label.index  # class numbers are never reused
        target = best.get(label_id)
        if target is not None:
            fields["replaced_by"] = target
            fields["reason"] = (
                f"Replaced by {target} (suggested by labelspec diff from name and "
                "definition similarity; please confirm)."
            )
        else:
            fields["reason"] = (
                "Removed (tombstone added by labelspec diff; please give the reason)."
            )
        stones[label_id] = fields
    return stones


def write_tombstones(path: Path, result: Diff) -> list[str]:
    """Add the tombstones of :func:`tombstones_for` to the taxonomy file ``path``
    (the new side of ``result``); returns the label ids written."""
    stones = tombstones_for(result)
    if not stones:
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if re.match(r"^labels:\s*(#.*)?$", line)), None)
    if start is None:
        raise InputError(f"{path}: 'labels:' is not a block mapping; add the tombstones by hand")
    end = next(
        (n for n in range(start + 1, len(lines)) if _TOP_LEVEL_KEY.match(lines[n])), len(lines)
    )
    # Insert after the last label line, before trailing blank lines and comments.
    insert = end
    while insert > start + 1 and (
        not lines[insert - 1].strip() or lines[insert - 1].startswith("#")
    ):
        insert -= 1
    indent = _label_indent(lines[start + 1 : end])
    block = yaml.safe_dump(stones, sort_keys=False, default_flow_style=False, allow_unicode=True)
    added = [f"{' ' * indent}{line}\n" if line else "\n" for line in block.splitlines()]
    if insert > 0 and not lines[insert - 1].endswith("\n"):
        lines[insert - 1] += "\n"
    updated = "".join([*lines[:insert], *added, *lines[insert:]])
    check = load_text(updated, str(path), expected_id=path.stem)
    if check.taxonomy is None:  # pragma: no cover - the block is generated valid YAML
        raise InputError(f"{path}: adding tombstones would break the file; add them by hand")
    write_atomic(path, updated)
    return list(stones)


def _label_indent(lines: list[str]) -> int:
    for line in lines:
        stripped = line.lstrip(" ")
        if stripped.strip() and not stripped.startswith("#"):
            return len(line) - len(stripped)
    return 2
