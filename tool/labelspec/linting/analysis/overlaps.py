"""Where exclusive labels overlap, from their :class:`LabelTexts`: pairs that are
one concept (OVL001, :func:`find_overlaps`), and texts of one label that name
another (OVL002, :func:`cross_mentions`).

Candidate pairs come from shared names, names inside definitions and sparse
top-k neighbours, never from all pairs, so the cost grows with the labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import Field

from labelspec.linting.analysis.label_texts import LabelTexts
from labelspec.linting.registry import RuleOptions
from labelspec.text import Lemmas

if TYPE_CHECKING:
    from labelspec.model import Taxonomy

# Between texts in one Doc: never a lemma (lemmas hold no whitespace).
_SEPARATOR = "\n"
# Shared meaning terms needed before wording alone makes two labels one concept.
_MIN_SHARED_TERMS = 3


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


def any_exclusive(taxonomy: Taxonomy) -> bool:
    """Whether some labels exclude each other at all: a cheap test before the
    label texts are built, since only such labels can overlap."""
    return any(len(group) > 1 for group in taxonomy.graph.exclusive_sets)


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
    texts: LabelTexts, options: SimilarDefinitionsOptions | None = None
) -> list[Overlap]:
    """Pairs of exclusive labels that are two names for one concept, one a kind of the
    other, or whose definitions say the same thing; without a distinguish_from note
    between them. Candidates come from shared names, names inside definitions, and
    sparse top-k neighbours, never from all pairs."""
    options = options or SimilarDefinitionsOptions()
    taxonomy = texts.taxonomy
    graph = taxonomy.graph
    rows = [texts.row[label_id] for label_id in graph.assignable]
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
        if texts.content(name)  # not a name of stop words or symbols only
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


def cross_mentions(
    texts: LabelTexts, rows: Sequence[int]
) -> Iterator[tuple[int, str, int | None, int]]:
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
            if name and vocabulary.issuperset(name) and texts.content(name)
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
