"""``[[label]]`` references in guideline pages: how they are written, where they
stand in a page's prose, and which label they name.

A reference is written ``[[car]]``, ``[[street-objects:car]]`` or
``[[car|link text]]``. Code (fenced blocks and inline code spans) and HTML
comments are not prose: a reference there is not one, so pages can show the
syntax and comment out a sentence. The linter (GDL rules) and the docs plugin,
which turns references into links, read pages through this one module, so that
what ``labelspec lint`` accepts is exactly what the site can link.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labelspec.model import Label, Taxonomy

_REFERENCE = re.compile(
    r"\[\[\s*(?:(?P<taxonomy>[^\[\]:|\s]+)\s*:\s*)?(?P<label>[^\[\]|]+?)\s*"
    r"(?:\|(?P<shown>[^\[\]]*))?\]\]"
)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Reference:
    """One reference in a page: what it names, and where it is written."""

    taxonomy: str | None
    label: str
    # The link text after "|", or None when there is none (the label's name is shown).
    shown: str | None
    # The reference as written, "[[car|the car]]", and its character span in the page.
    written: str
    start: int
    end: int
    # 1-based, of the first "[".
    line: int
    column: int


@dataclass(frozen=True)
class Target:
    """The label a reference names, and the id of its taxonomy."""

    taxonomy_id: str
    taxonomy: Taxonomy
    label: Label


@dataclass(frozen=True)
class Unresolved:
    """Why a reference names no label; ``owners`` are the taxonomies that all
    hold the label when the reason is that the reference is ambiguous."""

    reason: str
    owners: tuple[str, ...] = ()


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def prose(markdown: str) -> str:
    """``markdown`` with code and HTML comments replaced by spaces, so that every
    other character keeps its offset, line and column."""
    lines = markdown.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            lines[index] = " " * len(line)
        elif opened:
            fence = opened.group(1)
            lines[index] = " " * len(line)
        else:
            lines[index] = _CODE_SPAN.sub(_blank, line)
    return _COMMENT.sub(_blank, "\n".join(lines))


def prose_without_references(markdown: str) -> str:
    """:func:`prose` with the references blanked too: the plain words of a page."""
    return _REFERENCE.sub(_blank, prose(markdown))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def find_references(markdown: str) -> Iterator[Reference]:
    """Every reference in the prose of a page, in page order."""
    if "[[" not in markdown:
        return
    text = prose(markdown)
    for match in _REFERENCE.finditer(text):
        line, column = line_column(text, match.start())
        shown = match.group("shown")
        yield Reference(
            taxonomy=match.group("taxonomy"),
            label=match.group("label"),
            shown=shown.strip() if shown and shown.strip() else None,
            written=match.group(),
            start=match.start(),
            end=match.end(),
            line=line,
            column=column,
        )


def resolve(
    reference: Reference,
    taxonomies: Mapping[str, Taxonomy],
    unloadable: Collection[str] = (),
) -> Target | Unresolved | None:
    """The label ``reference`` names among ``taxonomies`` (by id), or why it names
    none. None when it cannot be checked: it names a taxonomy in ``unloadable``
    (ids of files that failed to load), or an unqualified label is found nowhere
    while some taxonomy could not be read."""
    if reference.taxonomy is not None:
        taxonomy = taxonomies.get(reference.taxonomy)
        if taxonomy is None:
            if reference.taxonomy in unloadable:
                return None
            return Unresolved(f"unknown taxonomy '{reference.taxonomy}'")
        label = taxonomy.labels.get(reference.label)
        if label is None:
            return Unresolved(
                f"unknown label '{reference.label}' in taxonomy '{reference.taxonomy}'"
            )
        return Target(reference.taxonomy, taxonomy, label)
    owners = [
        taxonomy_id
        for taxonomy_id, taxonomy in taxonomies.items()
        if reference.label in taxonomy.labels
    ]
    if len(owners) == 1:
        taxonomy = taxonomies[owners[0]]
        return Target(owners[0], taxonomy, taxonomy.labels[reference.label])
    if len(owners) > 1:
        return Unresolved(
            f"label '{reference.label}' is in several taxonomies ({', '.join(owners)})",
            tuple(owners),
        )
    if unloadable:
        return None
    return Unresolved(f"unknown label '{reference.label}'")
