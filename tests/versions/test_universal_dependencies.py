"""A real history: Universal Dependencies v1 -> v2.

Both inventories (relations and part-of-speech tags) are read at test time from
the UD documentation sources in the shared corpora: the tables before the v2
switch (2016-11-15) and after it. The published changes are read from the v2
executive summary (renames, removals, new relations, narrowed and broadened
uses) and from the v2 conversion notes (where removed relations went), and the
diff and the mapping are checked against them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from labelspec.loader import load_text
from labelspec.model import Taxonomy
from labelspec.versions.diff import diff

UD = "universal_dependencies"


def _relations(table: Path) -> list[str]:
    return list(dict.fromkeys(re.findall(r"<a>([a-z:]+)</a>", table.read_text())))


def _tags(table: Path) -> list[str]:
    return list(dict.fromkeys(re.findall(r"\[([A-Z]+)\]\(\)", table.read_text())))


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in re.split(r"(?<=\.)\s+", line)]


def published_changes(summary: str) -> dict[str, Any]:
    """What the v2 summary says changed, by kind."""
    renamed: dict[str, str] = {}
    removed: set[str] = set()
    new: set[str] = set()
    narrowed: set[str] = set()
    broadened: set[str] = set()
    for sentence in _sentences(summary):
        for old, target in re.findall(r"`(\w+)`(?: relation)? is renamed `(\w+)`", sentence):
            renamed[old] = target
        names = re.findall(r"`([A-Za-z]+)`", sentence)
        if re.search(r"\bis removed\b|\bare removed\b", sentence) and "relation" in sentence:
            removed.update(n for n in names if n not in renamed)
        new.update(re.findall(r"[Aa] new relation `(\w+)`", sentence))
        if names and re.search(r"\bis (?:in v2 )?restricted\b", sentence):
            narrowed.add(names[0])
        if names and re.search(r"\bis extended\b", sentence):
            broadened.add(names[0])
    return {
        "renamed": renamed,
        "removed": removed,
        "new": new,
        "narrowed": narrowed,
        "broadened": broadened,
    }


@pytest.fixture
def ud(corpora: Path) -> dict[str, Any]:
    root = corpora / UD
    return {
        "v1_relations": _relations(root / "docs@pre-v2-2016-11-15/_includes/u-dep-table.html"),
        "v2_relations": _relations(root / "docs@HEAD/_includes/u-dep-table.html"),
        "v1_tags": _tags(root / "docs@pre-v2-2016-11-15/_includes/u-pos-table.html"),
        "v2_tags": _tags(root / "docs@HEAD/_includes/u-pos-table.html"),
        "published": published_changes((root / "docs@HEAD/_v2/summary.md").read_text()),
        "conversion": (root / "tools/v2-conversion/README.md").read_text(),
    }


def _taxonomy(name: str, version: str, labels: dict[str, dict[str, Any]]) -> Taxonomy:
    document = {
        "taxonomy": name,
        "title": name,
        "version": version,
        "task": {"modality": "text", "kind": "span"},
        "labels": labels,
    }
    return load_text(yaml.safe_dump(document, sort_keys=False), f"{name}.yaml").require()


def _plain(ids: list[str]) -> dict[str, dict[str, Any]]:
    # The tables give names only; definitions would be invented.
    return {label_id: {} for label_id in ids}


def test_the_summary_is_read_as_published(ud: dict[str, Any]) -> None:
    published = ud["published"]
    assert published["renamed"] == {"CONJ": "CCONJ", "dobj": "obj", "mwe": "fixed"}
    assert published["removed"] == {
        "nsubjpass",
        "csubjpass",
        "auxpass",
        "remnant",
        "neg",
        "name",
        "foreign",
    }
    assert published["new"] == {"obl", "orphan", "clf", "flat"}
    assert published["narrowed"] == {"PART", "nmod", "cop"}
    assert published["broadened"] == {"AUX", "aux", "compound"}


def test_inventories_differ_exactly_as_published(ud: dict[str, Any]) -> None:
    published = ud["published"]
    v1 = _taxonomy("ud-relations", "1.0.0", _plain(ud["v1_relations"]))
    v2 = _taxonomy("ud-relations", "2.0.0", _plain(ud["v2_relations"]))
    result = diff(v1, v2)
    relation_renames = {k: v for k, v in published["renamed"].items() if k.islower()}
    vanished = {c.label for c in result.of_kind("undeclared-removal")}
    assert vanished == set(relation_renames) | published["removed"]
    added = {c.label for c in result.of_kind("added")}
    assert added == set(relation_renames.values()) | published["new"]
    assert result.required_bump == "major"
    best: dict[str | None, str] = {}
    for change in result.of_kind("suggested-rename"):  # best first
        best.setdefault(change.label, change.details["to"])
    # The name heuristic finds what the conversion notes say: a rename and
    # three relations that became subtypes of a universal one.
    assert best == {"dobj": "obj", "nsubjpass": "nsubj", "csubjpass": "csubj", "auxpass": "aux"}

    tags = diff(
        _taxonomy("ud-pos", "1.0.0", _plain(ud["v1_tags"])),
        _taxonomy("ud-pos", "2.0.0", _plain(ud["v2_tags"])),
    )
    assert {c.label for c in tags.of_kind("undeclared-removal")} == {"CONJ"}
    assert {c.label for c in tags.of_kind("added")} == {"CCONJ"}
    assert next(c.details["to"] for c in tags.of_kind("suggested-rename")) == "CCONJ"


def _where_removed_went(conversion: str) -> dict[str, str | list[str]]:
    """Replacements from the v2 conversion notes: renamed relations and the
    relations that became subtypes (``nsubj:pass``) of a universal one."""
    went: dict[str, str | list[str]] = {}
    for old, target in re.findall(r"Rename the `(\w+)` relation to `(\w+)`", conversion):
        went[old] = target
    for group in re.findall(r"Rename the `\((\w+(?:\|\w+)*)\)pass` relations", conversion):
        for head in group.split("|"):
            went[f"{head}pass"] = head
    for old, first, second in re.findall(
        r"Change `(\w+)` relations to `(\w+)` or `(\w+)`", conversion
    ):
        went[old] = [first, second]
    return went


def v2_with_tombstones(ud: dict[str, Any]) -> Taxonomy:
    """The v2 relations as labelspec keeps them: v1 labels become tombstones."""
    published = ud["published"]
    went = _where_removed_went(ud["conversion"])
    labels = _plain(ud["v2_relations"])
    for label_id in set(ud["v2_relations"]) - set(ud["v1_relations"]):
        labels[label_id]["added_in"] = "2.0.0"
    labels["obl"]["carved_from"] = ["nmod"]  # nmod's predicate uses moved to obl
    for label_id in published["narrowed"] | published["broadened"]:
        if label_id in labels:
            change = "narrowed" if label_id in published["narrowed"] else "broadened"
            labels[label_id]["history"] = [{"version": "2.0.0", "change": change}]
    for label_id in set(ud["v1_relations"]) - set(ud["v2_relations"]):
        stone: dict[str, Any] = {"status": "deprecated", "deprecated_in": "2.0.0"}
        target = published["renamed"].get(label_id) or went.get(label_id)
        if target is not None:
            stone["replaced_by"] = target
        if label_id == "foreign":  # "flat ... covers the intended uses of name and foreign"
            stone["replaced_by"] = "flat"
        stone["reason"] = "UD v2."
        labels[label_id] = stone
    return _taxonomy("ud-relations", "2.0.0", labels)


def test_the_conversion_notes_are_read(ud: dict[str, Any]) -> None:
    assert _where_removed_went(ud["conversion"]) == {
        "mwe": "fixed",
        "name": "flat",
        "dobj": "obj",
        "nsubjpass": "nsubj",
        "csubjpass": "csubj",
        "auxpass": "aux",
        "neg": ["advmod", "det"],
    }


def test_diff_with_tombstones_classifies_the_v2_changes(ud: dict[str, Any]) -> None:
    v1 = _taxonomy("ud-relations", "1.0.0", _plain(ud["v1_relations"]))
    result = diff(v1, v2_with_tombstones(ud))
    by_kind: dict[str, set[str]] = {}
    for change in result.changes:
        if change.label is not None:
            by_kind.setdefault(change.kind, set()).add(change.label)
    assert by_kind["renamed"] == {"dobj", "mwe"}
    assert by_kind["merged"] == {"nsubjpass", "csubjpass", "auxpass", "name", "foreign"}
    assert by_kind["split"] == {"neg"}
    assert by_kind["deprecated"] == {"remnant"}
    assert by_kind["added"] == {"obj", "fixed", "flat", "obl", "orphan", "clf"}
    assert by_kind["definition-changed"] == {"nmod", "cop", "aux", "compound"}
    assert "undeclared-removal" not in by_kind
    carved = next(c for c in result.changes if c.kind == "added" and c.label == "obl")
    assert carved.category == "added:carved"
    assert result.required_bump == "major" and result.bump_ok


def test_mapping_v1_to_v2(ud: dict[str, Any]) -> None:
    mapping = v2_with_tombstones(ud).mapping(from_version="1.0.0")
    assert set(mapping) == set(ud["v1_relations"])
    summary = {e.source: (e.targets, e.kind, e.deterministic) for e in mapping.values()}
    assert summary["dobj"] == (("obj",), "renamed", True)
    assert summary["mwe"] == (("fixed",), "renamed", True)
    assert summary["nsubjpass"] == (("nsubj",), "merged", True)
    assert summary["csubjpass"] == (("csubj",), "merged", True)
    assert summary["name"] == (("flat",), "merged", True)  # name and foreign both go to flat
    assert summary["neg"] == (("advmod", "det"), "split", False)
    assert summary["remnant"] == ((), "removed", False)
    assert summary["nmod"] == (("nmod", "obl"), "carved", False)
    assert summary["cop"] == (("cop",), "narrowed", False)
    assert summary["compound"] == (("compound",), "broadened", False)
    # auxpass merges into aux, whose use was extended in v2: a person looks.
    assert summary["auxpass"] == (("aux",), "merged", False)
    assert mapping["auxpass"].review == "broadened"
    unchanged = set(ud["v1_relations"]) & set(ud["v2_relations"]) - {
        "nmod",
        "cop",
        "aux",
        "compound",
    }
    assert all(summary[label] == ((label,), "identity", True) for label in unchanged)
