"""The label hierarchy as a networkx DAG, and who may be assigned with whom.

Edges point from parent to child. Tombstones are nodes too (so that references to
them resolve), but only active labels count as children when deciding whether a
label is a leaf.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from labelspec.model import Taxonomy


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

    def cycles(self) -> list[list[str]]:
        """Each cycle of the hierarchy once, as a list of label ids."""
        import networkx as nx

        return [list(cycle) for cycle in nx.simple_cycles(self.dag)]

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
        leaf_only = self.taxonomy.task.leaf_only
        return tuple(
            label_id
            for label_id, label in self.taxonomy.labels.items()
            if label.is_active and not label.abstract and (not leaf_only or self.is_leaf(label_id))
        )

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

    def exclusive_pairs(self) -> Iterator[tuple[str, str]]:
        """Every pair of mutually exclusive labels once (quadratic: for small sets)."""
        seen: set[tuple[str, str]] = set()
        for group in self.exclusive_sets:
            ordered = [label for label in self.assignable if label in group]
            for pair in combinations(ordered, 2):
                if pair not in seen:
                    seen.add(pair)
                    yield pair
