"""Finding the repository and its configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from labelspec.config import Config
from labelspec.errors import ConfigError, InputError, TaxonomyError
from labelspec.repository import Repository, load_repo

TAXONOMY = """\
taxonomy: pets
title: Pets
version: 1.0.0
task: {modality: image, kind: classification}
labels:
  cat: {definition: A domestic cat.}
"""


def make(root: Path, config_name: str | None, config: str = "") -> Path:
    if config_name:
        (root / config_name).write_text(config)
    folder = root / "labels"
    folder.mkdir()
    (folder / "pets.yaml").write_text(TAXONOMY)
    return root


def test_pyproject_section(tmp_path: Path) -> None:
    make(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "x"\n[tool.labelspec]\ntaxonomy_dir = "labels"\n'
        '[tool.labelspec.lint]\nignore = ["NAM"]\nseverity = {DEF003 = "error"}\n',
    )
    (tmp_path / "sub").mkdir()
    repository = load_repo(tmp_path / "sub")
    assert repository.root == tmp_path.resolve()
    assert repository.config.taxonomy_dir == "labels"
    assert repository.config.lint.ignore == ["NAM"]
    assert repository.config.lint.severity == {"DEF003": "error"}
    assert list(repository.taxonomies) == ["pets"]
    assert repository.taxonomies["pets"].source == repository.taxonomy_dir / "pets.yaml"
    assert repository.relative(repository.taxonomy_dir / "pets.yaml") == "labels/pets.yaml"


def test_labelspec_toml_wins(tmp_path: Path) -> None:
    make(
        tmp_path,
        "labelspec.toml",
        'taxonomy_dir = "labels"\nguidelines_dir = "docs"\nbase = "main"\n',
    )
    (tmp_path / "pyproject.toml").write_text('[tool.labelspec]\ntaxonomy_dir = "elsewhere"\n')
    repository = Repository.discover(tmp_path)
    assert repository.config_file == tmp_path.resolve() / "labelspec.toml"
    assert (repository.config.guidelines_dir, repository.config.base) == ("docs", "main")
    assert repository.taxonomy("pets").title == "Pets"


def test_defaults_without_configuration(tmp_path: Path) -> None:
    (tmp_path / "taxonomy").mkdir()
    repository = Repository.discover(tmp_path)
    assert repository.config == Config()
    assert repository.taxonomy_files() == [] and repository.guideline_pages() == []


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ('taxonomy_dri = "x"\n', "did you mean 'taxonomy_dir'"),
        ("[lint]\nselect = 3\n", "lint.select"),
        ('[lint]\nseverity = {DEF003 = "fatal"}\n', "lint.severity.DEF003"),
        ("taxonomy_dir = \n", "labelspec.toml"),
    ],
)
def test_bad_configuration_is_one_clear_error(tmp_path: Path, config: str, fragment: str) -> None:
    make(tmp_path, "labelspec.toml", config)
    with pytest.raises(ConfigError) as raised:
        Repository.discover(tmp_path)
    assert fragment in str(raised.value)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="labelspec init"):
        Repository.discover(tmp_path)


def test_unknown_taxonomy_and_broken_file(tmp_path: Path) -> None:
    make(tmp_path, "labelspec.toml", 'taxonomy_dir = "labels"\n')
    repository = Repository.discover(tmp_path)
    with pytest.raises(InputError, match="known: pets"):
        repository.taxonomy("cars")
    (tmp_path / "labels" / "broken.yaml").write_text("- a\n")
    with pytest.raises(TaxonomyError, match=r"labels/broken.yaml:1:1: SCH004"):
        Repository.discover(tmp_path).taxonomies  # noqa: B018
