"""The version policy: the smallest version bump a set of changes allows.

Every change of a diff has a *category*: its kind, refined where the kind alone
does not decide (``definition-changed:narrowed`` vs ``:clarified``, ``added:carved``).
Each category maps to a bump, like buf's breaking-change categories, following
DESIGN.md by default: MAJOR for whatever can make existing annotations wrong,
MINOR for additions that leave them valid, PATCH for clarifications and text.
Projects override the table under ``[tool.labelspec.lint.rules.VER007] bumps``;
naming a kind there sets all of its categories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labelspec.errors import ConfigError
from labelspec.semver import BUMP_ORDER, Bump, max_bump

if TYPE_CHECKING:
    from labelspec.versions.diff import Change

DEFAULT_BUMPS: dict[str, Bump] = {
    # Existing annotations may be wrong now.
    "undeclared-removal": "major",
    "deprecated": "major",
    "renamed": "major",
    "merged": "major",
    "split": "major",
    "replacement-changed": "major",
    "definition-changed:narrowed": "major",
    "definition-changed:broadened": "major",
    "added:carved": "major",
    "task-changed": "major",
    "attribute-removed": "major",
    "attribute-changed": "major",
    "assignable-changed:lost": "major",
    "index-changed": "major",
    # Additions: existing annotations stay valid.
    "added": "minor",
    "moved": "minor",
    "name-changed": "minor",
    "attribute-added": "minor",
    "assignable-changed:gained": "minor",
    # Clarifications and text.
    "definition-changed:clarified": "patch",
    "definition-changed:undeclared": "patch",
    "name-changed:cosmetic": "patch",
    "aliases-changed": "patch",
    "examples-changed": "patch",
    "edge-case-added": "patch",
    "edge-case-changed": "patch",
    "distinction-changed": "patch",
    "attribute-changed:description": "patch",
    "text-changed": "patch",
    "tombstone-added": "patch",
    # Information only: the change they accompany is counted already.
    "index-shifted": "none",
    "suggested-rename": "none",
}


@dataclass(frozen=True)
class Policy:
    """Category -> bump. Categories not in the table count as MAJOR (safe side)."""

    bumps: Mapping[str, Bump] = field(default_factory=lambda: dict(DEFAULT_BUMPS))

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, object] | None) -> Policy:
        """The default policy changed by ``overrides`` (category or kind -> bump)."""
        table: dict[str, Bump] = dict(DEFAULT_BUMPS)
        kinds = {category.split(":", 1)[0] for category in table}
        for key, value in (overrides or {}).items():
            if value not in BUMP_ORDER:
                raise ConfigError(
                    f"[tool.labelspec.lint.rules.VER007] bumps.{key}: '{value}' is not one of "
                    "major, minor, patch, none"
                )
            if key not in table and key not in kinds:
                raise ConfigError(
                    f"[tool.labelspec.lint.rules.VER007] bumps: unknown change category '{key}'"
                )
            for category in table:
                if category == key or category.startswith(key + ":"):
                    table[category] = value  # type: ignore[assignment]
            table[key] = value  # type: ignore[assignment]
        return cls(table)

    def bump_for(self, change: Change) -> Bump:
        found = self.bumps.get(change.category)
        if found is None:
            found = self.bumps.get(change.kind, "major")
        return found

    def required(self, changes: Iterable[Change]) -> Bump:
        """The smallest bump that covers every change."""
        return max_bump([self.bump_for(change) for change in changes])

    def reasons(self, changes: Iterable[Change], level: Bump) -> list[Change]:
        """The changes that require ``level``."""
        return [change for change in changes if self.bump_for(change) == level]


def policy_from_config(rules: Mapping[str, Mapping[str, object]]) -> Policy:
    """The policy configured for a repository (``lint.rules`` of its configuration)."""
    options = rules.get("VER007") or {}
    bumps = options.get("bumps")
    if bumps is not None and not isinstance(bumps, Mapping):
        raise ConfigError("[tool.labelspec.lint.rules.VER007] bumps must be a table")
    return Policy.with_overrides(bumps)


def satisfies(actual: Bump, required: Bump) -> bool:
    return BUMP_ORDER[actual] >= BUMP_ORDER[required]


def smallest_bump(changes: Iterable[Change], overrides: Mapping[str, object] | None = None) -> Bump:
    """The smallest version bump ``changes`` allow, under the default policy
    changed by ``overrides`` (category or kind -> bump)."""
    return Policy.with_overrides(overrides).required(changes)
