"""The mapping page: from each earlier version to the current one, with downloads.

The mapping and its JSON, CSV and SSSOM forms come from
:mod:`labelspec.versions.mapping` (the same files ``labelspec mapping`` prints);
this module only lays them out for annotators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelspec.docs import html as h
from labelspec.docs.render import scalar
from labelspec.errors import LabelspecError
from labelspec.versions.mapping_types import LabelMapping

if TYPE_CHECKING:
    from labelspec.docs.render import PageRenderer

KIND_WORDS = {
    "identity": "unchanged",
    "renamed": "renamed",
    "merged": "merged",
    "split": "split",
    "removed": "removed",
    "narrowed": "narrowed",
    "broadened": "broadened",
    "carved": "partly moved",
}


def mapping_page(renderer: PageRenderer) -> tuple[str, dict[str, str]]:
    """The page's Markdown and its download files (site path -> content)."""
    from labelspec.versions.mapping import build_mapping, render_mapping

    pages = renderer.pages
    tax = pages.taxonomy
    context = renderer.context
    context.current = context.url_of(pages.mapping)
    out = [
        f"# {h.inline_md(tax.title)}: label mappings",
        "",
        f"<p>How data labelled with an earlier version maps to <strong>{h.text(tax.version)}"
        "</strong>. Rows marked <em>review</em> need a person to look; "
        "<code>labelspec relabel</code> writes them to a review file instead of guessing.</p>",
        "",
    ]
    downloads: dict[str, str] = {}
    for version in pages.since:
        try:
            mapping = build_mapping(tax, version)
        except LabelspecError as error:
            context.warn(f"{tax.taxonomy}: no mapping from {version}: {error}")
            continue
        files = pages.downloads(version)
        for fmt in ("json", "csv", "sssom"):
            downloads[files[fmt]] = render_mapping(mapping, fmt, tax)
        links = " ".join(
            f'<a class="md-button" download href="{context.href(path)}">{name}</a>'
            for name, path in (
                ("JSON", files["json"]),
                ("CSV", files["csv"]),
                ("SSSOM", files["sssom"]),
            )
        )
        out += [
            f"## From {h.inline_md(version)}",
            "",
            f'<p class="ls-downloads">Download: {links}</p>',
            "",
            _table(renderer, mapping),
            "",
        ]
    if not pages.since:
        out.append("<p>There is no earlier version to map from.</p>")
    return "\n".join(out), downloads


def _table(renderer: PageRenderer, mapping: LabelMapping) -> str:
    rows = []
    for entry in mapping.values():
        targets = renderer.links(entry.targets) if entry.targets else "—"
        if entry.rules:
            targets = "<br>".join(
                renderer.link(rule.label)
                + (
                    " when "
                    + ", ".join(
                        f"{h.text(k)} = {h.text(scalar(v))}" for k, v in (rule.when or {}).items()
                    )
                    if rule.when
                    else ""
                )
                for rule in entry.rules
            )
        review = (
            f'<span class="ls-badge ls-badge-open">review: {h.text(entry.review)}</span>'
            if entry.review
            else '<span class="ls-badge ls-badge-assignable">automatic</span>'
        )
        rows.append(
            f"<tr><td>{renderer.link(entry.source)}</td><td>{targets}</td>"
            f"<td>{h.text(KIND_WORDS.get(entry.kind, entry.kind))}</td><td>{review}</td></tr>"
        )
    return (
        '<div class="ls-mapping"><table><thead><tr><th>Old label</th><th>New label</th><th>Change</th>'
        f"<th>Relabelling</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
