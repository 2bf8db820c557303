"""``[[label]]`` and ``[[taxonomy:label]]`` in guideline pages become links.

``[[car|the car label]]`` sets the link text. References inside code (fenced
blocks and inline code spans) are left alone, so pages can show the syntax.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from labelspec.docs import html as h
from labelspec.docs.layout import SiteLayout

REFERENCE = re.compile(r"\[\[\s*(?:([^\[\]:|\s]+)\s*:\s*)?([^\[\]|]+?)\s*(?:\|([^\[\]]*))?\]\]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


@dataclass(frozen=True)
class Resolved:
    """Where a reference points: the page path (relative to docs_dir) and the text."""

    page: str
    text: str
    deprecated: bool


class ReferenceResolver:
    """Finds the page of a referenced label in the planned site."""

    def __init__(self, layout: SiteLayout) -> None:
        self.layout = layout
        self.owners: dict[str, list[str]] = {}
        for taxonomy_id, pages in layout.taxonomies.items():
            for label_id in pages.labels:
                self.owners.setdefault(label_id, []).append(taxonomy_id)

    def resolve(self, taxonomy_id: str | None, label_id: str) -> Resolved | str:
        """The target, or the reason it cannot be linked."""
        if taxonomy_id is None:
            owners = self.owners.get(label_id, [])
            if not owners:
                return f"unknown label '{label_id}'"
            if len(owners) > 1:
                return (
                    f"label '{label_id}' is in several taxonomies ({', '.join(owners)}); "
                    f"write [[{owners[0]}:{label_id}]]"
                )
            taxonomy_id = owners[0]
        pages = self.layout.taxonomies.get(taxonomy_id)
        if pages is None:
            return f"unknown taxonomy '{taxonomy_id}'"
        label = pages.taxonomy.labels.get(label_id)
        if label is None:
            return f"unknown label '{label_id}' in taxonomy '{taxonomy_id}'"
        return Resolved(pages.labels[label_id], label.display_name, not label.is_active)


def link_references(
    markdown: str,
    page_path: str,
    resolver: ReferenceResolver,
    warn: Callable[[str], None],
) -> str:
    """``markdown`` with each reference turned into a Markdown link to the label's page.

    ``page_path`` is the page's path relative to docs_dir, so links can be
    relative ``.md`` paths that mkdocs checks and rewrites like any other.
    """
    if "[[" not in markdown:
        return markdown
    folder = posixpath.dirname(page_path)
    out: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        out.append(_link_line(line, folder, page_path, resolver, warn))
    return "".join(out)


def _link_line(
    line: str,
    folder: str,
    page_path: str,
    resolver: ReferenceResolver,
    warn: Callable[[str], None],
) -> str:
    if "[[" not in line:
        return line
    pieces: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_link_text(line[position : span.start()], folder, page_path, resolver, warn))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(_link_text(line[position:], folder, page_path, resolver, warn))
    return "".join(pieces)


def _link_text(
    text: str,
    folder: str,
    page_path: str,
    resolver: ReferenceResolver,
    warn: Callable[[str], None],
) -> str:
    def replace(match: re.Match[str]) -> str:
        taxonomy_id, label_id, shown = match.group(1), match.group(2).strip(), match.group(3)
        target = resolver.resolve(taxonomy_id, label_id)
        if isinstance(target, str):
            warn(f"{page_path}: {match.group(0)}: {target}")
            return match.group(0)
        link_text = h.inline_md(shown.strip() if shown and shown.strip() else target.text)
        href = posixpath.relpath(target.page, folder or ".")
        css = "ls-ref ls-ref-deprecated" if target.deprecated else "ls-ref"
        return f"[{link_text}](<{href}>){{: .{css.replace(' ', ' .')} }}"

    return REFERENCE.sub(replace, text)
