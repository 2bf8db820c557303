"""Class numbers (COCO category ids, YOLO class indices) of a taxonomy's labels.

One numbering for the relabeler, which rewrites datasets, and for the COCO and
YOLO exports, which write the categories and ``names`` those datasets carry: the
two must agree, so both use this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from labelspec.errors import UsageError

if TYPE_CHECKING:
    from labelspec.model import Taxonomy


@dataclass(frozen=True)
class Numbering:
    """New label id -> class number, and whether the numbers are stable.

    Numbers come from the labels' ``index`` fields. Where no label has one, the
    assignable labels are numbered in file order from ``start``: that numbering
    shifts whenever a label is added or removed, so it is flagged ``stable=False``
    and the caller warns.
    """

    numbers: dict[str, int]
    stable: bool

    @classmethod
    def of(cls, taxonomy: Taxonomy, start: int) -> Numbering:
        assignable = taxonomy.graph.assignable
        labels = taxonomy.labels
        indexed = {label_id: labels[label_id].index for label_id in assignable}
        missing = [label_id for label_id, index in indexed.items() if index is None]
        if not missing:
            return cls({label_id: int(index or 0) for label_id, index in indexed.items()}, True)
        if len(missing) < len(indexed):
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise UsageError(
                f"taxonomy {taxonomy.id!r}: some assignable labels have an index and "
                f"these do not: {shown}; give every assignable label an index"
            )
        return cls({label_id: start + n for n, label_id in enumerate(assignable)}, False)


def index_table(taxonomy: Taxonomy) -> dict[int, str]:
    """``index`` -> label id over every label, tombstones included: indices are
    never reused, so an old number still names the old label."""
    return {
        label.index: label_id
        for label_id, label in taxonomy.labels.items()
        if label.index is not None
    }
