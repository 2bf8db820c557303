"""``labelspec history``: one label's changes across versions in git, following
renames and merges back through its earlier ids."""

from __future__ import annotations

import json

import pytest

import labelspec
from labelspec.cli import main
from labelspec.errors import InputError
from labelspec.repository import Repository
from labelspec.versions.label_history import label_history
from versions.gitrepo import GitRepo, taxonomy_yaml

V1 = taxonomy_yaml(
    "1.0.0",
    "auto: {definition: A motor car.}\n"
    "truck: {definition: A heavy goods vehicle.}\n"
    "lorry: {definition: A heavy goods vehicle in British English.}\n"
    "bus: {definition: A large vehicle carrying passengers.}",
)
# 1.1.0 narrows auto's definition and gives lorry an example.
V1_1 = taxonomy_yaml(
    "1.1.0",
    "auto:\n"
    "  definition: A motor car with four wheels.\n"
    "  history: [{version: 1.1.0, change: narrowed, note: Three-wheelers are out.}]\n"
    "truck: {definition: A heavy goods vehicle.}\n"
    "lorry:\n"
    "  definition: A heavy goods vehicle in British English.\n"
    "  examples: [{image: lorry.jpg}]\n"
    "bus: {definition: A large vehicle carrying passengers.}",
)
# 2.0.0 renames auto to car and merges lorry into truck.
V2 = taxonomy_yaml(
    "2.0.0",
    "car:\n"
    "  definition: A motor car with four wheels.\n"
    "  added_in: 2.0.0\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed.}\n"
    "truck: {definition: A heavy goods vehicle.}\n"
    "lorry: {status: deprecated, deprecated_in: 2.0.0, replaced_by: truck, reason: Same.}\n"
    "bus: {definition: A large vehicle carrying passengers.}",
)
# 2.1.0 gives car an example and adds van.
V2_1 = taxonomy_yaml(
    "2.1.0",
    "car:\n"
    "  definition: A motor car with four wheels.\n"
    "  added_in: 2.0.0\n"
    "  examples: [{image: car.jpg}]\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed.}\n"
    "truck: {definition: A heavy goods vehicle.}\n"
    "lorry: {status: deprecated, deprecated_in: 2.0.0, replaced_by: truck, reason: Same.}\n"
    "bus: {definition: A large vehicle carrying passengers.}\n"
    "van: {definition: A small goods vehicle., added_in: 2.1.0}",
)


@pytest.fixture
def project(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, list[str]]:
    shas = [
        repo.commit(text, version)
        for text, version in zip(
            (V1, V1_1, V2, V2_1), ("1.0.0", "1.1.0", "2.0.0", "2.1.0"), strict=True
        )
    ]
    monkeypatch.chdir(repo.root)
    return repo, shas


def _entries(repo: GitRepo, label: str) -> list[tuple[str, str, str | None]]:
    events = label_history(Repository.discover(repo.root), repo.path(), label)
    return [(event.version, event.change.kind, event.change.label) for event in events]


def test_a_rename_is_followed_back_to_the_old_id(project: tuple[GitRepo, list[str]]) -> None:
    repo, _ = project
    assert _entries(repo, "car") == [
        ("1.0.0", "added", "auto"),
        ("1.1.0", "definition-changed", "auto"),
        ("2.0.0", "added", "car"),
        ("2.0.0", "renamed", "auto"),
        ("2.1.0", "examples-changed", "car"),
    ]


def test_a_merge_brings_the_merged_labels_history(project: tuple[GitRepo, list[str]]) -> None:
    repo, _ = project
    assert _entries(repo, "truck") == [
        ("1.0.0", "added", "truck"),
        ("1.0.0", "added", "lorry"),
        ("1.1.0", "examples-changed", "lorry"),
        ("2.0.0", "merged", "lorry"),
    ]


def test_the_history_of_a_tombstone_ends_at_its_rename(project: tuple[GitRepo, list[str]]) -> None:
    repo, _ = project
    assert _entries(repo, "auto") == [
        ("1.0.0", "added", "auto"),
        ("1.1.0", "definition-changed", "auto"),
        ("2.0.0", "renamed", "auto"),
    ]


def test_labels_without_changes_have_only_their_addition(
    project: tuple[GitRepo, list[str]],
) -> None:
    repo, _ = project
    assert _entries(repo, "bus") == [("1.0.0", "added", "bus")]
    assert _entries(repo, "van") == [("2.1.0", "added", "van")]


def test_entries_carry_the_version_commit_and_details(
    project: tuple[GitRepo, list[str]],
) -> None:
    repo, shas = project
    events = labelspec.label_history(repo.path(), "car")
    narrowed = events[1]
    assert (narrowed.version, narrowed.previous, narrowed.commit) == ("1.1.0", "1.0.0", shas[1])
    assert narrowed.author == "Ada Lovelace"
    assert narrowed.change.category == "definition-changed:narrowed"
    assert narrowed.change.details == {
        "fields": ["definition"],
        "change": "narrowed",
        "note": "Three-wheelers are out.",
    }
    assert events[0].previous is None
    assert events[0].commit == shas[0]
    assert events[0].change.new is not None
    assert (events[0].change.new.ref, events[0].change.new.line) == ("1.0.0", 6)


def test_json_output(
    project: tuple[GitRepo, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "t", "car", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(entry["version"], entry["kind"], entry["label"]) for entry in found] == [
        ("1.0.0", "added", "auto"),
        ("1.1.0", "definition-changed", "auto"),
        ("2.0.0", "added", "car"),
        ("2.0.0", "renamed", "auto"),
        ("2.1.0", "examples-changed", "car"),
    ]
    assert set(found[0]) >= {
        "version",
        "commit",
        "date",
        "author",
        "kind",
        "label",
        "details",
        "note",
    }
    assert found[3]["details"]["to"] == ["car"]


def test_text_output_is_one_row_per_change(
    project: tuple[GitRepo, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, shas = project
    assert main(["history", "taxonomy/t.yaml", "truck"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    # "Ada Lovelace" takes two columns of the split.
    assert [(row[0], row[1], row[5]) for row in rows] == [
        ("1.0.0", shas[0][:10], "added"),
        ("1.0.0", shas[0][:10], "added"),
        ("1.1.0", shas[1][:10], "examples-changed"),
        ("2.0.0", shas[2][:10], "merged"),
    ]


def test_an_unknown_label_suggests_close_ids(
    project: tuple[GitRepo, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, _ = project
    assert main(["history", "t", "trukc"]) == 3
    err = capsys.readouterr().err
    assert "truck" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(InputError):
        label_history(Repository.discover(repo.root), repo.path(), "trukc")


def test_a_label_only_in_the_working_file_has_no_history_yet(
    project: tuple[GitRepo, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, _ = project
    repo.write(V2_1 + "  tram: {definition: A rail vehicle in the street.}\n")
    assert _entries(repo, "tram") == []
    assert main(["history", "t", "tram"]) == 0
    assert main(["history", "t", "tram", "-f", "json"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "[]"
