"""Every rule's fixture cases (tests/rules/<CODE>.yaml), and every rule's docs."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import git

from labelspec.linting.engine import lint_repository
from labelspec.linting.registry import DOC_SECTIONS, all_rules, iter_docs
from labelspec.repository import Repository

FIXTURES = Path(__file__).parent
DEFAULT_FILE = "taxonomy/t.yaml"


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("[A-Z][A-Z][A-Z][0-9][0-9][0-9].yaml"))


def _cases() -> list[Any]:
    params = []
    for path in _fixture_files():
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(document["cases"]):
            name = case.get("name", str(index)).replace(" ", "-")
            params.append(pytest.param(document["rule"], case, id=f"{path.stem}-{name}"))
    return params


def _write_repository(root: Path, code: str, case: dict[str, Any]) -> None:
    config = ""
    if case.get("options"):
        config = f"[lint.rules.{code}]\n" + "".join(
            f"{_toml_key(key)} = {_toml_value(value)}\n" for key, value in case["options"].items()
        )
    if "configured_base" in case:
        config = f"base = {_toml_string(case['configured_base'])}\n" + config
    (root / "labelspec.toml").write_text(config, encoding="utf-8")
    (root / "taxonomy").mkdir()
    if "base" in case:
        (root / DEFAULT_FILE).write_text(case["base"])
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
    if "taxonomy" in case:
        (root / DEFAULT_FILE).write_text(case["taxonomy"])
    for relative, text in (case.get("files") or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")


def _toml_key(key: str) -> str:
    """A key as written in the fixture; a dotted one ("bumps.added") stays dotted."""
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        "\\" + char
        if char in '"\\'
        else char
        if char == "\t" or (char >= " " and char != "\x7f")
        else f"\\u{ord(char):04X}"
        for char in text
    )
    return f'"{escaped}"'


def _toml_value(value: object) -> str:
    """The fixture's YAML value as a TOML value (inline arrays and tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_toml_key(key)} = {_toml_value(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no TOML for {value!r}")


def test_options_become_the_toml_they_say() -> None:
    options = {
        "allow": ["usually", "often"],
        "pattern": '^[a-z]+\\d"$',
        "bumps.added": "major",
        "table": {"moved": "minor", "odd key": 1.5},
        "on": True,
    }
    toml = "".join(f"{_toml_key(key)} = {_toml_value(value)}\n" for key, value in options.items())
    expected = {key: value for key, value in options.items() if key != "bumps.added"}
    assert tomllib.loads(toml) == {**expected, "bumps": {"added": "major"}}


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_fixture(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    _write_repository(tmp_path, code, case)
    repository = Repository.discover(tmp_path)
    # Only the rule under test, unless the case selects more (SUP001 needs the
    # rule whose suppression it judges); findings of other codes are not compared.
    kwargs: dict[str, Any] = {"select": [code, *case.get("select", [])]}
    if "configured_base" in case:
        kwargs.update(base=case["configured_base"], require_base=False)
    elif "base" in case:
        kwargs["base"] = "HEAD"
    report = lint_repository(repository, **kwargs)
    found = [(f.file, f.line, f.column) for f in report.findings if f.code == code]
    expected = [
        (item.get("file", DEFAULT_FILE), item["line"], item["column"]) for item in case["expect"]
    ]
    assert sorted(found) == sorted(expected), [f.message for f in report.findings]
    for item in case["expect"]:
        match = next(
            f
            for f in report.findings
            if f.code == code
            and (f.file, f.line, f.column)
            == (item.get("file", DEFAULT_FILE), item["line"], item["column"])
        )
        if "labels" in item:
            assert sorted(match.labels) == sorted(item["labels"])
        if "message" in item:
            assert match.message == item["message"]


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_has_docs_and_fixtures(code: str) -> None:
    rule = all_rules()[code]
    sections = [title for title, _ in iter_docs(rule)]
    assert sections == list(DOC_SECTIONS), f"{code}: docstring sections {sections}"
    assert all(text for _, text in iter_docs(rule)), f"{code}: an empty docs section"
    fixture = FIXTURES / f"{code}.yaml"
    assert fixture.is_file(), f"{code} has no fixture file {fixture.name}"
    cases = yaml.safe_load(fixture.read_text(encoding="utf-8"))["cases"]
    assert any(case["expect"] for case in cases), f"{code}: no failing case"
    assert any(not case["expect"] for case in cases), f"{code}: no passing case"
