"""The label hierarchy as a networkx DAG, who may be assigned with whom, and where
tombstones send their data.

Edges point from parent to child. Tombstones are nodes too (so that references to
them resolve), but only active labels count as children when deciding whether a
label is a leaf.

Two questions are answered here once for every caller, as pure functions over a
label table (no networkx): which labels are assignable (:func:`assignable_ids`)
and where a chain of ``replaced_by`` leads (:func:`follow_replacements`). The
version mapping asks both about past versions, so "alive" and "followed" are
parameters; :class:`TaxonomyGraph` asks them about the file as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    import networkx as nx

    from labelspec.model import Label, Scalar, Taxonomy


def _is_active(label: Label) -> bool:
    return label.is_active


def _is_tombstone(label: Label) -> bool:
    return not label.is_active


class HierarchyNode(Protocol):
    """What the assignable rule reads of a label: a taxonomy's, or a tool's."""

    @property
    def parents(self) -> list[str]: ...

    @property
    def abstract(self) -> bool: ...


Node = TypeVar("Node", bound=HierarchyNode)


def assignable_ids(
    labels: Mapping[str, Node],
    leaf_only: bool,
    alive: Callable[[Node], bool] = _is_active,  # type: ignore[assignment]
) -> tuple[str, ...]:
    """Labels annotators may put on data, in file order: alive, not abstract, and
    (with ``leaf_only``) without alive children. DESIGN.md's rule; ``alive`` is
    "active" for the file as it is, "existed then" for an earlier version, "not
    retired" for a tool's label set."""
    living = [label_id for label_id, label in labels.items() if alive(label)]
    with_children = {parent for label_id in living for parent in labels[label_id].parents}
    return tuple(
        label_id
        for label_id in living
        if not labels[label_id].abstract and not (leaf_only and label_id in with_children)
    )


@dataclass(frozen=True)
class Hop:
    """One step of a replacement chain: tombstone ``source`` sends its data to
    ``target``, under ``when`` (a rule split's attribute conditions), or as one of
    the candidates a person chooses from (``ambiguous``: a split without rules)."""

    source: str
    target: str
    when: Mapping[str, Scalar] | None = None
    ambiguous: bool = False


def replacement_hops(label: Label) -> tuple[Hop, ...]:
    """Where a tombstone sends its data, one step on; empty for a removal."""
    form = label.replacement_form
    if form == "single":
        return (Hop(label.id, label.replacement_targets[0]),)
    if form == "ambiguous-split":
        return tuple(Hop(label.id, target, ambiguous=True) for target in label.replacement_targets)
    return tuple(Hop(label.id, rule.label, rule.when) for rule in label.split_rules)


ChainStop = Literal["reached", "removed", "unknown", "cycle"]


@dataclass(frozen=True)
class ChainEnd:
    """Where one branch of a replacement chain stops, and the hops on the way.

    ``stop`` says why: ``reached`` a label that is not followed further (``label``);
    ``removed``, a followed tombstone without replacement (``label`` is None);
    ``unknown``, a target that is no label (``label`` names it); ``cycle``, a hop
    back to a label already on this branch (``label``, where the cycle closes).
    """

    label: str | None
    hops: tuple[Hop, ...]
    stop: ChainStop

    @property
    def cycle(self) -> tuple[str, ...]:
        """For a cycle: its labels from where it closes back to there."""
        on_path = [hop.source for hop in self.hops]
        return (*on_path[on_path.index(self.label) :], self.label) if self.label else ()


@dataclass(frozen=True)
class _Branch:
    """A branch of the walk: the last hop taken and the branch before it."""

    hop: Hop
    before: _Branch | None

    def hops(self) -> tuple[Hop, ...]:
        found: list[Hop] = []
        branch: _Branch | None = self
        while branch is not None:
            found.append(branch.hop)
            branch = branch.before
        return tuple(reversed(found))


def follow_replacements(
    labels: Mapping[str, Label],
    start: str,
    followed: Callable[[Label], bool] = _is_tombstone,
    once: bool = False,
) -> Iterator[ChainEnd]:
    """Every end of the replacement chains from ``start``, depth first in file
    order (the order of each ``replaced_by``).

    ``followed`` says which labels pass their data on (by default: tombstones).
    With ``once``, each label is followed only the first time it is met, which
    keeps the walk linear when only the set of ends matters; without it every
    branch is walked, since each may carry other conditions.
    """
    met: set[str] = set()
    on_branch: set[str] = set()
    # Work items: (label to visit, branch that led there) or a marker that the
    # label's subtree is done (then it leaves ``on_branch``).
    stack: list[tuple[str, _Branch | None] | str] = [(start, None)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            on_branch.discard(item)
            continue
        label_id, branch = item
        hops = branch.hops if branch is not None else tuple
        label = labels.get(label_id)
        if label is None:
            yield ChainEnd(label_id, hops(), "unknown")
        elif not followed(label):
            yield ChainEnd(label_id, hops(), "reached")
        elif label_id in on_branch:
            yield ChainEnd(label_id, hops(), "cycle")
        elif once and label_id in met:
            continue
        elif not (onwards := replacement_hops(label)):
            yield ChainEnd(None, hops(), "removed")
        else:
            met.add(label_id)
            on_branch.add(label_id)
            stack.append(label_id)
            stack.extend((hop.target, _Branch(hop, branch)) for hop in reversed(onwards))


class TaxonomyGraph:
    """Read-only views over one taxonomy's hierarchy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    @cached_property
    def dag(self) -> nx.DiGraph:
        """parent -> child edges; parents that are not labels are left out (GRA001
        reports them), so every node is a label id."""
        import networkx as nx

        graph = nx.DiGraph()
        labels = self.taxonomy.labels
        graph.add_nodes_from(labels)
        graph.add_edges_from(
            (parent, label_id)
            for label_id, label in labels.items()
            for parent in label.parents
            if parent in labels
        )
        return graph

    @cached_property
    def is_acyclic(self) -> bool:
        import networkx as nx

        return bool(nx.is_directed_acyclic_graph(self.dag))

    def parents(self, label_id: str) -> list[str]:
        return list(self.dag.predecessors(label_id))

    def children(self, label_id: str, active_only: bool = True) -> list[str]:
        labels = self.taxonomy.labels
        return [
            child
            for child in self.dag.successors(label_id)
            if not active_only or labels[child].is_active
        ]

    def ancestors(self, label_id: str) -> set[str]:
        import networkx as nx

        return set(nx.ancestors(self.dag, label_id))

    def descendants(self, label_id: str) -> set[str]:
        import networkx as nx

        return set(nx.descendants(self.dag, label_id))

    def roots(self) -> list[str]:
        """Labels without a parent, in file order."""
        return [node for node in self.taxonomy.labels if self.dag.in_degree(node) == 0]

    def is_leaf(self, label_id: str) -> bool:
        return not self.children(label_id)

    @cached_property
    def assignable(self) -> tuple[str, ...]:
        """Labels annotators may put on data, in file order: active, not abstract,
        and (with ``leaf_only``) without active children."""
        return assignable_ids(self.taxonomy.labels, self.taxonomy.task.leaf_only)

    def is_assignable(self, label_id: str) -> bool:
        return label_id in self._assignable_set

    @cached_property
    def _assignable_set(self) -> frozenset[str]:
        return frozenset(self.assignable)

    @cached_property
    def exclusive_sets(self) -> tuple[frozenset[str], ...]:
        """Sets of assignable labels of which one item may carry only one.

        Single-label tasks: all assignable labels form one set. Multi-label tasks:
        each ``exclusive_groups`` entry, restricted to assignable labels.
        """
        if not self.taxonomy.task.multi_label:
            return (self._assignable_set,)
        return tuple(
            frozenset(label for label in group if label in self._assignable_set)
            for group in self.taxonomy.exclusive_groups
        )

    def exclude_each_other(self, first: str, second: str) -> bool:
        """Whether ``first`` and ``second`` can never both be on one item."""
        if first == second:
            return False
        return any(first in group and second in group for group in self.exclusive_sets)

    def final_targets(self, label_id: str) -> tuple[str, ...]:
        """The active labels at the ends of a tombstone's replacement chains, in
        file order (the label itself when it is active). Unknown targets,
        removals and cycles lead nowhere."""
        ends = follow_replacements(self.taxonomy.labels, label_id, once=True)
        return tuple(
            dict.fromkeys(end.label for end in ends if end.stop == "reached" and end.label)
        )

    def replacement_cycles(self) -> list[list[str]]:
        """Tombstones whose ``replaced_by`` chains lead back to themselves: each set
        of labels that reach one another once, in file order, the sets ordered by
        their first label."""
        import networkx as nx

        labels = self.taxonomy.labels
        order = {label_id: index for index, label_id in enumerate(labels)}
        graph = nx.DiGraph()
        graph.add_edges_from(
            (label_id, target)
            for label_id, label in labels.items()
            if not label.is_active
            for target in label.replacement_targets
            if target in labels
        )
        found = []
        for component in nx.strongly_connected_components(graph):
            members = sorted(component, key=order.__getitem__)
            if len(members) > 1 or graph.has_edge(members[0], members[0]):
                found.append(members)
        return sorted(found, key=lambda members: order[members[0]])
