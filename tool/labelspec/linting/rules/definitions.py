"""DEF: every label has a definition that says, in its own words, what it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import Field

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import RuleOptions, TaxonomyRule, register
from labelspec.model import Label

if TYPE_CHECKING:
    from spacy.matcher import Matcher

    from labelspec.text import Analyzer


def _defined(context: TaxonomyContext) -> list[Label]:
    """Active labels that have a non-blank definition."""
    return [
        label
        for label in context.taxonomy.active_labels()
        if label.definition is not None and label.definition.strip()
    ]


def _definitions(labels: list[Label]) -> list[str]:
    # The same texts the OVL rules read: the run's Analyzer parses each once.
    return [label.definition or "" for label in labels]


def _definition_path(label: Label) -> tuple[str, str, str]:
    return ("labels", label.id, "definition")


class MissingDefinitionOptions(RuleOptions):
    abstract: bool = Field(
        default=False, description="Also require definitions of abstract labels."
    )


@register
class MissingDefinition(TaxonomyRule[MissingDefinitionOptions]):
    """## What it does
    Reports an active label without a definition (or with a blank one).
    Abstract labels are left out unless the `abstract` option is set.

    ## Why is this bad?
    The definition is what annotators read to decide. Without it the label
    means whatever each annotator thinks its name means.

    ## Example
    ```yaml
    labels:
      car: {name: Car}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {name: Car, definition: A motor vehicle with four wheels built to carry people.}
    ```
    """

    code = "DEF001"
    name = "missing-definition"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in context.taxonomy.active_labels():
            if label.abstract and not self.options.abstract:
                continue
            if label.definition is None or not label.definition.strip():
                yield context.finding(
                    self.code,
                    f"label '{label.id}' has no definition",
                    ("labels", label.id),
                    (label.id,),
                    "Add a definition: what kind of thing it is and what sets it apart.",
                )


@register
class CircularDefinition(TaxonomyRule):
    """## What it does
    Reports a definition whose genus, the kind of thing it starts with, is
    exactly the label's own name or id, compared on lemmas: "A car used on
    public roads" or "Cars that carry passengers" as the definition of
    *car*. A genus that narrows the name ("A domestic cat of any breed" for
    *cat*) and the name further on, in what sets the label apart ("A
    surface marked as parking bays" for *parking*), are not reported.

    ## Why is this bad?
    A definition that says the label is a kind of itself explains nothing:
    an annotator unsure what a *car* is learns only that it is a car.

    ## Example
    ```yaml
    labels:
      car: {definition: A car used on public roads.}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels built to carry up to eight people.}
    ```
    """

    code = "DEF002"
    name = "circular-definition"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        analyzer = context.analyzer
        labels = _defined(context)
        genera = analyzer.genera(_definitions(labels))
        names = analyzer.normalise_names([label.display_name for label in labels])
        ids = analyzer.normalise_names([label.id for label in labels])
        for label, genus, name, id_name in zip(labels, genera, names, ids, strict=True):
            used = next(
                (text for text in dict.fromkeys((name, id_name)) if genus == tuple(text.split())),
                None,
            )
            if used is not None:
                yield context.finding(
                    self.code,
                    f"the definition of '{label.id}' calls it a kind of '{used}', its own name",
                    _definition_path(label),
                    (label.id,),
                    "Define the label with other words: its kind and what sets it apart.",
                    at_value=True,
                )


# Words and phrases that make a definition depend on the reader's judgement.
VAGUE_PHRASES = (
    "etc",
    "and so on",
    "and so forth",
    "and the like",
    "or similar",
    "or something similar",
    "among others",
    "usually",
    "sometimes",
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "various",
    "and/or",
    "often",
    "some",
    "generally",
    "mostly",
    "stuff",
    "may or may not",
)


_LOOSE_WORD = re.compile(r"[\w/]+")


class VagueWordingOptions(RuleOptions):
    extra: list[str] = Field(default_factory=list, description="More phrases to report.")
    allow: list[str] = Field(
        default_factory=list, description="Phrases of the built-in list not to report."
    )


@register
class VagueWording(TaxonomyRule[VagueWordingOptions]):
    """## What it does
    Reports vague wording in a definition: "etc.", "and so on", "usually",
    "sometimes", "maybe", "various", "and/or", "often", "some", and similar
    hedges, each at its own column. Phrases can be added with `extra` and
    removed with `allow`.

    ## Why is this bad?
    A definition says where the label's boundary is. Hedges move that decision
    to each annotator, and different annotators decide differently.

    ## Example
    ```yaml
    labels:
      vehicle: {definition: Cars, trucks, buses etc. that usually drive on roads.}
    ```

    ## Use instead
    ```yaml
    labels:
      vehicle: {definition: A machine with wheels that moves people or goods on roads.}
    ```
    """

    code = "DEF003"
    name = "vague-wording"
    severity = "warning"

    def _phrases(self) -> list[str]:
        allowed = {phrase.lower() for phrase in self.options.allow}
        return [p for p in (*VAGUE_PHRASES, *self.options.extra) if p.lower() not in allowed]

    def _matcher(self, phrases: list[str], analyzer: Analyzer) -> Matcher:
        from spacy.matcher import Matcher

        from labelspec.text import nlp

        matcher = Matcher(nlp().vocab)
        for phrase, tokens in zip(phrases, analyzer.parsed(phrases), strict=True):
            matcher.add(phrase, [[{"LOWER": token.lower_} for token in tokens]])
        return matcher

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        phrases = self._phrases()
        if not phrases:
            return
        # A cheap word search picks the definitions that may hold a phrase (its
        # first word occurs); the Matcher on spaCy tokens decides.
        first_words = {phrase.split()[0].lower() for phrase in phrases}
        labels = [
            label
            for label in _defined(context)
            if not first_words.isdisjoint(_LOOSE_WORD.findall((label.definition or "").lower()))
        ]
        if not labels:
            return
        matcher = self._matcher(phrases, context.analyzer)
        hint = (
            "Say exactly what is in and what is out; list borderline cases as "
            "includes, excludes or edge cases."
        )
        parsed = context.analyzer.parsed(_definitions(labels))
        for label, parsed_doc in zip(labels, parsed, strict=True):
            definition = label.definition or ""
            # Offsets in the lowercased text are offsets in the definition when
            # lowercasing kept the length (it does, except for a few letters).
            exact = len(definition.lower()) == len(definition)
            for _, start, end in matcher(parsed_doc):
                span = parsed_doc[start:end]
                yield context.finding_in_value(
                    self.code,
                    f"the definition of '{label.id}' uses the vague '{span.text}'",
                    _definition_path(label),
                    definition,
                    span.start_char if exact else 0,
                    (label.id,),
                    hint,
                )


class ShortDefinitionOptions(RuleOptions):
    min_words: int = Field(default=5, ge=1, description="Fewer words than this are reported.")


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@register
class ShortDefinition(TaxonomyRule[ShortDefinitionOptions]):
    """## What it does
    Reports a definition with fewer than `min_words` words (default 5).

    ## Why is this bad?
    A few words rarely say both what kind of thing the label is and what sets
    it apart from its look-alikes; a definition such as "A car." repeats the
    name instead of drawing a boundary.

    ## Example
    ```yaml
    labels:
      taxi: {definition: A car.}
    ```

    ## Use instead
    ```yaml
    labels:
      taxi: {definition: A car that carries paying passengers and shows a taxi sign.}
    ```
    """

    code = "DEF004"
    name = "short-definition"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in _defined(context):
            count = len(_WORD.findall(label.definition or ""))
            if count < self.options.min_words:
                yield context.finding(
                    self.code,
                    f"the definition of '{label.id}' has {count} word{'s' * (count != 1)}",
                    _definition_path(label),
                    (label.id,),
                    "Say what kind of thing it is and what sets it apart from similar labels.",
                    at_value=True,
                )


_PUNCTUATION = re.compile(r"[^\w\s]")


@register
class DuplicateDefinition(TaxonomyRule):
    """## What it does
    Reports two active labels with the same definition, ignoring case,
    whitespace and punctuation.

    ## Why is this bad?
    Two labels defined the same way are one label to an annotator; which of
    the two gets used is chance. Usually a definition was copied and not
    adapted.

    ## Example
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels.}
      van: {definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels built to carry up to eight people.}
      van: {definition: A motor vehicle with a box-shaped body for carrying goods.}
    ```
    """

    code = "DEF005"
    name = "duplicate-definition"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        first_by_text: dict[str, Label] = {}
        for label in _defined(context):
            key = " ".join(_PUNCTUATION.sub(" ", (label.definition or "").lower()).split())
            first = first_by_text.setdefault(key, label)
            if first is not label:
                yield context.finding(
                    self.code,
                    f"'{label.id}' has the same definition as '{first.id}'",
                    _definition_path(label),
                    (first.id, label.id),
                    "Say in each definition what sets the label apart, or merge the labels.",
                    at_value=True,
                )


@register
class GenusNotParent(TaxonomyRule):
    """## What it does
    Reports a definition whose genus, the kind of thing it starts with ("A
    *person* riding a bicycle"), is the name of another label that is not
    one of the label's ancestors.

    ## Why is this bad?
    The definition and the hierarchy disagree about what the label is a kind
    of. Annotators and the docs navigation follow the hierarchy, so the
    definition's claim is invisible there, or the hierarchy is wrong.

    ## Example
    ```yaml
    labels:
      person: {definition: A human being visible in the frame.}
      vehicle: {abstract: true, definition: A machine that moves people or goods.}
      cyclist: {parent: vehicle, definition: A person riding a bicycle.}
    ```

    ## Use instead
    ```yaml
      cyclist: {parent: person, definition: A person riding a bicycle.}
    ```
    """

    code = "DEF006"
    name = "genus-not-parent"
    severity = "info"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        analyzer = context.analyzer
        taxonomy = context.taxonomy
        active = list(taxonomy.active_labels())
        name_texts = [
            (label, text)
            for label in active
            for text in dict.fromkeys((label.id, label.display_name, *label.aliases))
        ]
        owner: dict[str, str | None] = {}
        for (label, _), key in zip(
            name_texts, analyzer.normalise_names([text for _, text in name_texts]), strict=True
        ):
            previous = owner.setdefault(key, label.id)
            if previous != label.id:
                owner[key] = None  # a name of two labels says nothing about either
        labels = _defined(context)
        graph = taxonomy.graph
        for label, genus in zip(labels, analyzer.genera(_definitions(labels)), strict=True):
            # English puts the head noun last: "small motor vehicle" -> "vehicle".
            found = next(
                (
                    owner[" ".join(genus[start:])]
                    for start in range(len(genus))
                    if owner.get(" ".join(genus[start:]))
                ),
                None,
            )
            if found is None or found == label.id:
                continue
            if found in graph.ancestors(label.id) or found in graph.descendants(label.id):
                continue  # a kind it belongs to, or a list of its own kinds
            yield context.finding(
                self.code,
                f"the definition of '{label.id}' calls it a kind of '{found}', "
                f"which is not among its ancestors",
                _definition_path(label),
                (label.id, found),
                f"Make '{found}' a parent of '{label.id}', or start the definition with "
                "the kind of thing its parent is.",
                at_value=True,
            )


_NEGATIONS = frozenset({"not", "no", "non", "except", "besides", "excluding", "but"})
_EVERYTHING = frozenset(
    {"anything", "everything", "something", "all", "any", "other", "whatever", "none"}
)


def is_negative(lemmas: tuple[str, ...]) -> bool:
    """Whether a definition starts by saying what the thing is not: "Not a
    car", "Anything that is not a vehicle", "Any object except ...",
    "Everything other than ..."."""
    words = list(lemmas)
    while words and words[0] in ("a", "an", "the"):
        words.pop(0)
    if not words:
        return False
    if words[0] in ("not", "none"):
        return True
    if words[0] in _EVERYTHING:
        head = words[1:6]
        return any(word in _NEGATIONS for word in head) or "other than" in " ".join(head)
    return False


@register
class NegativeDefinition(TaxonomyRule):
    """## What it does
    Reports a definition that starts by saying what the label is not: "Not a
    car", "Anything that is not a vehicle", "Any object other than a sign".
    A negation after the genus ("A vehicle that is not motorised") or inside
    it ("A non-speech sound") is fine.

    ## Why is this bad?
    A definition by exclusion has no boundary of its own: it grows and shrinks
    with every other label, so adding a label silently changes its meaning and
    invalidates its existing annotations.

    ## Example
    ```yaml
    labels:
      other: {definition: Anything that is not a car or a truck.}
    ```

    ## Use instead
    ```yaml
    labels:
      other-vehicle:
        definition: A road vehicle with two or three wheels, or one on rails.
        includes: [motorbike, tram]
    ```
    """

    code = "DEF007"
    name = "negative-definition"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = _defined(context)
        lemmas_of = context.analyzer.lemmas_many(_definitions(labels))
        for label, lemmas in zip(labels, lemmas_of, strict=True):
            if is_negative(lemmas):
                yield context.finding(
                    self.code,
                    f"the definition of '{label.id}' says what it is not, not what it is",
                    _definition_path(label),
                    (label.id,),
                    "Start with the kind of thing it is and list what belongs to it.",
                    at_value=True,
                )
