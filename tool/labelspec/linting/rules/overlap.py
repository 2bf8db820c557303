"""OVL: labels that exclude each other but overlap in meaning, or whose examples and
edge-case decisions contradict each other.

The rules are thin: the analysis they share lives in :mod:`labelspec.linting.analysis`
(the label texts, built once per taxonomy and run, and the overlap search).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from labelspec.linting.analysis.label_texts import label_texts
from labelspec.linting.analysis.overlaps import (
    Overlap,
    SimilarDefinitionsOptions,
    any_exclusive,
    cross_mentions,
    find_overlaps,
)
from labelspec.linting.registry import TaxonomyRule, register
from labelspec.text import Lemmas

if TYPE_CHECKING:
    from labelspec.diagnostics import Finding
    from labelspec.linting.context import TaxonomyContext
    from labelspec.model import Example, Taxonomy


def _contains(haystack: Lemmas, needle: Lemmas) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[start : start + size] == needle for start in range(len(haystack) - size + 1)
    )


# ---- OVL001 -------------------------------------------------------------------------------


@register
class SimilarDefinitions(TaxonomyRule[SimilarDefinitionsOptions]):
    """## What it does
    Finds labels that exclude each other but mean the same thing. They are two
    names for one concept (a shared name or alias), one label is a kind of the
    other (its name's head or its definition's genus is the other's name), or
    their definitions and includes say the same thing. Siblings whose names share
    a head but differ in the modifier ("acoustic guitar", "electric guitar") are
    told apart by that modifier and are not reported for similar wording. Two
    labels with one name and nothing else in common, far apart in the hierarchy,
    are homonyms left to NAM001. A ``distinguish_from`` note in either label
    silences the pair.

    ## Why is this bad?
    Annotators cannot choose between two labels that describe the same things, so
    the same object ends up with either label, and a model trained on the data
    learns the coin flip.

    ## Example
    ```yaml
    laptop:
      definition: A small portable computer that folds open, with a keyboard and a screen.
    notebook:
      definition: A small portable computer with a keyboard and a screen that folds open.
    ```

    ## Use instead
    Merge the labels (deprecate one with ``replaced_by``), or say how to tell them
    apart:
    ```yaml
    notebook:
      definition: A small portable computer with a keyboard and a screen that folds open.
      distinguish_from:
        laptop: A notebook is thinner and has no optical drive.
    ```
    """

    code = "OVL001"
    name = "similar-definitions"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        if not any_exclusive(taxonomy):
            return
        order = {label_id: index for index, label_id in enumerate(taxonomy.labels)}
        for overlap in find_overlaps(context.shared(label_texts), self.options):
            earlier, later = sorted((overlap.first, overlap.second), key=order.__getitem__)
            yield context.finding(
                self.code,
                _overlap_message(taxonomy, overlap, earlier, later),
                ("labels", later),
                (earlier, later),
                f"merge '{later}' into '{earlier}', or add a distinguish_from note to both",
                score=overlap.score,
            )


def _called(taxonomy: Taxonomy, label_id: str) -> str:
    """A label as messages name it: its id, and its name where that differs."""
    name = taxonomy.labels[label_id].display_name
    return f"'{label_id}'" if name == label_id else f"'{label_id}' ({name})"


def _overlap_message(taxonomy: Taxonomy, overlap: Overlap, earlier: str, later: str) -> str:
    names = f"{_called(taxonomy, later)} and {_called(taxonomy, earlier)}"
    terms = ", ".join(overlap.terms[:6])
    if overlap.reason == "same-name":
        return f"{names} exclude each other but share the name '{terms}'"
    if overlap.reason == "kind-of":
        return f"{names} exclude each other but one is a kind of the other ('{terms}')"
    return f"{names} exclude each other but their definitions say the same thing (shared: {terms})"


# ---- OVL002 -------------------------------------------------------------------------------


@register
class CrossMention(TaxonomyRule):
    """## What it does
    Finds a definition or an include of one label that names another label (by its
    name or an alias, in any inflection) that excludes it.

    ## Why is this bad?
    A definition that mentions an exclusive label either describes that label's
    things too, or contrasts with it in the wrong place; an include that names an
    exclusive label sends its things to two labels at once.

    ## Example
    ```yaml
    car:
      definition: A motor vehicle with four wheels, including pickup trucks.
    pickup-truck:
      name: Pickup truck
    ```

    ## Use instead
    Move the contrast to ``distinguish_from`` or ``excludes``:
    ```yaml
    car:
      definition: A motor vehicle with four wheels built to carry people.
      excludes:
        pickup truck: pickup-truck
    ```
    """

    code = "OVL002"
    name = "cross-mention"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        if not any_exclusive(taxonomy):
            return
        texts = context.shared(label_texts)
        assignable = [texts.row[label_id] for label_id in graph.assignable]
        for row, field, index, mentioned in cross_mentions(texts, assignable):
            label = texts.label(row)
            other = texts.ids[mentioned]
            if not graph.exclude_each_other(label.id, other):
                continue
            if other in label.distinguish_from or other in label.excludes.values():
                continue  # the contrast is written down where it belongs
            path: tuple[str | int, ...] = ("labels", label.id, field)
            where = "definition"
            if index is not None:
                path += (index,)
                where = f"include '{label.includes[index]}'"
            yield context.finding(
                self.code,
                f"the {where} of '{label.id}' names '{other}', which excludes it",
                path,
                (label.id, other),
                f"say how '{label.id}' differs from '{other}' in distinguish_from or excludes",
            )


# ---- OVL003 -------------------------------------------------------------------------------


@register
class SharedInclude(TaxonomyRule):
    """## What it does
    Finds the same include (after case, spacing and inflection are normalised) under
    two labels that exclude each other.

    ## Why is this bad?
    The guidelines send the same thing to two labels, and annotators split on it.

    ## Example
    ```yaml
    car:
      includes: [taxi, minivan]
    van:
      includes: [minivans]
    ```

    ## Use instead
    Keep the include under one label and add an ``excludes`` entry to the other:
    ```yaml
    van:
      excludes:
        minivan: car
    ```
    """

    code = "OVL003"
    name = "shared-include"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        texts = context.shared(label_texts)
        places: dict[Lemmas, list[tuple[str, int]]] = defaultdict(list)
        for label_id in graph.assignable:
            row = texts.row[label_id]
            for index, item in enumerate(texts.includes[row]):
                if item:
                    places[item].append((label_id, index))
        for item, found in places.items():
            for position, (label_id, index) in enumerate(found):
                earlier = next(
                    (
                        other
                        for other, _ in found[:position]
                        if graph.exclude_each_other(other, label_id)
                    ),
                    None,
                )
                if earlier is None:
                    continue
                yield context.finding(
                    self.code,
                    f"'{label_id}' and '{earlier}' exclude each other but both include "
                    f"'{' '.join(item)}'",
                    ("labels", label_id, "includes", index),
                    (earlier, label_id),
                    "keep the include under one label and exclude it from the other",
                )


# ---- OVL004 -------------------------------------------------------------------------------


def _example_key(example: Example) -> tuple[object, ...]:
    """What makes two examples the same item: the media (text collapsed for case
    and spacing) and the locator; no locator means the whole item."""
    kind = example.media_kind
    if kind == "text":
        media: object = " ".join((example.text or "").split()).casefold()
        locator: object = example.quoted_span
    else:
        media = example.media_path
        locator = (
            example.region
            or (tuple(example.polygon) if example.polygon else None)
            or example.time
            or example.frames
        )
    return (kind, media, locator)


@register
class ConflictingExamples(TaxonomyRule):
    """## What it does
    Finds one example (the same text, or the same media file and locator) given as
    a positive example of two labels that exclude each other, or as both an example
    and a counter-example of one label.

    ## Why is this bad?
    Examples are what annotators copy. An item that is shown as right for two
    exclusive labels, or as right and wrong for one, teaches both answers.

    ## Example
    ```yaml
    car:
      examples:
        - image: guidelines/assets/taxi.jpg
    van:
      examples:
        - image: guidelines/assets/taxi.jpg
    ```

    ## Use instead
    Keep the example under the label it belongs to, and show it to the other label
    as a counter-example that points there:
    ```yaml
    van:
      counter_examples:
        - image: guidelines/assets/taxi.jpg
          label: car
    ```
    """

    code = "OVL004"
    name = "conflicting-examples"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        positives: dict[tuple[object, ...], list[str]] = defaultdict(list)
        for label in taxonomy.active_labels():
            own: set[tuple[object, ...]] = set()
            for index, example in enumerate(label.examples):
                key = _example_key(example)
                earlier = next(
                    (
                        other
                        for other in positives[key]
                        if graph.exclude_each_other(other, label.id)
                    ),
                    None,
                )
                if earlier is not None:
                    yield context.finding(
                        self.code,
                        f"this example of '{label.id}' is also an example of '{earlier}', "
                        "which excludes it",
                        ("labels", label.id, "examples", index),
                        (earlier, label.id),
                        "keep the example under one label; show it to the other as a "
                        "counter-example",
                    )
                if label.id not in positives[key]:
                    positives[key].append(label.id)
                own.add(key)
            for index, counter in enumerate(label.counter_examples):
                if _example_key(counter) in own and counter.label != label.id:
                    yield context.finding(
                        self.code,
                        f"this counter-example of '{label.id}' is also one of its examples",
                        ("labels", label.id, "counter_examples", index),
                        (label.id,),
                        "remove either the example or the counter-example",
                    )


# ---- OVL005 -------------------------------------------------------------------------------


@register
class ConflictingDecisions(TaxonomyRule):
    """## What it does
    Finds edge cases with the same case text (after case, spacing and inflection are
    normalised) that are decided differently, and an edge case decided as a label
    whose own ``excludes`` sends the thing the case mentions to another label.

    ## Why is this bad?
    Edge-case decisions are the guidelines' case law: two rulings on one case, or a
    ruling against the label's own exclusions, leave annotators to pick one.

    ## Example
    ```yaml
    car:
      excludes:
        pickup truck: truck
      edge_cases:
        - id: pickup-taxi
          case: A pickup truck used as a taxi.
          decision: car
    ```

    ## Use instead
    Decide the case once, in line with the exclusions (or change the exclusion):
    ```yaml
        - id: pickup-taxi
          case: A pickup truck used as a taxi.
          decision: truck
    ```
    """

    code = "OVL005"
    name = "conflicting-decisions"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        cases = [
            (label, index, case)
            for label in taxonomy.active_labels()
            for index, case in enumerate(label.edge_cases)
            if case.status == "decided"
        ]
        if not cases:
            return
        normalised = context.analyzer.normalise_names([case.case for _, _, case in cases])
        first_seen: dict[str, tuple[str, str, frozenset[str]]] = {}
        for (label, index, case), text in zip(cases, normalised, strict=True):
            decision = frozenset(case.decided_labels)
            path = ("labels", label.id, "edge_cases", index, "decision")
            earlier = first_seen.get(text)
            if earlier is None:
                first_seen[text] = (label.id, case.id, decision)
            elif earlier[2] != decision:
                yield context.finding(
                    self.code,
                    f"edge case '{case.id}' decides {_decision_text(decision)}, but the same "
                    f"case '{earlier[1]}' decides {_decision_text(earlier[2])}",
                    path,
                    tuple(dict.fromkeys((earlier[0], label.id))),
                    "decide the case once and remove the other edge case",
                )
            yield from self._against_excludes(context, label.id, case.id, path, text, decision)

    def _against_excludes(
        self,
        context: TaxonomyContext,
        owner: str,
        case_id: str,
        path: tuple[str | int, ...],
        text: str,
        decision: frozenset[str],
    ) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        case_lemmas = tuple(text.split())
        for decided in sorted(decision):
            label = labels.get(decided)
            if label is None or not label.excludes:
                continue
            things = list(label.excludes)
            normals = context.analyzer.normalise_names(things)
            for thing, normal in zip(things, normals, strict=True):
                target = label.excludes[thing]
                if target in decision or not _contains(case_lemmas, tuple(normal.split())):
                    continue
                sent = f"'{target}'" if target is not None else "no label"
                yield context.finding(
                    self.code,
                    f"edge case '{case_id}' decides '{decided}', but the excludes of "
                    f"'{decided}' send '{thing}' to {sent}",
                    path,
                    tuple(dict.fromkeys((owner, decided))),
                    f"decide {sent}, or change the excludes entry of '{decided}'",
                )


def _decision_text(decision: frozenset[str]) -> str:
    if not decision:
        return "no label"
    return ", ".join(f"'{label}'" for label in sorted(decision))


# ---- OVL006 -------------------------------------------------------------------------------


@register
class OneSidedDistinction(TaxonomyRule):
    """## What it does
    Finds a ``distinguish_from`` note from one active label to another that the
    other label does not return.

    ## Why is this bad?
    Annotators read the page of the label they are considering. A look-alike note on
    one page only helps those who already picked the right label.

    ## Example
    ```yaml
    car:
      distinguish_from:
        truck: A truck has a cargo area separate from the cabin.
    truck:
      definition: A motor vehicle built to carry goods.
    ```

    ## Use instead
    ```yaml
    truck:
      definition: A motor vehicle built to carry goods.
      distinguish_from:
        car: A car has no cargo area separate from the cabin.
    ```
    """

    code = "OVL006"
    name = "one-sided-distinction"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in context.taxonomy.active_labels():
            for other_id in label.distinguish_from:
                other = labels.get(other_id)
                if other is None or not other.is_active or other_id == label.id:
                    continue
                if label.id in other.distinguish_from:
                    continue
                yield context.finding(
                    self.code,
                    f"'{label.id}' says how it differs from '{other_id}', but '{other_id}' "
                    f"has no note about '{label.id}'",
                    ("labels", label.id, "distinguish_from", other_id),
                    (label.id, other_id),
                    f"add distinguish_from: {{{label.id}: ...}} to '{other_id}'",
                )
