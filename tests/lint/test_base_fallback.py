"""The configured base in a CI checkout: ``origin/<base>`` when the local branch is
missing, an error in CI when there is no base at all, and VER000 in every format
outside CI. Real git repositories: an origin and clones of it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builders import git, write_repository
from labelspec.cli import main
from lint.test_formatters import sarif_schema

LABELS = """\
  car:
    definition: A motor vehicle with four wheels built to carry up to eight people.
  van:
    definition: A motor vehicle with a box body built to carry goods.
"""
# The pull request: 'van' deleted, no tombstone.
WITHOUT_VAN = """\
  car:
    definition: A motor vehicle with four wheels built to carry up to eight people.
"""
# VER006 alone: VER000 comes with it.
VER = ["--select", "VER006"]


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """The shared repository: main with both labels, and a branch 'pr' deleting one."""
    root = tmp_path / "origin"
    root.mkdir()
    write_repository(root, LABELS, 'base = "main"\n')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    write_repository(root, WITHOUT_VAN, 'base = "main"\n')
    git(root, "commit", "-q", "-am", "delete van")
    git(root, "checkout", "-q", "main")
    return root


def ci_checkout(origin: Path, tmp_path: Path, *clone_options: str) -> Path:
    """A clone as CI makes it: the pull request's commit on a detached HEAD, and
    no local main branch."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", *clone_options, origin.as_uri(), str(clone))
    git(clone, "checkout", "-q", "--detach", "origin/pr")
    if git(clone, "branch", "--list", "main"):
        git(clone, "branch", "-q", "-D", "main")
    return clone


def drop_remote_base(clone: Path) -> None:
    for ref in git(clone, "for-each-ref", "--format=%(refname)", "refs/remotes/").split():
        if ref != "refs/remotes/origin/pr":
            git(clone, "update-ref", "-d", ref)


def test_the_configured_base_falls_back_to_origin(
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = ci_checkout(origin, tmp_path)
    monkeypatch.chdir(clone)
    monkeypatch.setenv("CI", "true")
    assert main(["lint", *VER, "--format", "json"]) == 1
    assert [finding["code"] for finding in json.loads(capsys.readouterr().out)] == ["VER006"]
    assert main(["lint", *VER]) == 1
    assert "'origin/main'" in capsys.readouterr().out


def test_an_explicit_base_does_not_fall_back(
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(ci_checkout(origin, tmp_path))
    assert main(["lint", *VER, "--base", "main"]) == 3
    assert main(["lint", *VER, "--base", "origin/main"]) == 1


@pytest.mark.parametrize("value", ["1", "true"])
def test_no_base_in_ci_stops_the_run(
    value: str,
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = ci_checkout(origin, tmp_path)
    drop_remote_base(clone)
    monkeypatch.chdir(clone)
    monkeypatch.setenv("CI", value)
    for output_format in ("text", "github"):
        assert main(["lint", *VER, "--format", output_format]) == 3
        captured = capsys.readouterr()
        assert captured.out == ""
        error = captured.err.strip()
        assert len(error.splitlines()) == 1
        assert "fetch-depth: 0" in error
    # Nothing is skipped when no rule compares with the base: CI or not, it runs.
    assert main(["lint", "--select", "GRA"]) == 0


def test_a_shallow_clone_without_the_base(
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """actions/checkout's default: one commit of the pull request's branch only."""
    clone = ci_checkout(origin, tmp_path, "--depth", "1", "--branch", "pr", "--single-branch")
    assert (clone / ".git" / "shallow").is_file()
    monkeypatch.chdir(clone)
    monkeypatch.setenv("CI", "1")
    assert main(["lint", *VER]) == 3
    error = capsys.readouterr().err
    assert "shallow" in error
    assert "fetch-depth: 0" in error
    # The fix the message names: fetch the base branch.
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    assert main(["lint", *VER]) == 1
    assert "VER006" in capsys.readouterr().out


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_outside_ci_every_format_warns(
    value: str | None,
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = ci_checkout(origin, tmp_path)
    drop_remote_base(clone)
    monkeypatch.chdir(clone)
    if value is not None:
        monkeypatch.setenv("CI", value)

    def lint(output_format: str) -> str:
        assert main(["lint", *VER, "--format", output_format]) == 0  # a warning
        return capsys.readouterr().out

    text = lint("text")
    assert "labelspec.toml" in text
    assert "VER000" in text
    findings = json.loads(lint("json"))
    assert [(f["code"], f["file"], f["line"], f["severity"]) for f in findings] == [
        ("VER000", "labelspec.toml", 1, "warning")
    ]
    annotations = lint("github").splitlines()
    assert len(annotations) == 1
    assert annotations[0].startswith("::warning file=labelspec.toml,line=1,")
    assert "VER000" in annotations[0]
    log = json.loads(lint("sarif"))
    assert [result["ruleId"] for result in log["runs"][0]["results"]] == ["VER000"]
    # Ignoring the rule is a choice the configuration makes visible.
    assert main(["lint", *VER, "--ignore", "VER000", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_warning_is_valid_sarif(
    origin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = ci_checkout(origin, tmp_path)
    drop_remote_base(clone)
    monkeypatch.chdir(clone)
    assert main(["lint", *VER, "--format", "sarif"]) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), sarif_schema())


def test_the_api_reads_the_ci_variable(
    origin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import labelspec
    from labelspec.errors import GitError

    clone = ci_checkout(origin, tmp_path)
    drop_remote_base(clone)
    assert [f.code for f in labelspec.lint(select=["VER006"], repository=clone).findings] == [
        "VER000"
    ]
    monkeypatch.setenv("CI", "true")
    with pytest.raises(GitError, match="fetch-depth: 0"):
        labelspec.lint(select=["VER006"], repository=clone)
