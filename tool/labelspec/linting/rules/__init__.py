"""Rule modules, one per family; importing this package registers every rule."""

from labelspec.linting.rules import (  # noqa: F401  (imported to register their rules)
    base_ref,
    definitions,
    examples,
    graph,
    guidelines,
    lifecycle,
    naming,
    overlap,
    schema,
    suppressions,
)
