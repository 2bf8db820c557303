"""The pieces rules are built from: checksums, edit distance, genus, prose
masking, suppression comments, media paths, batched lemmas."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from labelspec.linting.rules.definitions import is_negative
from labelspec.linting.rules.examples import iban_valid, luhn_valid, media_outside, personal_data
from labelspec.linting.rules.naming import typo_apart
from labelspec.linting.suppression_comments import markdown_suppressions, yaml_suppressions
from labelspec.references import find_references, line_column, prose
from labelspec.text import Analyzer, docs

KNOWN = {"NAM001", "DEF004", "EXM001"}


def test_luhn_and_iban_checksums() -> None:
    assert luhn_valid("4539148803436467")
    assert not luhn_valid("4539148803436468")
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("DE89 3704 0044 0532 0130 01")


@pytest.mark.parametrize(
    ("sample", "kinds"),
    [
        ("mail bob.smith@company.co.uk now", ["an e-mail address"]),
        ("mail jane@example.com or x@docs.example", []),
        ("card 4539-1488-0343-6467 please", ["a payment card number"]),
        ("card 4539 1488 0343 6468 please", []),  # fails Luhn
        ("order 1111 1111 1111 1111", []),  # one repeated digit
        ("IBAN GB82 WEST 1234 5698 7654 32", ["an IBAN"]),
        ("call +49 30 901820 today", ["a phone number"]),
        ("call 0044 20 7946 0321", ["a phone number"]),
        ("call (212) 555-0187 or 212.555.0100", []),  # fictional 555-01xx
        ("call 212-555-2368", ["a phone number"]),
        ("version 2.10.3 released 2024-05-01, 12 items at 3.50", []),
    ],
)
def test_personal_data(sample: str, kinds: list[str]) -> None:
    assert personal_data(sample, ("example.com", "example")) == kinds


def test_typing_slips() -> None:
    assert typo_apart("colour chrt", "colour chart")
    assert typo_apart("travelling", "traveling")
    assert typo_apart("tabel", "table")  # a swap
    assert not typo_apart("tower", "towel")  # another word
    assert not typo_apart("nicker", "snicker")  # a letter before a word
    assert not typo_apart("guitar", "guitars!!")


def _genus(definition: str) -> tuple[str, ...]:
    return Analyzer().genera([definition])[0]


def test_genus_ends_at_the_differentia() -> None:
    assert _genus("A person riding a bicycle.") == ("person",)
    assert _genus("The small motor vehicles that carry goods") == ("small", "motor", "vehicle")
    assert _genus("Any tool used for cutting") == ("tool",)
    assert _genus("warm-blooded egg-laying vertebrates characterized by feathers") == (
        "vertebrate",
    )
    assert _genus("large orange and black lizard of the desert")[-1] == "lizard"
    assert _genus("A type of dance music originally from Angola") == ("dance", "music")
    assert _genus("bowed stringed instrument")[-1] == "instrument"
    assert _genus("large mostly wading birds typically having long legs")[-1] == "bird"
    assert _genus("A sound is not amplified") == ("sound",)


def test_negative_definitions() -> None:
    lemmas = Analyzer().lemmas_many(
        ["Anything that is not a car", "A non-speech sound", "Everything other than a sign"]
    )
    assert [is_negative(found) for found in lemmas] == [True, False, True]


def test_prose_masks_code_and_comments_keeping_positions() -> None:
    page = "a `x` b\n```\n[[c]]\n```\n<!-- d\ne --> f [[g]]\n"
    masked = prose(page)
    assert len(masked) == len(page)
    assert "[[c]]" not in masked and "`x`" not in masked and "d" not in masked.split("\n")[4]
    assert line_column(masked, masked.index("[[g]]")) == (6, 9)


def test_references_are_parsed_with_their_positions() -> None:
    page = "See [[ t : car | the car ]] and\n`[[x]]` [[truck|]] [[a:b:c]]\n"
    found = [
        (ref.taxonomy, ref.label, ref.shown, ref.written, ref.line, ref.column)
        for ref in find_references(page)
    ]
    assert found == [
        ("t", "car", "the car", "[[ t : car | the car ]]", 1, 5),
        (None, "truck", None, "[[truck|]]", 2, 9),
        ("a", "b:c", None, "[[a:b:c]]", 2, 20),
    ]
    first = next(find_references(page))
    assert page[first.start : first.end] == first.written


def test_yaml_suppression_comments() -> None:
    source = "\n".join(
        [
            "labels:",
            "  car:  # labelspec: ignore[EXM001, DEF004] reason",
            "    definition: 'a # labelspec: ignore[NAM001]'",
            '    note: "it\'s # labelspec: ignore"  # labelspec: ignore[NAM001]',
            "    name: driver's seat  # labelspec: ignore[DEF004]",
        ]
    )
    found = yaml_suppressions(source, "t.yaml", KNOWN, {"car": 2})
    assert {line: s.codes for line, s in found.by_line.items()} == {
        2: ("EXM001", "DEF004"),
        4: ("NAM001",),
        5: ("DEF004",),
    }
    assert found.by_line[4].column == 39
    assert found.malformed == []


def test_markdown_suppression_comments() -> None:
    found = markdown_suppressions(
        "x <!-- labelspec: ignore[NAM001] --> <!--labelspec:ignore-->\n", "a.md", KNOWN
    )
    assert found.by_line[1].codes == ("NAM001",)
    assert [(f.code, f.column) for f in found.malformed] == [("SUP002", 38)]


def test_media_outside_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_text("x")
    root = tmp_path / "repo"
    (root / "guidelines").mkdir(parents=True)
    os.symlink(outside, root / "guidelines" / "link")
    assert media_outside("guidelines/link/secret.png", root) is not None
    assert media_outside("guidelines/../guidelines/a.png", root) is None
    assert media_outside("C:\\\\pics\\\\a.png", root) is not None
    assert media_outside("file:///etc/passwd", root) is not None


def test_batched_name_normalisation_equals_one_by_one() -> None:
    names = ["Sunglasses", "traffic-lights", "Police  car", "Driver's seat", "U.S. mail", "[um]"]
    one_by_one = [
        " ".join(
            token.lemma_ or token.lower_
            for token in docs([" ".join(name.replace("-", " ").split())])[0]
            if not token.is_punct
        )
        for name in names
    ]
    assert Analyzer().normalise_names(names) == one_by_one
    assert Analyzer().lemmas_many(["Cars parked", "Cars parked"]) == [("car", "park")] * 2


def test_first_sentence_stops_at_a_full_stop_not_at_code() -> None:
    from labelspec.linting.registry import first_sentence, rule_listing

    assert first_sentence("Reports a `# labelspec: ignore[X]` comment. More text.") == (
        "Reports a `# labelspec: ignore[X]` comment."
    )
    # A colon that a list follows ends no sentence (VER007's line ended in "need:").
    assert first_sentence("Reports what grew too little: MAJOR for one. More.") == (
        "Reports what grew too little: MAJOR for one."
    )
    listing = {line.split()[0]: line for line in rule_listing().splitlines()}
    assert "ignore[CODE]" in listing["SUP001"]
    assert all(line.endswith(".") for line in listing.values()), [
        line for line in listing.values() if not line.endswith(".")
    ]
