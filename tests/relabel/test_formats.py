"""The format registry: every format declared once, loaded on demand, and an
option a format does not read refused rather than ignored."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from labelspec.errors import UsageError
from labelspec.model import Taxonomy
from labelspec.relabeling import FORMAT_NAMES, FormatName, relabel
from labelspec.relabeling.formats import _MODULES, OPTION_FLAGS, Format, load_format
from labelspec.versions.mapping_types import LabelMapping

FORMATS = Path(__file__).resolve().parents[2] / "tool" / "labelspec" / "relabeling" / "formats"


def test_every_format_module_is_in_the_table_and_declares_its_format() -> None:
    modules = {path.stem for path in FORMATS.glob("*.py") if path.stem != "__init__"}
    assert {module.rsplit(".", 1)[1] for module in _MODULES.values()} == modules
    assert tuple(_MODULES) == FORMAT_NAMES == get_args(FormatName)
    for name in FORMAT_NAMES:
        declared = load_format(name)
        assert isinstance(declared, Format)
        assert declared.name == name


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_a_format_module_is_imported_only_when_its_format_is_asked_for(name: str) -> None:
    code = (
        "import sys\n"
        "from labelspec.cli import main\n"
        "main(['relabel', '--help'])\n"
        "loaded = lambda: {m for m in sys.modules if m.startswith('labelspec.relabeling.formats.')}\n"
        "print(sorted(loaded()))\n"
        "from labelspec.relabeling.formats import load_format\n"
        f"load_format({name!r})\n"
        "print(sorted(loaded()))\n"
    )
    lines = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[-2] == "[]"
    assert _MODULES[name] in lines[-1]  # type: ignore[index]


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="jsonl, csv"):
        load_format("parquet")


UNUSED = [
    (name, option)
    for name in FORMAT_NAMES
    for option in OPTION_FLAGS
    if option not in load_format(name).options
]
SETTINGS: dict[str, dict[str, object]] = {
    "field": {"field": "label"},
    "separator": {"separator": ","},
    "by_index": {"by_index": True},
    "header": {"header": False},
}


@pytest.mark.parametrize(("name", "option"), UNUSED)
def test_an_option_the_format_does_not_read_is_refused(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping, name: str, option: str
) -> None:
    source = tmp_path / "data.yaml"  # a file every format accepts as its input
    source.write_text("")
    with pytest.raises(UsageError) as refused:
        relabel(source, street, fmt=name, mapping=mapping, dry_run=True, **SETTINGS[option])  # type: ignore[arg-type]
    assert OPTION_FLAGS[option] in str(refused.value)  # type: ignore[index]
    assert name in str(refused.value)


def test_the_options_each_format_reads() -> None:
    """Pinned: a format that starts or stops reading an option changes this."""
    assert {name: sorted(load_format(name).options) for name in FORMAT_NAMES} == {
        "jsonl": ["by_index", "field"],
        "csv": ["by_index", "field", "header", "separator"],
        "tsv": ["by_index", "field", "header", "separator"],
        "coco": [],
        "label-studio": ["by_index", "field"],
        "conll": ["by_index", "field"],
        "yolo": [],
    }


def test_only_folder_formats_read_folders(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    assert [name for name in FORMAT_NAMES if load_format(name).reads == "folder"] == ["yolo"]
    with pytest.raises(UsageError, match="is a folder"):
        relabel(tmp_path, street, fmt="coco", mapping=mapping, dry_run=True)
    (tmp_path / "labels.txt").write_text("")
    with pytest.raises(UsageError, match="dataset folder"):
        relabel(tmp_path / "labels.txt", street, fmt="yolo", mapping=mapping, dry_run=True)


def test_no_format_touches_the_report_counts() -> None:
    """The books are kept by Run (count_read, written, to_review, reject,
    dropped, book_fast): a format module never reaches into the report."""
    reaching = [
        f"{path.name}:{node.lineno}"
        for path in sorted(FORMATS.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "report"
    ]
    assert reaching == []
