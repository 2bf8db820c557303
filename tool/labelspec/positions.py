"""Where each node of a taxonomy document stands in its file.

The loader fills a :class:`Positions` while it builds the data; the model keeps it,
so that findings and diffs can point at the line and column of any field.
"""

from __future__ import annotations

from collections.abc import Iterable

# The keys and indices leading to a node, e.g. ("labels", "car", "examples", 0).
NodePath = tuple[str | int, ...]


class Positions:
    """1-based (line, column) of the nodes of one document, by path.

    ``keys`` holds the position of each mapping key and sequence item (the start of
    the item), ``values`` that of each scalar value.
    """

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.keys: dict[NodePath, tuple[int, int]] = {}
        self.values: dict[NodePath, tuple[int, int]] = {}

    def find(self, path: Iterable[str | int]) -> tuple[int, int]:
        """Position of the key at ``path``, or of its nearest located ancestor."""
        current = tuple(path)
        while current:
            found = self.keys.get(current)
            if found is not None:
                return found
            current = current[:-1]
        return (1, 1)

    def value(self, path: Iterable[str | int]) -> tuple[int, int]:
        """Position of the scalar value at ``path``; falls back to :meth:`find`."""
        current = tuple(path)
        return self.values.get(current) or self.find(current)
