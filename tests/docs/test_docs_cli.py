"""``labelspec docs build``: exit codes and where the site goes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from labelspec.cli import main


def test_build_writes_the_site_and_says_where(
    sample_repository: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(sample_repository / "guidelines")
    site = tmp_path / "out"
    assert main(["docs", "build", "--strict", "--site-dir", str(site)]) == 0
    assert (site / "taxonomy/street-objects/labels/car/index.html").is_file()
    assert str(site) in capsys.readouterr().out
    # mkdocs' logger is left as found, so later log capture still works.
    assert logging.getLogger("mkdocs").propagate


def test_strict_build_with_warnings_exits_1(
    sample_repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_repository / "guidelines" / "index.md").write_text("[[no-such-label]]\n")
    monkeypatch.chdir(sample_repository)
    assert main(["docs", "build", "--strict"]) == 1
    assert "[[no-such-label]]" in capsys.readouterr().err
    assert main(["docs", "build"]) == 0
    # `strict: true` in mkdocs.yml holds without the flag too.
    config = sample_repository / "mkdocs.yml"
    config.write_text(config.read_text() + "strict: true\n")
    assert main(["docs", "build"]) == 1


def test_broken_taxonomy_exits_3_with_one_line(
    sample_repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_repository / "taxonomy" / "street-objects.yaml").write_text("taxonomy: [\n")
    monkeypatch.chdir(sample_repository)
    assert main(["docs", "build"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SCH001" in err


def test_missing_mkdocs_yml_exits_3(
    sample_repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sample_repository / "mkdocs.yml").unlink()
    monkeypatch.chdir(sample_repository)
    assert main(["docs", "build"]) == 3
    assert main(["docs", "build", "-f", "nowhere.yml"]) == 3


def test_serve_checks_its_address(sample_repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_repository)
    assert main(["docs", "serve", "--address", "nonsense"]) == 2


def test_a_new_repository_builds_strictly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`labelspec init` then `labelspec docs build --strict`: the scaffold's links
    ([[pets:cat]], taxonomy/pets.md) resolve to generated pages."""
    assert main(["init", str(tmp_path / "new")]) == 0
    monkeypatch.chdir(tmp_path / "new")
    assert main(["docs", "build", "--strict"]) == 0
    index = (tmp_path / "new" / "site" / "index.html").read_text()
    assert 'href="taxonomy/pets/labels/cat/"' in index
    assert 'href="taxonomy/pets/"' in index
