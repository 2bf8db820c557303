"""JSON Lines: fast path, general path, review, rejects, drops and the accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from labelspec.errors import InputError, UsageError
from labelspec.model import Taxonomy
from labelspec.relabeling import relabel
from labelspec.versions.mapping_types import LabelMapping
from relabel.support import RunRelabel, read_jsonl

RECORDS = """\
{"id": 1, "label": "car"}
{"id":2,"label":"auto"}
{"id":3,"label":"person","riding":true}
{"id":4,"label":"person"}
{"id":5,"label":"gone"}
not json

{"id":6,"label":"nope"}
{"id":7,"label":["auto","lorry","car"]}
{"id":8,"label":null}
{"id":9}
{"id":10,"label":"person","attributes":{"riding":false}}
"""


def test_records_go_where_the_mapping_says(run_relabel: RunRelabel) -> None:
    result = run_relabel(RECORDS, "jsonl")
    output = result.lines
    assert [record["id"] for record in output] == [1, 2, 3, 7, 8, 10]
    assert [record.get("label") for record in output] == [
        "car",
        "car",
        "cyclist",
        ["car"],  # a set after mapping: duplicates removed, order kept
        None,
        "pedestrian",
    ]
    # An unchanged record is copied byte for byte (spacing and all).
    assert result.text.splitlines()[0] == '{"id": 1, "label": "car"}'
    assert [(item["line"], item["label"], item["reason"]) for item in result.review] == [
        (4, "person", "split"),
        (5, "gone", "removed"),
    ]
    assert result.review[0]["candidates"] == ["cyclist", "pedestrian"]
    assert result.review[0]["record"] == {"id": 4, "label": "person"}
    assert result.review[0]["source"].endswith("input")
    assert [item["line"] for item in result.rejects] == [6, 8, 11]
    report = result.report
    assert (report.read, report.written, report.review, report.rejected, report.dropped) == (
        11,
        6,
        2,
        3,
        0,
    )
    assert report.changed == 4
    assert report.unknown == {"nope": 1}
    assert report.labels["auto"].changed == 2
    assert report.labels["car"].unchanged == 2
    assert report.labels["person"].to_json() == {
        "unchanged": 0,
        "changed": 2,
        "review": 1,
        "dropped": 0,
    }


def test_drop_removed_labels_on_request(run_relabel: RunRelabel) -> None:
    content = '{"label":"gone"}\n{"label":["gone","auto"]}\n{"label":["gone"]}\n'
    result = run_relabel(content, "jsonl", on_removed="drop")
    assert result.lines == [{"label": ["car"]}]
    assert (result.report.written, result.report.dropped, result.report.review) == (1, 2, 0)
    assert result.report.labels["gone"].dropped == 3


def test_field_paths_run_through_lists(run_relabel: RunRelabel) -> None:
    content = (
        '{"image":"a","objects":[{"label":"auto"},{"label":"person","riding":true},'
        '{"label":"gone"}]}\n'
        '{"image":"b","objects":[]}\n'
        '{"image":"c","objects":{"label":"car"}}\n'
        '{"image":"d"}\n'
    )
    result = run_relabel(content, "jsonl", field="objects.label", on_removed="drop")
    assert result.lines == [
        {"image": "a", "objects": [{"label": "car"}, {"label": "cyclist", "riding": True}]},
        {"image": "b", "objects": []},
        {"image": "c", "objects": {"label": "car"}},
    ]
    assert [item["line"] for item in result.rejects] == [4]


def test_numbered_path_steps_and_index_labels(run_relabel: RunRelabel) -> None:
    content = '{"a":[{"c":3},{"c":1}]}\n{"a":[{"c":6}]}\n'
    result = run_relabel(content, "jsonl", field="a.0.c")
    assert result.lines == [{"a": [{"c": 1}, {"c": 1}]}]
    assert result.review[0]["label"] == "blob"


def test_a_record_with_several_undecided_labels_lists_them_all(run_relabel: RunRelabel) -> None:
    result = run_relabel('{"label":["gone","blob","car"]}\n', "jsonl")
    [item] = result.review
    assert item["label"] == "gone"
    assert [entry["label"] for entry in item["undecided"]] == ["gone", "blob"]


def test_bad_field_values_are_rejected(run_relabel: RunRelabel) -> None:
    content = '{"label":3.5}\n{"label":[1]}\n[1,2]\n{"label":{"x":1}}\n'
    result = run_relabel(content, "jsonl")
    assert [item["line"] for item in result.rejects] == [1, 2, 3, 4]
    assert result.report.written == 0


def test_the_last_line_may_lack_a_newline(run_relabel: RunRelabel) -> None:
    result = run_relabel('{"label":"car"}\n{"label":"car"}', "jsonl")
    assert result.text == '{"label":"car"}\n{"label":"car"}\n'


def test_invalid_utf8_is_a_reject_not_a_crash(run_relabel: RunRelabel) -> None:
    result = run_relabel(b'{"label":"car"}\n{"label":"\xff"}\n', "jsonl")
    assert [item["line"] for item in result.rejects] == [2]


def test_a_clean_run_removes_a_stale_rejects_file(run_relabel: RunRelabel, tmp_path: Path) -> None:
    run_relabel('{"label":"car"}\nbroken\n', "jsonl")
    stale = tmp_path / "out-input.rejects"
    assert stale.exists()
    result = run_relabel('{"label":"car"}\n', "jsonl")
    assert not stale.exists()
    assert "rejects" not in result.report.outputs


def test_dry_run_writes_nothing(tmp_path: Path, street: Taxonomy, mapping: LabelMapping) -> None:
    source = tmp_path / "data.jsonl"
    source.write_text(RECORDS)
    report = relabel(source, street, fmt="jsonl", mapping=mapping, dry_run=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.jsonl"]
    assert (report.read, report.written, report.review, report.rejected) == (11, 6, 2, 3)


def test_output_never_overwrites_the_input(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    source = tmp_path / "data.jsonl"
    source.write_text('{"label":"auto"}\n')
    for out, review in [
        (source, tmp_path / "r.jsonl"),
        (tmp_path / "sub" / ".." / "data.jsonl", tmp_path / "r.jsonl"),
        (tmp_path / "o.jsonl", source),
        (tmp_path / "o.jsonl", tmp_path / "o.jsonl"),
    ]:
        with pytest.raises(UsageError):
            relabel(source, street, fmt="jsonl", out=out, review=review, mapping=mapping)
    assert source.read_text() == '{"label":"auto"}\n'


def test_a_failed_run_leaves_no_output(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labelspec.errors import LabelspecError
    from labelspec.relabeling.report import RelabelReport

    source = tmp_path / "data.jsonl"
    source.write_text('{"label":"auto"}\nbroken\n{"label":"gone"}\n')
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    # Simulate a lost record: the accounting check must stop the commit.
    monkeypatch.setattr(RelabelReport, "balanced", property(lambda self: False))
    with pytest.raises(LabelspecError, match="accounting"):
        relabel(source, street, fmt="jsonl", out=out, review=tmp_path / "r.jsonl", mapping=mapping)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.jsonl", "out.jsonl"]
    assert out.read_text() == "previous\n"


def test_unknown_formats_and_missing_inputs_are_refused(
    tmp_path: Path, street: Taxonomy, mapping: LabelMapping
) -> None:
    with pytest.raises(InputError):
        relabel(tmp_path / "missing.jsonl", street, fmt="jsonl", mapping=mapping, dry_run=True)
    (tmp_path / "x.jsonl").write_text("")
    with pytest.raises(UsageError):
        relabel(tmp_path / "x.jsonl", street, fmt="parquet", mapping=mapping, dry_run=True)
    with pytest.raises(UsageError):
        relabel(
            tmp_path / "x.jsonl", street, fmt="jsonl", mapping=mapping, field="a..b", dry_run=True
        )


def test_review_and_rejects_are_json_lines(run_relabel: RunRelabel, tmp_path: Path) -> None:
    run_relabel(RECORDS, "jsonl")
    review = read_jsonl(tmp_path / "review-input.jsonl")
    assert all(
        set(item) >= {"source", "line", "label", "candidates", "reason", "record"}
        for item in review
    )
    rejects = read_jsonl(tmp_path / "out-input.rejects")
    assert all(set(item) == {"line", "error", "record"} for item in rejects)


def test_public_api_builds_the_mapping_from_the_taxonomy_file(tmp_path: Path) -> None:
    import labelspec
    from relabel.conftest import TAXONOMY

    (tmp_path / "street.yaml").write_text(TAXONOMY)
    source = tmp_path / "data.jsonl"
    source.write_text(RECORDS)
    tax = labelspec.load(tmp_path / "street.yaml")
    report = labelspec.relabel(
        source,
        tax,
        from_version="1.0.0",
        fmt="jsonl",
        out=tmp_path / "data.v2.jsonl",
        review=tmp_path / "review.jsonl",
    )
    assert (report.read, report.written, report.review, report.rejected) == (11, 6, 2, 3)
    assert (report.from_version, report.to_version) == ("1.0.0", "2.0.0")
    # A taxonomy path works as well as a loaded taxonomy.
    again = labelspec.relabel(source, tmp_path / "street.yaml", "1.0.0", "jsonl", dry_run=True)
    assert again.to_json()["labels"] == report.to_json()["labels"]


def test_a_version_the_taxonomy_never_had_is_refused(tmp_path: Path) -> None:
    import labelspec
    from relabel.conftest import TAXONOMY

    (tmp_path / "street.yaml").write_text(TAXONOMY)
    source = tmp_path / "data.jsonl"
    source.write_text(RECORDS)
    with pytest.raises(
        labelspec.InputError, match=r"unknown version 0\.9\.0 .*known: 1\.0\.0, 2\.0\.0"
    ):
        labelspec.relabel(source, tmp_path / "street.yaml", "0.9.0", "jsonl", dry_run=True)


def test_duplicate_labels_are_removed_even_when_none_changes(run_relabel: RunRelabel) -> None:
    result = run_relabel('{"label":["car","car"]}\n', "jsonl")
    assert result.lines == [{"label": ["car"]}]
    assert result.report.changed == 1


def test_prepared_review_lines_match_the_general_ones(run_relabel: RunRelabel) -> None:
    # "gone" alone takes the prepared path; in a list it takes the general one.
    content = '{"id": 5,  "label": "gone", "x": [1, {"y": null}]}\r\n{"id":5,"label":["gone"],"x":[1,{"y":null}]}\n'
    result = run_relabel(content, "jsonl")
    prepared, general = result.review
    assert prepared["record"] == {"id": 5, "label": "gone", "x": [1, {"y": None}]}
    assert {**prepared, "line": 2, "record": None} == {**general, "record": None}
    assert result.report.labels["gone"].review == 2


def test_progress_is_reported_per_batch(run_relabel: RunRelabel) -> None:
    calls: list[tuple[int, int]] = []
    content = '{"label":"auto"}\n{"label":"car"}\n' * 40_000  # more than one batch
    result = run_relabel(content, "jsonl", progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2
    assert calls[-1][0] == calls[-1][1] == len(content)
    assert (result.report.read, result.report.written, result.report.changed) == (
        80_000,
        80_000,
        40_000,
    )
