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


# ---- one way to name a taxonomy ----------------------------------------------------------

GOOD = """\
taxonomy: good
title: Good
version: 1.1.0
task: {modality: text, kind: classification}
labels:
  positive: {definition: A review that praises the product., added_in: 1.0.0}
  praise: {status: deprecated, deprecated_in: 1.1.0, replaced_by: positive, reason: Renamed.}
"""


@pytest.fixture
def repository_with_broken_neighbour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "labelspec.toml").write_text("")
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "good.yaml").write_text(GOOD)
    (tmp_path / "taxonomy" / "broken.yaml").write_text("taxonomy: [unclosed\n")
    (tmp_path / "data.jsonl").write_text('{"label": "praise"}\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_broken_neighbour_stops_no_command_about_another_taxonomy(
    repository_with_broken_neighbour: Path,
) -> None:
    # On main before the architecture work, relabel loaded every file and exited 3
    # here while mapping exited 0.
    from labelspec.cli import main

    assert main(["mapping", "good", "--from", "1.0.0"]) == 0
    relabel = ["relabel", "data.jsonl", "-t", "good", "--from", "1.0.0", "-f", "jsonl"]
    assert main([*relabel, "-o", "out.jsonl", "--review", "review.jsonl"]) == 0
    assert (repository_with_broken_neighbour / "out.jsonl").read_text().strip() == (
        '{"label":"positive"}'
    )
    # lint still reports the broken file
    assert main(["lint", "--select", "SCH"]) == 1


def test_find_taxonomy_by_id_by_file_and_outside_a_repository(
    repository_with_broken_neighbour: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from labelspec.repository import find_taxonomy

    root = repository_with_broken_neighbour
    repository, path = find_taxonomy("good")
    assert (repository.root, path.name) == (root.resolve(), "good.yaml")
    repository, path = find_taxonomy("taxonomy/good.yaml")
    assert (repository.root, path) == (root.resolve(), Path("taxonomy/good.yaml"))
    with pytest.raises(InputError, match="known: broken, good"):
        find_taxonomy("nosuch")
    with pytest.raises(InputError, match="no such file"):
        find_taxonomy("taxonomy/nosuch.yaml")
    elsewhere = tmp_path_factory.mktemp("data")
    with pytest.raises(InputError, match="pass the taxonomy file instead"):
        find_taxonomy("good", here=elsewhere)
    # A file outside any repository still works: its folder stands in for the root.
    outside = elsewhere / "good.yaml"
    outside.write_text(GOOD)
    repository, path = find_taxonomy(outside)
    assert repository.root == elsewhere.resolve()
