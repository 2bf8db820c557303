"""The public API: what `import labelspec` offers scripts, and that it stays cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import labelspec

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_name_resolves_and_all_lists_exactly_them() -> None:
    from labelspec import _PUBLIC

    assert labelspec.__all__ == sorted([*_PUBLIC, "__version__"])
    for name in labelspec.__all__:
        assert getattr(labelspec, name) is not None, name
    assert sorted(dir(labelspec)) == labelspec.__all__
    with pytest.raises(AttributeError):
        labelspec.no_such_name  # noqa: B018


def test_result_types_are_exported() -> None:
    for name in (
        "Diff",
        "Change",
        "LabelMapping",
        "MappingEntry",
        "RelabelReport",
        "LoadResult",
        "Finding",
        "LintReport",
    ):
        assert isinstance(getattr(labelspec, name), type), name


def test_import_labelspec_loads_nothing_heavy() -> None:
    code = (
        "import sys, labelspec; "
        "print([m for m in ('pydantic', 'yaml', 'spacy', 'git', 'mkdocs') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_lint_from_a_script(tmp_path: Path) -> None:
    from builders import write_repository

    write_repository(tmp_path, "  car: {definition: A car.}\n  bus: {defintion: A bus.}\n")
    report = labelspec.lint(repository=tmp_path, select=["SCH"])
    assert isinstance(report, labelspec.LintReport)
    assert [(f.code, f.line, f.column) for f in report.findings] == [("SCH003", 7, 9)]
    assert report.files == ["taxonomy/t.yaml"]


def test_lint_of_this_repository_names_a_file_and_is_clean() -> None:
    report = labelspec.lint([ROOT / "taxonomy" / "street-objects.yaml"], select=["SCH", "GRA"])
    assert report.findings == [] and report.files == ["taxonomy/street-objects.yaml"]


def test_load_text_gives_a_result_and_require_a_taxonomy() -> None:
    result = labelspec.load_text("taxonomy: [\n", "broken.yaml")
    assert isinstance(result, labelspec.LoadResult) and not result.ok
    with pytest.raises(labelspec.TaxonomyError, match=r"broken.yaml:2:1: SCH001"):
        result.require()


def test_reprs_are_short() -> None:
    taxonomy = labelspec.load(ROOT / "taxonomy" / "street-objects.yaml")
    assert repr(taxonomy).startswith("Taxonomy('street-objects', version=")
    assert repr(taxonomy.labels["car"]) == "Label('car')"
    assert len(repr(labelspec.load_repo(ROOT).taxonomies)) < 2_000
