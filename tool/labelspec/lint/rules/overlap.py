"""OVL: labels that exclude each other but overlap in meaning, or whose examples and
edge-case decisions contradict each other.

The expensive part, turning every label's texts into lemmas and sparse vectors, is
done once per taxonomy (:class:`LabelTexts`) and shared by the rules of this family.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from labelspec.lint.registry import RuleOptions, TaxonomyRule, register

if TYPE_CHECKING:
    from labelspec.diagnostics import Finding
    from labelspec.lint.context import TaxonomyContext
    from labelspec.model import Example, Label, Taxonomy
    from labelspec.similarity import TermVectors

Lemmas = tuple[str, ...]

# Words that open a definition without saying what the thing is ("a", "any of ...").
_OPENERS = frozenset({"a", "an", "the", "any", "one", "some", "of", "several", "various"})
# Between texts in one Doc: never a lemma (lemmas hold no whitespace).
_SEPARATOR = "\n"
_COORDINATORS = frozenset({"and", "or"})
# Shared meaning terms needed before wording alone makes two labels one concept.
_MIN_SHARED_TERMS = 3
# Weight of a name or alias term against a definition term in the similarity vectors.
_NAME_WEIGHT = 2.0


_CONTENT: dict[str, bool] = {}


def _content(lemmas: Lemmas, stop: frozenset[str]) -> list[str]:
    """The lemmas that carry meaning: no stop words, no symbols (memoised per lemma:
    a taxonomy's vocabulary is small next to its running text)."""
    found = []
    for lemma in lemmas:
        keep = _CONTENT.get(lemma)
        if keep is None:
            keep = lemma not in stop and (lemma.isalnum() or any(ch.isalnum() for ch in lemma))
            _CONTENT[lemma] = keep
        if keep:
            found.append(lemma)
    return found


def _genus(definition: Lemmas, stop: frozenset[str]) -> Lemmas:
    """The first run of content words of a definition: where the kind of thing is
    named ("a [portable computer small] enough to ..."). Coordinated modifiers are
    skipped, so that "large orange and black lizard" gives "black lizard", not
    "large orange"."""
    start = 0
    while start < len(definition) and definition[start] in _OPENERS:
        start += 1
    while True:
        end = start
        while end < len(definition) and definition[end] not in stop:
            end += 1
        if end + 1 < len(definition) and definition[end] in _COORDINATORS:
            start = end + 1
            continue
        return definition[start:end]


def _contains(haystack: Lemmas, needle: Lemmas) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[start : start + size] == needle for start in range(len(haystack) - size + 1)
    )


class LabelTexts:
    """The lemmas, content terms and TF-IDF vectors of one taxonomy's active labels.

    Built once per taxonomy: all texts go through spaCy in one batch
    (:func:`labelspec.text.lemmas_many`, which caches per text).
    """

    _last: ClassVar[tuple[Taxonomy, LabelTexts] | None] = None

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> LabelTexts:
        """The analysis of ``taxonomy``, reused while the same object is linted."""
        cached = cls._last
        if cached is not None and cached[0] is taxonomy:
            return cached[1]
        analysis = cls(taxonomy)
        cls._last = (taxonomy, analysis)
        return analysis

    def __init__(self, taxonomy: Taxonomy) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        from labelspec.text import lemmas_many, normalise_names

        self.taxonomy = taxonomy
        self.stop: frozenset[str] = frozenset(STOP_WORDS)
        self.ids: list[str] = [label.id for label in taxonomy.active_labels()]
        self.row: dict[str, int] = {label_id: row for row, label_id in enumerate(self.ids)}
        labels = [taxonomy.labels[label_id] for label_id in self.ids]
        name_groups = [[label.display_name, *label.aliases] for label in labels]
        normalised = iter(normalise_names([name for group in name_groups for name in group]))
        # Per label: its name first, then its aliases, each as a lemma tuple.
        self.names: list[list[Lemmas]] = [
            [tuple(next(normalised).split()) for _ in group] for group in name_groups
        ]
        self.definitions: list[Lemmas] = lemmas_many([label.definition or "" for label in labels])
        flat_includes = iter(normalise_names([item for label in labels for item in label.includes]))
        self.includes: list[list[Lemmas]] = [
            [tuple(next(flat_includes).split()) for _ in label.includes] for label in labels
        ]

    def label(self, row: int) -> Label:
        return self.taxonomy.labels[self.ids[row]]

    @cached_property
    def meaning_terms(self) -> list[frozenset[str]]:
        """What each label's definition and includes say, as a set of content lemmas."""
        return [
            frozenset(
                _content(self.definitions[row], self.stop)
                + [term for item in self.includes[row] for term in _content(item, self.stop)]
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
                for term in _content(name, self.stop):
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
                if _content(name, self.stop):  # not a name of stop words only
                    found[name].append(row)
        return dict(found)

    @cached_property
    def rows_by_primary_name(self) -> dict[Lemmas, list[int]]:
        """Normalised names (not aliases) -> the labels that carry them."""
        found: dict[Lemmas, list[int]] = defaultdict(list)
        for row, names in enumerate(self.names):
            if _content(names[0], self.stop):
                found[names[0]].append(row)
        return dict(found)

    @cached_property
    def genera(self) -> list[Lemmas]:
        return [_genus(definition, self.stop) for definition in self.definitions]

    def weight(self, terms: Iterable[str]) -> float:
        # fsum: the same total whatever order a set yields its terms in (string
        # hashing changes per process), so scores and thresholds are reproducible.
        idf = self.idf
        return math.fsum(idf.get(term, 1.0) for term in terms)


# ---- OVL001 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    """Why two exclusive labels look like one concept."""

    first: str
    second: str
    reason: str  # "same-name" | "kind-of" | "same-meaning"
    score: float
    terms: tuple[str, ...]


class SimilarDefinitionsOptions(RuleOptions):
    threshold: float = Field(
        default=0.7,
        ge=0.0,
        le=1.0,
        description="How much of the shorter definition the other must share (IDF-weighted).",
    )
    top_k: int = Field(default=10, ge=1, description="Nearest neighbours compared per label.")
    max_df: int = Field(
        default=200,
        ge=2,
        description="Terms in more labels than this propose no candidate pairs.",
    )


def _hierarchy_close(taxonomy: Taxonomy, first: str, second: str) -> bool:
    """Whether two labels sit in the same region of the hierarchy: a common ancestor
    at least half as deep as the deeper of them (or both without parents)."""
    graph = taxonomy.graph
    up_first, up_second = graph.ancestors(first), graph.ancestors(second)
    if not up_first and not up_second:
        return True
    common = up_first & up_second
    if not common:
        return False
    depth = max(len(graph.ancestors(node)) + 1 for node in common)
    return depth * 2 >= max(len(up_first), len(up_second))


def _contrasting_names(first: Lemmas, second: Lemmas) -> bool:
    """Names that share their head but differ in the modifier ("acoustic guitar",
    "electric guitar"): the modifier is the distinguishing term."""
    shared = 0
    while shared < min(len(first), len(second)) and first[-1 - shared] == second[-1 - shared]:
        shared += 1
    return shared > 0 and len(first) > shared and len(second) > shared


def find_overlaps(
    taxonomy: Taxonomy, options: SimilarDefinitionsOptions | None = None
) -> list[Overlap]:
    """Pairs of exclusive labels that are two names for one concept, one a kind of the
    other, or whose definitions say the same thing; without a distinguish_from note
    between them. Candidates come from shared names, names inside definitions, and
    sparse top-k neighbours, never from all pairs."""
    options = options or SimilarDefinitionsOptions()
    graph = taxonomy.graph
    assignable = list(graph.assignable)
    if len(assignable) < 2 or not any(len(group) > 1 for group in graph.exclusive_sets):
        return []
    texts = LabelTexts.of(taxonomy)
    rows = [texts.row[label_id] for label_id in assignable]
    row_set = set(rows)
    candidates: set[tuple[int, int]] = set()
    for carriers in texts.rows_by_name.values():
        members = [row for row in carriers if row in row_set]
        candidates.update(_pairs(members))
    kinds: dict[tuple[int, int], tuple[Lemmas, bool]] = {}
    for row in rows:
        for phrase, from_definition in _kind_phrases(texts, row):
            # A genus is matched against names only: aliases are often generic
            # words ("head" for promontory, "board" for dining table).
            table = texts.rows_by_primary_name if from_definition else texts.rows_by_name
            for other in table.get(phrase, ()):
                if other != row and other in row_set:
                    key = (min(row, other), max(row, other))
                    candidates.add(key)
                    if from_definition or key not in kinds:
                        kinds[key] = (phrase, from_definition)
    neighbours = texts.vectors.nearest(top_k=options.top_k, max_df=options.max_df, rows=rows)
    candidates.update((pair.first, pair.second) for pair in neighbours)
    leaf_only = taxonomy.task.leaf_only
    overlaps = []
    for first, second in sorted(candidates):
        first_id, second_id = texts.ids[first], texts.ids[second]
        if not graph.exclude_each_other(first_id, second_id):
            continue
        first_label, second_label = texts.label(first), texts.label(second)
        if second_id in first_label.distinguish_from or first_id in second_label.distinguish_from:
            continue
        if not leaf_only and (
            first_id in graph.ancestors(second_id) or second_id in graph.ancestors(first_id)
        ):
            continue  # the hierarchy already says one is a kind of the other
        found = _judge(texts, first, second, kinds.get((first, second)), options.threshold)
        if found is not None:
            overlaps.append(found)
    return overlaps


def _pairs(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    for index, first in enumerate(members):
        for second in members[index + 1 :]:
            if first != second:
                yield (min(first, second), max(first, second))


def _kind_phrases(texts: LabelTexts, row: int) -> Iterator[tuple[Lemmas, bool]]:
    """Phrases that would make this label a kind of another, each with whether it
    comes from the definition: the head of its name ("electric [guitar]") and the
    head of the genus its definition opens with ("a lightweight automatic [rifle]")."""
    for name in texts.names[row]:
        for start in range(1, len(name)):
            yield name[start:], False
    genus = texts.genera[row]
    for start in range(len(genus)):
        yield genus[start:], True


def _judge(
    texts: LabelTexts,
    first: int,
    second: int,
    kind: tuple[Lemmas, bool] | None,
    threshold: float,
) -> Overlap | None:
    first_id, second_id = texts.ids[first], texts.ids[second]
    meaning_first, meaning_second = texts.meaning_terms[first], texts.meaning_terms[second]
    shared_meaning = meaning_first & meaning_second
    shared_names = {
        name
        for name in set(texts.names[first]) & set(texts.names[second])
        if _content(name, texts.stop)  # not a name of stop words or symbols only
    }
    if shared_names:
        name = " ".join(sorted(shared_names)[0])
        homonym = not shared_meaning and not _hierarchy_close(texts.taxonomy, first_id, second_id)
        if not homonym:
            return Overlap(first_id, second_id, "same-name", 1.0, (name,))
    # A name's head alone misleads ("sea lion" is no lion): the definitions must
    # agree on something too. A definition whose genus is the other's name does not.
    if kind is not None and (kind[1] or shared_meaning):
        return Overlap(first_id, second_id, "kind-of", 0.9, (" ".join(kind[0]),))
    primary_first, primary_second = texts.names[first][0], texts.names[second][0]
    if _contrasting_names(primary_first, primary_second):
        return None
    if len(shared_meaning) < _MIN_SHARED_TERMS:
        return None
    smaller = min(texts.weight(meaning_first), texts.weight(meaning_second))
    score = min(1.0, texts.weight(shared_meaning) / smaller) if smaller else 0.0
    if score < threshold:
        return None
    terms = tuple(sorted(shared_meaning, key=lambda term: (-texts.idf.get(term, 1.0), term)))
    return Overlap(first_id, second_id, "same-meaning", score, terms)


@register
class SimilarDefinitions(TaxonomyRule[SimilarDefinitionsOptions]):
    """## What it does
    Finds labels that exclude each other but mean the same thing. They are two
    names for one concept (a shared name or alias), one label is a kind of the
    other (its name's head or its definition's genus is the other's name), or
    their definitions and includes say the same thing. Siblings whose names share
    a head but differ in the modifier ("acoustic guitar", "electric guitar") are
    told apart by that modifier and are not reported for similar wording. Two
    labels with one name and nothing else in common, far apart in the hierarchy,
    are homonyms left to NAM001. A ``distinguish_from`` note in either label
    silences the pair.

    ## Why is this bad?
    Annotators cannot choose between two labels that describe the same things, so
    the same object ends up with either label, and a model trained on the data
    learns the coin flip.

    ## Example
    ```yaml
    laptop:
      definition: A small portable computer that folds open, with a keyboard and a screen.
    notebook:
      definition: A small portable computer with a keyboard and a screen that folds open.
    ```

    ## Use instead
    Merge the labels (deprecate one with ``replaced_by``), or say how to tell them
    apart:
    ```yaml
    notebook:
      definition: A small portable computer with a keyboard and a screen that folds open.
      distinguish_from:
        laptop: A notebook is thinner and has no optical drive.
    ```
    """

    code = "OVL001"
    name = "similar-definitions"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        options = self.options
        taxonomy = context.taxonomy
        order = {label_id: index for index, label_id in enumerate(taxonomy.labels)}
        for overlap in find_overlaps(taxonomy, options):
            earlier, later = sorted((overlap.first, overlap.second), key=order.__getitem__)
            yield context.finding(
                self.code,
                _overlap_message(taxonomy, overlap, earlier, later),
                ("labels", later),
                (earlier, later),
                f"merge '{later}' into '{earlier}', or add a distinguish_from note to both",
                score=overlap.score,
            )


def _called(taxonomy: Taxonomy, label_id: str) -> str:
    """A label as messages name it: its id, and its name where that differs."""
    name = taxonomy.labels[label_id].display_name
    return f"'{label_id}'" if name == label_id else f"'{label_id}' ({name})"


def _overlap_message(taxonomy: Taxonomy, overlap: Overlap, earlier: str, later: str) -> str:
    names = f"{_called(taxonomy, later)} and {_called(taxonomy, earlier)}"
    terms = ", ".join(overlap.terms[:6])
    if overlap.reason == "same-name":
        return f"{names} exclude each other but share the name '{terms}'"
    if overlap.reason == "kind-of":
        return f"{names} exclude each other but one is a kind of the other ('{terms}')"
    return f"{names} exclude each other but their definitions say the same thing (shared: {terms})"


# ---- OVL002 -------------------------------------------------------------------------------


@register
class CrossMention(TaxonomyRule):
    """## What it does
    Finds a definition or an include of one label that names another label (by its
    name or an alias, in any inflection) that excludes it.

    ## Why is this bad?
    A definition that mentions an exclusive label either describes that label's
    things too, or contrasts with it in the wrong place; an include that names an
    exclusive label sends its things to two labels at once.

    ## Example
    ```yaml
    car:
      definition: A motor vehicle with four wheels, including pickup trucks.
    pickup-truck:
      name: Pickup truck
    ```

    ## Use instead
    Move the contrast to ``distinguish_from`` or ``excludes``:
    ```yaml
    car:
      definition: A motor vehicle with four wheels built to carry people.
      excludes:
        pickup truck: pickup-truck
    ```
    """

    code = "OVL002"
    name = "cross-mention"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        if not any(len(group) > 1 for group in graph.exclusive_sets):
            return
        texts = LabelTexts.of(taxonomy)
        assignable = [texts.row[label_id] for label_id in graph.assignable]
        for row, field, index, mentioned in _mentions(texts, assignable):
            label = texts.label(row)
            other = texts.ids[mentioned]
            if not graph.exclude_each_other(label.id, other):
                continue
            if other in label.distinguish_from or other in label.excludes.values():
                continue  # the contrast is written down where it belongs
            path: tuple[str | int, ...] = ("labels", label.id, field)
            where = "definition"
            if index is not None:
                path += (index,)
                where = f"include '{label.includes[index]}'"
            yield context.finding(
                self.code,
                f"the {where} of '{label.id}' names '{other}', which excludes it",
                path,
                (label.id, other),
                f"say how '{label.id}' differs from '{other}' in distinguish_from or excludes",
            )


def _mentions(texts: LabelTexts, rows: Sequence[int]) -> Iterator[tuple[int, str, int | None, int]]:
    """(row, "definition" | "includes", include index, mentioned row) for every name
    or alias of a label found, by lemma, inside another label's definition or include.

    spaCy's PhraseMatcher on the LEMMA attribute does the matching. Docs are made
    from the lemmas :class:`LabelTexts` already has, so nothing is tokenised twice,
    and all definitions and includes go into one Doc (a separator token between
    them, which no pattern contains), so that the matcher runs once. A mention
    inside a mention of the label's own name ("guitar" inside "electric guitar" in
    the definition of "electric guitar") does not count.
    """
    from bisect import bisect_right

    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from labelspec.text import nlp

    vocab = nlp().vocab
    matcher = PhraseMatcher(vocab, attr="LEMMA")
    vocabulary = {
        lemma
        for row in rows
        for lemmas in (texts.definitions[row], *texts.includes[row])
        for lemma in lemmas
    }
    keys: dict[int, int] = {}
    for row in rows:
        # A name with a word that no definition or include has cannot match; one of
        # stop words only ("ai", which the lookup table reads as "have") would
        # match everywhere.
        names = [
            list(name)
            for name in dict.fromkeys(texts.names[row])
            if name and vocabulary.issuperset(name) and _content(name, texts.stop)
        ]
        if names:
            key = f"label-{row}"
            keys[vocab.strings.add(key)] = row
            matcher.add(key, [Doc(vocab, words=words, lemmas=words) for words in names])
    if not keys:
        return
    targets: list[tuple[int, str, int | None]] = []
    starts: list[int] = []
    words: list[str] = []
    for row in rows:
        parts: list[tuple[str, int | None, Lemmas]] = [("definition", None, texts.definitions[row])]
        parts += [("includes", n, item) for n, item in enumerate(texts.includes[row])]
        for field, index, lemmas in parts:
            if lemmas:
                targets.append((row, field, index))
                starts.append(len(words))
                words.extend(lemmas)
                words.append(_SEPARATOR)
    if not words:
        return
    found_in: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for match_id, start, end in matcher(Doc(vocab, words=words, lemmas=words)):
        found_in[bisect_right(starts, start) - 1].append((keys[match_id], start, end))
    for target, matches in sorted(found_in.items()):
        row, field, index = targets[target]
        own = [(start, end) for found, start, end in matches if found == row]
        seen: set[int] = set()
        for found, start, end in sorted(matches, key=lambda match: match[1]):
            if found == row or found in seen:
                continue
            if any(
                own_start <= start and end <= own_end and (own_start, own_end) != (start, end)
                for own_start, own_end in own
            ):
                continue
            seen.add(found)
            yield row, field, index, found


# ---- OVL003 -------------------------------------------------------------------------------


@register
class SharedInclude(TaxonomyRule):
    """## What it does
    Finds the same include (after case, spacing and inflection are normalised) under
    two labels that exclude each other.

    ## Why is this bad?
    The guidelines send the same thing to two labels, and annotators split on it.

    ## Example
    ```yaml
    car:
      includes: [taxi, minivan]
    van:
      includes: [minivans]
    ```

    ## Use instead
    Keep the include under one label and add an ``excludes`` entry to the other:
    ```yaml
    van:
      excludes:
        minivan: car
    ```
    """

    code = "OVL003"
    name = "shared-include"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        texts = LabelTexts.of(taxonomy)
        places: dict[Lemmas, list[tuple[str, int]]] = defaultdict(list)
        for label_id in graph.assignable:
            row = texts.row[label_id]
            for index, item in enumerate(texts.includes[row]):
                if item:
                    places[item].append((label_id, index))
        for item, found in places.items():
            for position, (label_id, index) in enumerate(found):
                earlier = next(
                    (
                        other
                        for other, _ in found[:position]
                        if graph.exclude_each_other(other, label_id)
                    ),
                    None,
                )
                if earlier is None:
                    continue
                yield context.finding(
                    self.code,
                    f"'{label_id}' and '{earlier}' exclude each other but both include "
                    f"'{' '.join(item)}'",
                    ("labels", label_id, "includes", index),
                    (earlier, label_id),
                    "keep the include under one label and exclude it from the other",
                )


# ---- OVL004 -------------------------------------------------------------------------------


def _example_key(example: Example) -> tuple[object, ...]:
    """What makes two examples the same item: the media (text collapsed for case
    and spacing) and the locator; no locator means the whole item."""
    kind = example.media_kind
    if kind == "text":
        media: object = " ".join((example.text or "").split()).casefold()
        locator: object = example.quoted_span
    else:
        media = example.media_path
        locator = (
            example.region
            or (tuple(example.polygon) if example.polygon else None)
            or example.time
            or example.frames
        )
    return (kind, media, locator)


@register
class ConflictingExamples(TaxonomyRule):
    """## What it does
    Finds one example (the same text, or the same media file and locator) given as
    a positive example of two labels that exclude each other, or as both an example
    and a counter-example of one label.

    ## Why is this bad?
    Examples are what annotators copy. An item that is shown as right for two
    exclusive labels, or as right and wrong for one, teaches both answers.

    ## Example
    ```yaml
    car:
      examples:
        - image: guidelines/assets/taxi.jpg
    van:
      examples:
        - image: guidelines/assets/taxi.jpg
    ```

    ## Use instead
    Keep the example under the label it belongs to, and show it to the other label
    as a counter-example that points there:
    ```yaml
    van:
      counter_examples:
        - image: guidelines/assets/taxi.jpg
          label: car
    ```
    """

    code = "OVL004"
    name = "conflicting-examples"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        taxonomy = context.taxonomy
        graph = taxonomy.graph
        positives: dict[tuple[object, ...], list[str]] = defaultdict(list)
        for label in taxonomy.active_labels():
            own: set[tuple[object, ...]] = set()
            for index, example in enumerate(label.examples):
                key = _example_key(example)
                earlier = next(
                    (
                        other
                        for other in positives[key]
                        if graph.exclude_each_other(other, label.id)
                    ),
                    None,
                )
                if earlier is not None:
                    yield context.finding(
                        self.code,
                        f"this example of '{label.id}' is also an example of '{earlier}', "
                        "which excludes it",
                        ("labels", label.id, "examples", index),
                        (earlier, label.id),
                        "keep the example under one label; show it to the other as a "
                        "counter-example",
                    )
                if label.id not in positives[key]:
                    positives[key].append(label.id)
                own.add(key)
            for index, counter in enumerate(label.counter_examples):
                if _example_key(counter) in own and counter.label != label.id:
                    yield context.finding(
                        self.code,
                        f"this counter-example of '{label.id}' is also one of its examples",
                        ("labels", label.id, "counter_examples", index),
                        (label.id,),
                        "remove either the example or the counter-example",
                    )


# ---- OVL005 -------------------------------------------------------------------------------


@register
class ConflictingDecisions(TaxonomyRule):
    """## What it does
    Finds edge cases with the same case text (after case, spacing and inflection are
    normalised) that are decided differently, and an edge case decided as a label
    whose own ``excludes`` sends the thing the case mentions to another label.

    ## Why is this bad?
    Edge-case decisions are the guidelines' case law: two rulings on one case, or a
    ruling against the label's own exclusions, leave annotators to pick one.

    ## Example
    ```yaml
    car:
      excludes:
        pickup truck: truck
      edge_cases:
        - id: pickup-taxi
          case: A pickup truck used as a taxi.
          decision: car
    ```

    ## Use instead
    Decide the case once, in line with the exclusions (or change the exclusion):
    ```yaml
        - id: pickup-taxi
          case: A pickup truck used as a taxi.
          decision: truck
    ```
    """

    code = "OVL005"
    name = "conflicting-decisions"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        from labelspec.text import normalise_names

        taxonomy = context.taxonomy
        cases = [
            (label, index, case)
            for label in taxonomy.active_labels()
            for index, case in enumerate(label.edge_cases)
            if case.status == "decided"
        ]
        if not cases:
            return
        normalised = normalise_names([case.case for _, _, case in cases])
        first_seen: dict[str, tuple[str, str, frozenset[str]]] = {}
        for (label, index, case), text in zip(cases, normalised, strict=True):
            decision = frozenset(case.decided_labels)
            path = ("labels", label.id, "edge_cases", index, "decision")
            earlier = first_seen.get(text)
            if earlier is None:
                first_seen[text] = (label.id, case.id, decision)
            elif earlier[2] != decision:
                yield context.finding(
                    self.code,
                    f"edge case '{case.id}' decides {_decision_text(decision)}, but the same "
                    f"case '{earlier[1]}' decides {_decision_text(earlier[2])}",
                    path,
                    tuple(dict.fromkeys((earlier[0], label.id))),
                    "decide the case once and remove the other edge case",
                )
            yield from self._against_excludes(context, label.id, case.id, path, text, decision)

    def _against_excludes(
        self,
        context: TaxonomyContext,
        owner: str,
        case_id: str,
        path: tuple[str | int, ...],
        text: str,
        decision: frozenset[str],
    ) -> Iterator[Finding]:
        from labelspec.text import normalise_names

        labels = context.taxonomy.labels
        case_lemmas = tuple(text.split())
        for decided in sorted(decision):
            label = labels.get(decided)
            if label is None or not label.excludes:
                continue
            things = list(label.excludes)
            for thing, normal in zip(things, normalise_names(things), strict=True):
                target = label.excludes[thing]
                if target in decision or not _contains(case_lemmas, tuple(normal.split())):
                    continue
                sent = f"'{target}'" if target is not None else "no label"
                yield context.finding(
                    self.code,
                    f"edge case '{case_id}' decides '{decided}', but the excludes of "
                    f"'{decided}' send '{thing}' to {sent}",
                    path,
                    tuple(dict.fromkeys((owner, decided))),
                    f"decide {sent}, or change the excludes entry of '{decided}'",
                )


def _decision_text(decision: frozenset[str]) -> str:
    if not decision:
        return "no label"
    return ", ".join(f"'{label}'" for label in sorted(decision))


# ---- OVL006 -------------------------------------------------------------------------------


@register
class OneSidedDistinction(TaxonomyRule):
    """## What it does
    Finds a ``distinguish_from`` note from one active label to another that the
    other label does not return.

    ## Why is this bad?
    Annotators read the page of the label they are considering. A look-alike note on
    one page only helps those who already picked the right label.

    ## Example
    ```yaml
    car:
      distinguish_from:
        truck: A truck has a cargo area separate from the cabin.
    truck:
      definition: A motor vehicle built to carry goods.
    ```

    ## Use instead
    ```yaml
    truck:
      definition: A motor vehicle built to carry goods.
      distinguish_from:
        car: A car has no cargo area separate from the cabin.
    ```
    """

    code = "OVL006"
    name = "one-sided-distinction"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label in context.taxonomy.active_labels():
            for other_id in label.distinguish_from:
                other = labels.get(other_id)
                if other is None or not other.is_active or other_id == label.id:
                    continue
                if label.id in other.distinguish_from:
                    continue
                yield context.finding(
                    self.code,
                    f"'{label.id}' says how it differs from '{other_id}', but '{other_id}' "
                    f"has no note about '{label.id}'",
                    ("labels", label.id, "distinguish_from", other_id),
                    (label.id, other_id),
                    f"add distinguish_from: {{{label.id}: ...}} to '{other_id}'",
                )
