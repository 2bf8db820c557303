"""Where each generated page lives in the site.

Page paths are derived from taxonomy and label ids, which are YAML keys and may
hold any character; :func:`slug` makes them safe file names, and a short hash
keeps two ids apart when their slugs (or their lowercase forms) would collide.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from labelspec.docs.changes import earlier_versions
from labelspec.model import Taxonomy

_UNSAFE = re.compile(r"[^a-z0-9_.-]+")


def slug(identifier: str) -> str:
    """A file-name-safe, lowercase form of ``identifier`` (never empty)."""
    cleaned = _UNSAFE.sub("-", identifier.lower()).strip("-_.")
    if cleaned != identifier:
        digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
        cleaned = f"{cleaned}-{digest}" if cleaned else digest
    return cleaned


@dataclass
class TaxonomyPages:
    """The generated pages of one taxonomy (paths relative to ``docs_dir``)."""

    taxonomy: Taxonomy
    overview: str
    cheatsheet: str
    changelog: str
    mapping: str
    since: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return self.overview.removesuffix(".md")

    def downloads(self, version: str) -> dict[str, str]:
        """Download files of the mapping from ``version``: format -> path."""
        stem = f"{self.folder}/mapping-from-{slug(version)}"
        return {"json": f"{stem}.json", "csv": f"{stem}.csv", "sssom": f"{stem}.sssom.tsv"}

    def pages(self) -> Iterator[str]:
        yield self.overview
        yield self.cheatsheet
        yield self.changelog
        yield self.mapping
        yield from self.since.values()
        yield from self.labels.values()


@dataclass
class SiteLayout:
    """Every generated page of the site."""

    taxonomies: dict[str, TaxonomyPages]
    rules: str | None

    @classmethod
    def plan(
        cls,
        taxonomies: Mapping[str, Taxonomy],
        prefix: str,
        rules_page: str | None,
    ) -> SiteLayout:
        prefix = prefix.strip("/")
        planned: dict[str, TaxonomyPages] = {}
        for taxonomy_id, taxonomy in taxonomies.items():
            folder = f"{prefix}/{slug(taxonomy_id)}" if prefix else slug(taxonomy_id)
            pages = TaxonomyPages(
                taxonomy=taxonomy,
                overview=f"{folder}.md",
                cheatsheet=f"{folder}/cheat-sheet.md",
                changelog=f"{folder}/changelog.md",
                mapping=f"{folder}/mapping.md",
            )
            for version in earlier_versions(taxonomy):
                pages.since[version] = f"{folder}/changes-since-{slug(version)}.md"
            taken: set[str] = set()
            for label_id in taxonomy.labels:
                name = slug(label_id)
                if name in taken:
                    name = f"{name}-{hashlib.sha1(label_id.encode()).hexdigest()[:8]}"
                taken.add(name)
                pages.labels[label_id] = f"{folder}/labels/{name}.md"
            planned[taxonomy_id] = pages
        return cls(planned, rules_page)

    def pages(self) -> Iterator[str]:
        for taxonomy in self.taxonomies.values():
            yield from taxonomy.pages()
        if self.rules:
            yield self.rules
