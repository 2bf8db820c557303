"""SCH: the file is YAML and follows the format. The loader finds these problems
(a file that fails them cannot be turned into a taxonomy); the classes here carry
their codes, names and documentation."""

from __future__ import annotations

from labelspec.linting.registry import TaxonomyRule, register


@register
class YamlSyntax(TaxonomyRule):
    """## What it does
    Reports a file that is not valid YAML or not valid UTF-8: a missing colon, a
    bad indent, a tab used for indentation, binary content.

    ## Why is this bad?
    Nothing else can be checked, and annotation tools cannot read the label set.

    ## Example
    ```yaml
    labels:
      car:
        definition: A motor vehicle.   # indented with a tab
    ```

    ## Use instead
    ```yaml
    labels:
      car:
        definition: A motor vehicle.
    ```
    """

    code = "SCH001"
    name = "yaml-syntax"
    source = "loader"


@register
class DuplicateKey(TaxonomyRule):
    """## What it does
    Reports a key that occurs twice in one mapping, such as a label defined twice.

    ## Why is this bad?
    YAML parsers silently keep the last value, so half of an edit disappears
    without a trace: the first definition of the label is lost.

    ## Example
    ```yaml
    labels:
      car: {definition: A motor vehicle.}
      car: {definition: A passenger vehicle.}
    ```

    ## Use instead
    Merge the two entries, or give the second label its own id.
    """

    code = "SCH002"
    name = "duplicate-key"
    source = "loader"


@register
class UnknownField(TaxonomyRule):
    """## What it does
    Reports a field the format does not know, with the closest known field name.

    ## Why is this bad?
    A typo such as `defintion` would otherwise drop the definition silently.

    ## Example
    ```yaml
    labels:
      car:
        defintion: A motor vehicle.
    ```

    ## Use instead
    ```yaml
    labels:
      car:
        definition: A motor vehicle.
    ```
    """

    code = "SCH003"
    name = "unknown-field"
    source = "loader"


@register
class InvalidValue(TaxonomyRule):
    """## What it does
    Reports a missing required field or a value of the wrong type or form: a
    version that is not semantic, an unknown task kind, an example with two media,
    a span outside its text, an empty file, a list at the top level.

    ## Why is this bad?
    Tools that read the taxonomy would reject it or, worse, misread it.

    ## Example
    ```yaml
    version: 2.0          # a number, not a semantic version
    task: {modality: text, kind: bounding-box}
    ```

    ## Use instead
    ```yaml
    version: 2.0.0
    task: {modality: text, kind: span}
    ```
    """

    code = "SCH004"
    name = "invalid-value"
    source = "loader"


@register
class UnsafeYaml(TaxonomyRule):
    """## What it does
    Refuses YAML that could run code or exhaust memory: `!!python/...` and other
    custom tags, aliases that expand to too many nodes (a "billion laughs"),
    recursive aliases, very deep nesting, and files over the size limit (64 MB).

    ## Why is this bad?
    Taxonomies come from pull requests; loading one must never execute anything or
    take the machine down.

    ## Example
    ```yaml
    labels: !!python/object/apply:os.system ["rm -rf /"]
    ```

    ## Use instead
    Plain mappings, lists and scalars. Anchors and aliases are fine in moderation.
    """

    code = "SCH005"
    name = "unsafe-yaml"
    source = "loader"


@register
class TaxonomyIdMismatch(TaxonomyRule):
    """## What it does
    Reports a `taxonomy:` id that differs from the file name without `.yaml`.

    ## Why is this bad?
    Commands, references such as `[[street-objects:car]]` and history lookups find
    a taxonomy by its file name; a mismatch makes them find the wrong file or none.

    ## Example
    ```yaml
    # taxonomy/street-objects.yaml
    taxonomy: street_objects
    ```

    ## Use instead
    ```yaml
    # taxonomy/street-objects.yaml
    taxonomy: street-objects
    ```
    """

    code = "SCH006"
    name = "taxonomy-id-mismatch"
    source = "loader"
