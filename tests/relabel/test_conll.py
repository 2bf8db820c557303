"""CoNLL: tags keep their prefixes, sentences are records, layout is kept."""

from __future__ import annotations

from labelspec.relabeling.formats.conll import split_tag
from relabel.support import RunRelabel

TEXT = """\
-DOCSTART- -X- -X- O

The DT B-NP O
old JJ I-NP I-auto
car NN I-NP I-lorry
truck NN I-NP B-car
x NN I-NP I-car
.\t.\tO\tO

A DT O B-person

bad

Z Z Z B-truck

Last NN O S-auto
"""


def test_tags_keep_prefixes_and_sentences_are_records(run_relabel: RunRelabel) -> None:
    result = run_relabel(TEXT, "conll")
    assert result.text == (
        "-DOCSTART- -X- -X- O\n"
        "\n"
        "The DT B-NP O\n"
        "old JJ I-NP I-car\n"
        # IOB1: two adjacent entities merged into one type stay two entities.
        "car NN I-NP B-car\n"
        "truck NN I-NP B-car\n"
        "x NN I-NP I-car\n"
        ".\t.\tO\tO\n"
        "\n"
        "Last NN O S-car\n"
    )
    assert [(item["line"], item["label"]) for item in result.review] == [
        (10, "person"),
        (14, "truck"),
    ]
    assert result.review[0]["record"] == ["A DT O B-person"]
    assert [item["line"] for item in result.rejects] == [12]
    report = result.report
    assert (report.read, report.written, report.review, report.rejected) == (5, 2, 2, 1)


def test_tag_column_by_number_and_drops(run_relabel: RunRelabel) -> None:
    text = "a B-gone x\nb I-gone y\nc B-car z\n"
    result = run_relabel(text, "conll", field="2", on_removed="drop")
    assert result.text == "a O x\nb O y\nc B-car z\n"
    assert result.report.labels["gone"].dropped == 2


def test_split_tag() -> None:
    assert split_tag("O") == ("", None)
    assert split_tag("B-PER") == ("B", "PER")
    assert split_tag("U-a-b") == ("U", "a-b")
    assert split_tag("PER") == ("", "PER")
    assert split_tag("X-PER") == ("", "X-PER")


def test_progress_on_long_files(run_relabel: RunRelabel) -> None:
    calls: list[tuple[int, int]] = []
    content = "a B-auto\nb I-auto\n\n" * 30_000
    result = run_relabel(content, "conll", progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2
    assert calls[-1][0] == calls[-1][1] == len(content)
    assert (result.report.read, result.report.written) == (30_000, 30_000)
    assert result.text == "a B-car\nb I-car\n\n" * 30_000
