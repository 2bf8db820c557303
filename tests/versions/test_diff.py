"""The diff: every change kind, its locations, the required bump, the renderers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

import labelspec
from labelspec.errors import ConfigError
from labelspec.loader import load_text
from labelspec.model import Taxonomy
from labelspec.versions.changes import KINDS, AnyChange, ChangeKind, Location
from labelspec.versions.diff import Diff, diff
from labelspec.versions.policy import DEFAULT_BUMPS, BumpTable, Policy
from labelspec.versions.render import render_markdown, render_text
from labelspec.versions.tombstones import write_tombstones

OLD = """\
taxonomy: street
title: Street
version: 1.0.0
task: {modality: image, kind: bounding-box}
attributes:
  occluded: {type: boolean, default: false}
labels:
  vehicle: {abstract: true, definition: A machine that moves on roads.}
  car:
    parent: vehicle
    definition: A motor vehicle for people.
    aliases: [automobile]
    attributes:
      emergency: {type: boolean}
    edge_cases:
      - {id: billboard, case: A car on a billboard., decision: null}
  truck: {parent: vehicle, definition: A vehicle for goods.}
  auto: {parent: vehicle, definition: An auto.}
  lorry: {parent: vehicle, definition: A lorry.}
  person: {definition: A human being.}
  blob: {definition: Something unclear.}
  gone: {definition: Nothing.}
  sign: {definition: A traffic sign., name: Sign}
  bicycle-lane: {definition: A lane for bicycles on the road surface.}
  pole: {definition: A pole.}
"""

NEW = """\
taxonomy: street
title: Street objects
version: 2.0.0
task: {modality: image, kind: polygon}
attributes:
  occluded: {type: boolean, default: false, description: Hidden.}
  truncated: {type: boolean, default: false}
labels:
  vehicle: {abstract: true, definition: A machine that moves on roads.}
  car:
    parent: vehicle
    definition: A motor vehicle for up to eight people.
    aliases: [automobile, passenger car]
    examples:
      - {image: guidelines/assets/car.jpg}
    edge_cases:
      - {id: billboard, case: A car on a billboard., decision: car}
      - {id: toy, case: A toy car., decision: null}
    history:
      - {version: 2.0.0, change: narrowed, note: Pickups are trucks.}
  truck: {parent: road-user, definition: A vehicle for goods and pickups.}
  road-user: {abstract: true, definition: Anything that uses the road.}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}
  lorry: {status: deprecated, deprecated_in: 2.0.0, replaced_by: cargo, reason: Renamed.}
  cargo: {parent: vehicle, definition: A lorry., added_in: 2.0.0}
  person:
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by:
      - {label: cyclist, when: {riding: true}}
      - {label: pedestrian, when: {riding: false}}
  blob: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [car, truck]}
  gone: {status: deprecated, deprecated_in: 2.0.0, reason: Out of scope.}
  cyclist: {definition: A person riding., added_in: 2.0.0, carved_from: [person]}
  pedestrian: {definition: A person walking., added_in: 2.0.0}
  sign: {definition: A traffic sign with text., name: Traffic sign}
  bike-lane: {definition: A lane for bicycles on the road surface., added_in: 2.0.0}
  pole: {definition: A tall pole.}
"""


def _load(text: str, name: str) -> Taxonomy:
    return load_text(text, name).require()


@pytest.fixture
def result() -> Diff:
    return diff(_load(OLD, "old.yaml"), _load(NEW, "new.yaml"))


def _one(result: Diff, kind: str, label: str | None) -> AnyChange:
    found = [c for c in result.changes if c.kind == kind and c.label == label]
    assert len(found) == 1, [(c.kind, c.label) for c in result.changes]
    return found[0]


def test_every_change_is_classified(result: Diff) -> None:
    kinds = {(c.kind, c.label) for c in result.changes}
    assert kinds == {
        ("task-changed", None),
        ("text-changed", None),
        ("attribute-changed", None),
        ("attribute-added", None),
        ("definition-changed", "car"),
        ("aliases-changed", "car"),
        ("examples-changed", "car"),
        ("edge-case-changed", "car"),
        ("edge-case-added", "car"),
        ("attribute-removed", "car"),
        ("moved", "truck"),
        ("definition-changed", "truck"),
        ("added", "road-user"),
        ("merged", "auto"),
        ("renamed", "lorry"),
        ("added", "cargo"),
        ("split", "person"),
        ("split", "blob"),
        ("deprecated", "gone"),
        ("added", "cyclist"),
        ("added", "pedestrian"),
        ("name-changed", "sign"),
        ("definition-changed", "sign"),
        ("added", "bike-lane"),
        ("definition-changed", "pole"),
        ("undeclared-removal", "bicycle-lane"),
        ("suggested-rename", "bicycle-lane"),
        ("index-shifted", None),
    }


def test_changes_cite_old_and_new_lines(result: Diff) -> None:
    merged = _one(result, "merged", "auto")
    assert (merged.old.file, merged.old.line) == ("old.yaml", 18)  # type: ignore[union-attr]
    assert (merged.new.file, merged.new.line) == ("new.yaml", 23)  # type: ignore[union-attr]
    definition = _one(result, "definition-changed", "car")
    assert (definition.old.line, definition.new.line) == (11, 12)  # type: ignore[union-attr]
    vanished = _one(result, "undeclared-removal", "bicycle-lane")
    assert vanished.old is not None and vanished.old.line == 24
    assert vanished.new is None
    added = _one(result, "edge-case-added", "car")
    assert added.old is None and added.new is not None and added.new.line == 18


def test_details(result: Diff) -> None:
    assert _one(result, "definition-changed", "car").details["change"] == "narrowed"
    assert _one(result, "definition-changed", "truck").details["change"] == "undeclared"
    assert _one(result, "definition-changed", "car").category == "definition-changed:narrowed"
    assert _one(result, "split", "person").details["rules"] == [
        {"label": "cyclist", "when": {"riding": True}},
        {"label": "pedestrian", "when": {"riding": False}},
    ]
    assert "rules" not in _one(result, "split", "blob").details
    assert _one(result, "moved", "truck").details == {"from": ["vehicle"], "to": ["road-user"]}
    assert _one(result, "added", "cyclist").category == "added:carved"
    assert _one(result, "task-changed", None).details == {"kind": ["bounding-box", "polygon"]}
    assert _one(result, "attribute-changed", None).category == "attribute-changed:description"
    assert _one(result, "aliases-changed", "car").details == {
        "added": ["passenger car"],
        "removed": [],
    }
    suggestion = _one(result, "suggested-rename", "bicycle-lane")
    assert suggestion.details["to"] == "bike-lane"
    assert suggestion.details["as"] == "rename"


def test_required_bump(result: Diff) -> None:
    assert result.required_bump == "major"
    assert result.version_bump == "major"
    assert result.bump_ok


def _pair(old_labels: str, new_labels: str, old_version: str, new_version: str) -> Diff:
    head = "taxonomy: t\ntitle: T\nversion: {}\ntask: {{modality: text, kind: classification}}\nlabels:\n"
    return diff(
        _load(head.format(old_version) + old_labels, "t.yaml"),
        _load(head.format(new_version) + new_labels, "t.yaml"),
    )


@pytest.mark.parametrize(
    ("old_labels", "new_labels", "required"),
    [
        ("  a: {definition: A.}\n", "  a: {definition: A.}\n", "none"),
        ("  a: {definition: A.}\n", "  a: {definition: A., aliases: [x]}\n", "patch"),
        (
            "  a: {definition: A.}\n",
            "  a: {definition: A!, history: [{version: 1.0.1, change: clarified}]}\n",
            "patch",
        ),
        ("  a: {definition: A.}\n", "  a: {definition: A.}\n  b: {definition: B.}\n", "minor"),
        (
            "  a: {definition: A.}\n",
            "  a: {definition: A.}\n  b: {definition: B., carved_from: [a]}\n",
            "major",
        ),
        (
            "  a: {definition: A.}\n",
            "  a: {definition: A., history: [{version: 1.0.1, change: broadened}]}\n",
            "major",
        ),
        # a child under an assignable leaf makes it unassignable (leaf_only)
        (
            "  a: {definition: A.}\n",
            "  a: {definition: A.}\n  b: {definition: B., parent: a}\n",
            "major",
        ),
    ],
)
def test_policy_levels(old_labels: str, new_labels: str, required: str) -> None:
    assert _pair(old_labels, new_labels, "1.0.0", "1.0.1").required_bump == required


def test_a_bump_too_small_and_a_downgrade() -> None:
    renamed = (
        "  b: {definition: B.}\n  a: {status: deprecated, deprecated_in: 1.1.0, replaced_by: b}\n"
    )
    small = _pair("  a: {definition: A.}\n", renamed, "1.0.0", "1.1.0")
    assert (small.required_bump, small.version_bump, small.bump_ok) == ("major", "minor", False)
    back = _pair("  a: {definition: A.}\n", "  a: {definition: A.}\n", "2.0.0", "1.0.0")
    assert back.version_bump is None and not back.bump_ok


def test_policy_overrides_and_errors() -> None:
    moved = _pair(
        "  p: {abstract: true, definition: P.}\n  q: {abstract: true, definition: Q.}\n"
        "  a: {definition: A., parent: p}\n",
        "  p: {abstract: true, definition: P.}\n  q: {abstract: true, definition: Q.}\n"
        "  a: {definition: A., parent: q}\n",
        "1.0.0",
        "1.1.0",
    )
    assert moved.required_bump == "minor"
    strict = Policy.with_overrides(BumpTable({"moved": "major"}))
    assert strict.required(moved.changes) == "major"
    # Naming a kind sets every category of it.
    lenient = Policy.with_overrides(BumpTable({"definition-changed": "none"}))
    assert lenient.bumps["definition-changed:narrowed"] == "none"
    section = "[tool.labelspec.lint.rules.VER007] bumps"
    with pytest.raises(ConfigError) as unknown:
        BumpTable.from_config({"renamd": "major"}, section)
    assert str(unknown.value) == f"{section}: unknown change category 'renamd'"
    with pytest.raises(ConfigError) as huge:
        BumpTable.from_config({"renamed": "huge"}, section)
    assert str(huge.value) == f"{section}.renamed: 'huge' is not one of major, minor, patch, none"
    with pytest.raises(ConfigError, match=r"bumps: must be a table$"):
        BumpTable.from_config("major", section)
    assert BumpTable.from_config(None, section).root == {}


def test_index_changes() -> None:
    indexed = _pair(
        "  a: {definition: A., index: 1}\n", "  a: {definition: A., index: 2}\n", "1.0.0", "2.0.0"
    )
    assert [(c.kind, c.details) for c in indexed.changes] == [
        ("index-changed", {"from": 1, "to": 2})
    ]
    shifted = _pair(
        "  a: {definition: A.}\n  b: {definition: B.}\n",
        "  z: {definition: Z.}\n  a: {definition: A.}\n  b: {definition: B.}\n",
        "1.0.0",
        "1.1.0",
    )
    assert _one(shifted, "index-shifted", None).details == {"labels": 2, "first": ["a", "b"]}


def test_suggestions_use_aliases_and_definitions() -> None:
    result = _pair(
        "  dobj: {definition: The direct object of a verb.}\n"
        "  mwe: {definition: A fixed multiword expression.}\n"
        "  keep: {definition: Kept.}\n",
        "  obj: {definition: The object of a verb.}\n"
        "  fixed: {definition: Fixed grammaticized expressions., aliases: [mwe]}\n"
        "  keep: {definition: Kept.}\n",
        "1.0.0",
        "2.0.0",
    )
    suggested = {c.label: c.details["to"] for c in result.of_kind("suggested-rename")}
    assert suggested == {"dobj": "obj", "mwe": "fixed"}
    assert _one(result, "suggested-rename", "mwe").details["score"] == 1.0


def test_json_shape(result: Diff) -> None:
    document = json.loads(json.dumps(result.to_json()))
    assert set(document) >= {"old", "new", "changes", "required_bump"}
    assert document["old"] == {"taxonomy": "street", "version": "1.0.0", "ref": "old.yaml"}
    assert document["required_bump"] == "major"
    for change in document["changes"]:
        assert set(change) >= {"kind", "label", "details", "old", "new"}
        for side in ("old", "new"):
            assert change[side] is None or set(change[side]) == {"file", "ref", "line"}
    merged = next(c for c in document["changes"] if c["kind"] == "merged")
    assert merged["old"] == {"file": "old.yaml", "ref": None, "line": 18}
    assert str(Location("t.yaml", 3, "v2.0.0")) == "t.yaml@v2.0.0:3"


def test_text_and_markdown(result: Diff) -> None:
    text = render_text(result)
    assert text.splitlines()[0] == "street: 1.0.0 (old.yaml) -> 2.0.0 (new.yaml)"
    assert "  merged" in text and "[new.yaml:23]" in text
    markdown = render_markdown(result)
    rows = [line for line in markdown.splitlines() if line.startswith("| merged |")]
    assert rows == ["| merged | `auto` | auto merged into car | new.yaml:23 |"]
    assert markdown.count("\n### ") == 4  # major, minor, patch, notes


def test_markdown_cells_cannot_be_broken_by_label_text() -> None:
    result = _pair(
        "  a: {definition: A., name: Plain}\n",
        "  a: {definition: A., name: 'Pipe | <b>bold</b>'}\n",
        "1.0.0",
        "1.1.0",
    )
    row = next(line for line in render_markdown(result).splitlines() if "name-changed" in line)
    assert row.count(" | ") == 3 and "<b>" not in row


def test_markdown_cells_cannot_become_links() -> None:
    result = _pair(
        "  a: {definition: A., name: Plain}\n",
        "  a: {definition: A., name: '[click](javascript:alert(1)) *bold*'}\n",
        "1.0.0",
        "1.1.0",
    )
    row = next(line for line in render_markdown(result).splitlines() if "name-changed" in line)
    assert "\\[click\\](javascript:alert(1)) \\*bold\\*" in row


def test_public_api(tmp_path: Path) -> None:
    old, new = tmp_path / "old" / "street.yaml", tmp_path / "street.yaml"
    old.parent.mkdir()
    old.write_text(OLD)
    new.write_text(NEW)
    result = labelspec.diff(labelspec.load(old), labelspec.load(new))
    assert result.required_bump == "major"
    assert _one(result, "merged", "auto").new == _one(result, "merged", "auto").new


def test_write_tombstones_keeps_comments_and_layout(tmp_path: Path) -> None:
    old_text = (
        "taxonomy: t\ntitle: T\nversion: 1.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n"
        "    bicycle-lane: {definition: A lane for bicycles on the road., index: 4}\n"
        "    keep: {definition: Kept., index: 1}\n"
        "    junk: {definition: Something nobody wanted., index: 7}\n"
    )
    new_text = (
        "# The street taxonomy.   (a comment that must stay)\n"
        "taxonomy: t\ntitle: T\nversion: 2.0.0\n"
        "task: {modality: text, kind: classification}\n"
        "labels:\n"
        "    # lanes\n"
        "    bike-lane: {definition: A lane for bicycles on the road., index: 9}\n"
        "    keep: {definition: Kept., index: 1}   # unchanged\n"
        "\n"
        "# trailing comment\n"
    )
    path = tmp_path / "t.yaml"
    path.write_text(new_text)
    result = diff(_load(old_text, "old.yaml"), labelspec.load(path))
    assert write_tombstones(path, result) == ["bicycle-lane", "junk"]
    updated = path.read_text()
    assert updated.startswith(new_text.split("\n\n")[0])  # everything before is untouched
    assert updated.endswith("\n# trailing comment\n")
    stones = labelspec.load(path).labels
    assert stones["bicycle-lane"].replaced_by == "bike-lane"
    assert stones["bicycle-lane"].index == 4
    assert stones["bicycle-lane"].deprecated_in == "2.0.0"
    assert stones["junk"].replaced_by is None and stones["junk"].reason
    # A second diff has nothing left to write.
    again = diff(_load(old_text, "old.yaml"), labelspec.load(path))
    assert not again.of_kind("undeclared-removal")
    assert write_tombstones(path, again) == []


def test_a_name_that_only_changes_case_is_a_patch() -> None:
    cosmetic = _pair(
        "  road-user: {definition: A.}\n",
        "  road-user: {definition: A., name: Road user}\n",
        "1.0.0",
        "1.0.1",
    )
    assert [(c.kind, c.category) for c in cosmetic.changes] == [
        ("name-changed", "name-changed:cosmetic")
    ]
    assert cosmetic.required_bump == "patch"
    renamed = _pair(
        "  a: {definition: A., name: Car}\n",
        "  a: {definition: A., name: Auto}\n",
        "1.0.0",
        "1.1.0",
    )
    assert renamed.required_bump == "minor"


def test_required_bump_and_its_reasons(result: Diff) -> None:
    assert result.policy.required(result.changes) == "major"
    everything_minor = BumpTable({kind: "minor" for kind in {c.kind for c in result.changes}})
    assert Policy.with_overrides(everything_minor).required(result.changes) == "minor"
    reasons = {(c.kind, c.label) for c in result.policy.reasons(result.changes, "major")}
    assert ("merged", "auto") in reasons and ("added", "cargo") not in reasons


def test_history_written_later_for_an_earlier_version_is_a_patch() -> None:
    result = _pair(
        "  a: {definition: A.}\n",
        "  a: {definition: A., history: [{version: 0.9.0, change: clarified}]}\n",
        "1.0.0",
        "1.0.1",
    )
    assert [(c.kind, c.label, c.details) for c in result.changes] == [
        ("text-changed", "a", {"field": "history"})
    ]
    assert result.required_bump == "patch"


def test_excludes_pointing_to_a_renamed_label_is_no_definition_change() -> None:
    old = "  a: {definition: A., excludes: {thing: b}}\n  b: {definition: B.}\n"
    renamed = (
        "  a: {definition: A., excludes: {thing: c}}\n"
        "  b: {status: deprecated, deprecated_in: 2.0.0, replaced_by: c, reason: Renamed.}\n"
        "  c: {definition: B.}\n"
    )
    kinds = {
        (change.kind, change.label) for change in _pair(old, renamed, "1.0.0", "2.0.0").changes
    }
    assert ("definition-changed", "a") not in kinds
    retargeted = renamed.replace("{thing: c}", "{thing: null}")
    kinds = {
        (change.kind, change.label) for change in _pair(old, retargeted, "1.0.0", "2.0.0").changes
    }
    assert ("definition-changed", "a") in kinds


def test_a_changed_replacement_is_a_kind_of_its_own() -> None:
    result = _pair(
        "  a: {status: deprecated, deprecated_in: 1.0.0, replaced_by: b}\n"
        "  b: {definition: B.}\n  c: {definition: C.}\n",
        "  a: {status: deprecated, deprecated_in: 1.0.0, replaced_by: c}\n"
        "  b: {definition: B.}\n  c: {definition: C.}\n",
        "1.0.0",
        "2.0.0",
    )
    (change,) = result.changes
    assert change.to_json() == {
        "kind": "replacement-changed",
        "label": "a",
        "details": {"from": ["b"], "to": ["c"]},
        "old": {"file": "t.yaml", "ref": None, "line": 6},
        "new": {"file": "t.yaml", "ref": None, "line": 6},
        "category": "replacement-changed",
    }
    assert result.required_bump == "major"
    assert "a: replacement changed from b to c" in render_text(result)


def test_renames_read_renamed_to() -> None:
    result = _pair(
        "  a: {definition: A.}\n",
        "  a: {status: deprecated, deprecated_in: 2.0.0, replaced_by: b, reason: R.}\n"
        "  b: {definition: A.}\n",
        "1.0.0",
        "2.0.0",
    )
    assert "a renamed to b" in render_text(result)


def test_the_kinds_table_covers_every_kind_and_category(result: Diff) -> None:
    """One row per kind (buf's table): a kind the diff can emit (mypy holds
    Change.kind to ChangeKind), or a policy category, without a row fails here."""
    assert set(KINDS) == set(get_args(ChangeKind))
    assert {change.kind for change in result.changes} <= set(KINDS)
    assert {category.split(":")[0] for category in DEFAULT_BUMPS} == set(KINDS)
    for kind, spec in KINDS.items():
        assert all(c == kind or c.startswith(kind + ":") for c in spec.bumps), kind
    for change in result.changes:
        assert change.category in KINDS[change.kind].bumps
