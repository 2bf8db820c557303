"""Rule modules, one per family; importing this package registers every rule."""

from labelspec.lint.rules import schema  # noqa: F401
