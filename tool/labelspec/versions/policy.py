"""The version policy: the smallest version bump a set of changes allows.

Every change of a diff has a *category*: its kind, refined where the kind alone
does not decide (``definition-changed:narrowed`` vs ``:clarified``, ``added:carved``).
Each category maps to a bump, like buf's breaking-change categories; the default
table is the one :data:`labelspec.versions.changes.KINDS` gives (DESIGN.md's
policy). Projects override it with a :class:`BumpTable` (configured as VER007's
``bumps`` option); naming a kind there sets all of its categories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BeforeValidator, RootModel, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from labelspec.config import Config
from labelspec.errors import ConfigError
from labelspec.semver import BUMP_ORDER, Bump, max_bump
from labelspec.versions.changes import KINDS, AnyChange

DEFAULT_BUMPS: dict[str, Bump] = {
    category: bump for spec in KINDS.values() for category, bump in spec.bumps.items()
}


def _one_bump(value: object) -> object:
    if not (isinstance(value, str) and value in BUMP_ORDER):
        raise PydanticCustomError(
            "bump", "'{value}' is not one of major, minor, patch, none", {"value": value}
        )
    return value


class BumpTable(RootModel[dict[str, Annotated[Bump, BeforeValidator(_one_bump)]]]):
    """Change category or kind -> the bump it needs, overriding the default policy.

    Validation says what is wrong in the words a configuration error uses: a
    value that is no bump, a key that is no category or kind, a value that is
    not a table at all.
    """

    @model_validator(mode="before")
    @classmethod
    def _is_a_table(cls, value: object) -> object:
        if not isinstance(value, Mapping):
            raise PydanticCustomError("bump_table", "must be a table")
        return value

    @model_validator(mode="after")
    def _known_keys(self) -> BumpTable:
        for key in self.root:
            if key not in DEFAULT_BUMPS and key not in KINDS:
                raise PydanticCustomError(
                    "change_category", "unknown change category '{key}'", {"key": key}
                )
        return self

    @classmethod
    def from_config(cls, value: object, section: str) -> BumpTable:
        """``value`` (None: no overrides) read from ``section`` of the configuration,
        such as ``[tool.labelspec.lint.rules.VER007] bumps``; a :class:`ConfigError`
        that names the section and the key otherwise, worded as the linter words
        errors in its rules' options."""
        try:
            return cls.model_validate(value if value is not None else {})
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join([section, *(str(step) for step in problem["loc"])])
            raise ConfigError(f"{where}: {problem['msg']}") from None


@dataclass(frozen=True)
class Policy:
    """Category -> bump. Categories not in the table count as MAJOR (safe side)."""

    bumps: Mapping[str, Bump] = field(default_factory=lambda: dict(DEFAULT_BUMPS))

    @classmethod
    def with_overrides(cls, overrides: BumpTable | None) -> Policy:
        """The default policy changed by ``overrides`` (category or kind -> bump)."""
        table: dict[str, Bump] = dict(DEFAULT_BUMPS)
        for key, value in (overrides.root if overrides is not None else {}).items():
            for category in table:
                if category == key or category.startswith(key + ":"):
                    table[category] = value
            table[key] = value
        return cls(table)

    @classmethod
    def configured(cls, config: Config) -> Policy:
        """The policy a repository configured (VER007's ``bumps``), which the diff
        command and ``check`` apply as the linter does."""
        options = config.lint.rules.get("VER007", {})
        section = "[tool.labelspec.lint.rules.VER007] bumps"
        return cls.with_overrides(BumpTable.from_config(options.get("bumps"), section))

    def bump_for(self, change: AnyChange) -> Bump:
        found = self.bumps.get(change.category)
        if found is None:
            found = self.bumps.get(change.kind, "major")
        return found

    def required(self, changes: Iterable[AnyChange]) -> Bump:
        """The smallest bump that covers every change."""
        return max_bump([self.bump_for(change) for change in changes])

    def reasons(self, changes: Iterable[AnyChange], level: Bump) -> list[AnyChange]:
        """The changes that require ``level``."""
        return [change for change in changes if self.bump_for(change) == level]


def satisfies(actual: Bump, required: Bump) -> bool:
    return BUMP_ORDER[actual] >= BUMP_ORDER[required]
