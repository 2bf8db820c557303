"""``labelspec relabel`` on the command line: options, summary, exit codes."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from labelspec.cli import main
from relabel.conftest import TAXONOMY
from relabel.support import read_jsonl


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # End to end: the CLI builds the mapping from the taxonomy file's tombstones.
    (tmp_path / "street.yaml").write_text(TAXONOMY)
    (tmp_path / "data.jsonl").write_text(
        '{"label":"auto"}\n{"label":"gone"}\nbroken\n{"label":"car"}\n'
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def args(*extra: str) -> list[str]:
    return [
        "relabel",
        "data.jsonl",
        "--taxonomy",
        "street.yaml",
        "--from",
        "1.0.0",
        "--format",
        "jsonl",
        *extra,
    ]


def test_relabel_writes_output_review_and_rejects(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(args("-o", "out.jsonl", "--review", "review.jsonl", "--json"))
    assert code == 0
    summary = orjson.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("read", "written", "review", "rejected", "dropped")} == {
        "read": 4,
        "written": 2,
        "review": 1,
        "rejected": 1,
        "dropped": 0,
    }
    assert summary["labels"]["auto"]["changed"] == 1
    assert read_jsonl(workspace / "out.jsonl") == [{"label": "car"}, {"label": "car"}]
    assert [item["label"] for item in read_jsonl(workspace / "review.jsonl")] == ["gone"]
    assert [item["line"] for item in read_jsonl(workspace / "out.jsonl.rejects")] == [3]


def test_plain_summary_has_a_row_per_label(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args("-o", "out.jsonl", "--review", "review.jsonl", "--on-removed", "drop")) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split("\t")[0]: line.split("\t") for line in lines if line.count("\t") == 6}
    assert rows["auto"][1:] == ["merged", "car", "0", "1", "0", "0"]
    assert rows["gone"][1:] == ["removed", "-", "0", "0", "0", "1"]


def test_dry_run_writes_nothing(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args("--dry-run", "--json")) == 0
    summary = orjson.loads(capsys.readouterr().out)
    assert summary["dry_run"] is True
    assert (summary["written"], summary["review"]) == (2, 1)
    assert sorted(p.name for p in workspace.iterdir()) == ["data.jsonl", "street.yaml"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["-o", "data.jsonl", "--review", "r.jsonl"], 2),  # output == input
        (["-o", "out.jsonl"], 2),  # no review file
        (["-o", "out.jsonl", "--review", "r.jsonl", "--separator", ","], 2),  # not for jsonl
        (["-o", "out.jsonl", "--review", "r.jsonl", "--field", "a..b"], 2),
    ],
)
def test_usage_errors(
    workspace: Path, capsys: pytest.CaptureFixture[str], extra: list[str], code: int
) -> None:
    assert main(args(*extra)) == code
    error = capsys.readouterr().err
    assert error.startswith("labelspec: error:")
    assert len(error.strip().splitlines()) == 1
    assert "Traceback" not in error


@pytest.mark.parametrize(
    ("option", "typo", "choices"),
    [
        ("--format", "jsnl", "'jsonl', 'csv', 'tsv', 'coco', 'label-studio', 'conll', 'yolo'"),
        ("--on-removed", "keep", "'review', 'drop'"),
    ],
)
def test_a_choice_typo_is_refused_by_the_parser(
    workspace: Path, capsys: pytest.CaptureFixture[str], option: str, typo: str, choices: str
) -> None:
    argv = args("-o", "out.jsonl", "--review", "r.jsonl")
    if option in argv:
        argv[argv.index(option) + 1] = typo
    else:
        argv += [option, typo]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert f"Invalid value for '{option}'" in error
    assert choices in error
    assert "Traceback" not in error
    assert sorted(p.name for p in workspace.iterdir()) == ["data.jsonl", "street.yaml"]


def test_help_lists_the_formats_and_what_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["relabel", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "<jsonl|csv|tsv|coco|label-studio|conll|yolo>" in text
    assert "<review|drop>" in text
    assert text.count("(required unless --dry-run)") == 2
    # Metavars name what to give, not the Python type behind it.
    assert "<str>" not in text
    assert "list[" not in text


def test_unreadable_taxonomy_exits_3(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "bad.yaml").write_text("taxonomy: [unclosed\n")
    argv = args("-o", "out.jsonl", "--review", "r.jsonl")
    argv[3] = "bad.yaml"
    assert main(argv) == 3
    assert not (workspace / "out.jsonl").exists()


def test_broken_coco_exits_3(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "coco.json").write_text("{")
    argv = [
        "relabel",
        "coco.json",
        "-t",
        "street.yaml",
        "--from",
        "1.0.0",
        "-f",
        "coco",
        "-o",
        "o.json",
        "--review",
        "r.jsonl",
    ]
    assert main(argv) == 3
    assert sorted(p.name for p in workspace.iterdir()) == ["coco.json", "data.jsonl", "street.yaml"]


def test_versions_the_file_does_not_know_exit_3(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = args("-o", "out.jsonl", "--review", "r.jsonl")
    argv[argv.index("1.0.0")] = "3.0.0"
    assert main(argv) == 3
    assert not (workspace / "out.jsonl").exists()


def test_this_repositorys_street_objects_by_id(
    project_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The real taxonomy and its release history: motorbike was renamed and
    person split by ``riding`` after 1.0.0; car was narrowed (review)."""
    from labelspec.api import load

    taxonomy = load(project_root / "taxonomy" / "street-objects.yaml")
    index = {label_id: label.index for label_id, label in taxonomy.labels.items()}
    document = {
        "images": [{"id": 1, "file_name": "frame.jpg"}],
        "categories": [
            {"id": 1, "name": "motorbike"},
            {"id": 2, "name": "person"},
            {"id": 3, "name": "car"},
            {"id": 4, "name": "bus"},
        ],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1},
            {"id": 2, "image_id": 1, "category_id": 2, "attributes": {"riding": True}},
            {"id": 3, "image_id": 1, "category_id": 2, "attributes": {"riding": False}},
            {"id": 4, "image_id": 1, "category_id": 3},
            {"id": 5, "image_id": 1, "category_id": 4},
        ],
    }
    (tmp_path / "coco.json").write_bytes(orjson.dumps(document))
    monkeypatch.chdir(project_root)
    argv = [
        "relabel",
        str(tmp_path / "coco.json"),
        "--taxonomy",
        "street-objects",
        "--from",
        "1.0.0",
        "--format",
        "coco",
        "-o",
        str(tmp_path / "coco.v2.json"),
        "--review",
        str(tmp_path / "review.jsonl"),
        "--json",
    ]
    assert main(argv) == 0
    out = orjson.loads((tmp_path / "coco.v2.json").read_bytes())
    assert [a["category_id"] for a in out["annotations"]] == [
        index["motorcycle"],
        index["rider"],
        index["pedestrian"],
        index["bus"],
    ]
    assert {c["name"] for c in out["categories"]} == set(taxonomy.graph.assignable)
    assert [(i["label"], i["reason"]) for i in read_jsonl(tmp_path / "review.jsonl")] == [
        ("car", "narrowed")
    ]
