"""The texts of one taxonomy's active labels as the OVL rules compare them:
lemmas of names, aliases, definitions and includes, their content terms, the
genus of each definition, and sparse TF-IDF vectors.

All texts go through the run's :class:`~labelspec.text.Analyzer` in batches, and
``context.shared(label_texts)`` builds the whole once per taxonomy and lint run.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from labelspec.text import Analyzer, Lemmas

if TYPE_CHECKING:
    from labelspec.linting.context import TaxonomyContext
    from labelspec.model import Label, Taxonomy
    from labelspec.similarity import TermVectors

# Weight of a name or alias term against a definition term in the similarity vectors.
_NAME_WEIGHT = 2.0


class LabelTexts:
    """The lemmas, content terms, genera and TF-IDF vectors of one taxonomy's
    active labels, by row (the labels' order in :attr:`ids`)."""

    def __init__(self, taxonomy: Taxonomy, analyzer: Analyzer | None = None) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.taxonomy = taxonomy
        self.analyzer = analyzer or Analyzer()
        self.stop: frozenset[str] = frozenset(STOP_WORDS)
        # Whether a lemma carries meaning (see content), memoised: a taxonomy's
        # vocabulary is small next to its running text.
        self._meaningful: dict[str, bool] = {}
        self.ids: list[str] = [label.id for label in taxonomy.active_labels()]
        self.row: dict[str, int] = {label_id: row for row, label_id in enumerate(self.ids)}
        labels = [taxonomy.labels[label_id] for label_id in self.ids]
        name_groups = [[label.display_name, *label.aliases] for label in labels]
        normalise = self.analyzer.normalise_names
        normalised = iter(normalise([name for group in name_groups for name in group]))
        # Per label: its name first, then its aliases, each as a lemma tuple.
        self.names: list[list[Lemmas]] = [
            [tuple(next(normalised).split()) for _ in group] for group in name_groups
        ]
        self._definition_texts = [label.definition or "" for label in labels]
        self.definitions: list[Lemmas] = self.analyzer.lemmas_many(self._definition_texts)
        flat_includes = iter(normalise([item for label in labels for item in label.includes]))
        self.includes: list[list[Lemmas]] = [
            [tuple(next(flat_includes).split()) for _ in label.includes] for label in labels
        ]

    def label(self, row: int) -> Label:
        return self.taxonomy.labels[self.ids[row]]

    def content(self, lemmas: Lemmas) -> list[str]:
        """The lemmas that carry meaning: no stop words, no symbols."""
        meaningful = self._meaningful
        found = []
        for lemma in lemmas:
            keep = meaningful.get(lemma)
            if keep is None:
                keep = lemma not in self.stop and any(char.isalnum() for char in lemma)
                meaningful[lemma] = keep
            if keep:
                found.append(lemma)
        return found

    @cached_property
    def meaning_terms(self) -> list[frozenset[str]]:
        """What each label's definition and includes say, as a set of content lemmas."""
        return [
            frozenset(
                self.content(self.definitions[row])
                + [term for item in self.includes[row] for term in self.content(item)]
            )
            for row in range(len(self.ids))
        ]

    @cached_property
    def vectors(self) -> TermVectors:
        """TF-IDF over name, aliases (weighted up), definition and includes."""
        from labelspec.similarity import TermVectors

        documents = []
        for row in range(len(self.ids)):
            weights: dict[str, float] = defaultdict(float)
            for name in self.names[row]:
                for term in self.content(name):
                    weights[term] = max(weights[term], _NAME_WEIGHT)
            for term in self.meaning_terms[row]:
                weights[term] += 1.0
            documents.append(dict(weights))
        return TermVectors(documents)

    @cached_property
    def idf(self) -> dict[str, float]:
        vectors = self.vectors
        return {term: float(vectors.idf[column]) for term, column in vectors.vocabulary.items()}

    @cached_property
    def rows_by_name(self) -> dict[Lemmas, list[int]]:
        """Normalised names and aliases -> the labels that carry them."""
        found: dict[Lemmas, list[int]] = defaultdict(list)
        for row, names in enumerate(self.names):
            for name in dict.fromkeys(names):
                if self.content(name):  # not a name of stop words only
                    found[name].append(row)
        return dict(found)

    @cached_property
    def rows_by_primary_name(self) -> dict[Lemmas, list[int]]:
        """Normalised names (not aliases) -> the labels that carry them."""
        found: dict[Lemmas, list[int]] = defaultdict(list)
        for row, names in enumerate(self.names):
            if self.content(names[0]):
                found[names[0]].append(row)
        return dict(found)

    @cached_property
    def genera(self) -> list[Lemmas]:
        """The genus of each definition (:func:`labelspec.text.genus`, as DEF002
        and DEF006 read it)."""
        return self.analyzer.genera(self._definition_texts)

    def weight(self, terms: Iterable[str]) -> float:
        # fsum: the same total whatever order a set yields its terms in (string
        # hashing changes per process), so scores and thresholds are reproducible.
        idf = self.idf
        return math.fsum(idf.get(term, 1.0) for term in terms)


def label_texts(context: TaxonomyContext) -> LabelTexts:
    """The factory rules pass to :meth:`TaxonomyContext.shared`, so that the OVL
    rules build one :class:`LabelTexts` per taxonomy and run:
    ``context.shared(label_texts)``."""
    return LabelTexts(context.taxonomy, context.analyzer)
