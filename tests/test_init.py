"""``labelspec init``: a repository that is ready (git, .gitignore, CI, pre-commit, title)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders import git
from labelspec.cli import main
from labelspec.repository import load_repo


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git with no user configuration but an identity from the environment, so that
    the tests do not depend on the machine's ~/.gitconfig."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{variable}_NAME", "Lead")
        monkeypatch.setenv(f"GIT_{variable}_EMAIL", "lead@example.org")
    if subprocess.run(["git", "rev-parse"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")


def lint_json(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> object:
    monkeypatch.chdir(root)
    capsys.readouterr()
    main(["lint", "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_a_fresh_folder_becomes_a_committed_repository_that_lints_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "my-guidelines"
    assert main(["init", str(target)]) == 0
    assert (target / ".git").is_dir()
    # The first commit on main: base = "main" in labelspec.toml resolves from the first edit.
    assert git(target, "branch", "--show-current") == "main"
    assert git(target, "log", "--format=%an") == "Lead"
    assert git(target, "status", "--porcelain") == ""
    tracked = git(target, "ls-files").splitlines()
    assert ".github/workflows/labelspec.yml" in tracked
    assert ".pre-commit-config.yaml" in tracked
    ignored = (target / ".gitignore").read_text().split()
    assert {"site/", "build/", ".venv/", "__pycache__/"} <= set(ignored)
    assert lint_json(target, capsys, monkeypatch) == []


def test_the_site_is_built_into_an_ignored_folder(tmp_path: Path) -> None:
    target = tmp_path / "g"
    assert main(["init", str(target)]) == 0
    (target / "site").mkdir()
    (target / "site" / "index.html").write_text("<html></html>")
    assert git(target, "status", "--porcelain") == ""


def test_without_a_git_identity_the_repository_is_made_but_nothing_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{variable}_NAME")
        monkeypatch.delenv(f"GIT_{variable}_EMAIL")
    monkeypatch.delenv("EMAIL", raising=False)
    target = tmp_path / "g"
    assert main(["init", str(target)]) == 0
    assert (target / ".git").is_dir()
    head = subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=target, capture_output=True)
    assert head.returncode != 0
    assert git(target, "symbolic-ref", "--short", "HEAD") == "main"
    # With nothing committed, main does not exist yet: the base checks say so.
    assert [finding["code"] for finding in lint_json(target, capsys, monkeypatch)] == ["VER000"]


def test_a_folder_inside_a_repository_gets_no_nested_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    target = tmp_path / "docs" / "guidelines"
    assert main(["init", str(target)]) == 0
    assert not (target / ".git").exists()
    assert str(tmp_path) in capsys.readouterr().out
    # Nothing committed to the enclosing repository behind the user's back.
    head = subprocess.run(
        ["git", "rev-parse", "--verify", "HEAD"], cwd=tmp_path, capture_output=True
    )
    assert head.returncode != 0


def test_the_ci_workflow_has_what_github_needs(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "g")]) == 0
    workflow = yaml.safe_load((tmp_path / "g/.github/workflows/labelspec.yml").read_text())
    # PyYAML reads the key `on` as the boolean true (YAML 1.1); GitHub reads it as "on".
    triggers = workflow[True]
    assert "pull_request" in triggers
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    assert all(("uses" in step) != ("run" in step) for step in steps)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(step.get("uses", "").startswith("actions/setup-python@") for step in steps)
    runs = [step["run"] for step in steps if "run" in step]
    lint_pr = next(step for step in steps if "--base" in step.get("run", ""))
    assert lint_pr["if"] == "github.event_name == 'pull_request'"
    assert "labelspec lint --format github --base" in lint_pr["run"]
    assert "origin/" in lint_pr["run"]
    assert lint_pr["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert any(run.strip() == "labelspec docs build --strict" for run in runs)
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert "vars.LABELSPEC_PIP_SPEC" in install["env"]["LABELSPEC_PIP_SPEC"]


def test_the_pre_commit_hook_lints_taxonomies_and_pages(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "g")]) == 0
    config = yaml.safe_load((tmp_path / "g/.pre-commit-config.yaml").read_text())
    (repository,) = config["repos"]
    assert repository["repo"] == "local"
    (hook,) = repository["hooks"]
    assert hook["id"] == "labelspec-lint"
    assert hook["entry"] == "labelspec lint"
    assert hook["language"] == "system"
    pattern = re.compile(hook["files"])
    for path in ("taxonomy/pets.yaml", "guidelines/index.md", "labelspec.toml"):
        assert pattern.search(path), path
    for path in ("mkdocs.yml", "site/index.html", "guidelines/assets/cat.svg"):
        assert not pattern.search(path), path


@pytest.mark.parametrize(
    "title", ['ACME: "shelf" photos', "#1 it's: {a, b} [c] & *d | e", "Étiquettes — café"]
)
def test_the_title_names_the_site_and_the_taxonomy_and_is_written_safely(
    tmp_path: Path, title: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g"
    assert main(["init", str(target), "--title", title]) == 0
    assert yaml.safe_load((target / "mkdocs.yml").read_text())["site_name"] == title
    assert load_repo(target).taxonomy("pets").title == title
    assert (target / "guidelines/index.md").read_text().splitlines()[0] == f"# {title}"
    assert lint_json(target, capsys, monkeypatch) == []


def test_without_a_title_the_name_comes_from_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "shelf_photo-guidelines"
    assert main(["init", str(target)]) == 0
    site_name = yaml.safe_load((target / "mkdocs.yml").read_text())["site_name"]
    assert site_name == "Shelf photo guidelines"
    assert load_repo(target).taxonomy("pets").title == site_name
    assert "Pet photo" not in (target / "guidelines/index.md").read_text()


@pytest.mark.parametrize("title", ["", "   ", "two\nlines", "tab\there"])
def test_a_title_that_is_not_one_line_of_text_is_refused(
    tmp_path: Path, title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "g"), "--title", title]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "g").exists()


def test_refusing_to_overwrite_leaves_the_folder_without_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    assert main(["init", str(tmp_path)]) == 2
    assert ".gitignore" in capsys.readouterr().err
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    assert not (tmp_path / ".git").exists()
    assert not (tmp_path / "taxonomy").exists()


def test_the_configuration_points_to_no_unverifiable_site(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "g")]) == 0
    assert "://" not in (tmp_path / "g/labelspec.toml").read_text()


def test_next_steps_name_the_installed_labelspec_when_it_is_not_on_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = Path(sys.executable).parent / "labelspec"
    if not installed.is_file():
        pytest.skip("labelspec is not installed next to this interpreter")
    which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "labelspec" else which(name, *a, **k)
    )
    assert main(["init", str(tmp_path / "g")]) == 0
    output = capsys.readouterr().out
    assert f"{installed} lint" in output
    assert str(installed.parent / "activate") in output
