"""NAM: annotators can tell labels apart by name, and ids follow one style."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field, field_validator

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import RuleOptions, TaxonomyRule, register
from labelspec.model import Label, Taxonomy

Path = tuple[str | int, ...]


def _compact(normalised: str) -> str:
    # "tool box" and "toolbox" are one name to an annotator.
    return normalised.replace(" ", "")


def _name_entries(taxonomy: Taxonomy) -> list[tuple[Label, str, Path, bool]]:
    """(label, text, path, is_name) for the id and the display name of every
    active label; the name's path points at its value."""
    entries: list[tuple[Label, str, Path, bool]] = []
    for label_id, label in taxonomy.labels.items():
        if label.status != "active":
            continue
        entries.append((label, label_id, ("labels", label_id), False))
        if label.name is not None:
            entries.append((label, label.name, ("labels", label_id, "name"), True))
    return entries


@register
class DuplicateName(TaxonomyRule):
    """## What it does
    Reports two active labels whose names or ids are the same after
    normalising case, spaces, hyphens and inflection: "Car" and "car",
    "sunglass" and "Sunglasses", "tool box" and "toolbox".

    ## Why is this bad?
    Annotators pick labels by name. Two labels that read the same split one
    concept's data at random between them.

    ## Example
    ```yaml
    labels:
      sunglass: {definition: Dark glasses that protect the eyes from sunlight.}
      shades: {name: Sunglasses, definition: Tinted eyewear worn outdoors.}
    ```

    ## Use instead
    ```yaml
    labels:
      sunglasses:
        definition: Dark glasses that protect the eyes from sunlight.
        aliases: [shades]
    ```
    """

    code = "NAM001"
    name = "duplicate-name"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        entries = _name_entries(context.taxonomy)
        keys = context.analyzer.normalise_names([text for _, text, _, _ in entries])
        first_by_key: dict[str, Label] = {}
        reported: set[tuple[str, str]] = set()
        for (label, text, path, is_name), key in zip(entries, keys, strict=True):
            compact = _compact(key)
            if not compact:
                continue  # punctuation only: nothing to compare
            first = first_by_key.setdefault(compact, label)
            if first is label or (first.id, label.id) in reported:
                continue
            reported.add((first.id, label.id))
            what = "name" if is_name else "id"
            yield context.finding(
                self.code,
                f"the {what} '{text}' of '{label.id}' is the same name as '{first.id}' "
                f"('{first.display_name}')",
                path,
                (first.id, label.id),
                "Merge the two labels, or rename one so that annotators can tell them apart.",
                at_value=is_name,
            )


@register
class AliasCollision(TaxonomyRule):
    """## What it does
    Reports an alias of one active label that equals the id, name or an alias
    of another active label (after the same normalisation as NAM001).

    ## Why is this bad?
    Aliases feed search in the guideline site and label pickers. An alias that
    names another label sends annotators to the wrong one.

    ## Example
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels., aliases: [truck]}
      truck: {definition: A motor vehicle with a cargo area.}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels., aliases: [automobile]}
      truck: {definition: A motor vehicle with a cargo area.}
    ```
    """

    code = "NAM002"
    name = "alias-collision"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        names = _name_entries(context.taxonomy)
        aliases = [
            (label, alias, ("labels", label.id, "aliases", index))
            for label in context.taxonomy.active_labels()
            for index, alias in enumerate(label.aliases)
        ]
        if not aliases:
            return
        keys = context.analyzer.normalise_names(
            [text for _, text, _, _ in names] + [a for _, a, _ in aliases]
        )
        # Labels by identity: comparing pydantic models with == compares every field.
        owners: dict[str, dict[int, Label]] = defaultdict(dict)
        for (label, _, _, _), key in zip(names, keys, strict=False):
            owners[_compact(key)][id(label)] = label
        alias_keys = keys[len(names) :]
        seen_alias: dict[str, Label] = {}
        for (label, alias, path), key in zip(aliases, alias_keys, strict=True):
            compact = _compact(key)
            if not compact:
                continue
            others = [other for other in owners.get(compact, {}).values() if other is not label]
            earlier = seen_alias.setdefault(compact, label)
            if not others and earlier is not label:
                others = [earlier]
            for other in others[:1]:
                yield context.finding(
                    self.code,
                    f"alias '{alias}' of '{label.id}' also names '{other.id}'",
                    path,
                    (label.id, other.id),
                    f"Remove the alias from '{label.id}', or merge the two labels.",
                    at_value=True,
                )


class SimilarNamesOptions(RuleOptions):
    min_length: int = Field(
        default=5, ge=1, description="Names shorter than this are not compared ('cat', 'car')."
    )


def typo_apart(first: str, second: str) -> bool:
    """Whether two strings differ by one typing slip: a character added or
    dropped inside a word ("colour chrt", "travelling") or two neighbouring
    characters swapped ("tabel"). A different character in the same place
    ("tower", "towel") or an extra letter at a word's start ("nicker",
    "snicker") usually makes another real word, and is not counted."""
    if len(first) > len(second):
        first, second = second, first
    start = 0
    while start < len(first) and first[start] == second[start]:
        start += 1
    if len(first) + 1 == len(second):
        at_word_start = start == 0 or second[start - 1] == " "
        return not at_word_start and first[start:] == second[start + 1 :]
    if len(first) != len(second) or start >= len(first) - 1:
        return False
    return (
        first[start] == second[start + 1]
        and first[start + 1] == second[start]
        and first[start + 2 :] == second[start + 2 :]
    )


_DIGITS = re.compile(r"\d+")


@register
class SimilarNames(TaxonomyRule[SimilarNamesOptions]):
    """## What it does
    Reports two active labels whose names are the same but for spelling
    ("grey whale" and "gray whale", "colour chart" and "color chart", by
    spaCy's British-American spelling table) or a typing slip: a letter
    added or dropped inside a word ("colour chrt"), or two neighbouring
    letters swapped ("tabel"). Names are compared after the normalisation of
    NAM001. Names shorter than `min_length`, names that differ only in a
    number ("class 1", "class 2"), and one-letter differences that make
    other words ("tower", "towel") are left out.

    ## Why is this bad?
    Near-identical names are one concept written two ways, or a typo that
    annotators will read as the other label at a glance.

    ## Example
    ```yaml
    labels:
      grey-whale: {definition: A baleen whale of the North Pacific.}
      gray-whale: {definition: A large whale that migrates along the coast.}
    ```

    ## Use instead
    ```yaml
    labels:
      grey-whale:
        definition: A baleen whale of the North Pacific.
        aliases: [gray whale]
    ```
    """

    code = "NAM003"
    name = "similar-names"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        from labelspec.text import spelling_norm

        labels = list(context.taxonomy.active_labels())
        keys = context.analyzer.normalise_names([label.display_name for label in labels])
        pairs: set[tuple[int, int]] = set()
        first_by_spelling: dict[str, int] = {}
        for index, key in enumerate(keys):
            if not key:
                continue
            first = first_by_spelling.setdefault(_compact(spelling_norm(key)), index)
            if first != index:
                pairs.add((first, index))
        # Blocking: two strings one edit apart share a string with one character
        # deleted (or one is the other with one deleted), so only labels sharing
        # such a key are compared; no all-pairs loop.
        buckets: dict[str, list[int]] = defaultdict(list)
        for index, key in enumerate(keys):
            if len(key) < self.options.min_length:
                continue
            variants = {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}
            for variant in variants:
                buckets[variant].append(index)
        for members in buckets.values():
            for position, first in enumerate(members):
                for second in members[position + 1 :]:
                    pairs.add((first, second) if first < second else (second, first))
        for first, second in sorted(pairs):
            a, b = keys[first], keys[second]
            if _compact(a) == _compact(b) or _DIGITS.sub("#", a) == _DIGITS.sub("#", b):
                continue  # NAM001's business, or numbered siblings
            spelling = _compact(spelling_norm(a)) == _compact(spelling_norm(b))
            if not spelling and not typo_apart(a, b):
                continue
            one, other = labels[first], labels[second]
            path = ("labels", other.id, "name") if other.name is not None else ("labels", other.id)
            yield context.finding(
                self.code,
                f"the name '{other.display_name}' of '{other.id}' differs from "
                f"'{one.display_name}' ('{one.id}') only "
                + ("in spelling" if spelling else "by a typing slip"),
                path,
                (one.id, other.id),
                "Merge the labels if they mean the same; otherwise rename one more distinctly.",
                at_value=other.name is not None,
            )


class IdStyleOptions(RuleOptions):
    pattern: str = Field(
        default=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Regular expression every active label id must match.",
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from None
        return value


@register
class IdStyle(TaxonomyRule[IdStyleOptions]):
    """## What it does
    Reports an active label id that does not match the id style, by default
    lowercase words joined by hyphens (`pickup-truck`); set `pattern` to use
    another style.

    ## Why is this bad?
    Ids end up in URLs of the guideline site, in exported datasets and in
    scripts. Mixed styles (`PickupTruck`, `pickup_truck`, `pickup truck`) lead
    to typos in references that no one notices until a mapping fails.

    ## Example
    ```yaml
    labels:
      Pickup_Truck: {definition: A light truck with an open cargo bed.}
    ```

    ## Use instead
    ```yaml
    labels:
      pickup-truck: {name: Pickup truck, definition: A light truck with an open cargo bed.}
    ```
    """

    code = "NAM004"
    name = "id-style"
    severity = "info"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        pattern = re.compile(self.options.pattern)
        for label in context.taxonomy.active_labels():
            if not pattern.match(label.id):
                suggestion = re.sub(r"[^a-z0-9]+", "-", label.id.lower()).strip("-")
                yield context.finding(
                    self.code,
                    f"label id '{label.id}' does not match the id style {self.options.pattern}",
                    ("labels", label.id),
                    (label.id,),
                    f"Rename the id, e.g. to '{suggestion}', and keep the old one as a tombstone."
                    if suggestion
                    else "Rename the id.",
                )


_BAD_SPACE = re.compile(r"^\s|\s$|\s{2,}|[\t\n\r\f\v\u00a0]")


@register
class NameWhitespace(TaxonomyRule):
    """## What it does
    Reports a name or alias with leading or trailing whitespace, repeated
    spaces, or tabs, line breaks and non-breaking spaces inside.

    ## Why is this bad?
    Quoted YAML keeps such whitespace. Tools that match names exactly (label
    pickers, dataset exports, search) then treat "car " and "car" as two
    different names.

    ## Example
    ```yaml
    labels:
      car: {name: "Car ", definition: A motor vehicle with four wheels.}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {name: Car, definition: A motor vehicle with four wheels.}
    ```
    """

    code = "NAM005"
    name = "name-whitespace"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in context.taxonomy.active_labels():
            texts: list[tuple[str, str, Path]] = []
            if label.name is not None:
                texts.append(("name", label.name, ("labels", label.id, "name")))
            texts += [
                ("alias", alias, ("labels", label.id, "aliases", index))
                for index, alias in enumerate(label.aliases)
            ]
            for what, text, path in texts:
                if _BAD_SPACE.search(text):
                    yield context.finding(
                        self.code,
                        f"{what} {text!r} of '{label.id}' has stray whitespace",
                        path,
                        (label.id,),
                        f"Write it as '{' '.join(text.split())}'.",
                        at_value=True,
                    )
