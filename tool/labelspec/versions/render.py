"""A diff as text for a terminal and as Markdown for a pull request or a changelog.

Both list the changes grouped by how much they matter (the bump each requires),
then say which bump the changes need and whether the version got it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from labelspec.semver import BUMP_ORDER
from labelspec.versions.changes import AnyChange, describe

if TYPE_CHECKING:
    from labelspec.versions.diff import Diff

__all__ = ["describe", "markdown_text", "render_markdown", "render_text"]

_GROUP_TITLES = {
    "major": "Breaking changes (existing annotations may be wrong)",
    "minor": "Additions",
    "patch": "Clarifications",
    "none": "Notes",
}


def _where(change: AnyChange) -> str:
    if change.new is not None:
        return str(change.new)
    return str(change.old) if change.old is not None else ""


def _grouped(result: Diff) -> list[tuple[str, list[AnyChange]]]:
    groups: dict[str, list[AnyChange]] = {
        level: [] for level in ("major", "minor", "patch", "none")
    }
    for change in result.changes:
        groups[result.policy.bump_for(change)].append(change)
    return [(level, changes) for level, changes in groups.items() if changes]


def _verdict(result: Diff) -> str:
    required = result.required_bump
    actual = result.version_bump
    if actual is None:
        return f"version {result.new.version} is older than {result.old.version}"
    state = "ok" if result.bump_ok else "too small"
    return f"changes need a {required} bump; the version had a {actual} bump ({state})"


def render_text(result: Diff) -> str:
    old, new = result.old, result.new
    lines = [f"{new.taxonomy}: {old.version} ({old.origin}) -> {new.version} ({new.origin})"]
    if not result.changes:
        lines.append("no changes")
    for level, changes in _grouped(result):
        lines.append("")
        lines.append(f"{_GROUP_TITLES[level]}:")
        width = max(len(change.kind) for change in changes)
        for change in changes:
            lines.append(f"  {change.kind:<{width}}  {describe(change)}  [{_where(change)}]")
    lines.append("")
    lines.append(_verdict(result))
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#!])")


def markdown_text(text: str) -> str:
    """Escape what would change the meaning of a Markdown table cell: HTML, and
    the characters of emphasis, code, links and images (a label name shaped like
    ``[x](javascript:...)`` must stay text)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def render_markdown(result: Diff, heading_level: int = 2) -> str:
    old, new = result.old, result.new
    hashes = "#" * heading_level
    lines = [f"{hashes} {markdown_text(new.title)} {new.version}", ""]
    lines.append(f"Changes from {old.version} to {new.version}. {_verdict(result).capitalize()}.")
    if not result.changes:
        lines += ["", "No changes."]
    for level, changes in sorted(_grouped(result), key=lambda group: -BUMP_ORDER[group[0]]):
        lines += ["", f"{hashes}# {_GROUP_TITLES[level]}", ""]
        lines += ["| change | label | what | where |", "|---|---|---|---|"]
        for change in changes:
            label = "`" + change.label.replace("`", "'") + "`" if change.label else ""
            lines.append(
                f"| {change.kind} | {label} | {markdown_text(describe(change))} | {markdown_text(_where(change))} |"
            )
    return "\n".join(lines) + "\n"
