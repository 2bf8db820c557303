"""A diff as text for a terminal and as Markdown for a pull request or a changelog.

Both list the changes grouped by how much they matter (the bump each requires),
then say which bump the changes need and whether the version got it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from labelspec.semver import BUMP_ORDER

if TYPE_CHECKING:
    from labelspec.versions.diff import Change, Diff

_GROUP_TITLES = {
    "major": "Breaking changes (existing annotations may be wrong)",
    "minor": "Additions",
    "patch": "Clarifications",
    "none": "Notes",
}


def describe(change: Change) -> str:
    """One line saying what happened, without the location."""
    d: dict[str, Any] = change.details
    label = change.label or "(taxonomy)"
    kind = change.kind
    if kind in ("renamed", "merged"):
        return f"{label} {kind} into {', '.join(d['to'])}"
    if kind == "split":
        rules = d.get("rules")
        how = " by attributes" if rules else " (ambiguous: review needed)"
        return f"{label} split into {', '.join(d['to'])}{how}"
    if kind == "deprecated":
        if "from" in d:
            return f"{label}: replacement changed from {d['from'] or 'none'} to {d['to'] or 'none'}"
        return f"{label} removed" + (f": {d['reason']}" if d.get("reason") else "")
    if kind == "added":
        extra = " (restored)" if d.get("restored") else ""
        if d.get("carved_from"):
            extra += f", carved from {', '.join(d['carved_from'])}"
        return f"{label} added{extra}"
    if kind == "undeclared-removal":
        return f"{label} vanished without a tombstone"
    if kind == "suggested-rename":
        return f"{label} may have become {d['to']} ({d['as']}, similarity {d['score']})"
    if kind == "moved":
        return f"{label} moved from {_ids(d['from'])} to {_ids(d['to'])}"
    if kind == "definition-changed":
        fields = ", ".join(d["fields"]) or "history"
        return f"{label} definition {d['change']} ({fields})"
    if kind == "name-changed":
        return f"{label} renamed on screen: {d['from']!r} -> {d['to']!r}"
    if kind == "aliases-changed":
        return f"{label} aliases: +{_ids(d['added'])} -{_ids(d['removed'])}"
    if kind.startswith("attribute-"):
        return f"{label} attribute {d['attribute']} {kind.removeprefix('attribute-')}"
    if kind.startswith("edge-case-"):
        what = "removed" if d.get("removed") else kind.removeprefix("edge-case-")
        return f"{label} edge case {d['id']} {what}"
    if kind == "task-changed":
        return "task changed: " + ", ".join(f"{k} {v[0]!r} -> {v[1]!r}" for k, v in d.items())
    if kind == "examples-changed":
        (e_old, e_new), (c_old, c_new) = d["examples"], d["counter_examples"]
        return f"{label} examples {e_old} -> {e_new}, counter-examples {c_old} -> {c_new}"
    if kind == "distinction-changed":
        return f"{label} distinctions from {_ids(d['labels'])} changed"
    if kind == "text-changed":
        return f"{change.label + ' ' if change.label else ''}{d['field']} changed"
    if kind == "tombstone-added":
        return f"{label} tombstone added" + (f" (-> {_ids(d['to'])})" if d["to"] else "")
    if kind == "index-changed":
        return f"{label} class index {d['from']} -> {d['to']}"
    if kind == "index-shifted":
        return f"{d['labels']} labels get another class number in file-order exports"
    if kind == "assignable-changed":
        return f"{label} is {'now' if d['assignable'] else 'no longer'} assignable"
    details = ", ".join(f"{k}: {v}" for k, v in d.items())
    return f"{label} {kind}" + (f" ({details})" if details else "")


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _where(change: Change) -> str:
    if change.new is not None:
        return str(change.new)
    return str(change.old) if change.old is not None else ""


def _grouped(result: Diff) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {level: [] for level in ("major", "minor", "patch", "none")}
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


def _md(text: str) -> str:
    """Escape what would change the meaning of a Markdown table cell: HTML, and
    the characters of emphasis, code, links and images (a label name shaped like
    ``[x](javascript:...)`` must stay text)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def render_markdown(result: Diff, heading_level: int = 2) -> str:
    old, new = result.old, result.new
    hashes = "#" * heading_level
    lines = [f"{hashes} {_md(new.title)} {new.version}", ""]
    lines.append(f"Changes from {old.version} to {new.version}. {_verdict(result).capitalize()}.")
    if not result.changes:
        lines += ["", "No changes."]
    for level, changes in sorted(_grouped(result), key=lambda group: -BUMP_ORDER[group[0]]):
        lines += ["", f"{hashes}# {_GROUP_TITLES[level]}", ""]
        lines += ["| change | label | what | where |", "|---|---|---|---|"]
        for change in changes:
            label = "`" + change.label.replace("`", "'") + "`" if change.label else ""
            lines.append(
                f"| {change.kind} | {label} | {_md(describe(change))} | {_md(_where(change))} |"
            )
    return "\n".join(lines) + "\n"
