"""``labelspec versions``, ``diff`` and ``mapping`` on a real git repository."""

from __future__ import annotations

import json

import pytest

import labelspec
from labelspec.cli import main
from versions.gitrepo import GitRepo, taxonomy_yaml

V1 = taxonomy_yaml(
    "1.0.0",
    "car: {definition: A motor vehicle for people.}\n"
    "auto: {definition: An automobile.}\n"
    "bicycle-lane: {definition: A lane for bicycles on the road.}",
)
V2 = taxonomy_yaml(
    "2.0.0",
    "car: {definition: A motor vehicle for people.}\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}\n"
    "bicycle-lane: {definition: A lane for bicycles on the road.}",
)
# 2.1.0 deletes a label without a tombstone and claims only a minor bump.
V2_1 = taxonomy_yaml(
    "2.1.0",
    "# lanes and cars\n"
    "car: {definition: A motor vehicle for people.}\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}\n"
    "bike-lane: {definition: A lane for bicycles on the road., added_in: 2.1.0}",
)


@pytest.fixture
def project(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo.commit(V1, "1.0.0")
    repo.commit(V2, "2.0.0")
    repo.tag("t@2.0.0")
    repo.write(V2_1)  # the working file, not committed
    monkeypatch.chdir(repo.root)
    return repo


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_versions(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["versions", "t"], capsys)
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert [row[0] for row in rows] == ["1.0.0", "2.0.0", "2.1.0"]
    assert rows[1][-1] == "(t@2.0.0)"
    assert rows[2][1:] == ["(working", "file,", "not", "committed)"]
    code, out, _ = _run(["versions", "taxonomy/t.yaml", "--format", "json"], capsys)
    found = json.loads(out)
    assert [v["version"] for v in found] == ["1.0.0", "2.0.0"]
    assert found[0]["author"] == "Ada Lovelace" and found[1]["tag"] == "t@2.0.0"


def test_diff_of_a_version_and_the_working_file(
    project: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["diff", "2.0.0", "taxonomy/t.yaml", "--format", "json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["old"]["version"] == "2.0.0"
    assert document["old"]["ref"] == "taxonomy/t.yaml@2.0.0"
    assert document["new"]["ref"] == "taxonomy/t.yaml"
    kinds = {(c["kind"], c["label"]) for c in document["changes"]}
    assert ("undeclared-removal", "bicycle-lane") in kinds
    assert ("suggested-rename", "bicycle-lane") in kinds
    assert ("added", "bike-lane") in kinds
    assert document["required_bump"] == "major"
    removal = next(c for c in document["changes"] if c["kind"] == "undeclared-removal")
    # The file is a plain path; the version or ref it was read at is a key of its own.
    assert removal["old"] == {"file": "taxonomy/t.yaml", "ref": "2.0.0", "line": 8}
    assert all(c["new"] is None or c["new"]["ref"] is None for c in document["changes"])
    code, out, _ = _run(["diff", "t@2.0.0", "taxonomy/t.yaml", "--format", "json"], capsys)
    removal = next(c for c in json.loads(out)["changes"] if c["kind"] == "undeclared-removal")
    assert removal["old"] == {"file": "taxonomy/t.yaml", "ref": "t@2.0.0", "line": 8}


def test_diff_between_refs_and_versions(
    project: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["diff", "1.0.0", "HEAD", "--format", "markdown"], capsys)
    assert code == 0
    assert "| merged | `auto` | auto merged into car |" in out
    code, out, _ = _run(["diff", "HEAD~1", "main"], capsys)
    assert code == 0 and out.splitlines()[0].startswith("t: 1.0.0")


def test_diff_check(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["diff", "HEAD", "taxonomy/t.yaml", "--check"], capsys)
    assert code == 1
    assert "minor bump; the changes need major" in err
    code, _, _ = _run(["diff", "1.0.0", "2.0.0", "--check"], capsys)
    assert code == 0


def test_write_tombstones(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["diff", "HEAD", "taxonomy/t.yaml", "--write-tombstones"], capsys)
    assert code == 0 and "bicycle-lane" in err
    text = project.path().read_text()
    assert "  # lanes and cars\n" in text
    stone = labelspec.load(project.path()).labels["bicycle-lane"]
    assert (stone.status, stone.replaced_by) == ("deprecated", "bike-lane")
    code, _, _ = _run(["diff", "HEAD", "HEAD~1", "--write-tombstones"], capsys)
    assert code == 2


def test_mapping_formats(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    project.write(V2)
    code, out, _ = _run(["mapping", "t", "--from", "1.0.0"], capsys)
    assert code == 0
    entries = {e["from"]: e for e in json.loads(out)["entries"]}
    assert entries["auto"]["to"] == ["car"] and entries["auto"]["deterministic"] is True
    code, out, _ = _run(["mapping", "taxonomy/t.yaml", "--from", "1.0.0", "-f", "csv"], capsys)
    assert out.splitlines()[0] == "from,to,kind,deterministic,review,rules"
    code, out, _ = _run(["mapping", "t", "--from", "1.0.0", "--format", "sssom"], capsys)
    assert "t:auto\tauto\tskos:broadMatch\tt:car" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "no-such-ref", "taxonomy/t.yaml"], "unknown git ref 'no-such-ref'"),
        (["diff", "--", "--upload-pack=x", "taxonomy/t.yaml"], "is not a git ref"),
        (["diff", "9.9.9", "taxonomy/t.yaml"], "unknown version 9.9.9 of t"),
        (["diff", "HEAD", "taxonomy/u.yaml"], "taxonomy/u.yaml: no such file"),
        (["mapping", "t", "--from", "0.5.0"], "unknown version 0.5.0 of t"),
        (["mapping", "t", "--from", "1.0.0", "--to", "7.0.0"], "unknown version 7.0.0 of t"),
        (["mapping", "nope", "--from", "1.0.0"], "no taxonomy 'nope'"),
        (["versions", "nope"], "no taxonomy 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_3(
    project: GitRepo, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = _run(args, capsys)
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("labelspec: error: ")
    assert message in err


def test_file_absent_at_a_ref(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    project.commit(V1, "u", taxonomy="u")
    code, _, err = _run(["diff", "HEAD~1", "taxonomy/u.yaml"], capsys)
    assert code == 3 and "taxonomy/u.yaml does not exist at 'HEAD~1'" in err


def test_replacement_cycle(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    project.write(
        taxonomy_yaml(
            "2.0.0",
            "car: {definition: A car.}\n"
            "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: motorcar}\n"
            "motorcar: {status: deprecated, deprecated_in: 2.0.0, replaced_by: auto}",
        )
    )
    code, _, err = _run(["mapping", "t", "--from", "1.0.0"], capsys)
    assert code == 3
    assert "replacement cycle auto -> motorcar -> auto" in err


def test_refs_need_a_taxonomy_when_there_are_several(
    project: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    project.commit(V1, "u", taxonomy="u")
    code, _, err = _run(["diff", "HEAD~1", "HEAD"], capsys)
    assert code == 2 and "--taxonomy" in err
    code, out, _ = _run(["diff", "HEAD~2", "HEAD~1", "--taxonomy", "t"], capsys)
    assert code == 0 and "merged" in out


def test_bad_format(project: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["diff", "HEAD", "taxonomy/t.yaml", "-f", "xml"], capsys)[0] == 2
    assert _run(["mapping", "t", "--from", "1.0.0", "-f", "xml"], capsys)[0] == 2


def test_check_uses_the_configured_policy(
    project: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(
        V2.replace("2.0.0\n", "2.1.0\n", 1).replace(
            "bicycle-lane:", "bus: {definition: A bus.}\n  bicycle-lane:"
        )
    )
    assert _run(["diff", "2.0.0", "taxonomy/t.yaml", "--check"], capsys)[0] == 0
    (project.root / "labelspec.toml").write_text(
        '[lint.rules.VER007]\nbumps = {added = "major", "definition-changed:undeclared" = "minor"}\n'
    )
    code, _, err = _run(["diff", "2.0.0", "taxonomy/t.yaml", "--check"], capsys)
    assert code == 1 and "need major" in err
    (project.root / "labelspec.toml").write_text('[lint.rules.VER007]\nbumps = {addd = "major"}\n')
    code, _, err = _run(["diff", "2.0.0", "taxonomy/t.yaml", "--check"], capsys)
    assert code == 3 and "unknown change category 'addd'" in err


@pytest.mark.parametrize(
    ("bumps", "message"),
    [
        ('{addd = "major"}', "bumps: unknown change category 'addd'"),
        ('{renamed = "huge"}', "bumps.renamed: 'huge' is not one of major, minor, patch, none"),
        ('"major"', "bumps: must be a table"),
    ],
)
def test_a_bad_bump_table_is_one_error_for_diff_and_lint(
    project: GitRepo, capsys: pytest.CaptureFixture[str], bumps: str, message: str
) -> None:
    """VER007's table is validated by one model, whether `diff` or the linter reads it."""
    (project.root / "labelspec.toml").write_text(f"[lint.rules.VER007]\nbumps = {bumps}\n")
    expected = f"labelspec: error: [tool.labelspec.lint.rules.VER007] {message}\n"
    assert _run(["diff", "2.0.0", "taxonomy/t.yaml"], capsys) == (3, "", expected)
    assert _run(["lint", "--base", "HEAD"], capsys) == (3, "", expected)


def test_versions_shows_an_uncommitted_version(
    project: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(V2)
    code, out, _ = _run(["versions", "t"], capsys)
    assert code == 0 and out.splitlines()[-1].split()[0] == "2.0.0"
    project.write(V2_1)
    code, out, _ = _run(["versions", "t"], capsys)
    assert out.splitlines()[-1] == "2.1.0  (working file, not committed)"


def test_versions_before_the_first_commit(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo.root)
    repo.write(V1)
    code, out, _ = _run(["versions", "t"], capsys)
    assert code == 0 and out.strip() == "1.0.0  (working file, not committed)"
    code, out, _ = _run(["versions", "t", "--format", "json"], capsys)
    assert json.loads(out) == []
