"""EXM: examples and edge cases are present, reachable, fitting and safe to publish."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from pydantic import Field

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import RuleOptions, TaxonomyRule, register
from labelspec.model import Example, Label

NodePath = tuple[str | int, ...]
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def all_examples(label: Label) -> Iterator[tuple[str, Example, NodePath]]:
    """(field, example, path) for every example and counter-example of a label."""
    for field in ("examples", "counter_examples"):
        for index, example in enumerate(getattr(label, field)):
            yield field, example, ("labels", label.id, field, index)


def media_outside(media: str, root: Path) -> str | None:
    """Why ``media`` (a repository-relative path) leaves the repository, or None."""
    if _URL.match(media):
        return "is a URL, not a file in the repository"
    if PurePosixPath(media).is_absolute() or PureWindowsPath(media).is_absolute():
        return "is an absolute path"
    if os.path.normpath(media).replace("\\", "/").split("/")[0] == "..":
        return "climbs out of the repository with '..'"
    target = root / media
    try:
        resolved = target.resolve()
        resolved.relative_to(root.resolve())
    except ValueError:
        return "is a link that points outside the repository"
    except OSError:
        return None
    return None


@register
class NoPositiveExample(TaxonomyRule):
    """## What it does
    Reports an assignable label without a single positive example.

    ## Why is this bad?
    Annotators learn a label from examples far more than from its definition;
    the guideline page of a label without examples leaves them to guess where
    its boundary lies.

    ## Example
    ```yaml
    labels:
      car: {definition: A motor vehicle with four wheels built to carry people.}
    ```

    ## Use instead
    ```yaml
    labels:
      car:
        definition: A motor vehicle with four wheels built to carry people.
        examples:
          - {image: guidelines/assets/car/taxi.jpg, note: A taxi is a car.}
    ```
    """

    code = "EXM001"
    name = "no-positive-example"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        labels = context.taxonomy.labels
        for label_id in context.taxonomy.graph.assignable:
            if not labels[label_id].examples:
                yield context.finding(
                    self.code,
                    f"label '{label_id}' has no examples",
                    ("labels", label_id),
                    (label_id,),
                    "Add at least one typical example under `examples`.",
                )


@register
class MissingMedia(TaxonomyRule):
    """## What it does
    Reports an example or counter-example whose image, audio or video file
    does not exist. Paths are relative to the repository root.

    ## Why is this bad?
    The guideline page shows a broken image where annotators expected the
    example that explains the label, and the docs build fails in strict mode.

    ## Example
    ```yaml
    examples:
      - image: guidelines/assets/car/taxi.jpeg   # the file is taxi.jpg
    ```

    ## Use instead
    ```yaml
    examples:
      - image: guidelines/assets/car/taxi.jpg
    ```
    """

    code = "EXM002"
    name = "missing-media"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        root = context.root
        if root is None:
            return
        for label in context.taxonomy.labels.values():
            for field, example, path in all_examples(label):
                media = example.media_path
                if media is None or media_outside(media, root) is not None:
                    continue  # text, or EXM003's business
                if not (root / media).is_file():
                    kind = "counter-example" if field == "counter_examples" else "example"
                    yield context.finding(
                        self.code,
                        f"{kind} of '{label.id}' refers to the missing file '{media}'",
                        (*path, example.media_kind),
                        (label.id,),
                        "Add the file, or fix the path (relative to the repository root).",
                        at_value=True,
                    )


@register
class MediaOutsideRepo(TaxonomyRule):
    """## What it does
    Reports example media that is not a file inside the repository: an
    absolute path, a path that climbs out with `..`, a symbolic link that
    points outside, or a URL.

    ## Why is this bad?
    The guidelines must build the same on every machine and must not publish
    files from outside the repository (a path such as `../../etc/passwd` in a
    pull request would otherwise end up on the guideline site). URLs break
    when the remote file changes or disappears.

    ## Example
    ```yaml
    examples:
      - image: /home/me/Pictures/taxi.jpg
    ```

    ## Use instead
    ```yaml
    examples:
      - image: guidelines/assets/car/taxi.jpg
    ```
    """

    code = "EXM003"
    name = "media-outside-repo"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        root = context.root or Path.cwd()
        for label in context.taxonomy.labels.values():
            for _, example, path in all_examples(label):
                media = example.media_path
                if media is None:
                    continue
                reason = media_outside(media, root)
                if reason is not None:
                    yield context.finding(
                        self.code,
                        f"media '{media}' of '{label.id}' {reason}",
                        (*path, example.media_kind),
                        (label.id,),
                        "Copy the file into guidelines/assets/ and refer to it by that path.",
                        at_value=True,
                    )


# The media an example of a task's modality may show; a video task may show a still.
MEDIA_FOR_MODALITY: dict[str, frozenset[str]] = {
    "image": frozenset({"image"}),
    "text": frozenset({"text"}),
    "audio": frozenset({"audio"}),
    "video": frozenset({"video", "image"}),
}


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


@register
class ModalityMismatch(TaxonomyRule):
    """## What it does
    Reports an example or counter-example whose media does not fit the task's
    modality: an image in an audio task, a text in an image task. A video task
    may show image stills.

    ## Why is this bad?
    Annotators label what the task shows them. An example in another medium
    cannot show them what to look for, and the locator (region, span, time)
    means nothing in the task's data.

    ## Example
    ```yaml
    task: {modality: audio, kind: temporal-segment}
    labels:
      dog-bark:
        definition: The short loud sound a dog makes.
        examples:
          - image: guidelines/assets/dog.jpg
    ```

    ## Use instead
    ```yaml
        examples:
          - {audio: guidelines/assets/dog-bark.wav, time: [0.5, 1.2]}
    ```
    """

    code = "EXM004"
    name = "modality-mismatch"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        modality = context.taxonomy.task.modality
        allowed = MEDIA_FOR_MODALITY[modality]
        for label in context.taxonomy.labels.values():
            for _, example, path in all_examples(label):
                kind = example.media_kind
                if kind not in allowed:
                    yield context.finding(
                        self.code,
                        f"{_article(kind)} {kind} example of '{label.id}' in "
                        f"{_article(modality)} {modality} task",
                        (*path, kind),
                        (label.id,),
                        f"Show the label in {modality} data, as annotators will see it.",
                    )


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b"
)
# RFC 2606 / 6761: names reserved for documentation, never a person's address.
_RESERVED_DOMAINS = (
    "example.com",
    "example.org",
    "example.net",
    "example",
    "test",
    "invalid",
    "localhost",
)
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_PHONE_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?!\w)"
)
_PHONE_NANP = re.compile(r"(?<![\w+])\(?\b[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}\b")


# Card numbers that payment providers publish for testing; never a real card.
PUBLISHED_TEST_CARDS = frozenset(
    {
        "4242424242424242",
        "4000056655665556",
        "4111111111111111",
        "4012888888881881",
        "5555555555554444",
        "5105105105105100",
        "5200828282828210",
        "2223003122003222",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "3530111333300000",
    }
)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _real_card(candidate: str) -> bool:
    digits = _digits(candidate)
    return luhn_valid(digits) and len(set(digits)) > 1 and digits not in PUBLISHED_TEST_CARDS


def luhn_valid(number: str) -> bool:
    """The Luhn checksum that payment card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to
    numbers (A=10), and the remainder modulo 97 must be 1."""
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in moved)
    return int(number) % 97 == 1


# Every kind of personal data looked for has an @ or seven digits close together;
# texts without either (most of them) skip the detailed patterns.
_MAYBE_PERSONAL = re.compile(r"@|\d(?:[\s().+/-]{0,3}\d){6}")


def personal_data(text: str, allowed_domains: tuple[str, ...]) -> list[str]:
    """The kinds of personal data found in ``text``, each once, in a fixed order."""
    found: list[str] = []
    if not _MAYBE_PERSONAL.search(text):
        return found
    # Numbers already recognised as a card or an IBAN are blanked before the
    # phone search, which would otherwise read "DE89 0044 ..." as +44.
    masked = text
    for match in _EMAIL.finditer(text):
        domain = match.group("domain").lower()
        if not any(domain == d or domain.endswith("." + d) for d in allowed_domains):
            found.append("an e-mail address")
            break
    for kind, pattern, valid in (
        ("a payment card number", _CARD, _real_card),
        ("an IBAN", _IBAN, iban_valid),
    ):
        for match in pattern.finditer(text):
            if valid(match.group()):
                if kind not in found:
                    found.append(kind)
                masked = masked[: match.start()] + " " * len(match.group()) + masked[match.end() :]
    for match in [*_PHONE_INTERNATIONAL.finditer(masked), *_PHONE_NANP.finditer(masked)]:
        digits = _digits(match.group())
        # 555-0100 to 555-0199 are reserved for fiction in the North American plan.
        fictional = len(digits) >= 7 and digits[-7:-2] == "55501"
        if 7 <= len(digits) <= 15 and not fictional:
            found.append("a phone number")
            break
    return found


_KIND_OF_FIELD = {"examples": "example", "counter_examples": "counter-example"}


class PersonalDataOptions(RuleOptions):
    allow_domains: list[str] = Field(
        default_factory=list,
        description="E-mail domains that are not personal (besides example.org and the like).",
    )


@register
class PersonalData(TaxonomyRule[PersonalDataOptions]):
    """## What it does
    Reports personal data in the text of examples, counter-examples and edge
    cases (the text, its note, the case and its rationale): e-mail addresses,
    phone numbers, payment card numbers (with a valid Luhn checksum) and IBANs
    (with a valid ISO 13616 checksum). Addresses at documentation domains
    (example.org, .test, ...), fictional 555-01xx numbers and the card
    numbers payment providers publish for testing are allowed.

    ## Why is this bad?
    Examples are often pasted from real data. The guideline site is published
    to every annotator, often to vendors, and the repository keeps the data in
    its history for ever.

    ## Example
    ```yaml
    examples:
      - text: "Call me on +44 20 7946 0321 or write to jane.doe@gmail.com"
    ```

    ## Use instead
    ```yaml
    examples:
      - text: "Call me on +44 20 7946 0000 or write to jane@example.org"
    ```
    """

    code = "EXM005"
    name = "personal-data"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        allowed = (*_RESERVED_DOMAINS, *(d.lower() for d in self.options.allow_domains))
        for label in context.taxonomy.labels.values():
            texts: list[tuple[str | None, str, NodePath]] = []
            for field, example, path in all_examples(label):
                where = f"{_KIND_OF_FIELD[field]} {int(path[3]) + 1}"
                texts += [
                    (example.text, f"the text of {where}", (*path, "text")),
                    (example.note, f"the note of {where}", (*path, "note")),
                ]
            for index, case in enumerate(label.edge_cases):
                path = ("labels", label.id, "edge_cases", index)
                texts += [
                    (case.case, f"edge case '{case.id}'", (*path, "case")),
                    (
                        case.rationale,
                        f"the rationale of edge case '{case.id}'",
                        (*path, "rationale"),
                    ),
                ]
            for text, where, path in texts:
                if not text:
                    continue
                kinds = personal_data(text, allowed)
                if kinds:
                    yield context.finding(
                        self.code,
                        f"{where} of '{label.id}' contains " + " and ".join(kinds),
                        path,
                        (label.id,),
                        "Replace personal data with made-up values (e.g. name@example.org).",
                        at_value=True,
                    )


@register
class OpenEdgeCase(TaxonomyRule):
    """## What it does
    Reports an edge case with `status: open`: a hard case still waiting for a
    decision.

    ## Why is this bad?
    Annotators meet the case in the data now. Until it is decided, each of
    them decides alone, and the labels for that case are inconsistent.

    ## Example
    ```yaml
    edge_cases:
      - {id: car-reflection, case: A car seen in a shop window., status: open}
    ```

    ## Use instead
    ```yaml
    edge_cases:
      - id: car-reflection
        case: A car seen in a shop window.
        decision: null
        rationale: Reflections are not physical objects in the scene.
    ```
    """

    code = "EXM006"
    name = "open-edge-case"
    severity = "warning"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        for label in context.taxonomy.labels.values():
            for index, case in enumerate(label.edge_cases):
                if case.status == "open":
                    yield context.finding(
                        self.code,
                        f"edge case '{case.id}' of '{label.id}' is still open",
                        ("labels", label.id, "edge_cases", index, "status"),
                        (label.id,),
                        "Decide the case, record the decision and rationale, and set "
                        "`status: decided`.",
                    )


@register
class DuplicateEdgeCaseId(TaxonomyRule):
    """## What it does
    Reports an edge-case `id` used more than once in a taxonomy.

    ## Why is this bad?
    Edge-case ids are how discussions, review files and the guideline site
    refer to a decision; with two cases under one id, links and history point
    to the wrong decision.

    ## Example
    ```yaml
    car:
      edge_cases: [{id: billboard, case: A car on a billboard.}]
    truck:
      edge_cases: [{id: billboard, case: A truck on a billboard.}]
    ```

    ## Use instead
    ```yaml
    car:
      edge_cases: [{id: car-billboard, case: A car on a billboard.}]
    truck:
      edge_cases: [{id: truck-billboard, case: A truck on a billboard.}]
    ```
    """

    code = "EXM007"
    name = "duplicate-edge-case-id"
    severity = "error"

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        first_owner: dict[str, str] = {}
        for label in context.taxonomy.labels.values():
            for index, case in enumerate(label.edge_cases):
                owner = first_owner.get(case.id)
                if owner is None:
                    first_owner[case.id] = label.id
                    continue
                yield context.finding(
                    self.code,
                    f"edge-case id '{case.id}' is already used by '{owner}'",
                    ("labels", label.id, "edge_cases", index, "id"),
                    tuple(dict.fromkeys((owner, label.id))),
                    f"Give the edge case a unique id, e.g. '{label.id}-{case.id}'.",
                    at_value=True,
                )
