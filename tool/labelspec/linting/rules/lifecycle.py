"""VER: tombstones, replacements and version fields tell a consistent history.

VER006-VER008, which compare with a base git ref, live in ``history.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import TaxonomyRule, register
from labelspec.model import Label, SplitTarget
from labelspec.semver import version_key

NodePath = tuple[str | int, ...]


def later(first: str, second: str) -> bool:
    """Whether version ``first`` comes after version ``second``."""
    return version_key(first) > version_key(second)


def replacement_refs(label: Label) -> Iterator[tuple[str, NodePath]]:
    """(target id, path of its value) for each replacement of a tombstone."""
    base: NodePath = ("labels", label.id, "replaced_by")
    value = label.replaced_by
    if isinstance(value, str):
        yield value, base
    elif value is not None:
        for index, item in enumerate(value):
            if isinstance(item, SplitTarget):
                yield item.label, (*base, index, "label")
            elif isinstance(item, str):
                yield item, (*base, index)


@register
class IncompleteTombstone(TaxonomyRule):
    """## What it does
    Reports a deprecated label without `deprecated_in`, or without both
    `replaced_by` and `reason` (a label removed without a replacement must
    say why).

    ## Why is this bad?
    Version mappings read tombstones: without `deprecated_in` they cannot tell
    from which version on the label's data must be relabelled, and a removal
    without a reason leaves reviewers to guess what to do with the old data.

    ## Example
    ```yaml
    labels:
      auto: {status: deprecated}
    ```

    ## Use instead
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged into car.}
    ```
    """

    code = "VER001"
    name = "incomplete-tombstone"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in context.taxonomy.deprecated_labels():
            missing = []
            if label.deprecated_in is None:
                missing.append("deprecated_in")
            if label.replaced_by is None and not (label.reason or "").strip():
                missing.append("replaced_by or reason")
            if missing:
                yield context.finding(
                    self.code,
                    f"tombstone '{label.id}' lacks {' and '.join(missing)}",
                    ("labels", label.id, "status"),
                    (label.id,),
                    "Add " + " and ".join(f"`{m}`" for m in missing) + " to the tombstone.",
                )


@register
class UnknownReplacement(TaxonomyRule):
    """## What it does
    Reports a `replaced_by` target that is not a label of the taxonomy.

    ## Why is this bad?
    The mapping from older versions follows `replaced_by`; a target that does
    not exist maps old annotations to a label no tool knows.

    ## Example
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: cars}
      car: {definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car}
    ```
    """

    code = "VER002"
    name = "unknown-replacement"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in labels.values():
            for target, path in replacement_refs(label):
                if target not in labels:
                    yield context.finding(
                        self.code,
                        f"'{label.id}' is replaced by the unknown label '{target}'",
                        path,
                        (label.id,),
                        "Name an existing label, or add the new label first.",
                        at_value=True,
                    )


@register
class ReplacementCycle(TaxonomyRule):
    """## What it does
    Reports tombstones whose `replaced_by` chain leads back to itself
    (`a -> b -> a`), once per cycle.

    ## Why is this bad?
    Mapping old annotations forward follows the chain until it reaches an
    active label; in a cycle it never does, so the data of these labels cannot
    be relabelled.

    ## Example
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: motorcar}
      motorcar: {status: deprecated, deprecated_in: 2.0.0, replaced_by: auto}
    ```

    ## Use instead
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car}
      motorcar: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car}
      car: {definition: A motor vehicle with four wheels.}
    ```
    """

    code = "VER003"
    name = "replacement-cycle"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for members in context.taxonomy.graph.replacement_cycles():
            first = context.taxonomy.labels[members[0]]
            path = next(p for target, p in replacement_refs(first) if target in members)
            yield context.finding(
                self.code,
                "replacements go round in a cycle: " + " -> ".join([*members, members[0]]),
                path,
                tuple(members),
                "Point the tombstones at an active label.",
                at_value=True,
            )


@register
class ReplacementIsDeprecated(TaxonomyRule):
    """## What it does
    Reports a `replaced_by` target that is itself deprecated (a chain of
    tombstones), naming the active label at the end of the chain when there is
    exactly one.

    ## Why is this bad?
    Chains work, but every reader (and every mapping export) has to follow
    them; a tombstone that points at the current label says plainly where the
    data went.

    ## Example
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: motorcar}
      motorcar: {status: deprecated, deprecated_in: 3.0.0, replaced_by: car}
      car: {definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car}
    ```
    """

    code = "VER004"
    name = "replacement-is-deprecated"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        graph = context.taxonomy.graph
        in_cycle = {member for members in graph.replacement_cycles() for member in members}
        for label in context.taxonomy.deprecated_labels():
            if label.id in in_cycle:
                continue  # VER003 reports it
            for target, path in replacement_refs(label):
                if target in labels and not labels[target].is_active:
                    ends = sorted(graph.final_targets(target))
                    hint = (
                        f"Replace '{target}' with '{ends[0]}', where the chain ends."
                        if len(ends) == 1
                        else "Point at the active labels at the end of the chain."
                    )
                    yield context.finding(
                        self.code,
                        f"'{label.id}' is replaced by '{target}', which is deprecated too",
                        path,
                        (label.id, target),
                        hint,
                        at_value=True,
                    )


@register
class BadVersionField(TaxonomyRule):
    """## What it does
    Reports version fields that contradict each other or the taxonomy's
    `version`: `added_in`, `deprecated_in`, a `history` entry or an edge
    case's `since` later than the taxonomy version; `deprecated_in` before
    `added_in`; a `history` entry before the label was added.

    ## Why is this bad?
    Mappings from older versions decide from these fields which changes apply;
    a version from the future or a label deprecated before it existed makes
    them map data wrongly or not at all.

    ## Example
    ```yaml
    version: 2.0.0
    labels:
      car: {definition: A motor vehicle with four wheels., added_in: 2.1.0}
    ```

    ## Use instead
    ```yaml
    version: 2.1.0
    labels:
      car: {definition: A motor vehicle with four wheels., added_in: 2.1.0}
    ```
    """

    code = "VER005"
    name = "bad-version-field"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        current = context.taxonomy.version
        for label in context.taxonomy.labels.values():
            here: NodePath = ("labels", label.id)
            fields: list[tuple[str, str | None, NodePath]] = [
                ("added_in", label.added_in, (*here, "added_in")),
                ("deprecated_in", label.deprecated_in, (*here, "deprecated_in")),
            ]
            fields += [
                ("history version", entry.version, (*here, "history", index, "version"))
                for index, entry in enumerate(label.history)
            ]
            fields += [
                ("edge-case since", case.since, (*here, "edge_cases", index, "since"))
                for index, case in enumerate(label.edge_cases)
            ]
            for what, value, path in fields:
                if value is not None and later(value, current):
                    yield self._finding(
                        context, label, path, f"{what} {value} is later than the version {current}"
                    )
            added = label.added_in
            if added is None:
                continue
            if label.deprecated_in is not None and later(added, label.deprecated_in):
                yield self._finding(
                    context,
                    label,
                    (*here, "deprecated_in"),
                    f"deprecated_in {label.deprecated_in} is before added_in {added}",
                )
            for index, entry in enumerate(label.history):
                if later(added, entry.version):
                    yield self._finding(
                        context,
                        label,
                        (*here, "history", index, "version"),
                        f"history version {entry.version} is before added_in {added}",
                    )

    def _finding(
        self, context: TaxonomyContext, label: Label, path: NodePath, problem: str
    ) -> Finding:
        return context.finding(
            self.code,
            f"label '{label.id}': {problem}",
            path,
            (label.id,),
            "Correct the version, or bump the taxonomy `version` with this change.",
            at_value=True,
        )


@register
class NewLabelWithoutCarvedFrom(TaxonomyRule):
    """## What it does
    Reports an assignable label added in the current version (`added_in`
    equals the taxonomy `version`) without `carved_from`, when a sibling (a label
    with the same parents) was deprecated in the same version and the new
    label is not among that tombstone's `replaced_by` targets.

    ## Why is this bad?
    A label deprecated next to a new one in the same release usually means
    the new label took over part of the old one's meaning. The old data
    follows `replaced_by`; if the new label is neither a replacement nor
    marked `carved_from`, data that now belongs to it is mapped elsewhere
    without review.

    ## Example
    ```yaml
    version: 2.0.0
    labels:
      person: {status: deprecated, deprecated_in: 2.0.0, replaced_by: pedestrian}
      pedestrian: {definition: A person walking or standing., added_in: 2.0.0}
      cyclist: {definition: A person riding a bicycle., added_in: 2.0.0}
    ```

    ## Use instead
    ```yaml
      cyclist:
        definition: A person riding a bicycle.
        added_in: 2.0.0
        carved_from: [person]
    ```
    """

    code = "VER009"
    name = "new-label-without-carved-from"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        current = version_key(taxonomy.version)
        retired = [
            label
            for label in taxonomy.deprecated_labels()
            if label.deprecated_in is not None and version_key(label.deprecated_in) == current
        ]
        if not retired:
            return
        for label in taxonomy.active_labels():
            if not taxonomy.graph.is_assignable(label.id):
                continue  # no data is ever labelled with a grouping node
            if label.added_in is None or version_key(label.added_in) != current:
                continue
            if label.carved_from:
                continue
            siblings = [
                old
                for old in retired
                if sorted(old.parents) == sorted(label.parents)
                and label.id not in old.replacement_targets
            ]
            if siblings:
                names = ", ".join(f"'{old.id}'" for old in siblings)
                yield context.finding(
                    self.code,
                    f"new label '{label.id}' sits where {names} was deprecated in "
                    f"{taxonomy.version}, but has no carved_from",
                    ("labels", label.id, "added_in"),
                    (label.id, *(old.id for old in siblings)),
                    f"Add `carved_from: [{siblings[0].id}]` if data labelled '{siblings[0].id}' "
                    f"may belong here, or list '{label.id}' in its replaced_by.",
                )


@register
class ReplacedByOnActive(TaxonomyRule):
    """## What it does
    Reports `replaced_by` or `deprecated_in` on a label that is active
    (without `status: deprecated`).

    ## Why is this bad?
    The fields say the label is gone while its status says it is in use:
    the guideline site still offers it, and mappings disagree on whether to
    move its data.

    ## Example
    ```yaml
    labels:
      auto: {definition: A car., replaced_by: car}
    ```

    ## Use instead
    ```yaml
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed.}
    ```
    """

    code = "VER010"
    name = "replaced-by-on-active"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in context.taxonomy.active_labels():
            for field in ("replaced_by", "deprecated_in"):
                if getattr(label, field) is not None:
                    yield context.finding(
                        self.code,
                        f"active label '{label.id}' has `{field}`",
                        ("labels", label.id, field),
                        (label.id,),
                        "Add `status: deprecated` if the label is retired, otherwise remove "
                        f"`{field}`.",
                    )
