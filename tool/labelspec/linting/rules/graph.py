"""GRA: the hierarchy and the references between labels hold together."""

from __future__ import annotations

from collections.abc import Iterator

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import TaxonomyRule, register
from labelspec.model import Label

Path = tuple[str | int, ...]


def parent_refs(label: Label) -> Iterator[tuple[str, Path]]:
    """(parent id, path of its value) for each parent named by ``label``."""
    base: Path = ("labels", label.id, "parent")
    if isinstance(label.parent, str):
        yield label.parent, base
    elif label.parent is not None:
        for index, parent in enumerate(label.parent):
            yield parent, (*base, index)


def label_refs(label: Label) -> Iterator[tuple[str, str, Path]]:
    """(what, referenced id, path of the reference) for every place a label names
    another label, except parents and replacements (GRA001 and VER002 own those)."""
    here: Path = ("labels", label.id)
    for thing, target in label.excludes.items():
        if target is not None:
            yield "excludes", target, (*here, "excludes", thing)
    for other in label.distinguish_from:
        yield "distinguish_from", other, (*here, "distinguish_from", other)
    for index, counter in enumerate(label.counter_examples):
        if counter.label is not None:
            yield (
                "counter-example label",
                counter.label,
                (*here, "counter_examples", index, "label"),
            )
    for index, case in enumerate(label.edge_cases):
        decision = case.decision
        where: Path = (*here, "edge_cases", index, "decision")
        if isinstance(decision, str):
            yield "edge-case decision", decision, where
        elif decision is not None:
            for position, target in enumerate(decision):
                yield "edge-case decision", target, (*where, position)
    for index, source in enumerate(label.carved_from):
        yield "carved_from", source, (*here, "carved_from", index)


@register
class UnknownParent(TaxonomyRule):
    """## What it does
    Reports a `parent` that is not a label of the taxonomy.

    ## Why is this bad?
    The label hangs in the air: the hierarchy, the docs navigation and every
    rule that looks at ancestors see it as a root, and the intended parent
    (often a typo) is silently ignored.

    ## Example
    ```yaml
    labels:
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: vehicles, definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
    labels:
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
    ```
    """

    code = "GRA001"
    name = "unknown-parent"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in labels.values():
            for parent, path in parent_refs(label):
                if parent not in labels:
                    yield context.finding(
                        self.code,
                        f"label '{label.id}' has the unknown parent '{parent}'",
                        path,
                        (label.id,),
                        "Name an existing label as the parent, or add the missing label.",
                        at_value=True,
                    )


@register
class HierarchyCycle(TaxonomyRule):
    """## What it does
    Reports labels whose parents lead back to themselves (a cycle in the
    hierarchy), once per cycle, at the first label of the cycle in the file.

    ## Why is this bad?
    The hierarchy must be a DAG: with a cycle, ancestors, leaves and the
    labels annotators may assign are undefined, and tools that walk the tree
    loop or fail.

    ## Example
    ```yaml
    labels:
      vehicle: {parent: car, definition: A machine that moves people or goods.}
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
    labels:
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
    ```
    """

    code = "GRA002"
    name = "hierarchy-cycle"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        import networkx as nx

        graph = context.taxonomy.graph
        if graph.is_acyclic:
            return
        order = {label_id: index for index, label_id in enumerate(context.taxonomy.labels)}
        # Strongly connected components find every cycle in linear time; listing
        # each simple cycle could take exponential time on a tangled graph.
        for component in nx.strongly_connected_components(graph.dag):
            members = sorted(component, key=order.__getitem__)
            first = members[0]
            if len(members) == 1 and not graph.dag.has_edge(first, first):
                continue
            label = context.taxonomy.labels[first]
            path = next(
                (p for parent, p in parent_refs(label) if parent in component),
                ("labels", first),
            )
            yield context.finding(
                self.code,
                "the hierarchy has a cycle through " + ", ".join(f"'{m}'" for m in members),
                path,
                tuple(members),
                "Remove one of the parent links so that no label is its own ancestor.",
                at_value=True,
            )


@register
class AbstractLeaf(TaxonomyRule):
    """## What it does
    Reports an active abstract label without active children.

    ## Why is this bad?
    An abstract label is never assigned, and a grouping node with nothing under
    it groups nothing: no annotation can ever express what it stands for.
    Usually its children were deprecated or never added.

    ## Example
    ```yaml
    labels:
      animal: {abstract: true, definition: A living creature that is not a plant.}
    ```

    ## Use instead
    ```yaml
    labels:
      animal: {definition: A living creature that is not a plant.}
    ```
    """

    code = "GRA003"
    name = "abstract-leaf"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        graph = context.taxonomy.graph
        for label in context.taxonomy.active_labels():
            if label.abstract and graph.is_leaf(label.id):
                yield context.finding(
                    self.code,
                    f"abstract label '{label.id}' has no active children",
                    ("labels", label.id, "abstract"),
                    (label.id,),
                    "Add child labels, or drop `abstract: true` so that it can be assigned.",
                )


@register
class ActiveUnderDeprecated(TaxonomyRule):
    """## What it does
    Reports an active label whose parent is deprecated.

    ## Why is this bad?
    The tombstone still shapes the hierarchy: the docs show the label under a
    label that no longer exists, and version mappings that follow the
    tombstone's replacement cannot account for the child.

    ## Example
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: vehicle, reason: Renamed.}
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: auto, definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
    ```
    """

    code = "GRA004"
    name = "active-under-deprecated"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in context.taxonomy.active_labels():
            for parent, path in parent_refs(label):
                if parent in labels and not labels[parent].is_active:
                    targets = labels[parent].replacement_targets
                    hint = (
                        f"Move it under '{targets[0]}', the replacement of '{parent}'."
                        if len(targets) == 1
                        else "Move it under an active parent."
                    )
                    yield context.finding(
                        self.code,
                        f"active label '{label.id}' has the deprecated parent '{parent}'",
                        path,
                        (label.id, parent),
                        hint,
                        at_value=True,
                    )


@register
class UnknownLabelReference(TaxonomyRule):
    """## What it does
    Reports a label id that is not in the taxonomy where a field refers to a
    label: the target of an `excludes` entry, a `distinguish_from` key, a
    counter-example's `label`, an edge case's `decision`, `carved_from`, and
    the members of `exclusive_groups`.

    ## Why is this bad?
    Annotators are sent to a label that does not exist, the docs link nowhere,
    and a decision or mapping built on the reference is silently lost.

    ## Example
    ```yaml
    labels:
      car:
        definition: A motor vehicle with four wheels.
        excludes: {pickup truck: trucks}
    ```

    ## Use instead
    ```yaml
    labels:
      car:
        definition: A motor vehicle with four wheels.
        excludes: {pickup truck: truck}
      truck: {definition: A motor vehicle with a cargo area.}
    ```
    """

    code = "GRA005"
    name = "unknown-label-reference"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in labels.values():
            for what, target, path in label_refs(label):
                if target not in labels:
                    # A distinguish_from key is itself the reference: point at the key.
                    yield context.finding(
                        self.code,
                        f"{what} of '{label.id}' refers to the unknown label '{target}'",
                        path,
                        (label.id,),
                        "Use the id of an existing label.",
                        at_value=what != "distinguish_from",
                    )
        for group_index, group in enumerate(context.taxonomy.exclusive_groups):
            for index, member in enumerate(group):
                if member not in labels:
                    yield context.finding(
                        self.code,
                        f"exclusive group {group_index + 1} names the unknown label '{member}'",
                        ("exclusive_groups", group_index, index),
                        (),
                        "Use the id of an existing label.",
                        at_value=True,
                    )


@register
class SingleChild(TaxonomyRule):
    """## What it does
    Reports an active label with exactly one active child.

    ## Why is this bad?
    A level with one member adds depth without a distinction: either the child
    means the same as its parent (merge them), or its siblings are missing and
    annotators have no label for the rest of the parent's items.

    ## Example
    ```yaml
    labels:
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
    labels:
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      car: {parent: vehicle, definition: A motor vehicle with four wheels.}
      truck: {parent: vehicle, definition: A motor vehicle with a cargo area.}
    ```
    """

    code = "GRA006"
    name = "single-child"
    severity = "info"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        graph = context.taxonomy.graph
        for label in context.taxonomy.active_labels():
            children = graph.children(label.id)
            if len(children) == 1:
                yield context.finding(
                    self.code,
                    f"label '{label.id}' has one child, '{children[0]}'",
                    ("labels", label.id),
                    (label.id, children[0]),
                    "Add the missing sibling labels, or merge the child into its parent.",
                )
