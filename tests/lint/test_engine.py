"""The engine: selection, severities, options, suppressions, and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import write_repository
from labelspec.errors import ConfigError, UsageError
from labelspec.linting.engine import Linter, lint_repository
from labelspec.linting.registry import FAMILIES, all_rules
from labelspec.repository import Repository

# car has no examples (EXM001, line 6) and a short definition (DEF004, line 6 col 21);
# truck's text example is out of place in an image task (EXM004, line 9).
LABELS = """\
  car: {definition: A motor car.}
  truck:
    definition: A motor vehicle with a cargo area behind the cabin.
    examples: [{text: a truck with a cargo area}]
"""


def codes(root: Path, **kwargs: object) -> list[tuple[str, int, int]]:
    report = lint_repository(Repository.discover(root), **kwargs)  # type: ignore[arg-type]
    return [(f.code, f.line, f.column) for f in report.findings]


def test_findings_carry_every_field(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS)
    report = lint_repository(Repository.discover(tmp_path), select=["DEF004"])
    (finding,) = report.findings
    assert finding.to_json() == {
        "code": "DEF004",
        "name": "short-definition",
        "severity": "warning",
        "message": finding.message,
        "file": "taxonomy/t.yaml",
        "line": 6,
        "column": 21,
        "labels": ["car"],
        "hint": finding.hint,
    }
    assert finding.hint


def test_select_by_family_and_prefix_and_ignore(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS)
    assert codes(tmp_path, select=["EXM", "DEF004"]) == [
        ("EXM001", 6, 3),
        ("DEF004", 6, 21),
        ("EXM004", 9, 17),
    ]
    assert codes(tmp_path, select=["EXM00", "DEF"], ignore=["DEF004", "EXM004"]) == [
        ("EXM001", 6, 3)
    ]


def test_config_select_ignore_and_severity(tmp_path: Path) -> None:
    config = '[lint]\nselect = ["DEF", "EXM"]\nignore = ["EXM"]\nseverity = {DEF004 = "error"}\n'
    write_repository(tmp_path, LABELS, config)
    report = lint_repository(Repository.discover(tmp_path))
    assert [(f.code, f.severity) for f in report.findings] == [("DEF004", "error")]
    assert report.failed()
    # The command line's --select replaces the configured selection.
    assert codes(tmp_path, select=["EXM001"]) == []  # still ignored by the configuration


def test_rule_options_are_validated(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS, "[lint.rules.DEF004]\nmin_words = 2\n")
    assert codes(tmp_path, select=["DEF004"]) == []
    write_repository(tmp_path, LABELS, "[lint.rules.DEF004]\nminimum = 2\n")
    with pytest.raises(ConfigError, match="DEF004"):
        codes(tmp_path)
    write_repository(tmp_path, LABELS, '[lint.rules.DEF004]\nmin_words = "many"\n')
    with pytest.raises(ConfigError, match="min_words"):
        codes(tmp_path)


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(UsageError):
        Linter(select=["XYZ"])
    with pytest.raises(ConfigError):
        Linter(Repository(Path("."), _config('[lint.severity]\nXYZ001 = "error"\n')).config.lint)


def _config(text: str) -> object:
    import tomllib

    from labelspec.config import Config

    return Config.model_validate(tomllib.loads(text))


def test_rules_without_options_reject_any(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS, "[lint.rules.EXM001]\nstrict = true\n")
    with pytest.raises(ConfigError, match="EXM001"):
        codes(tmp_path)


def test_suppression_on_the_line_and_on_the_label_key(tmp_path: Path) -> None:
    labels = """\
  car:  # labelspec: ignore[EXM001] examples follow
    definition: A motor car.  # labelspec: ignore[DEF004]
  van: {definition: A van.}  # labelspec: ignore[DEF004, EXM001]
  bus:
    definition: A bus.
"""
    write_repository(tmp_path, labels)
    found = codes(tmp_path, select=["EXM001", "DEF004", "SUP"])
    assert found == [("EXM001", 9, 3), ("DEF004", 10, 17)]


def test_a_label_key_suppression_covers_pair_findings_about_the_label(tmp_path: Path) -> None:
    labels = """\
  car: {definition: A motor vehicle with four wheels.}
  van:  # labelspec: ignore[DEF005] the same on purpose until 2.1
    definition: A motor vehicle with four wheels.
"""
    write_repository(tmp_path, labels)
    assert codes(tmp_path, select=["DEF005", "SUP"]) == []


def test_unused_and_malformed_suppressions(tmp_path: Path) -> None:
    labels = """\
  car:  # labelspec: ignore[DEF004]
    definition: A motor vehicle with four wheels for carrying people.
    examples: [{image: a.png}]  # labelspec: ignore[EXM01]
"""
    write_repository(tmp_path, labels)
    assert codes(tmp_path, select=["DEF004", "SUP"]) == [("SUP001", 6, 9), ("SUP002", 8, 33)]
    # A code that did not run cannot be judged unused.
    assert codes(tmp_path, select=["SUP001"]) == []
    # Suppression findings follow the selection like any other.
    assert codes(tmp_path, select=["DEF004"]) == []


def test_suppressions_in_guideline_pages(tmp_path: Path) -> None:
    labels = """\
  car: {definition: A motor vehicle with four wheels for carrying people.}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car}
"""
    page = "Every auto is a [[car]]. <!-- labelspec: ignore[GDL003] quoted from the 1.0 brief -->\n"
    page += "Another auto here.\n"
    write_repository(tmp_path, labels, pages={"guidelines/index.md": page})
    report = lint_repository(Repository.discover(tmp_path), select=["GDL003", "SUP"])
    assert [(f.file, f.code, f.line) for f in report.findings] == [
        ("guidelines/index.md", "GDL003", 2)
    ]


def test_linting_single_files_skips_repository_rules(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS, pages={"guidelines/index.md": "Nothing here.\n"})
    repository = Repository.discover(tmp_path)
    full = lint_repository(repository, select=["GDL004"])
    assert [f.labels for f in full.findings] == [("car",), ("truck",)]
    single = lint_repository(repository, [tmp_path / "taxonomy" / "t.yaml"], select=["GDL004"])
    assert single.findings == []


def test_a_broken_file_still_reports_its_schema_findings(tmp_path: Path) -> None:
    write_repository(tmp_path, "  car: {defintion: A motor car.}  # labelspec: ignore[DEF004]\n")
    assert codes(tmp_path) == [("SCH003", 6, 9)]


def test_every_rule_is_registered_once_with_a_family_prefix() -> None:
    rules = all_rules()
    prefixes = {code[:3] for code in rules}
    assert {"SCH", "GRA", "NAM", "DEF", "EXM", "VER", "GDL", "SUP"} <= prefixes
    assert prefixes <= set(FAMILIES)
    assert rules["VER007"].family().name == "lifecycle"
    assert {rule.source for code, rule in rules.items() if code.startswith("SCH")} == {"loader"}
    assert {rule.source for code, rule in rules.items() if code.startswith("SUP")} == {"engine"}
    expected = {f"VER00{n}" for n in (1, 2, 3, 4, 5, 9)} | {"VER010"}
    assert expected <= set(rules)


def test_a_rule_options_model_is_its_type_argument() -> None:
    from labelspec.linting.registry import RuleOptions, TaxonomyRule, register
    from labelspec.linting.rules.overlap import SimilarDefinitions, SimilarDefinitionsOptions

    assert SimilarDefinitions.Options is SimilarDefinitionsOptions
    assert SimilarDefinitions().options.threshold == 0.7
    assert all_rules()["GRA001"].Options is RuleOptions

    class NoFamily(TaxonomyRule):
        code = "XYZ001"
        name = "no-family"

    with pytest.raises(ValueError, match="no family"):
        register(NoFamily)


def test_a_bad_id_pattern_is_a_configuration_error(tmp_path: Path) -> None:
    write_repository(tmp_path, LABELS, '[lint.rules.NAM004]\npattern = "[a-z"\n')
    with pytest.raises(ConfigError, match="NAM004"):
        codes(tmp_path)
