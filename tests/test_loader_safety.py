"""Bad input: each gives a finding with a position or a one-line error, never a
traceback, and nothing in the file runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelspec.api import load
from labelspec.cli import main
from labelspec.errors import TaxonomyError
from labelspec.loader import MAX_FILE_BYTES, load_file, load_text

VALID = """\
taxonomy: t
title: T
version: 1.0.0
task: {modality: text, kind: classification}
labels:
  ok: {definition: A thing that is fine.}
"""


def only(path: Path) -> tuple[str, int, int]:
    result = load_file(path)
    assert result.taxonomy is None
    finding = result.findings[0]
    return (finding.code, finding.line, finding.column)


def write(tmp_path: Path, data: bytes | str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_empty_file(tmp_path: Path) -> None:
    assert only(write(tmp_path, "")) == ("SCH004", 1, 1)
    assert only(write(tmp_path, "# only a comment\n")) == ("SCH004", 1, 1)


def test_top_level_list_and_scalar(tmp_path: Path) -> None:
    assert only(write(tmp_path, "- a\n- b\n")) == ("SCH004", 1, 1)
    assert only(write(tmp_path, "\n\njust text\n")) == ("SCH004", 3, 1)


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 8
    code, _, _ = only(write(tmp_path, garbage))
    assert code == "SCH001"


def test_nul_bytes_in_utf8(tmp_path: Path) -> None:
    assert only(write(tmp_path, VALID.replace("T\n", "T\x00\n", 1)))[0] == "SCH001"


def test_non_utf8_points_at_the_byte(tmp_path: Path) -> None:
    data = VALID.replace("A thing", "A th\xe9ing").encode("latin-1")
    assert only(write(tmp_path, data)) == ("SCH001", 6, 24)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    assert load_file(write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())).taxonomy is not None


def test_tabs(tmp_path: Path) -> None:
    result = load_file(write(tmp_path, VALID.replace("  ok:", "\tok:")))
    assert [(f.code, f.line, f.column) for f in result.findings] == [("SCH001", 6, 1)]
    assert result.findings[0].hint is not None


def test_oversize_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    with path.open("wb") as stream:  # sparse: the size is what matters
        stream.truncate(100 * 1024 * 1024)
    assert path.stat().st_size > MAX_FILE_BYTES
    assert only(path) == ("SCH005", 1, 1)


def test_billion_laughs_stops_early() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    result = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert result.taxonomy is None
    assert [f.code for f in result.findings] == ["SCH005"]


def test_recursive_alias() -> None:
    result = load_text("labels: &a\n  x: *a\n", "t.yaml")
    assert [f.code for f in result.findings] in (["SCH005"], ["SCH001"])


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        "!!python/name:os.system",
        "!custom {a: 1}",
        "!!binary aGVsbG8=",
    ],
)
def test_tags_are_refused_and_nothing_runs(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "ran"
    text = VALID + "  evil: " + payload.replace("{marker}", str(marker)) + "\n"
    result = load_text(text, "t.yaml")
    assert result.taxonomy is None
    assert [(f.code, f.line) for f in result.findings] == [("SCH005", 7)]
    assert not marker.exists()


def test_deep_nesting_is_bounded() -> None:
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    result = load_text(text, "t.yaml")
    assert result.taxonomy is None
    assert result.findings[0].code in ("SCH001", "SCH005")


def test_duplicate_keys_are_reported_but_the_file_loads() -> None:
    result = load_text(VALID + "  ok: {definition: Again.}\n", "t.yaml")
    assert [(f.code, f.line, f.column, f.labels) for f in result.findings] == [
        ("SCH002", 7, 3, ("ok",))
    ]


def test_load_raises_one_typed_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError) as raised:
        load(write(tmp_path, "- a\n"))
    assert str(raised.value).startswith(f"{tmp_path / 't.yaml'}:1:1: SCH004")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "data",
    [b"", b"- a\n", bytes(range(256)), b"a: !!python/object:os.system x\n", b"\xff\xfe\x00"],
)
def test_cli_never_tracebacks(
    tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, data)
    assert main(["lint", "--format", "json", str(path)]) == 1
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err
    findings = json.loads(output.out)
    assert [finding["code"][:3] for finding in findings] == ["SCH"]
    assert findings[0]["line"] >= 1 and findings[0]["column"] >= 1


def test_cli_missing_file_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(tmp_path / "absent.yaml")]) == 3
    error = capsys.readouterr().err
    assert error.startswith("labelspec: error:") and error.count("\n") == 1
