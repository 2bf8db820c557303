"""Text analysis with spaCy: one blank English pipeline with the lookup lemmatizer
from spacy-lookups-data (works offline, no model download).

The pipeline is built once per process: it is configuration, the same for every
run. What it makes of texts (Docs, lemmas, genera) is kept by an
:class:`Analyzer`, which a lint run creates, so that several rules reading the
same definitions parse them once, and a long process (an editor, a notebook)
does not keep the words of every taxonomy it ever linted.

spaCy is imported on first use only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.lookups import Table
    from spacy.tokens import Doc

Lemmas = tuple[str, ...]

_SPACES = re.compile(r"[\s_\-]+")
# Characters of pieces parsed as one text (spaCy refuses texts over 1,000,000).
_CHUNK_CHARS = 100_000


@cache
def nlp() -> Language:
    """The shared pipeline: tokenizer + lookup lemmatizer."""
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def docs(texts: Sequence[str], batch_size: int = 1000) -> list[Doc]:
    """Tokenise and lemmatise many texts at once (lowercased first: the lookup
    tables are), without keeping them."""
    return list(nlp().pipe((text.lower() for text in texts), batch_size=batch_size))


@cache
def _spelling_table() -> Table:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lexeme_norm"]).get_table("lexeme_norm")


def spelling_norm(words: str) -> str:
    """``words`` (lowercase, space-separated) with British spellings made American
    ("grey colour" -> "gray color"), from spacy-lookups-data's ``lexeme_norm``
    table: two names that differ only in spelling convention are one name."""
    table = _spelling_table()
    return " ".join(str(table.get(word, word)) for word in words.split(" "))


class Word(NamedTuple):
    """A token as the analyses read it: lowercase form, lemma, whether it is
    punctuation, and whether whitespace follows it."""

    lower: str
    lemma: str
    punct: bool
    spaced: bool


def _piece_words(pieces: Sequence[str]) -> list[tuple[Word, ...]]:
    """The tokens of lowercase pieces without whitespace, parsed many per Doc.

    For one-word texts the cost of making a Doc per text dominates, so pieces are
    joined by spaces into texts of about ``_CHUNK_CHARS`` and each token is given
    back to the piece its character offset falls in: the tokenizer treats each
    space-separated piece on its own, so the tokens are the same. A piece's last
    token is followed by whitespace wherever the piece stands in a text.
    """
    found: list[list[Word]] = [[] for _ in pieces]
    first = 0
    while first < len(pieces):
        starts, size, last = [], 0, first
        while last < len(pieces) and (last == first or size + len(pieces[last]) < _CHUNK_CHARS):
            starts.append(size)
            size += len(pieces[last]) + 1
            last += 1
        if size > nlp().max_length:  # one enormous piece: no word, kept as it is
            found[first].append(Word(pieces[first], pieces[first], False, True))
            first = last
            continue
        for token in nlp()(" ".join(pieces[first:last])):
            if not token.is_space:
                found[first + bisect_right(starts, token.idx) - 1].append(
                    Word(
                        token.lower_,
                        token.lemma_ or token.lower_,
                        token.is_punct,
                        bool(token.whitespace_),
                    )
                )
        first = last
    return [(*words[:-1], words[-1]._replace(spaced=True)) if words else () for words in found]


# ---- the genus of a definition ---------------------------------------------------------------

# Words that open a definition without naming anything ("a", "any of several").
_DETERMINERS = frozenset(
    {"a", "an", "the", "any", "one", "each", "every", "some", "several", "various"}
)
# Words after which a definition's genus ("A motor vehicle ...") has ended.
_GENUS_END = frozenset(
    {
        "with",
        "without",
        "for",
        "of",
        "in",
        "on",
        "at",
        "by",
        "from",
        "to",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "like",
        "as",
        "than",
        "between",
        "that",
        "which",
        "who",
        "whose",
        "where",
        "when",
        "while",
        "whom",
        "but",
        "not",
        "used",
        "made",
        "designed",
        "built",
        "intended",
        "meant",
        "found",
        "seen",
        "worn",
        "kept",
        "held",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "can",
        "may",
        "must",
        "should",
        "will",
        "would",
        "do",
        "does",
        "having",
        "consisting",
        "containing",
        "including",
        "resembling",
        "characterized",
        "characterised",
    }
)
# "A type of music": the genus is what follows "of".
_GENERIC_HEADS = frozenset(
    {
        "kind",
        "type",
        "sort",
        "form",
        "variety",
        "class",
        "member",
        "piece",
        "part",
        "group",
        "set",
        "category",
        "style",
    }
)
_GENUS_MAX_TOKENS = 8


def _ends_genus(word: Word | None) -> bool:
    return word is None or word.punct or word.lower in _GENUS_END or word.lower in _DETERMINERS


def genus(words: Sequence[Word]) -> Lemmas:
    """The lemmas of the words naming the kind of thing a definition starts
    with; its last word is the head ("A person riding a bicycle" ->
    ("person",), "warm-blooded egg-laying vertebrates" -> ("vertebrate",)).

    Openers are skipped ("a", "any of several"). The phrase ends at
    punctuation, a preposition, relative word, verb or determiner, and at a
    participle that such a word follows ("riding a"). Hyphenated compounds are
    modifiers and left out; "and"/"or" join modifiers ("orange and black
    lizard"); "A type of X" reads as X. Surface forms decide where it ends,
    since the lemma of "riding" no longer looks like a participle.
    """
    index = 0
    found: list[str] = []
    while index < len(words) and words[index].lower in _DETERMINERS:
        index += 1
    while index < len(words) and len(found) < _GENUS_MAX_TOKENS:
        word = words[index]
        surface = word.lower
        following = words[index + 1] if index + 1 < len(words) else None
        if surface == "-" and found and not words[index - 1].spaced:
            found.pop()  # "box-shaped": a modifier, with the word after the hyphen
            index += 2
            continue
        # "A type of X" and "any of several X": the genus is X.
        if surface == "of" and (not found or found[-1] in _GENERIC_HEADS):
            found = []
            index += 1
            while index < len(words) and words[index].lower in _DETERMINERS:
                index += 1
            continue
        if _ends_genus(word):
            break
        if surface in ("and", "or") or (found and surface.endswith("ly")):
            index += 1  # joins or adverbs between modifiers: "large, mostly wading birds"
            continue
        if found and surface.endswith(("ing", "ed")) and _ends_genus(following):
            break
        found.append(word.lemma)
        index += 1
    return tuple(found)


class Analyzer:
    """The text analysis of one run, remembered per text for that run.

    A lint run creates one and hands it to every rule (through the lint
    contexts): several rules read the same names and definitions, and each text
    is parsed once. Nothing is kept beyond the object's life.
    """

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}
        # Per whitespace-separated piece: its tokens, and the lemmas of its words.
        self._piece_words: dict[str, tuple[Word, ...]] = {}
        self._piece_lemmas: dict[str, Lemmas] = {}
        self._lemmas: dict[str, Lemmas] = {}
        self._genera: dict[str, Lemmas] = {}

    def parsed(self, texts: Sequence[str]) -> list[Doc]:
        """The Doc of each text (lowercased); the texts not parsed before go
        through ``nlp().pipe`` in one batch."""
        cache = self._docs
        unseen = list(dict.fromkeys(text for text in texts if text not in cache))
        cache.update(zip(unseen, docs(unseen), strict=True))
        return [cache[text] for text in texts]

    def _parse_pieces(self, texts: Iterable[str]) -> dict[str, list[str]]:
        """Each text's lowercase pieces, with the pieces not seen before parsed.

        spaCy's tokenizer splits on whitespace first and handles each piece on its
        own, and the lookup lemmatizer has no context: a text's tokens are its
        pieces' tokens in order. So only distinct pieces are parsed, once per run;
        a taxonomy of 10,000 labels has far fewer distinct words than texts, which
        makes this several times faster than parsing every text, with the same
        tokens (whitespace tokens aside).
        """
        pieces = {text: text.lower().split() for text in texts}
        known = self._piece_words
        new = list(
            dict.fromkeys(
                piece for found in pieces.values() for piece in found if piece not in known
            )
        )
        for piece, words in zip(new, _piece_words(new), strict=True):
            known[piece] = words
            self._piece_lemmas[piece] = tuple(word.lemma for word in words if not word.punct)
        return pieces

    def lemmas_many(self, texts: Sequence[str]) -> list[Lemmas]:
        """The lemmas of the word tokens of each text, lowercased; punctuation and
        whitespace dropped."""
        cache, lemmas = self._lemmas, self._piece_lemmas
        unseen = (text for text in dict.fromkeys(texts) if text not in cache)
        for text, pieces in self._parse_pieces(unseen).items():
            cache[text] = tuple(lemma for piece in pieces for lemma in lemmas[piece])
        return [cache[text] for text in texts]

    def normalise_names(self, names: Sequence[str]) -> list[str]:
        """Label names reduced for comparison: case, spaces, hyphens and
        underscores, and inflection ("Sunglasses" == "sunglass",
        "Traffic-lights" == "traffic light")."""
        texts = [_SPACES.sub(" ", name).strip() for name in names]
        return [" ".join(found) for found in self.lemmas_many(texts)]

    def genera(self, definitions: Sequence[str]) -> list[Lemmas]:
        """:func:`genus` of each definition, read from its tokens."""
        cache, words = self._genera, self._piece_words
        unseen = (text for text in dict.fromkeys(definitions) if text not in cache)
        for text, pieces in self._parse_pieces(unseen).items():
            cache[text] = genus([word for piece in pieces for word in words[piece]])
        return [cache[text] for text in definitions]
