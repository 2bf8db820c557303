"""``labelspec lint`` and ``labelspec rules`` through ``main``: exit codes,
formats, --base against a real git history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import git, write_repository
from labelspec.cli import main

CLEAN = """\
  car:
    definition: A motor vehicle with four wheels built to carry up to eight people.
    examples: [{image: a.png}]
"""
WARNING = """\
  car:
    definition: A motor car.
    examples: [{image: a.png}]
"""
ERROR = """\
  car:
    parent: vehicle
    definition: A motor vehicle with four wheels built to carry up to eight people.
    examples: [{image: a.png}]
"""
SELECT = ["--select", "GRA,DEF004"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_codes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_repository(repo, CLEAN)
    assert main(["lint", *SELECT]) == 0
    write_repository(repo, WARNING)
    assert main(["lint", *SELECT]) == 0
    assert main(["lint", *SELECT, "--strict"]) == 1
    write_repository(repo, ERROR)
    assert main(["lint", *SELECT]) == 1
    assert main(["lint", "--format", "xml"]) == 2
    assert main(["lint", "--select", "NOPE"]) == 2
    assert main(["lint", "missing.yaml"]) == 3
    (repo / "labelspec.toml").write_text("[lint]\nselct = []\n")
    assert main(["lint"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_json_output_and_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_repository(repo, ERROR)
    capsys.readouterr()
    assert main(["lint", "taxonomy/t.yaml", "--format", "json", "--select", "GRA001"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert (finding["code"], finding["file"], finding["line"], finding["column"]) == (
        "GRA001",
        "taxonomy/t.yaml",
        7,
        13,
    )


def test_sarif_and_github_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_repository(repo, ERROR)
    capsys.readouterr()
    main(["lint", "--format", "sarif", "--select", "GRA001"])
    log = json.loads(capsys.readouterr().out)
    assert log["runs"][0]["results"][0]["ruleId"] == "GRA001"
    main(["lint", "--format", "github", "--select", "GRA001"])
    assert capsys.readouterr().out.startswith("::error file=taxonomy/t.yaml,line=7,col=13,")


def test_rules_lists_and_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert any(
        line.split()[:4] == ["NAM001", "duplicate-name", "naming", "error"] for line in listing
    )
    assert main(["rules", "DEF004"]) == 0
    text = capsys.readouterr().out
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "min_words"):
        assert section in text
    assert main(["rules", "short-definition"]) == 0
    assert main(["rules", "DEF404"]) == 2


def test_rule_docs_say_where_the_rule_and_its_fixtures_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import inspect

    from labelspec.linting.registry import all_rules

    rule = all_rules()["OVL001"]
    assert main(["rules", "OVL001"]) == 0
    text = capsys.readouterr().out
    line = inspect.getsourcelines(rule)[1]
    assert f"{inspect.getsourcefile(rule)}:{line}" in text
    assert "tests/rules/OVL001.yaml" in text
    assert (Path(__file__).parents[2] / "tests" / "rules" / "OVL001.yaml").is_file()


BASE_LABELS = """\
  car:
    definition: A motor vehicle with four wheels built to carry up to eight people.
    examples: [{image: a.png}]
"""


def test_base_ref_is_validated(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_repository(repo, BASE_LABELS)
    assert main(["lint", "--base", "HEAD"]) == 3  # not a git repository
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    capsys.readouterr()
    assert main(["lint", "--base", "no-such-branch"]) == 3
    assert "no-such-branch" in capsys.readouterr().err
    assert main(["lint", "--base", "--upload-pack=x"]) != 0
    assert main(["lint", "--base", "HEAD", "--select", "GRA"]) == 0
    assert "compare with git ref 'HEAD'" in capsys.readouterr().out


def test_configured_base_is_used_when_it_exists(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_repository(repo, BASE_LABELS, 'base = "main"\n')
    capsys.readouterr()
    assert main(["lint", "--select", "GRA,VER006"]) == 0  # no git yet: skipped, VER000 says so
    assert "VER000" in capsys.readouterr().out
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    assert main(["lint", "--select", "GRA"]) == 0
    assert "compare with git ref 'main'" in capsys.readouterr().out


def test_base_rules_see_the_taxonomy_at_the_ref(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule that needs a base gets the committed taxonomy as context.base."""
    from labelspec.linting import registry
    from labelspec.linting.engine import lint_repository
    from labelspec.repository import Repository

    seen: list[tuple[str, str]] = []

    class BaseProbe(registry.TaxonomyRule):
        code = "TST901"
        name = "base-probe"
        needs_base = True

        def check(self, context):  # type: ignore[no-untyped-def]
            seen.append((context.base.version, context.taxonomy.version))
            return ()

    monkeypatch.setitem(registry.RULES, "TST901", BaseProbe)
    write_repository(repo, BASE_LABELS)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    text = (repo / "taxonomy" / "t.yaml").read_text().replace("version: 2.0.0", "version: 2.1.0")
    (repo / "taxonomy" / "t.yaml").write_text(text)
    repository = Repository.discover(repo)
    lint_repository(repository, select=["TST901"])
    assert seen == []  # no base: base rules do not run
    lint_repository(repository, select=["TST901"], base="HEAD")
    assert seen == [("2.0.0", "2.1.0")]


def two_commit_origin(tmp_path: Path) -> Path:
    """A repository with two commits, to clone from."""
    (tmp_path / "origin").mkdir()
    origin = write_repository(tmp_path / "origin", BASE_LABELS)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "one")
    (origin / "labelspec.toml").write_text("# two\n")
    git(origin, "commit", "-q", "-am", "two")
    return origin


def test_a_ref_missing_from_a_shallow_clone_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = two_commit_origin(tmp_path)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "shallow")
    monkeypatch.chdir(tmp_path / "shallow")
    capsys.readouterr()
    assert main(["lint", "--base", "HEAD~1"]) == 3
    err = capsys.readouterr().err
    assert "shallow" in err and len(err.strip().splitlines()) == 1


def test_base_works_in_a_fresh_full_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clone keeps its commits packed, where CI checks out: --base must find them."""
    origin = two_commit_origin(tmp_path)
    git(tmp_path, "clone", "-q", "--no-local", str(origin), "full")
    monkeypatch.chdir(tmp_path / "full")
    capsys.readouterr()
    assert main(["lint", "--base", "HEAD~1", "--select", "VER"]) == 0
    assert "compare with git ref 'HEAD~1'" in capsys.readouterr().out
