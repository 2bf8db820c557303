"""OVL rules below the fixtures: the sparse neighbour search, the overlap judgement
(which pairs, for which reason, with which shared terms), and the text caches they
rely on."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labelspec.config import LintConfig
from labelspec.errors import ConfigError
from labelspec.lint.engine import Linter
from labelspec.lint.rules.overlap import (
    LabelTexts,
    SimilarDefinitionsOptions,
    _genus,
    _mentions,
    find_overlaps,
)
from labelspec.loader import load_text
from labelspec.model import Taxonomy
from labelspec.similarity import TermVectors
from labelspec.text import docs, lemmas_many

HEADER = """\
taxonomy: t
title: T
version: 1.0.0
task: {modality: image, kind: classification}
labels:
"""


def taxonomy(labels: str, header: str = HEADER) -> Taxonomy:
    result = load_text(header + labels, "t.yaml")
    assert result.taxonomy is not None, result.findings
    return result.taxonomy


def pairs(found: list[object]) -> set[tuple[frozenset[str], str]]:
    return {(frozenset((item.first, item.second)), item.reason) for item in found}  # type: ignore[attr-defined]


# ---- the sparse neighbour search ------------------------------------------------------------


def _random_documents(count: int, seed: int = 3) -> list[dict[str, float]]:
    rng = random.Random(seed)
    words = [f"w{index}" for index in range(300)]
    return [
        {word: float(rng.randint(1, 3)) for word in rng.sample(words, rng.randint(3, 12))}
        for _ in range(count)
    ]


def test_nearest_matches_a_dense_top_k() -> None:
    documents = _random_documents(300)
    vectors = TermVectors(documents)
    dense = vectors.matrix.toarray()
    useful = (vectors.df >= 2) & (vectors.df <= 10_000)
    similarity = (dense * useful) @ (dense * useful).T
    np.fill_diagonal(similarity, 0.0)
    expected: set[tuple[int, int]] = set()
    for row in range(len(documents)):
        best = np.argsort(-similarity[row], kind="stable")[:5]
        expected.update(
            (min(row, other), max(row, other)) for other in best if similarity[row, other] > 0
        )
    found = vectors.nearest(top_k=5, max_df=10_000, chunk=64)
    found_pairs = {(pair.first, pair.second) for pair in found}
    # Ties at the k-th place may be broken differently; every pair found is among
    # the dense candidates, and nearly all dense pairs are found.
    assert found_pairs <= {
        (a, b) for a, b in itertools.combinations(range(300), 2) if similarity[a, b] > 0
    }
    assert len(found_pairs & expected) >= 0.95 * len(expected)
    for pair in found:
        assert pair.score == pytest.approx(similarity[pair.first, pair.second])


def test_nearest_keeps_at_most_top_k_per_document() -> None:
    vectors = TermVectors(_random_documents(400))
    found = vectors.nearest(top_k=3, max_df=10_000)
    # Each row proposes at most 3 pairs (a pair may be proposed from both sides).
    assert 400 <= len(found) <= 3 * 400


def test_terms_in_too_many_documents_propose_no_pairs() -> None:
    documents = [{"common": 1.0, f"own{index}": 1.0} for index in range(50)]
    documents[0]["rare"] = 1.0
    documents[1]["rare"] = 1.0
    vectors = TermVectors(documents)
    found = vectors.nearest(top_k=5, max_df=10)
    assert [(pair.first, pair.second) for pair in found] == [(0, 1)]
    assert vectors.nearest(top_k=5, max_df=50) != found


def test_nearest_restricted_to_rows() -> None:
    documents = [{"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 1.0}, {"a": 1.0, "c": 1.0}]
    found = TermVectors(documents).nearest(rows=[0, 2])
    assert [(pair.first, pair.second) for pair in found] == [(0, 2)]


def test_cosines_are_the_full_cosines() -> None:
    documents = _random_documents(40)
    vectors = TermVectors(documents)
    dense = vectors.matrix.toarray()
    wanted = [(0, 1), (5, 9), (3, 3)]
    assert vectors.cosines(wanted) == pytest.approx([float(dense[a] @ dense[b]) for a, b in wanted])
    assert vectors.cosines([]) == []


def test_empty_and_single_documents() -> None:
    assert TermVectors([]).nearest() == []
    assert TermVectors([{"a": 1.0}]).nearest() == []
    assert TermVectors([{}, {}]).nearest() == []


# ---- the overlap judgement ------------------------------------------------------------------


def test_two_names_for_one_concept_by_alias() -> None:
    found = find_overlaps(
        taxonomy("""\
  car:
    definition: A motor vehicle with four wheels that carries people.
    aliases: [automobiles]
  auto:
    name: Automobile
    definition: A road vehicle powered by an engine.
""")
    )
    assert pairs(found) == {(frozenset({"car", "auto"}), "same-name")}
    assert found[0].terms == ("automobile",)
    assert found[0].score == 1.0


def test_kind_of_by_name_head_needs_agreeing_definitions() -> None:
    agreeing = taxonomy("""\
  guitar:
    definition: A stringed instrument with a long neck.
  electric-guitar:
    name: Electric guitar
    definition: A stringed instrument with magnetic pickups.
""")
    assert pairs(find_overlaps(agreeing)) == {(frozenset({"guitar", "electric-guitar"}), "kind-of")}
    # "sea lion" is no lion: the name's head alone is not enough.
    unrelated = taxonomy("""\
  lion:
    definition: A large tawny cat of Africa and India.
  sea-lion:
    name: Sea lion
    definition: An eared seal of the Pacific coast.
""")
    assert find_overlaps(unrelated) == []


def test_kind_of_by_genus_skips_coordinated_modifiers() -> None:
    found = find_overlaps(
        taxonomy("""\
  orange:
    definition: A round yellowish-red citrus fruit.
  lizard:
    definition: A reptile with a long body and four legs.
  gila-monster:
    name: Gila monster
    definition: A large orange and black lizard of the southwestern deserts.
""")
    )
    assert pairs(found) == {(frozenset({"lizard", "gila-monster"}), "kind-of")}


def test_a_genus_matches_names_not_aliases() -> None:
    text = """\
  promontory:
    definition: A natural elevation that juts out into the sea.
    aliases: [headland, head]
  broccoli:
    definition: A green flower head of the cabbage family.
"""
    assert find_overlaps(taxonomy(text)) == []
    named = text.replace("aliases: [headland, head]", "name: flower head")
    assert pairs(find_overlaps(taxonomy(named))) == {
        (frozenset({"promontory", "broccoli"}), "kind-of")
    }


def test_genus_reading() -> None:
    stop = LabelTexts.of(taxonomy("  a:\n    definition: x\n")).stop
    assert _genus(("a", "portable", "computer", "small", "enough"), stop) == (
        "portable",
        "computer",
        "small",
    )
    assert _genus(("large", "orange", "and", "black", "lizard", "of", "desert"), stop) == (
        "black",
        "lizard",
    )
    assert _genus(("any", "of", "several", "fish"), stop) == ("fish",)


def test_siblings_differing_in_their_distinguishing_term_are_not_overlaps() -> None:
    found = find_overlaps(
        taxonomy("""\
  acoustic-guitar:
    name: Acoustic guitar
    definition: A guitar whose sound is not amplified by electrical means.
  electric-guitar:
    name: Electric guitar
    definition: A guitar whose sound is amplified by electrical means.
  indian-elephant:
    name: Indian elephant
    definition: An elephant of southern Asia with small ears and small tusks.
  african-elephant:
    name: African elephant
    definition: An elephant of Africa with large ears and large tusks.
""")
    )
    assert found == []


def test_same_meaning_reports_shared_terms_by_weight() -> None:
    found = find_overlaps(
        taxonomy("""\
  laptop:
    definition: A small portable computer that folds open, with a keyboard and a screen.
  notebook:
    definition: A small portable computer with a keyboard and a screen that folds open.
  kettle:
    definition: A metal pot with a spout for boiling water.
""")
    )
    assert pairs(found) == {(frozenset({"laptop", "notebook"}), "same-meaning")}
    assert set(found[0].terms) == {
        "small",
        "portable",
        "computer",
        "fold",
        "open",
        "keyboard",
        "screen",
    }
    assert found[0].score == pytest.approx(1.0)


def test_threshold_option() -> None:
    text = """\
  laptop:
    definition: A small portable computer that folds open, with a keyboard and a screen.
  notebook:
    definition: A small compact portable computer with a keyboard and a screen.
"""
    assert find_overlaps(taxonomy(text), SimilarDefinitionsOptions(threshold=0.6))
    assert not find_overlaps(taxonomy(text), SimilarDefinitionsOptions(threshold=0.99))


@pytest.mark.parametrize(
    "options", [{"threshold": 2}, {"top_k": 0}, {"max_df": 1}, {"treshold": 0.5}]
)
def test_bad_options_are_configuration_errors(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"rules\.OVL001"):
        Linter(LintConfig(rules={"OVL001": options}))


def test_exclusive_groups_decide_which_pairs_count() -> None:
    header = HEADER.replace("classification}", "classification, multi_label: true}")
    text = """\
  laptop:
    definition: A small portable computer that folds open, with a keyboard and a screen.
  notebook:
    definition: A small portable computer with a keyboard and a screen that folds open.
"""
    assert find_overlaps(taxonomy(text, header)) == []
    grouped = header.replace("labels:", "exclusive_groups: [[laptop, notebook]]\nlabels:")
    assert len(find_overlaps(taxonomy(text, grouped))) == 1


def test_declared_hierarchy_is_not_an_overlap_without_leaf_only() -> None:
    header = HEADER.replace("classification}", "classification, leaf_only: false}")
    found = find_overlaps(
        taxonomy(
            """\
  guitar:
    definition: A stringed instrument with a long neck.
  electric-guitar:
    name: Electric guitar
    parent: guitar
    definition: A stringed instrument with magnetic pickups.
""",
            header,
        )
    )
    assert found == []


def test_tombstones_and_abstract_labels_are_left_out() -> None:
    found = find_overlaps(
        taxonomy("""\
  car:
    definition: A motor vehicle with four wheels that carries people.
  auto:
    status: deprecated
    deprecated_in: 1.0.0
    replaced_by: car
    reason: Merged.
  automobile:
    abstract: true
    definition: A motor vehicle with four wheels that carries people.
  bus:
    parent: automobile
    definition: A large vehicle carrying passengers on a route.
""")
    )
    assert found == []


def test_many_labels_are_compared_through_neighbours() -> None:
    # 600 labels with distinct vocabularies and two planted duplicates.
    lines = []
    for index in range(600):
        lines += [
            f"  l{index}:",
            f"    definition: A thing{index} with part{index} and colour{index} for use{index}.",
        ]
    lines += [
        "  twin-a:",
        "    definition: A folding canvas chair with armrests and a cup holder.",
        "  twin-b:",
        "    definition: A canvas folding chair with a cup holder and armrests.",
    ]
    found = find_overlaps(taxonomy("\n".join(lines) + "\n"))
    assert pairs(found) == {(frozenset({"twin-a", "twin-b"}), "same-meaning")}


def test_pairs_judged_grow_with_labels_not_with_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    from labelspec.lint.rules import overlap
    from labelspec.synthetic import synthetic_taxonomy_yaml

    judged: list[tuple[int, int]] = []
    judge = overlap._judge

    def counting(texts: LabelTexts, first: int, second: int, *rest: object) -> object:
        judged.append((first, second))
        return judge(texts, first, second, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(overlap, "_judge", counting)
    result = load_text(synthetic_taxonomy_yaml(2_000), "synthetic.yaml")
    assert result.taxonomy is not None
    # Every word of the generated vocabulary proposes candidates (max_df is high).
    find_overlaps(result.taxonomy, SimilarDefinitionsOptions(top_k=5, max_df=100_000))
    assignable = len(result.taxonomy.graph.assignable)
    assert assignable > 1_500
    # At most top_k neighbours per label, plus name and genus matches: far from
    # the 1.2 million pairs of an all-pairs comparison.
    assert assignable <= len(judged) <= 5 * assignable
    assert len(set(judged)) == len(judged)


# ---- OVL002 matching ------------------------------------------------------------------------


def test_mentions_use_lemmas_and_skip_the_labels_own_name() -> None:
    tax = taxonomy("""\
  guitar:
    definition: A stringed instrument.
  electric-guitar:
    name: Electric guitar
    definition: Electric guitars have pickups, unlike most guitars.
  van:
    definition: A box-shaped vehicle.
    includes: [panel vans, Guitar vans]
""")
    texts = LabelTexts.of(tax)
    rows = [texts.row[label] for label in tax.graph.assignable]
    found = {
        (texts.ids[row], field, index, texts.ids[other])
        for row, field, index, other in _mentions(texts, rows)
    }
    assert found == {
        ("electric-guitar", "definition", None, "guitar"),
        ("van", "includes", 1, "guitar"),
    }


def test_label_texts_are_built_once_per_taxonomy() -> None:
    tax = taxonomy("  car:\n    definition: A motor vehicle.\n")
    assert LabelTexts.of(tax) is LabelTexts.of(tax)
    other = taxonomy("  car:\n    definition: A motor vehicle.\n")
    assert LabelTexts.of(other) is not LabelTexts.of(tax)


# ---- text.lemmas_many ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sunglasses, shades and dark glasses",
        "A woman's one-piece bathing suit",
        "U.S. cars (e.g. taxis), and/or vans etc.",
        "Rock 'n' roll\n\nwith  two   spaces",
        "",
    ],
)
def test_lemmas_many_equals_parsing_the_whole_text(text: str) -> None:
    [whole] = docs([text])
    expected = tuple(
        token.lemma_ or token.lower_ for token in whole if not (token.is_punct or token.is_space)
    )
    assert lemmas_many([text]) == [expected]


_PIECES = st.sampled_from(
    [
        "cars",
        "Car's",
        "one-piece",
        "e.g.",
        "U.S.",
        "(bathing)",
        "and/or",
        "etc.",
        "--",
        "'n'",
        "rock",
        "geese",
        "ran",
        "x2",
        "3.5",
        "naïve",
        "\n",
        "\t",
        "  ",
        ",",
        "...",
        "don't",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map(" ".join), min_size=1, max_size=5))
def test_lemmas_many_equals_parsing_each_text(texts: list[str]) -> None:
    expected = [
        tuple(
            token.lemma_ or token.lower_
            for token in parsed
            if not (token.is_punct or token.is_space)
        )
        for parsed in docs(texts)
    ]
    assert lemmas_many(texts) == expected
