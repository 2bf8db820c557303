"""Label mappings: DESIGN.md's table, chains, errors, exports, and composition."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelspec.errors import InputError, TaxonomyError, UsageError
from labelspec.loader import load_text
from labelspec.model import SplitTarget, Taxonomy
from labelspec.versions.mapping import (
    build_mapping,
    compose,
    mapping_csv,
    mapping_json,
    mapping_sssom,
)
from labelspec.versions.mapping_types import LabelMapping, MappingEntry
from labelspec.versions.timeline import mentioned_versions

STREET = """\
taxonomy: street
title: Street
version: 3.0.0
task: {modality: image, kind: bounding-box}
labels:
  vehicle: {abstract: true, definition: Moves on roads., added_in: 1.0.0}
  car: {parent: vehicle, definition: A car., added_in: 1.0.0}
  truck:
    parent: vehicle
    definition: A truck.
    added_in: 1.0.0
    history: [{version: 2.0.0, change: narrowed}, {version: 3.0.0, change: clarified}]
  van: {parent: vehicle, definition: A van., history: [{version: 3.0.0, change: broadened}]}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: motorcar, reason: Renamed.}
  motorcar: {status: deprecated, deprecated_in: 3.0.0, replaced_by: car, reason: Merged., added_in: 2.0.0}
  person:
    status: deprecated
    deprecated_in: 2.0.0
    reason: Split.
    replaced_by:
      - {label: cyclist, when: {riding: true}}
      - {label: pedestrian, when: {riding: false}}
  blob: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [car, truck], reason: Unclear.}
  gone: {status: deprecated, deprecated_in: 3.0.0, reason: Out of scope.}
  cyclist: {definition: Rides., added_in: 2.0.0}
  pedestrian: {definition: Walks., added_in: 2.0.0}
  pickup: {parent: vehicle, definition: A pickup., added_in: 2.0.0, carved_from: [truck]}
  bus: {parent: vehicle, definition: A bus., added_in: 3.0.0}
"""


def _load(text: str) -> Taxonomy:
    return load_text(text, "street.yaml").require()


def _summary(mapping: LabelMapping) -> dict[str, tuple[tuple[str, ...], str, bool, str | None]]:
    return {e.source: (e.targets, e.kind, e.deterministic, e.review) for e in mapping.values()}


def test_the_design_table_from_1_0_0() -> None:
    mapping = _load(STREET).mapping(from_version="1.0.0")
    assert (mapping.from_version, mapping.to_version) == ("1.0.0", "3.0.0")
    assert _summary(mapping) == {
        "car": (("car",), "identity", True, None),
        # narrowed in 2.0.0 and a carve-out (pickup) in 2.0.0: review
        "truck": (("truck", "pickup"), "carved", False, "carved"),
        "van": (("van",), "broadened", False, "broadened"),
        # auto -> motorcar (2.0.0) -> car (3.0.0): the chain is followed
        "auto": (("car",), "merged", True, None),
        "person": (("cyclist", "pedestrian"), "split", False, "split"),
        "blob": (("car", "truck", "pickup"), "split", False, "split"),
        "gone": ((), "removed", False, "removed"),
    }
    assert mapping["person"].rules == (
        SplitTarget(label="cyclist", when={"riding": True}),
        SplitTarget(label="pedestrian", when={"riding": False}),
    )
    assert mapping["blob"].rules == ()


def test_mapping_between_earlier_versions() -> None:
    taxonomy = _load(STREET)
    to_two = taxonomy.mapping(from_version="1.0.0", to_version="2.0.0")
    assert _summary(to_two)["auto"] == (("motorcar",), "renamed", True, None)
    assert _summary(to_two)["van"] == (("van",), "identity", True, None)
    from_two = taxonomy.mapping(from_version="2.0.0")
    assert set(from_two) == {
        "car",
        "truck",
        "van",
        "motorcar",
        "gone",
        "cyclist",
        "pedestrian",
        "pickup",
    }
    assert _summary(from_two)["motorcar"] == (("car",), "merged", True, None)
    assert _summary(from_two)["truck"] == (("truck",), "identity", True, None)  # clarified only
    same = taxonomy.mapping(from_version="3.0.0")
    assert all(e.kind == "identity" and e.deterministic for e in same.values())
    assert "bus" in same and "auto" not in same


def test_rename_versus_merge() -> None:
    taxonomy = _load(
        "taxonomy: t\ntitle: T\nversion: 2.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n"
        "  a: {status: deprecated, deprecated_in: 2.0.0, replaced_by: b}\n"
        "  b: {definition: B., added_in: 2.0.0}\n"
        "  c: {status: deprecated, deprecated_in: 2.0.0, replaced_by: d}\n"
        "  e: {status: deprecated, deprecated_in: 2.0.0, replaced_by: d}\n"
        "  d: {definition: D., added_in: 2.0.0}\n"
    )
    kinds = {e.source: e.kind for e in taxonomy.mapping(from_version="1.0.0").values()}
    assert kinds == {"a": "renamed", "c": "merged", "e": "merged"}


def test_rule_split_followed_by_more_changes() -> None:
    taxonomy = _load(
        "taxonomy: t\ntitle: T\nversion: 3.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n"
        "  p:\n    status: deprecated\n    deprecated_in: 2.0.0\n    replaced_by:\n"
        "      - {label: x, when: {k: 1}}\n      - {label: y, when: {k: 2}}\n"
        "  x: {status: deprecated, deprecated_in: 3.0.0, replaced_by: z}\n"
        "  y:\n    status: deprecated\n    deprecated_in: 3.0.0\n    replaced_by:\n"
        "      - {label: z, when: {k: 2, m: true}}\n      - {label: w, when: {k: 1}}\n"
        "  z: {definition: Z.}\n"
        "  w: {definition: W.}\n"
    )
    entry = taxonomy.mapping(from_version="1.0.0")["p"]
    # k=1 -> x -> z; k=2 -> y -> z when m; the k=1 branch of y contradicts k=2 and is dropped.
    assert entry.targets == ("z",)
    assert entry.kind == "split"
    assert entry.rules == (
        SplitTarget(label="z", when={"k": 1}),
        SplitTarget(label="z", when={"k": 2, "m": True}),
    )


def test_errors() -> None:
    taxonomy = _load(STREET)
    with pytest.raises(InputError, match=r"unknown version 4\.0\.0 of street"):
        taxonomy.mapping(from_version="1.0.0", to_version="4.0.0")
    with pytest.raises(InputError, match="cannot map backwards"):
        taxonomy.mapping(from_version="3.0.0", to_version="2.0.0")
    with pytest.raises(InputError, match="'one' is not a version"):
        taxonomy.mapping(from_version="one")
    # Every label of this file was added in 1.0.0 or later; auto and friends are
    # tombstones without added_in, so the file does not say where it starts.
    assert len(taxonomy.mapping(from_version="0.1.0")) > 0
    dated = _load(
        "taxonomy: t\ntitle: T\nversion: 2.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n  a: {definition: A., added_in: 1.0.0}\n  b: {definition: B., added_in: 2.0.0}\n"
    )
    with pytest.raises(
        InputError, match=r"unknown version 0\.9\.0 of t: its labels were added in 1\.0\.0"
    ):
        dated.mapping(from_version="0.9.0")
    assert set(dated.mapping(from_version="1.0.0")) == {"a"}


def test_replacement_cycle_is_a_one_line_error() -> None:
    taxonomy = _load(
        "taxonomy: t\ntitle: T\nversion: 2.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n"
        "  a: {status: deprecated, deprecated_in: 2.0.0, replaced_by: b}\n"
        "  b: {status: deprecated, deprecated_in: 2.0.0, replaced_by: c}\n"
        "  c: {status: deprecated, deprecated_in: 2.0.0, replaced_by: a}\n"
        "  d: {definition: D.}\n"
    )
    with pytest.raises(TaxonomyError, match=r"^t: replacement cycle a -> b -> c -> a$"):
        taxonomy.mapping(from_version="1.0.0")


def test_unknown_replacement_is_a_one_line_error() -> None:
    taxonomy = _load(
        "taxonomy: t\ntitle: T\nversion: 2.0.0\ntask: {modality: text, kind: classification}\n"
        "labels:\n  a: {status: deprecated, deprecated_in: 2.0.0, replaced_by: nowhere}\n"
        "  d: {definition: D.}\n"
    )
    with pytest.raises(TaxonomyError, match="a is replaced by unknown label 'nowhere'"):
        taxonomy.mapping(from_version="1.0.0")


def test_mapping_entries_give_the_review_reason_as_designed() -> None:
    entry = _load(STREET).mapping(from_version="1.0.0")["person"]
    assert entry.reason == entry.review == "split"


def test_compose_refuses_mappings_that_do_not_meet() -> None:
    taxonomy = _load(STREET)
    with pytest.raises(UsageError, match="cannot compose"):
        compose(taxonomy.mapping("1.0.0", "2.0.0"), taxonomy.mapping("1.0.0", "3.0.0"))


def test_compose_with_a_hand_made_mapping() -> None:
    first = LabelMapping("t", "1.0.0", "2.0.0", {"a": MappingEntry("a", ("b",), "renamed", True)})
    second = LabelMapping(
        "t", "2.0.0", "3.0.0", {"b": MappingEntry("b", ("c", "d"), "split", False, "split")}
    )
    assert compose(first, second)["a"] == MappingEntry("a", ("c", "d"), "split", False, "split")


def test_mentioned_versions() -> None:
    assert mentioned_versions(_load(STREET)) == {"1.0.0", "2.0.0", "3.0.0"}


# ---- exports --------------------------------------------------------------------------


def test_json_export_shape() -> None:
    document = json.loads(mapping_json(_load(STREET).mapping("1.0.0")))
    assert set(document) == {"taxonomy", "from", "to", "entries"}
    person = next(e for e in document["entries"] if e["from"] == "person")
    assert person == {
        "from": "person",
        "to": ["cyclist", "pedestrian"],
        "kind": "split",
        "deterministic": False,
        "review": "split",
        "rules": [
            {"label": "cyclist", "when": {"riding": True}},
            {"label": "pedestrian", "when": {"riding": False}},
        ],
    }


def test_csv_export() -> None:
    rows = list(csv.DictReader(io.StringIO(mapping_csv(_load(STREET).mapping("1.0.0")))))
    by_source = {row["from"]: row for row in rows}
    assert by_source["blob"]["to"] == "car|truck|pickup"
    assert by_source["auto"]["deterministic"] == "true"
    assert json.loads(by_source["person"]["rules"])[0] == {
        "label": "cyclist",
        "when": {"riding": True},
    }


def test_sssom_export() -> None:
    taxonomy = _load(STREET)
    text = mapping_sssom(taxonomy.mapping("1.0.0"), taxonomy)
    header = yaml.safe_load(
        "".join(line[2:] for line in text.splitlines(True) if line.startswith("# "))
    )
    assert header["curie_map"]["street"] == "urn:labelspec:street:"
    assert header["curie_map"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert header["mapping_set_id"] and header["license"]
    assert (header["subject_source_version"], header["object_source_version"]) == ("1.0.0", "3.0.0")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t"))
    assert {"subject_id", "predicate_id", "object_id", "mapping_justification"} <= set(rows[0])
    found = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows}
    assert ("street:car", "skos:exactMatch", "street:car") in found
    assert ("street:auto", "skos:broadMatch", "street:car") in found
    assert ("street:person", "skos:narrowMatch", "street:cyclist") in found
    assert ("street:truck", "skos:relatedMatch", "street:pickup") in found
    assert ("street:truck", "skos:exactMatch", "street:truck") in found
    assert ("street:gone", "skos:exactMatch", "sssom:NoTermFound") in found
    assert all(r["mapping_justification"] == "semapv:ManualMappingCuration" for r in rows)


# ---- composition on generated histories ------------------------------------------------

OPERATIONS = (
    "rename",
    "merge",
    "rule-split",
    "split",
    "remove",
    "narrow",
    "broaden",
    "carve",
    "add",
)


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A taxonomy file built by a random sequence of changes (renames, merges,
    splits with and without rules, removals, meaning changes, carve-outs, additions)
    over 3-5 versions, and the versions."""
    labels: dict[str, dict[str, object]] = {}
    active: list[str] = []
    counter = 0

    def new_label(version: str, **extra: object) -> str:
        nonlocal counter
        label_id = f"l{counter}"
        counter += 1
        labels[label_id] = {"definition": f"Label {label_id}.", "added_in": version, **extra}
        active.append(label_id)
        return label_id

    for _ in range(draw(st.integers(2, 5))):
        new_label("1.0.0")
    versions = ["1.0.0"]
    count = draw(st.integers(2, 4))
    for major in range(2, 2 + count):
        version = f"{major}.0.0"
        versions.append(version)
        for _ in range(draw(st.integers(1, 4))):
            op = draw(st.sampled_from(OPERATIONS))
            if op == "add" or len(active) < 2:
                new_label(version)
                continue
            source = draw(st.sampled_from(active))
            entry = labels[source]
            if op in ("narrow", "broaden"):
                history = entry.setdefault("history", [])
                assert isinstance(history, list)
                change = "narrowed" if op == "narrow" else "broadened"
                if not any(h["version"] == version for h in history):
                    history.append({"version": version, "change": change})
                continue
            if op == "carve":
                new_label(version, carved_from=[source])
                continue
            others = [label for label in active if label != source]
            active.remove(source)
            entry.update(status="deprecated", deprecated_in=version, reason="Changed.")
            if op == "rename":
                entry["replaced_by"] = new_label(version)
            elif op == "split" and len(others) >= 2:
                picks = draw(st.lists(st.sampled_from(others), min_size=2, max_size=3, unique=True))
                entry["replaced_by"] = picks if len(picks) > 1 else picks[0]
            elif op in ("merge", "split"):
                entry["replaced_by"] = draw(st.sampled_from(others))
            elif op == "rule-split":
                first, second = new_label(version), draw(st.sampled_from(others))
                key = draw(st.sampled_from(["riding", "size"]))
                entry["replaced_by"] = [
                    {"label": first, "when": {key: True}},
                    {"label": second, "when": {key: False}},
                ]
            if len(active) < 1:
                new_label(version)
    document = {
        "taxonomy": "gen",
        "title": "Generated",
        "version": versions[-1],
        "task": {"modality": "text", "kind": "classification"},
        "labels": labels,
    }
    return yaml.safe_dump(document, sort_keys=False), versions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.data())
def test_mappings_compose(history: tuple[str, list[str]], data: st.DataObject) -> None:
    text, versions = history
    taxonomy = _load(text)
    a, b, c = sorted(
        data.draw(st.lists(st.sampled_from(versions), min_size=3, max_size=3)),
        key=lambda v: int(v.split(".")[0]),
    )
    direct = build_mapping(taxonomy, a, c)
    stepped = compose(build_mapping(taxonomy, a, b), build_mapping(taxonomy, b, c))
    assert stepped == direct
    # Every target is a label that exists in the later version.
    later = build_mapping(taxonomy, c, c)
    for entry in direct.values():
        assert set(entry.targets) <= set(later) | {
            label_id for label_id, label in taxonomy.labels.items() if label.is_active
        }


Branch = tuple[str | None, frozenset[tuple[str, object]]]


def _replay(taxonomy: Taxonomy, source: str, versions: list[str]) -> dict[Branch, set[str]]:
    """Where data of ``source`` goes, replaying the file version by version:
    (label or None for removed, attribute conditions) -> flags met on the way."""
    labels = taxonomy.labels

    def follow(pending: dict[Branch, set[str]], version: str) -> dict[Branch, set[str]]:
        done: dict[Branch, set[str]] = {}
        while pending:
            (label_id, conditions), flags = pending.popitem()
            label = labels[label_id] if label_id is not None else None
            if label is None or label.is_active or label.deprecated_in != version:
                done.setdefault((label_id, conditions), set()).update(flags)
                continue
            if label.replaced_by is None:
                done.setdefault((None, conditions), set()).update(flags)
            for rule in label.split_rules or [
                SplitTarget(label=t) for t in label.replacement_targets
            ]:
                merged = dict(conditions)
                if any(k in merged and merged[k] != v for k, v in (rule.when or {}).items()):
                    continue  # contradicting conditions: no data goes there
                merged.update(rule.when or {})
                key = (rule.label, frozenset(merged.items()))
                pending[key] = pending.get(key, set()) | flags
        return done

    state: dict[Branch, set[str]] = {(source, frozenset()): set()}
    for version in versions[1:]:
        state = follow(state, version)
        carved: dict[Branch, set[str]] = {}
        for (label_id, conditions), flags in state.items():
            if label_id is None:
                continue
            for entry in labels[label_id].history:
                if entry.version == version and entry.change != "clarified":
                    flags.add(entry.change)
            for new_id, new in labels.items():
                if new.added_in == version and label_id in new.carved_from:
                    flags.add("carved")
                    carved.setdefault((new_id, conditions), set()).update(flags)
        for branch, flags in follow(carved, version).items():
            state.setdefault(branch, set()).update(flags)
    return state


@settings(max_examples=150, deadline=None)
@given(histories())
def test_mapping_matches_replaying_the_tombstones(
    history: tuple[str, list[str]],
) -> None:
    """Targets and determinism agree with a naive replay of the file, version by
    version, written independently of the route algebra."""
    text, versions = history
    taxonomy = _load(text)
    mapping = build_mapping(taxonomy, versions[0])
    for source, entry in mapping.items():
        branches = _replay(taxonomy, source, versions)
        targets = {label for label, _ in branches if label is not None}
        lost = any(label is None for label, _ in branches)
        flagged = any(branches.values())
        assert set(entry.targets) == targets, (source, entry, branches)
        conditional = any(conditions for _, conditions in branches)
        single = len(targets) == 1 and not lost and not conditional
        assert entry.deterministic == (single and not flagged), (
            source,
            entry,
            branches,
        )
