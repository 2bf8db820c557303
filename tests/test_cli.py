"""The command line: version, schema, init, lint, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from labelspec import __version__
from labelspec.cli import main
from labelspec.schema import taxonomy_schema

ROOT = Path(__file__).resolve().parents[1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"labelspec {__version__}"


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from labelspec.cli import main; main(['--help']);"
        "heavy = [m for m in ('spacy', 'networkx', 'git', 'mkdocs', 'pydantic', 'sklearn',"
        " 'json', 'labelspec.relabeling.plan', 'labelspec.numbering', 'labelspec.model')"
        " if m in sys.modules]; print(heavy)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


def test_schema_validates_the_design_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    example = yaml.safe_load((ROOT / "tests/data/street-objects.yaml").read_text())
    jsonschema.validate(example, schema)
    example["labels"]["car"]["defintion"] = "typo"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "schema/taxonomy.schema.json").read_text())
    assert committed == taxonomy_schema(), "run: labelspec schema -o schema/taxonomy.schema.json"


def test_schema_to_file(tmp_path: Path) -> None:
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "labelspec taxonomy"


def test_init_scaffolds_a_repository_that_lints_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # init commits the scaffold on main with the user's git identity; give it one,
    # so that the configured base exists whatever the machine's git config says.
    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{variable}_NAME", "Lead")
        monkeypatch.setenv(f"GIT_{variable}_EMAIL", "lead@example.org")
    target = tmp_path / "guides"
    assert main(["init", str(target)]) == 0
    for path in ("taxonomy/pets.yaml", "guidelines/index.md", "mkdocs.yml", "labelspec.toml"):
        assert (target / path).is_file(), path
    monkeypatch.chdir(target)
    capsys.readouterr()
    assert main(["lint", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n")
    assert main(["init", str(tmp_path)]) == 2
    assert "mkdocs.yml" in capsys.readouterr().err
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: mine\n"
    assert not (tmp_path / "taxonomy").exists()


def test_lint_reports_positions_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "t.yaml").write_text(
        "taxonomy: t\ntitle: T\nversion: 1.0.0\ntask: {modality: text, kind: span}\n"
        "labels:\n  email:\n    defnition: An e-mail address.\n"
    )
    assert main(["lint", "--format", "json", "--select", "SCH", str(tmp_path / "taxonomy")]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding | {"message": None} == {
        "code": "SCH003",
        "name": "unknown-field",
        "severity": "error",
        "message": None,
        "file": "taxonomy/t.yaml",
        "line": 7,
        "column": 5,
        "labels": ["email"],
        "hint": "did you mean 'definition'?",
    }


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "xml", str(ROOT / "tests/data")]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["lint", "--select", "XYZ", str(ROOT / "tests/data")]) == 2


def test_console_script_runs(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "labelspec", "--version"], capture_output=True, text=True
    )
    assert process.returncode == 0 and __version__ in process.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "--format", "xml"],
        ["versions", "street-objects", "--format", "xml"],
        ["diff", "1.0.0", "taxonomy/street-objects.yaml", "--format", "xml"],
        ["mapping", "street-objects", "--from", "1.0.0", "--format", "xml"],
    ],
)
def test_format_choices_are_refused_by_the_parser(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(command) == 2
    assert "is not one of" in capsys.readouterr().err


def test_lint_format_choices_are_the_formatters() -> None:
    from typing import get_args

    from labelspec.commands.lint import LintFormat
    from labelspec.linting.formatters import FORMATTERS

    assert get_args(LintFormat) == tuple(FORMATTERS)


def test_help_lists_commands_in_workflow_order_without_cut_summaries(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    lines = out.split("Commands:")[1].strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert names[:3] == ["init", "lint", "rules"]
    assert "..." not in out.split("Commands:")[1]
    assert "<list[str]>" not in _help("lint", capsys)


def _help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([command, "--help"]) == 0
    return capsys.readouterr().out
