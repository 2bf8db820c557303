"""OVL rules below the fixtures: the sparse neighbour search, the overlap judgement
(which pairs, for which reason, with which shared terms), and the text caches they
rely on."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import taxonomy_header
from labelspec.config import LintConfig
from labelspec.errors import ConfigError
from labelspec.linting.analysis.label_texts import LabelTexts
from labelspec.linting.analysis.overlaps import (
    Overlap,
    SimilarDefinitionsOptions,
    cross_mentions,
    find_overlaps,
)
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.engine import Linter
from labelspec.loader import load_text
from labelspec.model import Taxonomy
from labelspec.similarity import TermVectors
from labelspec.text import Analyzer, Lemmas, Word, docs, genus

HEADER = taxonomy_header(version="1.0.0")


def taxonomy(labels: str, header: str = HEADER) -> Taxonomy:
    return load_text(header + labels, "t.yaml").require()


def overlaps_of(
    taxonomy: Taxonomy, options: SimilarDefinitionsOptions | None = None
) -> list[Overlap]:
    return find_overlaps(LabelTexts(taxonomy), options)


def pairs(found: list[Overlap]) -> set[tuple[frozenset[str], str]]:
    return {(frozenset((item.first, item.second)), item.reason) for item in found}


def lemmas_many(texts: list[str]) -> list[Lemmas]:
    return Analyzer().lemmas_many(texts)


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
    found = overlaps_of(
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
    assert pairs(overlaps_of(agreeing)) == {(frozenset({"guitar", "electric-guitar"}), "kind-of")}
    # "sea lion" is no lion: the name's head alone is not enough.
    unrelated = taxonomy("""\
  lion:
    definition: A large tawny cat of Africa and India.
  sea-lion:
    name: Sea lion
    definition: An eared seal of the Pacific coast.
""")
    assert overlaps_of(unrelated) == []


def test_kind_of_by_genus_skips_coordinated_modifiers() -> None:
    found = overlaps_of(
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
    assert overlaps_of(taxonomy(text)) == []
    named = text.replace("aliases: [headland, head]", "name: flower head")
    assert pairs(overlaps_of(taxonomy(named))) == {
        (frozenset({"promontory", "broccoli"}), "kind-of")
    }


def test_genus_reading_is_the_one_def006_uses() -> None:
    # OVL001 read the genus from lemmas and stop words, DEF006 from tokens; for
    # "A type of X" and a genus word spaCy counts as a stop word ("back") they
    # named different genera. Both now read labelspec.text.genus.
    genera = Analyzer().genera(
        [
            "A type of dance music from Angola.",
            "A back door of a house.",
            "Any of several large fish.",
            "A large orange and black lizard of the desert.",
        ]
    )
    assert genera == [
        ("dance", "music"),
        ("back", "door"),
        ("large", "fish"),
        ("large", "orange", "black", "lizard"),
    ]


def test_ovl001_and_def006_name_the_same_genus(tmp_path: Path) -> None:
    from builders import write_repository
    from labelspec.linting.engine import lint_repository
    from labelspec.repository import Repository

    # OVL001 read "type" as the genus (lemmas up to the first stop word) while
    # DEF006 read "dance music" (tokens, "A type of X" reads as X).
    write_repository(
        tmp_path,
        """\
  dance-music:
    name: Dance music
    definition: Music written for people to dance to at parties.
  kizomba:
    definition: A type of dance music from Angola.
""",
    )
    report = lint_repository(Repository.discover(tmp_path), select=["OVL001", "DEF006"])
    assert {(f.code, frozenset(f.labels)) for f in report.findings} == {
        ("DEF006", frozenset({"kizomba", "dance-music"})),
        ("OVL001", frozenset({"kizomba", "dance-music"})),
    }


def test_siblings_differing_in_their_distinguishing_term_are_not_overlaps() -> None:
    found = overlaps_of(
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
    found = overlaps_of(
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
    assert overlaps_of(taxonomy(text), SimilarDefinitionsOptions(threshold=0.6))
    assert not overlaps_of(taxonomy(text), SimilarDefinitionsOptions(threshold=0.99))


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
    assert overlaps_of(taxonomy(text, header)) == []
    grouped = header.replace("labels:", "exclusive_groups: [[laptop, notebook]]\nlabels:")
    assert len(overlaps_of(taxonomy(text, grouped))) == 1


def test_declared_hierarchy_is_not_an_overlap_without_leaf_only() -> None:
    header = HEADER.replace("classification}", "classification, leaf_only: false}")
    found = overlaps_of(
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
    found = overlaps_of(
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
    found = overlaps_of(taxonomy("\n".join(lines) + "\n"))
    assert pairs(found) == {(frozenset({"twin-a", "twin-b"}), "same-meaning")}


def test_pairs_judged_grow_with_labels_not_with_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    from labelspec.linting.analysis import overlaps
    from labelspec.synthetic import synthetic_taxonomy_yaml

    judged: list[tuple[int, int]] = []
    judge = overlaps._judge

    def counting(texts: LabelTexts, first: int, second: int, *rest: object) -> object:
        judged.append((first, second))
        return judge(texts, first, second, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(overlaps, "_judge", counting)
    generated = load_text(synthetic_taxonomy_yaml(2_000), "synthetic.yaml").require()
    # Every word of the generated vocabulary proposes candidates (max_df is high).
    overlaps_of(generated, SimilarDefinitionsOptions(top_k=5, max_df=100_000))
    assignable = len(generated.graph.assignable)
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
    texts = LabelTexts(tax)
    rows = [texts.row[label] for label in tax.graph.assignable]
    found = {
        (texts.ids[row], field, index, texts.ids[other])
        for row, field, index, other in cross_mentions(texts, rows)
    }
    assert found == {
        ("electric-guitar", "definition", None, "guitar"),
        ("van", "includes", 1, "guitar"),
    }


def test_label_texts_are_built_once_per_taxonomy_and_run() -> None:
    from labelspec.linting.analysis.label_texts import label_texts

    text = HEADER + "  car:\n    definition: A motor vehicle.\n"
    result = load_text(text, "t.yaml")
    assert result.taxonomy is not None
    context = TaxonomyContext(result, result.taxonomy)
    assert context.shared(label_texts) is context.shared(label_texts)
    assert context.shared(label_texts).analyzer is context.analyzer
    # Another run (another context) builds its own.
    other = TaxonomyContext(result, result.taxonomy)
    assert other.shared(label_texts) is not context.shared(label_texts)


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


_GENUS_PIECES = st.sampled_from(
    ["a", "type", "of", "small", "box-shaped", "cars", "and", "or", "riding", "with", "mostly"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_GENUS_PIECES | _PIECES, max_size=10).map(" ".join), max_size=5))
def test_genera_equal_reading_each_whole_text(texts: list[str]) -> None:
    expected = []
    for parsed in docs(texts):
        tokens = [token for token in parsed if not token.is_space]
        expected.append(
            genus(
                [
                    Word(
                        token.lower_,
                        token.lemma_ or token.lower_,
                        token.is_punct,
                        # Whitespace follows a token also where spaCy made it a token.
                        bool(token.whitespace_)
                        or (token.i + 1 < len(parsed) and parsed[token.i + 1].is_space),
                    )
                    for token in tokens
                ]
            )
        )
    assert Analyzer().genera(texts) == expected
