"""Text analysis with spaCy: one blank English pipeline with the lookup lemmatizer
from spacy-lookups-data (works offline, no model download), built once per process.

spaCy is imported on first use only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.lookups import Table
    from spacy.tokens import Doc

_SPACES = re.compile(r"[\s_\-]+")


@cache
def nlp() -> Language:
    """The shared pipeline: tokenizer + lookup lemmatizer."""
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def doc(text: str) -> Doc:
    """Tokenise and lemmatise ``text`` (lowercased first: the lookup tables are)."""
    return nlp()(text.lower())


def docs(texts: list[str], batch_size: int = 1000) -> list[Doc]:
    """Many texts at once (faster than one by one)."""
    return list(nlp().pipe((text.lower() for text in texts), batch_size=batch_size))


@lru_cache(maxsize=200_000)
def lemmas(text: str) -> tuple[str, ...]:
    """The lemmas of the word tokens of ``text``, lowercased; punctuation dropped."""
    return tuple(token.lemma_ or token.lower_ for token in doc(text) if not token.is_punct)


def normalise_name(name: str) -> str:
    """A label name reduced for comparison: case, spaces, hyphens and underscores,
    and inflection ("Sunglasses" == "sunglass", "Traffic-lights" == "traffic light")."""
    return " ".join(lemmas(_SPACES.sub(" ", name).strip()))


_DOC_CACHE: dict[str, Doc] = {}
_LEMMA_CACHE: dict[str, tuple[str, ...]] = {}


def parsed(texts: Sequence[str]) -> list[Doc]:
    """:func:`doc` for many texts, cached per text for this process: several rules
    read the same definitions, and the texts not parsed before go through
    ``nlp().pipe`` in one batch."""
    unseen = list(dict.fromkeys(text for text in texts if text not in _DOC_CACHE))
    for text, parsed_doc in zip(unseen, docs(unseen), strict=True):
        _DOC_CACHE[text] = parsed_doc
    return [_DOC_CACHE[text] for text in texts]


_PIECE_LEMMAS: dict[str, tuple[str, ...]] = {}
# Characters of pieces parsed as one text (spaCy refuses texts over 1,000,000).
_CHUNK_CHARS = 100_000


def _piece_lemmas(pieces: Sequence[str]) -> list[tuple[str, ...]]:
    """The lemmas of lowercase pieces without whitespace, parsed many per Doc.

    For one-word texts the cost of making a Doc per text dominates, so pieces are
    joined by spaces into texts of about ``_CHUNK_CHARS`` and each token is given
    back to the piece its character offset falls in: the tokenizer treats each
    space-separated piece on its own, so the tokens are the same.
    """
    from bisect import bisect_right

    found: list[list[str]] = [[] for _ in pieces]
    first = 0
    while first < len(pieces):
        starts, size, last = [], 0, first
        while last < len(pieces) and (last == first or size + len(pieces[last]) < _CHUNK_CHARS):
            starts.append(size)
            size += len(pieces[last]) + 1
            last += 1
        if size > nlp().max_length:  # one enormous piece: no word, kept as it is
            found[first].append(pieces[first])
            first = last
            continue
        for token in nlp()(" ".join(pieces[first:last])):
            if not (token.is_punct or token.is_space):
                found[first + bisect_right(starts, token.idx) - 1].append(
                    token.lemma_ or token.lower_
                )
        first = last
    return [tuple(lemmas) for lemmas in found]


def lemmas_many(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """:func:`lemmas` for many texts (whitespace dropped too), cached per text.

    spaCy's tokenizer splits on whitespace first and handles each piece on its own,
    and the lookup lemmatizer has no context: a text's lemmas are its pieces'
    lemmas in order. So only the distinct pieces go through ``nlp().pipe``, once
    per process; a taxonomy of 10,000 labels has far fewer distinct words than
    texts, which makes this several times faster than parsing every text, with
    the same result.
    """
    unseen = [text for text in dict.fromkeys(texts) if text not in _LEMMA_CACHE]
    if unseen:
        pieces = {text: text.lower().split() for text in unseen}
        new = list(
            dict.fromkeys(
                piece for found in pieces.values() for piece in found if piece not in _PIECE_LEMMAS
            )
        )
        _PIECE_LEMMAS.update(zip(new, _piece_lemmas(new), strict=True))
        for text, found in pieces.items():
            _LEMMA_CACHE[text] = tuple(lemma for piece in found for lemma in _PIECE_LEMMAS[piece])
    return [_LEMMA_CACHE[text] for text in texts]


def name_text(name: str) -> str:
    """A name with hyphens, underscores and runs of spaces made single spaces: the
    text that :func:`normalise_names` parses (so its Doc is in the cache)."""
    return _SPACES.sub(" ", name).strip()


def normalise_names(names: Sequence[str]) -> list[str]:
    """:func:`normalise_name` for many names at once, through :func:`lemmas_many`
    (each distinct word is parsed once per process)."""
    return [" ".join(found) for found in lemmas_many([name_text(name) for name in names])]


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
