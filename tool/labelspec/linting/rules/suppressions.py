"""SUP: suppression comments themselves. The engine finds these problems (see
:mod:`labelspec.linting.suppression_comments`); the classes carry codes and documentation."""

from __future__ import annotations

from labelspec.linting.registry import TaxonomyRule, register


@register
class UnusedSuppression(TaxonomyRule):
    """## What it does
    Reports a code in a `# labelspec: ignore[CODE]` comment (or a guideline
    page's `<!-- labelspec: ignore[CODE] -->`) that silences no finding.
    Codes whose rules did not run (not selected, or needing `--base`) are
    not judged.

    ## Why is this bad?
    The problem it silenced is gone; the comment stays and would silence the
    next, unrelated problem on that line without anyone noticing.

    ## Example
    ```yaml
    labels:
      car:   # labelspec: ignore[EXM001] examples follow in 2.1
        definition: A motor vehicle with four wheels built to carry people.
        examples: [{image: guidelines/assets/car/taxi.jpg}]
    ```

    ## Use instead
    ```yaml
    labels:
      car:
        definition: A motor vehicle with four wheels built to carry people.
        examples: [{image: guidelines/assets/car/taxi.jpg}]
    ```
    """

    code = "SUP001"
    name = "unused-suppression"
    severity = "warning"
    source = "engine"


@register
class MalformedSuppression(TaxonomyRule):
    """## What it does
    Reports a suppression comment that cannot be read: `# labelspec: ignore`
    without codes, empty brackets, an unknown code, or another word than
    `ignore` after `labelspec:`.

    ## Why is this bad?
    The author meant to silence something and silenced nothing (or, if a
    bare `ignore` silenced everything, would hide every future problem on the
    line). Codes are required so that each suppression says what it accepts.

    ## Example
    ```yaml
      car:   # labelspec: ignore
    ```

    ## Use instead
    ```yaml
      car:   # labelspec: ignore[EXM001] examples follow in 2.1
    ```
    """

    code = "SUP002"
    name = "malformed-suppression"
    severity = "error"
    source = "engine"
