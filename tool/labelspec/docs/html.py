"""Escaping for text that comes from YAML and ends up in a page.

Everything a taxonomy says (names, definitions, notes, rationale) is data, never
markup: it goes through :func:`text` into HTML, or through :func:`inline_md` into
the few Markdown lines (headings, links) that mkdocs must see to build the table
of contents and the search index.
"""

from __future__ import annotations

import html
import re

# Punctuation that starts no Markdown or HTML construct in the middle of a line.
_PLAIN_PUNCTUATION = frozenset(" .,:;?-()/+%@=")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def text(value: object) -> str:
    """``value`` as HTML text: markup characters and quotes escaped, lines joined.

    Newlines become spaces so that a raw HTML block stays on one line; a blank
    line inside it would end the block and hand the rest to Markdown.
    """
    return html.escape(" ".join(str(value).split()), quote=True)


def run(value: str) -> str:
    """Like :func:`text`, but keeps a leading or trailing space (for text around a
    highlighted span)."""
    return html.escape(re.sub(r"\s+", " ", value), quote=True)


def paragraphs(value: str) -> str:
    """Multi-paragraph YAML text as ``<p>`` elements (blank lines separate them)."""
    return "".join(
        f"<p>{text(part)}</p>" for part in _BLANK_LINES.split(value.strip()) if part.strip()
    )


def inline_md(value: object) -> str:
    """``value`` for a Markdown heading or link text, inert as Markdown and as HTML.

    Every character that is not a letter, digit, space or plain punctuation
    becomes a numeric character reference, so no emphasis, link, code span or
    tag can form, while the reader (and the search index) sees the original.
    """
    return "".join(
        char if char.isalnum() or char in _PLAIN_PUNCTUATION else f"&#{ord(char)};"
        for char in " ".join(str(value).split())
    )


_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’"})


def plain_title(value: str) -> str:
    """A page or navigation title that is safe however a theme uses it.

    mkdocs-material puts titles into pages both as they are and through Jinja's
    ``striptags``, which decodes character references; so a title must hold no
    markup characters at all, not even escaped ones. Look-alikes stand in.
    """
    return " ".join(value.split()).translate(_TITLE_LOOKALIKES)


_URL_ATTRIBUTE = re.compile(r'(href|src)="([^"]*)"')
_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def markdown(value: str) -> str:
    """Markdown from YAML (a taxonomy's description) as HTML that cannot run code.

    Markup characters are escaped before conversion, so raw HTML shows as text;
    links and images may only use http(s) or mailto, or be relative (no
    ``javascript:`` or ``data:``). Only Markdown's core syntax is enabled: no
    extension that could write arbitrary attributes.
    """
    import markdown as md  # type: ignore[import-untyped]  # (no stubs; a dependency of mkdocs)

    escaped = html.escape(value, quote=True)
    rendered = md.markdown(escaped, extensions=[], output_format="html")

    def check(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2)).strip()
        scheme = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url.replace("\x00", ""))
        if scheme and not url.lower().startswith(_SAFE_SCHEMES):
            return f'{match.group(1)}="#"'
        return match.group(0)

    return " ".join(_URL_ATTRIBUTE.sub(check, rendered).split("\n"))


def safe_url(value: str) -> str | None:
    """``value`` if it is a plain http(s) URL, else None (no ``javascript:`` links)."""
    return value if _SAFE_URL.match(value) else None


def first_sentence(value: str | None, limit: int = 160) -> str:
    """The first sentence of a definition, for one-line summaries."""
    if not value:
        return ""
    flat = " ".join(value.split())
    match = re.search(r"(?<=[.!?])\s", flat)
    sentence = flat[: match.start()] if match else flat
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
