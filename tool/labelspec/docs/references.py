"""``[[label]]`` and ``[[taxonomy:label]]`` in guideline pages become links.

``[[car|the car label]]`` sets the link text. Pages are read by
:mod:`labelspec.references`, the module the linter reads them with: references
inside code (fenced blocks and inline code spans) and HTML comments are left
alone, so pages can show the syntax and comment a sentence out.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from labelspec.docs import html as h
from labelspec.docs.layout import SiteLayout
from labelspec.references import Reference, Unresolved, find_references, resolve


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
        self.taxonomies = {
            taxonomy_id: pages.taxonomy for taxonomy_id, pages in layout.taxonomies.items()
        }

    def resolve(self, reference: Reference) -> Resolved | str:
        """The target, or the reason it cannot be linked."""
        found = resolve(reference, self.taxonomies)
        # None ("cannot check") needs a taxonomy file that failed to load; a site has none.
        assert found is not None
        if isinstance(found, Unresolved):
            if found.owners:
                return f"{found.reason}; write [[{found.owners[0]}:{reference.label}]]"
            return found.reason
        label = found.label
        page = self.layout.taxonomies[found.taxonomy_id].labels[label.id]
        return Resolved(page, label.display_name, not label.is_active)


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
    folder = posixpath.dirname(page_path)
    out: list[str] = []
    position = 0
    for reference in find_references(markdown):
        out.append(markdown[position : reference.start])
        out.append(_link(reference, folder, page_path, resolver, warn))
        position = reference.end
    if not out:
        return markdown
    out.append(markdown[position:])
    return "".join(out)


def _link(
    reference: Reference,
    folder: str,
    page_path: str,
    resolver: ReferenceResolver,
    warn: Callable[[str], None],
) -> str:
    target = resolver.resolve(reference)
    if isinstance(target, str):
        warn(f"{page_path}: {reference.written}: {target}")
        return reference.written
    link_text = h.inline_md(reference.shown or target.text)
    href = posixpath.relpath(target.page, folder or ".")
    css = "ls-ref ls-ref-deprecated" if target.deprecated else "ls-ref"
    return f"[{link_text}](<{href}>){{: .{css.replace(' ', ' .')} }}"
