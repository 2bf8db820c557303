"""The mapping page: from each earlier version to the current one, with downloads.

The mapping itself comes from :mod:`labelspec.versions.mapping`; this module
only shows it and writes it in the three download formats (JSON as
``labelspec mapping`` prints it, CSV with one row per target, and SSSOM TSV).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from labelspec.docs import html as h
from labelspec.errors import LabelspecError
from labelspec.model import Taxonomy
from labelspec.versions.mapping_types import LabelMapping, MappingEntry

if TYPE_CHECKING:
    from labelspec.docs.render import PageRenderer

BuildMapping = Callable[[Taxonomy, str], LabelMapping]

# SKOS predicates by mapping kind (DESIGN.md): subject is the old label, object the new.
SSSOM_PREDICATES = {
    "identity": "skos:exactMatch",
    "renamed": "skos:exactMatch",
    "merged": "skos:broadMatch",
    "split": "skos:narrowMatch",
    "narrowed": "skos:narrowMatch",
    "broadened": "skos:broadMatch",
    "carved": "skos:relatedMatch",
    "removed": "skos:exactMatch",
}
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


def mapping_page(renderer: PageRenderer, build: BuildMapping) -> tuple[str, dict[str, str]]:
    """The page's Markdown and its download files (site path -> content)."""
    pages = renderer.pages
    tax = pages.taxonomy
    context = renderer.context
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
            mapping = build(tax, version)
        except LabelspecError as error:
            context.warn(f"{tax.taxonomy}: no mapping from {version}: {error}")
            continue
        files = pages.downloads(version)
        downloads[files["json"]] = (
            json.dumps(mapping.to_json(), indent=2, ensure_ascii=False) + "\n"
        )
        downloads[files["csv"]] = mapping_csv(mapping)
        downloads[files["sssom"]] = mapping_sssom(mapping, tax)
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
                    + ", ".join(f"{h.text(k)} = {h.text(v)}" for k, v in (rule.when or {}).items())
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


def mapping_csv(mapping: LabelMapping) -> str:
    """One row per (old, new) pair; a removed label has one row with no target."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["from", "to", "kind", "deterministic", "review", "when"])
    for entry in mapping.values():
        for target, when in _targets(entry):
            writer.writerow(
                [
                    entry.source,
                    target,
                    entry.kind,
                    "true" if entry.deterministic else "false",
                    entry.review or "",
                    json.dumps(when, sort_keys=True) if when else "",
                ]
            )
    return buffer.getvalue()


def mapping_sssom(mapping: LabelMapping, taxonomy: Taxonomy) -> str:
    """SSSOM TSV: a YAML metadata block in ``#`` lines, then the mapping table."""
    old_prefix = f"urn:labelspec:{taxonomy.taxonomy}:{mapping.from_version}:"
    new_prefix = f"urn:labelspec:{taxonomy.taxonomy}:{mapping.to_version}:"
    header = [
        "# curie_map:",
        f'#   old: "{old_prefix}"',
        f'#   new: "{new_prefix}"',
        '#   semapv: "https://w3id.org/semapv/vocab/"',
        '#   skos: "http://www.w3.org/2004/02/skos/core#"',
        '#   sssom: "https://w3id.org/sssom/"',
        f'# mapping_set_id: "{old_prefix}to:{mapping.to_version}"',
        f'# mapping_set_description: "{taxonomy.taxonomy} labels from {mapping.from_version} to {mapping.to_version}"',
        '# license: "https://w3id.org/sssom/license/unspecified"',
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(
        [
            "subject_id",
            "subject_label",
            "predicate_id",
            "object_id",
            "object_label",
            "mapping_justification",
            "comment",
        ]
    )
    labels = taxonomy.labels
    for entry in mapping.values():
        subject = labels.get(entry.source)
        subject_label = subject.display_name if subject else entry.source
        for target, when in _targets(entry):
            if target:
                obj = labels.get(target)
                object_id = f"new:{target}"
                object_label = obj.display_name if obj else target
            else:
                object_id, object_label = "sssom:NoTermFound", ""
            comment: list[str] = [entry.kind]
            if entry.review:
                comment.append(f"review: {entry.review}")
            if when:
                comment.append("when " + ", ".join(f"{k}={v}" for k, v in sorted(when.items())))
            writer.writerow(
                [
                    f"old:{entry.source}",
                    subject_label,
                    SSSOM_PREDICATES.get(entry.kind, "skos:relatedMatch"),
                    object_id,
                    object_label,
                    "semapv:ManualMappingCuration",
                    "; ".join(comment),
                ]
            )
    return "\n".join(header) + "\n" + buffer.getvalue()


def _targets(entry: MappingEntry) -> list[tuple[str, dict[str, object] | None]]:
    if entry.rules:
        return [(rule.label, dict(rule.when) if rule.when else None) for rule in entry.rules]
    if entry.targets:
        return [(target, None) for target in entry.targets]
    return [("", None)]
