"""The generated pages, as Markdown with raw HTML blocks.

Headings are Markdown, so that mkdocs builds the table of contents and the
search sections from them; everything under a heading is one-line raw HTML,
which Markdown passes through untouched. Text from YAML goes through
:mod:`labelspec.docs.html` on the way in, so it is always shown, never run.

Links between generated pages and to media are final URLs made relative to the
page (mkdocs does not rewrite links inside raw HTML).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from labelspec.docs import html as h
from labelspec.docs.changes import (
    VersionChanges,
    changes_by_version,
    changes_since,
    replaces,
)
from labelspec.docs.layout import SiteLayout, TaxonomyPages
from labelspec.docs.media import MediaFile, MediaRefused, MediaResolver, image_size
from labelspec.model import (
    Attribute,
    CounterExample,
    EdgeCase,
    Example,
    HistoryEntry,
    Label,
    Taxonomy,
)
from labelspec.semver import version_key

if TYPE_CHECKING:
    from labelspec.versions.label_history import LabelChanges

CHANGE_WORDS = {
    "narrowed": "Narrowed: fewer things count as this label now",
    "broadened": "Broadened: more things count as this label now",
    "clarified": "Clarified: the wording is clearer, the meaning is the same",
}


def relative_url(target: str, current: str) -> str:
    """``target`` (a site URL) as seen from the page at ``current``; the same as
    mkdocs' ``get_relative_url``, with the path splitting cached, since a large
    taxonomy makes tens of thousands of links between a thousand pages."""
    other = _folder_parts(current)
    dest = _parts(target)
    common = 0
    for mine, theirs in zip(other, dest, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join(("..",) * (len(other) - common) + dest[common:]) or "."
    return relative + "/" if target.endswith("/") else relative


@functools.lru_cache(maxsize=8192)
def _parts(path: str) -> tuple[str, ...]:
    normalized = posixpath.normpath("/" + path)[1:]
    return tuple(normalized.split("/")) if normalized else ()


@functools.lru_cache(maxsize=8192)
def _folder_parts(url: str) -> tuple[str, ...]:
    folder, _, name = url.rpartition("/")
    return _parts(folder if "." in name else url)


@dataclass
class RenderContext:
    """What a page needs to link to other pages and media.

    ``url_of`` maps a generated page path (relative to docs_dir) to its site URL;
    ``warn`` reports problems (mkdocs' --strict turns them into failures);
    ``media_used`` collects media files outside docs_dir, to copy into the site.
    """

    layout: SiteLayout
    url_of: Callable[[str], str]
    media: MediaResolver
    warn: Callable[[str], None]
    media_used: dict[str, MediaFile] = field(default_factory=dict)
    current: str = ""

    def href(self, page: str, anchor: str = "") -> str:
        url = relative_url(self.url_of(page), self.current)
        return h.text(quote(url, safe="/#%-._~") + (f"#{anchor}" if anchor else ""))

    def media_href(self, media: MediaFile) -> str:
        if not media.in_docs:
            self.media_used[media.site_uri] = media
        return h.text(quote(relative_url(media.site_uri, self.current), safe="/%-._~"))


class PageRenderer:
    """Renders the pages of one taxonomy."""

    def __init__(self, pages: TaxonomyPages, context: RenderContext) -> None:
        self.pages = pages
        self.taxonomy: Taxonomy = pages.taxonomy
        self.context = context
        self.replaced = replaces(self.taxonomy)
        self.current_label = ""
        # Every label's changes from git history; None without git (or without
        # an earlier version), and then the pages say what the file says only.
        self.label_changes: LabelChanges | None = None

    # ---- links ------------------------------------------------------------------

    def link(self, label_id: str) -> str:
        """A link to a label's page, greyed when the label is deprecated."""
        label = self.taxonomy.labels.get(label_id)
        if label is None:
            return f'<span class="ls-unknown">{h.text(label_id)}</span>'
        css = "ls-ref" if label.is_active else "ls-ref ls-ref-deprecated"
        href = self.context.href(self.pages.labels[label_id])
        return f'<a class="{css}" href="{href}">{h.text(label.display_name)}</a>'

    def links(self, label_ids: Iterable[str], joiner: str = ", ") -> str:
        return joiner.join(self.link(label_id) for label_id in label_ids)

    def decision(self, value: str | list[str] | None) -> str:
        if value is None:
            return '<span class="ls-dont">do not annotate</span>'
        return self.links([value] if isinstance(value, str) else value, " + ")

    def replacement(self, label: Label) -> str:
        """What to use instead of a tombstone, in words an annotator acts on."""
        form = label.replacement_form
        if form == "none":
            return '<span class="ls-dont">Removed: do not annotate this any more.</span>'
        if form == "single":
            return f"Use {self.link(label.replacement_targets[0])} instead."
        if form == "ambiguous-split":
            return f"Split: use one of {self.links(label.replacement_targets)}, whichever fits."
        rules = []
        for rule in label.split_rules:
            when = ", ".join(
                f"<code>{h.text(key)}</code> = <code>{h.text(scalar(value))}</code>"
                for key, value in (rule.when or {}).items()
            )
            rules.append(f"<li>{self.link(rule.label)}{f' when {when}' if when else ''}</li>")
        return f"Split: <ul>{''.join(rules)}</ul>"

    # ---- the taxonomy overview ----------------------------------------------------

    def overview(self) -> str:
        tax = self.taxonomy
        graph = tax.graph
        self.context.current = self.context.url_of(self.pages.overview)
        active = sum(1 for _ in tax.active_labels())
        deprecated = len(tax.labels) - active
        task = tax.task
        facts = [
            ("Taxonomy", f"<code>{h.text(tax.taxonomy)}</code>"),
            ("Version", f"<strong>{h.text(tax.version)}</strong>"),
            ("Task", f"{h.text(task.modality)} · {h.text(task.kind)}"),
            (
                "Labels per item",
                "several (multi-label)" if task.multi_label else "exactly one",
            ),
            (
                "Assign",
                "leaf labels only" if task.leaf_only else "any active, non-abstract label",
            ),
            (
                "Labels",
                f"{len(graph.assignable)} assignable, {active} active, {deprecated} deprecated",
            ),
        ]
        out = [f"# {h.inline_md(tax.title)}", ""]
        if tax.description:
            out += [f'<div class="ls-lead">{h.markdown(tax.description)}</div>', ""]
        rows = "".join(f"<tr><th>{key}</th><td>{value}</td></tr>" for key, value in facts)
        out += [f'<div class="ls-facts"><table>{rows}</table></div>', ""]
        nav = [
            f'<a class="md-button md-button--primary" href="{self.context.href(self.pages.cheatsheet)}">Cheat sheet</a>',
            f'<a class="md-button" href="{self.context.href(self.pages.changelog)}">Changelog</a>',
            f'<a class="md-button" href="{self.context.href(self.pages.mapping)}">Label mappings</a>',
        ]
        out += [f'<p class="ls-buttons">{" ".join(nav)}</p>', ""]
        if tax.attributes:
            out += ["## Attributes of every label", "", self.attribute_table(tax.attributes), ""]
        if tax.exclusive_groups:
            groups = "".join(f"<li>{self.links(group)}</li>" for group in tax.exclusive_groups)
            out += [
                "## Exclusive groups",
                "",
                f"<p>At most one label of each group per item:</p><ul>{groups}</ul>",
                "",
            ]
        out += ["## Labels", "", self.tree(), ""]
        tombstones = list(tax.deprecated_labels())
        if tombstones:
            rows = "".join(
                f"<tr><td>{self.link(label.id)}</td><td>{h.text(label.deprecated_in or '')}</td>"
                f"<td>{self.replacement(label)}</td></tr>"
                for label in tombstones
            )
            out += [
                "## Deprecated labels",
                "",
                '<div class="ls-deprecated-table"><table><thead><tr><th>Label</th><th>Since</th>'
                f"<th>What to do instead</th></tr></thead><tbody>{rows}</tbody></table></div>",
                "",
            ]
        return "\n".join(out)

    def tree(self) -> str:
        """The active hierarchy as nested lists.

        A label with several parents appears under each, but its sub-labels are
        listed only the first time: repeating them could grow exponentially in
        a DAG, and would loop forever in a cycle.
        """
        tax = self.taxonomy
        graph = tax.graph
        assignable = set(graph.assignable)
        expanded: set[str] = set()

        def item(label_id: str) -> str:
            label = tax.labels[label_id]
            text = self.link(label_id)
            if label.display_name != label_id:
                text += f' <code class="ls-id">{h.text(label_id)}</code>'
            if label.abstract:
                text += ' <span class="ls-badge ls-badge-abstract">group</span>'
            elif label_id not in assignable:
                text += ' <span class="ls-badge">not assignable</span>'
            children = graph.children(label_id, active_only=True)
            if label_id in expanded:
                if children:
                    text += ' <span class="ls-summary">(sub-labels listed above)</span>'
                return f"<li>{text}</li>"
            expanded.add(label_id)
            summary = h.first_sentence(label.definition)
            if summary:
                text += f' <span class="ls-summary">— {h.text(summary)}</span>'
            if children:
                text += f"<ul>{''.join(item(child) for child in children)}</ul>"
            return f"<li>{text}</li>"

        roots = [label_id for label_id in graph.roots() if tax.labels[label_id].is_active]
        body = "".join(item(root) for root in roots)
        # Labels caught in a parent cycle have no root; list them so none is lost.
        body += "".join(item(label.id) for label in tax.active_labels() if label.id not in expanded)
        return f'<ul class="ls-tree">{body}</ul>'

    # ---- the cheat sheet ----------------------------------------------------------

    def cheatsheet(self) -> str:
        tax = self.taxonomy
        self.context.current = self.context.url_of(self.pages.cheatsheet)
        rows = []
        for label_id in tax.graph.assignable:
            label = tax.labels[label_id]
            aliases = h.text(", ".join(label.aliases)) if label.aliases else ""
            rows.append(
                f'<tr><td>{self.link(label_id)}<br><code class="ls-id">{h.text(label_id)}</code></td>'
                f"<td>{h.text(h.first_sentence(label.definition, 240))}</td>"
                f'<td class="ls-aliases">{aliases}</td></tr>'
            )
        mode = "several labels may apply" if tax.task.multi_label else "pick exactly one label"
        return "\n".join(
            [
                f"# {h.inline_md(tax.title)}: cheat sheet",
                "",
                f'<p class="ls-cheat-intro">Version <strong>{h.text(tax.version)}</strong> · '
                f"{h.text(tax.task.modality)} · {h.text(tax.task.kind)} · {mode}. "
                f"{len(rows)} labels to choose from. Print this page for the desk.</p>",
                "",
                '<div class="ls-cheatsheet"><table><thead><tr><th>Label</th><th>Definition</th>'
                f"<th>Also called</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
                "",
            ]
        )

    # ---- a label page -------------------------------------------------------------

    def label_page(self, label_id: str) -> str:
        tax = self.taxonomy
        label = tax.labels[label_id]
        self.context.current = self.context.url_of(self.pages.labels[label_id])
        self.current_label = label.display_name
        out = [f"# {h.inline_md(label.display_name)}", ""]
        out += [self.label_meta(label), ""]
        if not label.is_active:
            reason = f"<p>{h.text(label.reason)}</p>" if label.reason else ""
            since = f" in {h.text(label.deprecated_in)}" if label.deprecated_in else ""
            now = tax.graph.final_targets(label_id)
            chain = (
                f"<p>Today that means: {self.links(now)}.</p>"
                if now and set(now) != set(label.replacement_targets)
                else ""
            )
            out += [
                '<div class="admonition warning ls-deprecated">'
                f'<p class="admonition-title">Deprecated{since}</p>'
                f"<p>{self.replacement(label)}</p>{chain}{reason}</div>",
                "",
            ]
        if label.definition:
            out += [
                "## Definition",
                "",
                f'<div class="ls-definition">{h.paragraphs(label.definition)}</div>',
                "",
            ]
        elif label.is_active:
            out += ["## Definition", "", '<p class="ls-missing">No definition yet.</p>', ""]
        if label.aliases:
            aliases = h.text(", ".join(label.aliases))
            out += [f'<p class="ls-aliases">Also called: {aliases}</p>', ""]
        if tax.attributes and not label.attributes and label.is_active:
            out += [self.label_attributes(label), ""]
        children = tax.graph.children(label_id, active_only=True)
        if children:
            out += ["## Sub-labels", "", f"<p>{self.links(children)}</p>", ""]
        if label.includes or label.excludes:
            out += ["## What counts", "", self.includes_excludes(label), ""]
        if label.distinguish_from:
            items = "".join(
                f"<li><strong>vs {self.link(other)}</strong>: {h.text(note)}</li>"
                for other, note in label.distinguish_from.items()
            )
            out += ["## How to tell apart", "", f'<ul class="ls-distinguish">{items}</ul>', ""]
        if label.attributes:
            out += ["## Attributes", "", self.label_attributes(label), ""]
        if label.examples:
            figures = "".join(self.example(example, None) for example in label.examples)
            out += ["## Examples", "", f'<div class="ls-examples">{figures}</div>', ""]
        if label.counter_examples:
            figures = "".join(self.example(example, example) for example in label.counter_examples)
            out += [
                "## Counter-examples",
                "",
                f'<div class="ls-examples ls-counter">{figures}</div>',
                "",
            ]
        if label.edge_cases:
            cases = "".join(self.edge_case(case) for case in label.edge_cases)
            out += ["## Edge cases", "", f'<div class="ls-edge-cases">{cases}</div>', ""]
        # "Added in" is in the meta line; a History section only when there is more.
        changes = self.git_changes(label_id)
        if (
            label.carved_from
            or label.history
            or not label.is_active
            or label.id in self.replaced
            or changes
        ):
            out += ["## History", "", self.history(label) + changes, ""]
        return "\n".join(out)

    def label_meta(self, label: Label) -> str:
        tax = self.taxonomy
        graph = tax.graph
        parts = [f'<code class="ls-id">{h.text(label.id)}</code>']
        if not label.is_active:
            parts.append('<span class="ls-badge ls-badge-deprecated">deprecated</span>')
        elif label.abstract:
            parts.append('<span class="ls-badge ls-badge-abstract">group: never assigned</span>')
        elif graph.is_assignable(label.id):
            parts.append('<span class="ls-badge ls-badge-assignable">assignable</span>')
        else:
            parts.append('<span class="ls-badge">not assignable: use a sub-label</span>')
        if label.index is not None:
            parts.append(f'<span class="ls-meta-extra">index {label.index}</span>')
        if label.added_in:
            parts.append(f'<span class="ls-meta-extra">added in {h.text(label.added_in)}</span>')
        overview = self.context.href(self.pages.overview)
        crumbs = [f'<a href="{overview}">{h.text(tax.title)}</a>']
        parents = [parent for parent in label.parents if parent in tax.labels]
        if parents:
            crumbs.append(self.links(parents))
        return f'<div class="ls-meta">{" › ".join(crumbs)} {" ".join(parts)}</div>'

    def includes_excludes(self, label: Label) -> str:
        """Two short lists: what counts, and what does not with the label to use."""
        parts = []
        if label.includes:
            items = "".join(f"<li>{h.text(thing)}</li>" for thing in label.includes)
            parts.append(
                f'<div class="ls-yes"><p>Counts as {h.text(label.display_name)}:</p>'
                f"<ul>{items}</ul></div>"
            )
        if label.excludes:
            items = "".join(
                f"<li>{h.text(thing)} → "
                + (f"use {self.decision(instead)}" if instead is not None else self.decision(None))
                + "</li>"
                for thing, instead in label.excludes.items()
            )
            parts.append(f'<div class="ls-no"><p>Does not count:</p><ul>{items}</ul></div>')
        return f'<div class="ls-counts">{"".join(parts)}</div>'

    def label_attributes(self, label: Label) -> str:
        shared = self.taxonomy.attributes
        table = self.attribute_table(label.attributes) if label.attributes else ""
        if not shared:
            return table
        names = ", ".join(f"<code>{h.text(name)}</code>" for name in shared)
        overview = self.context.href(self.pages.overview)
        lead = "Plus the attributes" if label.attributes else "The attributes"
        return (
            f'{table}<p class="ls-shared-attributes">{lead} every label carries: '
            f'{names} (<a href="{overview}">see the overview</a>).</p>'
        )

    def attribute_table(self, attributes: dict[str, Attribute]) -> str:
        rows = []
        for name, attribute in attributes.items():
            kind = h.text(attribute.type)
            if attribute.values:
                kind += ": " + ", ".join(
                    f"<code>{h.text(scalar(v))}</code>" for v in attribute.values
                )
            if attribute.min is not None or attribute.max is not None:
                low = "" if attribute.min is None else scalar(attribute.min)
                high = "" if attribute.max is None else scalar(attribute.max)
                kind += f" [{h.text(low)} … {h.text(high)}]"
            default = (
                f"<code>{h.text(scalar(attribute.default))}</code>"
                if attribute.default is not None
                else ""
            )
            per_frame = " (may change per frame)" if attribute.mutable else ""
            rows.append(
                f"<tr><td><code>{h.text(name)}</code></td><td>{kind}{per_frame}</td>"
                f"<td>{default}</td><td>{h.text(attribute.description or '')}</td></tr>"
            )
        return (
            '<div class="ls-attributes"><table><thead><tr><th>Attribute</th><th>Type</th>'
            f"<th>Default</th><th>Meaning</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def example(self, example: Example, counter: CounterExample | None) -> str:
        body = self.media(example)
        caption = []
        if counter is not None:
            caption.append(
                f'<span class="ls-instead">Not this label: {self.decision(counter.label)}'
                f"{' instead' if counter.label is not None else ''}.</span>"
            )
        if example.note:
            caption.append(h.text(example.note))
        css = "ls-example ls-example-counter" if counter is not None else "ls-example"
        return f'<figure class="{css}">{body}<figcaption>{" ".join(caption)}</figcaption></figure>'

    def media(self, example: Example) -> str:
        kind = example.media_kind
        if kind == "text":
            return self.text_example(example)
        path = example.media_path or ""
        try:
            media = self.context.media.resolve(path)
        except MediaRefused as refused:
            self.context.warn(f"{self.taxonomy.taxonomy}: {refused}")
            return f'<div class="ls-media-missing">media not available: {h.text(path)}</div>'
        src = self.context.media_href(media)
        if kind == "image":
            return self.image(src, media, example)
        fragment = ""
        when = ""
        if example.time is not None:
            start, end = example.time
            fragment = f"#t={scalar(start)},{scalar(end)}"
            when = f'<span class="ls-time">from {_seconds(start)} to {_seconds(end)}</span>'
        if example.frames is not None:
            when += f'<span class="ls-time">frames {example.frames[0]}–{example.frames[1]}</span>'
        if kind == "audio":
            player = f'<audio controls preload="metadata" src="{src}{fragment}"></audio>'
        else:
            player = f'<video controls preload="metadata" src="{src}{fragment}"></video>'
        return f'<div class="ls-player">{player}{when}</div>'

    def image(self, src: str, media: MediaFile, example: Example) -> str:
        shapes = []
        if example.region is not None:
            x, y, width, height = example.region
            shapes.append(
                f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}"></rect>'
            )
        if example.polygon is not None:
            points = " ".join(f"{px:g},{py:g}" for px, py in example.polygon)
            shapes.append(f'<polygon points="{points}"></polygon>')
        alt = h.text(example.note or f"Example image of {self.current_label}")
        img = f'<img src="{src}" alt="{alt}" loading="lazy">'
        if not shapes:
            return f'<div class="ls-frame">{img}</div>'
        size = image_size(media.source)
        # Without a known size the page script sets the viewBox from the loaded image.
        box = f' viewBox="0 0 {size[0]:g} {size[1]:g}"' if size else ' data-ls-measure=""'
        overlay = (
            f'<svg class="ls-overlay"{box} preserveAspectRatio="none" aria-hidden="true">'
            f"{''.join(shapes)}</svg>"
        )
        return f'<div class="ls-frame">{img}{overlay}</div>'

    def text_example(self, example: Example) -> str:
        text = example.text or ""
        span = example.quoted_span
        if span is None:
            return f'<blockquote class="ls-text">{h.text(text)}</blockquote>'
        start, end = span
        return (
            f'<blockquote class="ls-text">{h.run(text[:start])}<mark>{h.run(text[start:end])}'
            f"</mark>{h.run(text[end:])}</blockquote>"
        )

    def edge_case(self, case: EdgeCase) -> str:
        anchor = h.text(f"case-{case.id}")
        if case.status == "open":
            status = '<span class="ls-badge ls-badge-open">open: waiting for clarification</span>'
            decision = ""
        else:
            status = '<span class="ls-badge ls-badge-decided">decided</span>'
            decision = f'<p class="ls-decision">Decision: {self.decision(case.decision)}</p>'
        rationale = f"<p>{h.text(case.rationale)}</p>" if case.rationale else ""
        extras = []
        if case.since:
            extras.append(f"since {h.text(case.since)}")
        if case.ref:
            url = h.safe_url(case.ref)
            extras.append(
                f'<a href="{h.text(url)}" rel="noopener nofollow">discussion</a>'
                if url
                else h.text(case.ref)
            )
        extra = f'<p class="ls-case-meta">{" · ".join(extras)}</p>' if extras else ""
        css = "ls-case ls-case-open" if case.status == "open" else "ls-case"
        return (
            f'<div class="{css}" id="{anchor}"><p class="ls-case-title">{status} '
            f"{h.text(case.case)}</p>{decision}{rationale}{extra}</div>"
        )

    def history(self, label: Label) -> str:
        items = []
        if label.added_in:
            items.append(f"Added in <strong>{h.text(label.added_in)}</strong>.")
        if label.carved_from:
            items.append(
                f"Carved out of {self.links(label.carved_from)}: data labelled with those "
                "before may belong here now."
            )
        former = self.replaced.get(label.id, [])
        if former:
            items.append(f"Replaces {self.links(former, ' and ')}.")
        for entry in label.history:
            note = f": {h.text(entry.note)}" if entry.note else ""
            items.append(
                f'<span class="ls-change ls-change-{entry.change}">{h.text(entry.change.capitalize())} '
                f"in <strong>{h.text(entry.version)}</strong></span>{note}"
            )
        if not label.is_active and label.deprecated_in:
            items.append(f"Deprecated in <strong>{h.text(label.deprecated_in)}</strong>.")
        if not items:
            return '<p class="ls-missing">No history recorded.</p>'
        return '<ul class="ls-history">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    def git_changes(self, label_id: str) -> str:
        """A collapsible table of the label's changes in git history, under the
        ids it had then; empty when git tells no more than that it was added."""
        from labelspec.versions.changes import describe

        if self.label_changes is None:
            return ""
        found = self.label_changes.of(label_id)
        if all(change.kind == "added" for _, change in found):
            return ""
        rows = "".join(
            f"<tr><td>{h.text(self.label_changes.versions[step])}</td>"
            f"<td><code>{h.text(change.kind)}</code></td>"
            f"<td><code>{h.text(change.label or '')}</code></td>"
            f"<td>{h.text(describe(change))}</td></tr>"
            for step, change in found
        )
        return (
            f'<details class="ls-label-changes"><summary>All {len(found)} changes '
            "(from git history)</summary><table><thead><tr><th>Version</th><th>Change</th>"
            f"<th>Id then</th><th>What</th></tr></thead><tbody>{rows}</tbody></table></details>"
        )

    # ---- changes --------------------------------------------------------------------

    def changelog(self, detail: Callable[[PageRenderer], dict[str, str]] | None = None) -> str:
        """Every version, newest first, with what annotators must do differently.

        ``detail`` gives one HTML line per version to add (the full diff from git
        history); it is called once the links of this page can be made.
        """
        tax = self.taxonomy
        self.context.current = self.context.url_of(self.pages.changelog)
        extra = detail(self) if detail is not None else {}
        out = [f"# {h.inline_md(tax.title)}: changelog", ""]
        if self.pages.since:
            links = " ".join(
                f'<a class="md-button" href="{self.context.href(page)}">since {h.text(version)}</a>'
                for version, page in self.pages.since.items()
            )
            out += [
                f'<p class="ls-since-links">Coming back from an earlier version? '
                f"What to do differently: {links}</p>",
                "",
            ]
        versions = {changes.version: changes for changes in changes_by_version(tax)}
        for version in extra:
            versions.setdefault(version, VersionChanges(version))
        for version in sorted(versions, key=version_key, reverse=True):
            out += [f"## {h.inline_md(version)}", ""]
            body = self.changes(versions[version])
            if body or version not in extra:
                out += [body or '<p class="ls-missing">No label changes recorded.</p>', ""]
            if version in extra:
                out += [extra[version], ""]
        return "\n".join(out)

    def since_page(self, version: str) -> str:
        tax = self.taxonomy
        self.context.current = self.context.url_of(self.pages.since[version])
        changes = changes_since(tax, version)
        new = sum(1 for label_id in changes.added if tax.graph.is_assignable(label_id))
        meaning = sum(1 for _, entry in changes.meaning if entry.change != "clarified")
        counts = (
            f"{len(changes.deprecated)} labels to stop using, {new} new labels, "
            f"{meaning} changes of meaning, {len(changes.decisions)} new decisions"
        )
        out = [
            f"# What changed since {h.inline_md(version)}",
            "",
            f'<p class="ls-lead">{h.text(tax.title)} is at version <strong>{h.text(tax.version)}'
            f"</strong>. If you last labelled with <strong>{h.text(version)}</strong>: {counts}.</p>",
            "",
        ]
        out.append(self.changes(changes, since=True) or "<p>Nothing changed for annotators.</p>")
        return "\n".join(out) + "\n"

    def changes(self, changes: VersionChanges, since: bool = False) -> str:
        """Markdown sections (### headings, one HTML line each) for ``changes``.

        ``since`` words them for an annotator coming back from that version:
        only labels they can now assign are "new", and clarified wording, which
        changes nothing, comes last.
        """
        tax = self.taxonomy
        sections: list[tuple[str, str, str]] = []
        if changes.deprecated:
            rows = "".join(
                f"<li>{self.link(label_id)}: {self.replacement(tax.labels[label_id])}</li>"
                for label_id in changes.deprecated
            )
            sections.append(("Stop using" if since else "Deprecated", "ls-h-stop", rows))
        added = changes.added
        if since:
            added = [label_id for label_id in added if tax.graph.is_assignable(label_id)]
        if added:
            rows = "".join(self.added_item(label_id) for label_id in added)
            sections.append(("New labels you can use" if since else "Added", "ls-h-new", rows))
        meaning = changes.meaning
        clarified: list[tuple[str, HistoryEntry]] = []
        if since:
            clarified = [item for item in meaning if item[1].change == "clarified"]
            meaning = [item for item in meaning if item[1].change != "clarified"]
        if meaning:
            rows = "".join(self.meaning_item(label_id, entry, since) for label_id, entry in meaning)
            sections.append(("Meaning changed", "ls-h-meaning", rows))
        if changes.decisions:
            rows = "".join(
                f'<li><a href="{self.context.href(self.pages.labels[label_id], "case-" + case.id)}">'
                f"{h.text(case.case)}</a> ({self.link(label_id)}): "
                + (
                    "open, waiting for clarification"
                    if case.status == "open"
                    else self.decision(case.decision)
                )
                + "</li>"
                for label_id, case in changes.decisions
            )
            sections.append(("Edge-case decisions", "ls-h-decisions", rows))
        if clarified:
            rows = "".join(
                self.meaning_item(label_id, entry, since) for label_id, entry in clarified
            )
            sections.append(("Wording clarified: nothing changes", "ls-h-clarified", rows))
        return "\n".join(
            f"### {title} {{: .{css} }}\n\n<ul>{rows}</ul>\n" for title, css, rows in sections
        )

    def meaning_item(self, label_id: str, entry: HistoryEntry, since: bool) -> str:
        version = f" ({h.text(entry.version)})" if since else ""
        note = f". {h.text(entry.note)}" if entry.note else "."
        return f"<li>{self.link(label_id)}: {CHANGE_WORDS[entry.change]}{version}{note}</li>"

    def added_item(self, label_id: str) -> str:
        label = self.taxonomy.labels[label_id]
        carved = (
            f" Some items labelled {self.links(label.carved_from)} may belong here now."
            if label.carved_from
            else ""
        )
        summary = h.first_sentence(label.definition)
        return f"<li>{self.link(label_id)}: {h.text(summary)}{carved}</li>"


def scalar(value: object) -> str:
    """An attribute value as YAML writes it (true, 3, red)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _seconds(value: float) -> str:
    minutes, seconds = divmod(value, 60)
    return f"{int(minutes)}:{seconds:05.2f}" if minutes else f"{seconds:g} s"
