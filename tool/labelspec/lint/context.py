"""What a rule sees while it checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labelspec.lint.diagnostics import Finding

if TYPE_CHECKING:
    from labelspec.loader import LoadResult
    from labelspec.model import Taxonomy
    from labelspec.repository import Repository


@dataclass
class TaxonomyContext:
    """One loaded taxonomy file, and optionally the same taxonomy at the base ref."""

    result: LoadResult
    taxonomy: Taxonomy
    repository: Repository | None = None
    base: Taxonomy | None = None

    @property
    def file(self) -> str:
        return self.result.file

    def finding(
        self,
        code: str,
        message: str,
        path: tuple[str | int, ...],
        labels: tuple[str, ...] = (),
        hint: str | None = None,
        *,
        at_value: bool = False,
        score: float | None = None,
    ) -> Finding:
        """A finding located at the node ``path`` of this file (its key, or its
        scalar value with ``at_value``)."""
        positions = self.result.positions
        line, column = positions.value(path) if at_value else positions.find(path)
        return Finding(code, message, self.file, line, column, labels, hint, score=score)


@dataclass
class RepositoryContext:
    """The whole repository: every loaded taxonomy and the guideline pages."""

    repository: Repository
    results: list[LoadResult] = field(default_factory=list)

    @property
    def taxonomies(self) -> dict[str, Taxonomy]:
        return {r.taxonomy.taxonomy: r.taxonomy for r in self.results if r.taxonomy is not None}
