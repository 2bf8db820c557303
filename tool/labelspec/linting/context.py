"""What a rule sees while it checks.

The contexts also carry what a run shares between rules: the :class:`Analyzer`
(texts parsed once per run) and, per taxonomy, the results of
:meth:`TaxonomyContext.shared`. Rules keep no state of their own between checks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from labelspec.diagnostics import Finding
from labelspec.text import Analyzer

Shared = TypeVar("Shared")

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
    analyzer: Analyzer = field(default_factory=Analyzer)
    _shared: dict[Hashable, object] = field(default_factory=dict, init=False, repr=False)

    def shared(self, factory: Callable[[TaxonomyContext], Shared]) -> Shared:
        """``factory(self)``, made once per context (one taxonomy in one run) and
        then given to every rule that asks with an equal factory: the analysis
        several rules of a family read (the label texts, the diff with the base)."""
        if factory not in self._shared:
            self._shared[factory] = factory(self)
        return cast(Shared, self._shared[factory])

    @property
    def file(self) -> str:
        return self.result.file

    @property
    def root(self) -> Path | None:
        """The repository root that media paths are relative to."""
        return self.repository.root if self.repository is not None else None

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

    @cached_property
    def _lines(self) -> list[str]:
        return (self.result.text or "").splitlines()

    def position_in_value(
        self, path: tuple[str | int, ...], value: str, offset: int
    ) -> tuple[int, int]:
        """The position of character ``offset`` of the scalar ``value`` at
        ``path``: exact when the scalar is written as-is on one line (a plain or
        simply quoted value), else the start of the value, since folded, block
        and escaped scalars do not map characters to columns one to one."""
        line, column = self.result.positions.value(path)
        lines = self._lines
        if 0 < line <= len(lines):
            raw = lines[line - 1]
            start = column - 1
            if raw[start : start + 1] in ("'", '"'):
                start += 1
            if raw[start : start + len(value)] == value:
                return line, start + offset + 1
        return line, column

    def finding_in_value(
        self,
        code: str,
        message: str,
        path: tuple[str | int, ...],
        value: str,
        offset: int,
        labels: tuple[str, ...] = (),
        hint: str | None = None,
    ) -> Finding:
        """A finding at a character of a scalar value (see :meth:`position_in_value`)."""
        line, column = self.position_in_value(path, value, offset)
        return Finding(code, message, self.file, line, column, labels, hint)


@dataclass(frozen=True)
class GuidelinePage:
    """A Markdown page of the guidelines, with its text."""

    path: Path
    file: str
    text: str


@dataclass
class RepositoryContext:
    """The whole repository: every loaded taxonomy and the guideline pages."""

    repository: Repository
    results: list[LoadResult] = field(default_factory=list)
    analyzer: Analyzer = field(default_factory=Analyzer)

    @property
    def taxonomies(self) -> dict[str, Taxonomy]:
        return {r.taxonomy.taxonomy: r.taxonomy for r in self.results if r.taxonomy is not None}

    @cached_property
    def unloadable(self) -> frozenset[str]:
        """Ids (file stems) of taxonomy files that did not load: references into
        them cannot be checked, and are not reported as unknown."""
        return frozenset(Path(r.file).stem for r in self.results if r.taxonomy is None)

    def result_of(self, taxonomy_id: str) -> LoadResult | None:
        return next(
            (r for r in self.results if r.taxonomy and r.taxonomy.taxonomy == taxonomy_id), None
        )

    @cached_property
    def pages(self) -> list[GuidelinePage]:
        """Every guideline page, read once (undecodable bytes replaced, since a
        page's prose is checked, not its encoding)."""
        pages = []
        for path in self.repository.guideline_pages():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            pages.append(GuidelinePage(path, self.repository.relative(path), text))
        return pages
