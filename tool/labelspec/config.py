"""``[tool.labelspec]`` in pyproject.toml, or the same keys in labelspec.toml."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from labelspec.errors import ConfigError

CONFIG_FILES = ("labelspec.toml", "pyproject.toml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LintConfig(_Strict):
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    rules: dict[str, dict[str, object]] = Field(default_factory=dict)


class Config(_Strict):
    taxonomy_dir: str = "taxonomy"
    guidelines_dir: str = "guidelines"
    base: str | None = None
    lint: LintConfig = Field(default_factory=LintConfig)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with a labelspec configuration or a
    ``taxonomy/`` folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "labelspec.toml").is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.labelspec" in pyproject.read_text(errors="replace"):
            return folder
        if (folder / "taxonomy").is_dir():
            return folder
    return None


def read_config(root: Path) -> tuple[Config, Path | None]:
    """The configuration of the repository at ``root`` and the file it came from."""
    for name in CONFIG_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from None
        if name == "pyproject.toml":
            section = document.get("tool", {}).get("labelspec")
            if section is None:
                continue
        else:
            section = document
        return _validate(section, path), path
    return Config(), None


def _validate(section: object, path: Path) -> Config:
    try:
        return Config.model_validate(section)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        where = ".".join(str(step) for step in problem["loc"])
        message = str(problem["msg"])
        if problem["type"] == "extra_forbidden":
            parent = Config if len(problem["loc"]) == 1 else LintConfig
            close = difflib.get_close_matches(str(problem["loc"][-1]), list(parent.model_fields), 1)
            message = "unknown key" + (f" (did you mean '{close[0]}'?)" if close else "")
        raise ConfigError(f"{path}: [tool.labelspec] {where}: {message}") from None
