"""GDL: guideline pages refer to labels that exist, and cover every label.

References (``[[car]]``, ``[[street-objects:car]]``, ``[[car|link text]]``) are
found and resolved by :mod:`labelspec.references`, as the docs plugin finds the
ones it links, so a page lint accepts is a page the site can build.
"""

from __future__ import annotations

from collections.abc import Iterator

from labelspec.diagnostics import Finding
from labelspec.linting.context import GuidelinePage, RepositoryContext
from labelspec.linting.registry import RepositoryRule, register
from labelspec.model import Label
from labelspec.references import (
    Reference,
    Target,
    Unresolved,
    find_references,
    line_column,
    prose_without_references,
    resolve,
)


def _resolved(
    context: RepositoryContext,
) -> Iterator[tuple[GuidelinePage, Reference, Target | Unresolved | None]]:
    """Every reference of every page, with what it names (see :func:`resolve`)."""
    taxonomies = context.taxonomies
    for page in context.pages:
        for reference in find_references(page.text):
            yield page, reference, resolve(reference, taxonomies, context.unloadable)


def _page_finding(
    code: str,
    message: str,
    page: GuidelinePage,
    reference: Reference,
    labels: tuple[str, ...],
    hint: str,
) -> Finding:
    return Finding(code, message, page.file, reference.line, reference.column, labels, hint)


@register
class UnknownGuidelineReference(RepositoryRule):
    """## What it does
    Reports a `[[label]]` or `[[taxonomy:label]]` reference in a guideline
    page that names no label, names an unknown taxonomy, or is ambiguous
    (the label id exists in several taxonomies).

    ## Why is this bad?
    The published page shows a broken link exactly where the guideline wanted
    to point annotators to the right label.

    ## Example
    ```markdown
    Box taxis as [[cars]].
    ```

    ## Use instead
    ```markdown
    Box taxis as [[car]].
    ```
    """

    code = "GDL001"
    # DESIGN.md names it unknown-label-reference, like GRA005; rule names are unique.
    name = "unknown-guideline-reference"
    severity = "error"

    def check(self, context: RepositoryContext) -> Iterator[Finding]:
        for page, reference, found in _resolved(context):
            if isinstance(found, Unresolved):
                yield _page_finding(
                    self.code,
                    f"{reference.written}: {found.reason}",
                    page,
                    reference,
                    (reference.label,),
                    f"Write [[taxonomy:{reference.label}]]."
                    if found.owners
                    else "Use the id of an existing label (see the taxonomy file).",
                )


@register
class DeprecatedGuidelineReference(RepositoryRule):
    """## What it does
    Reports a `[[label]]` reference in a guideline page to a deprecated label.

    ## Why is this bad?
    The page sends annotators to a label they can no longer assign; the
    tombstone says where its data went instead.

    ## Example
    ```markdown
    Box every [[auto]] that is at least half visible.
    ```

    ## Use instead
    ```markdown
    Box every [[car]] that is at least half visible.
    ```
    """

    code = "GDL002"
    name = "deprecated-label-reference"
    severity = "warning"

    def check(self, context: RepositoryContext) -> Iterator[Finding]:
        for page, reference, found in _resolved(context):
            if not isinstance(found, Target) or found.label.is_active:
                continue
            label = found.label
            targets = label.replacement_targets
            hint = (
                "Refer to " + " or ".join(f"[[{t}]]" for t in targets) + " instead."
                if targets
                else "Remove the reference; the label was removed."
            )
            yield _page_finding(
                self.code,
                f"{reference.written} refers to the deprecated label '{label.id}'",
                page,
                reference,
                (label.id,),
                hint,
            )


@register
class StaleMention(RepositoryRule):
    """## What it does
    Reports plain-text mentions of a deprecated label's name, id or aliases
    in guideline prose, matched on lemmas ("persons" mentions *person*).
    Names that an active label also uses are left out, and so are code,
    references and HTML comments.

    ## Why is this bad?
    Prose that still talks about a retired label tells annotators to use a
    concept the taxonomy no longer has, often one that was split, so the
    instruction is now ambiguous.

    ## Example
    ```markdown
    Box every person, even when only the head is visible.
    ```
    (with `person` deprecated and split into `pedestrian` and `cyclist`)

    ## Use instead
    ```markdown
    Box every [[pedestrian]] and [[cyclist]], even when only the head is visible.
    ```
    """

    code = "GDL003"
    name = "stale-mention"
    severity = "warning"

    def check(self, context: RepositoryContext) -> Iterator[Finding]:
        from spacy.matcher import PhraseMatcher

        from labelspec.text import nlp

        analyzer = context.analyzer
        pages = [page for page in context.pages if page.text.strip()]
        if not pages:
            return
        deprecated: list[tuple[str, Label]] = []
        active_texts: list[str] = []
        for taxonomy in context.taxonomies.values():
            for label in taxonomy.labels.values():
                texts = list(dict.fromkeys((label.id, label.display_name, *label.aliases)))
                if label.is_active:
                    active_texts += texts
                else:
                    deprecated += [(text.replace("-", " "), label) for text in texts]
        if not deprecated:
            return
        in_use = set(analyzer.normalise_names(active_texts))
        keys = analyzer.normalise_names([text for text, _ in deprecated])
        # PhraseMatcher on LEMMA needs patterns that went through the same
        # pipeline (lowercased, lemmatised), not just tokenised.
        matcher = PhraseMatcher(nlp().vocab, attr="LEMMA")
        owners: dict[str, Label] = {}
        for (text, label), key in zip(deprecated, keys, strict=True):
            if key in in_use or not key:
                continue
            owners.setdefault(key, label)
            matcher.add(key, analyzer.parsed([text]))
        if not owners:
            return
        # A reference such as [[person]] is GDL002's business, not a stale mention.
        texts = [prose_without_references(page.text) for page in pages]
        for page, text, parsed_doc in zip(pages, texts, analyzer.parsed(texts), strict=True):
            for match_id, start, end in matcher(parsed_doc):
                label = owners[nlp().vocab.strings[match_id]]
                span = parsed_doc[start:end]
                line, column = line_column(text, span.start_char)
                targets = label.replacement_targets
                hint = (
                    "Write about " + " or ".join(f"[[{t}]]" for t in targets) + " instead."
                    if targets
                    else f"Remove the mention; '{label.id}' was removed."
                )
                yield Finding(
                    self.code,
                    f"'{text[span.start_char : span.end_char]}' mentions the deprecated "
                    f"label '{label.id}'",
                    page.file,
                    line,
                    column,
                    (label.id,),
                    hint,
                )


@register
class UncoveredLabel(RepositoryRule):
    """## What it does
    Reports an assignable label that no guideline page refers to with
    `[[label]]`. Repositories without guideline pages are not checked.

    ## Why is this bad?
    The generated label pages say what a label is; the hand-written pages say
    how to work with it. A label they never mention is one annotators only
    meet in the label picker.

    ## Example
    ```markdown
    # Vehicles
    Box every [[car]].
    ```
    (with `truck` an assignable label too)

    ## Use instead
    ```markdown
    # Vehicles
    Box every [[car]] and every [[truck]].
    ```
    """

    code = "GDL004"
    name = "uncovered-label"
    severity = "info"

    def check(self, context: RepositoryContext) -> Iterator[Finding]:
        if not context.pages:
            return
        covered: set[tuple[str, str]] = set()
        for _, _, found in _resolved(context):
            if isinstance(found, Target):
                covered.add((found.taxonomy.taxonomy, found.label.id))
        for result in context.results:
            taxonomy = result.taxonomy
            if taxonomy is None:
                continue
            for label_id in taxonomy.graph.assignable:
                if (taxonomy.taxonomy, label_id) in covered:
                    continue
                line, column = result.positions.find(("labels", label_id))
                yield Finding(
                    self.code,
                    f"no guideline page refers to '{label_id}'",
                    result.file,
                    line,
                    column,
                    (label_id,),
                    f"Mention [[{label_id}]] where the guidelines explain how to use it.",
                )
