"""CSV and TSV: columns by name or number, multi-label cells, index labels."""

from __future__ import annotations

import csv
import io

from relabel.support import RunRelabel

TABLE = """\
id,label,riding
1,car,
2,auto,
3,person,true
4,person,
5,"gone",x
6,too,many,fields
7,"auto;lorry;car",
8,,
"""


def _rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_rows_by_column_name(run_relabel: RunRelabel) -> None:
    result = run_relabel(TABLE, "csv", separator=";")
    assert _rows(result.text) == [
        ["id", "label", "riding"],
        ["1", "car", ""],
        ["2", "car", ""],
        ["3", "cyclist", "true"],  # the riding column decided the split
        ["7", "car", ""],
        ["8", "", ""],
    ]
    assert [(item["line"], item["label"]) for item in result.review] == [(5, "person"), (6, "gone")]
    assert result.review[0]["record"] == {"id": "4", "label": "person", "riding": ""}
    assert [item["line"] for item in result.rejects] == [7]
    report = result.report
    assert (report.read, report.written, report.review, report.rejected) == (8, 5, 2, 1)


def test_line_numbers_count_quoted_newlines(run_relabel: RunRelabel) -> None:
    text = 'note,label\n"two\nlines",auto\nx,nope\n'
    result = run_relabel(text, "csv")
    assert [item["line"] for item in result.rejects] == [4]
    assert _rows(result.text)[1] == ["two\nlines", "car"]


def test_tsv_without_header_by_column_number_and_index(run_relabel: RunRelabel) -> None:
    text = 'a "quoted" text\t3,4,1\tid1\nplain\t6\tid2\nother\t1\tid3\n'
    result = run_relabel(
        text, "tsv", field="2", header=False, separator=",", by_index=True, name="in.tsv"
    )
    assert _rows(result.text, "\t") == [['a "quoted" text', "1", "id1"], ["other", "1", "id3"]]
    assert result.review[0]["label"] == "blob"
    assert result.review[0]["record"] == ["plain", "6", "id2"]


def test_unknown_column_is_a_usage_error(run_relabel: RunRelabel) -> None:
    import pytest

    from labelspec.errors import UsageError

    with pytest.raises(UsageError):
        run_relabel("id,label\n1,car\n", "csv", field="category")
    with pytest.raises(UsageError):
        run_relabel("1,car\n", "csv", field="label", header=False)


def test_drop_removes_the_row(run_relabel: RunRelabel) -> None:
    result = run_relabel("label\ngone\ncar\n", "csv", on_removed="drop")
    assert _rows(result.text) == [["label"], ["car"]]
    assert result.report.dropped == 1


def test_non_utf8_bytes_pass_through(run_relabel: RunRelabel) -> None:
    result = run_relabel(b"note,label\ncaf\xe9,auto\n", "csv")
    assert result.output.read_bytes() == b"note,label\ncaf\xe9,car\n"


def test_duplicate_labels_in_a_cell_are_removed(run_relabel: RunRelabel) -> None:
    result = run_relabel("label\ncar;car\n", "csv", separator=";")
    assert _rows(result.text) == [["label"], ["car"]]
    assert result.report.changed == 1


def test_line_endings_are_kept_and_carriage_returns_quoted(run_relabel: RunRelabel) -> None:
    result = run_relabel(b'note,label\r\n"a\rb",auto\r\n', "csv")
    assert result.output.read_bytes() == b'note,label\r\n"a\rb",car\r\n'
    result = run_relabel(b'note,label\n"a\rb",auto\n', "csv", name="unix")
    assert result.output.read_bytes() == b'note,label\n"a\rb",car\n'


def test_progress_is_reported_on_long_files(run_relabel: RunRelabel) -> None:
    calls: list[tuple[int, int]] = []
    content = "label\n" + "auto\ncar\n" * 40_000
    result = run_relabel(content, "csv", progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1][0] == calls[-1][1] == len(content)
    assert (result.report.read, result.report.written, result.report.changed) == (
        80_000,
        80_000,
        40_000,
    )
    assert result.report.labels["auto"].changed == 40_000
