"""The hierarchy DAG, assignability, exclusivity and replacement chains."""

from __future__ import annotations

import pytest

from labelspec.diagnostics import Finding
from labelspec.errors import TaxonomyError
from labelspec.loader import load_text
from labelspec.model import SplitTarget, Taxonomy

DAG = """\
taxonomy: t
title: T
version: 1.0.0
task: {modality: image, kind: classification, multi_label: MULTI, leaf_only: LEAF}
exclusive_groups: [[seaplane, car], [boat, car]]
labels:
  vehicle: {abstract: true, definition: A machine for transport.}
  watercraft: {parent: vehicle, definition: A vehicle that moves on water.}
  aircraft: {parent: vehicle, definition: A vehicle that flies.}
  seaplane: {parent: [aircraft, watercraft], definition: An aircraft that lands on water.}
  boat: {parent: watercraft, definition: A small watercraft.}
  car: {parent: vehicle, definition: A road vehicle.}
  old-car: {parent: car, status: deprecated, replaced_by: car, reason: Merged.}
"""


def taxonomy(multi: bool = False, leaf_only: bool = True) -> Taxonomy:
    text = DAG.replace("MULTI", str(multi).lower()).replace("LEAF", str(leaf_only).lower())
    return load_text(text, "t.yaml").require()


def test_several_parents() -> None:
    graph = taxonomy().graph
    assert sorted(graph.parents("seaplane")) == ["aircraft", "watercraft"]
    assert graph.ancestors("seaplane") == {"aircraft", "watercraft", "vehicle"}
    assert graph.descendants("watercraft") == {"seaplane", "boat"}
    assert graph.descendants("vehicle") == {
        "watercraft",
        "aircraft",
        "seaplane",
        "boat",
        "car",
        "old-car",
    }
    assert graph.roots() == ["vehicle"]
    assert graph.is_acyclic


def test_assignable_leaf_only_ignores_deprecated_children() -> None:
    graph = taxonomy().graph
    # car has only a deprecated child, so it is a leaf; abstract and inner nodes are not
    assert graph.assignable == ("seaplane", "boat", "car")
    assert graph.is_leaf("car") and not graph.is_leaf("watercraft")
    assert graph.children("car") == [] and graph.children("car", active_only=False) == ["old-car"]


def test_assignable_without_leaf_only() -> None:
    graph = taxonomy(leaf_only=False).graph
    assert graph.assignable == ("watercraft", "aircraft", "seaplane", "boat", "car")
    assert not graph.is_assignable("vehicle") and not graph.is_assignable("old-car")


def test_single_label_tasks_make_every_pair_exclusive() -> None:
    graph = taxonomy().graph
    assert graph.exclude_each_other("seaplane", "boat")
    assert not graph.exclude_each_other("boat", "boat")
    assert graph.exclusive_sets == (frozenset({"seaplane", "boat", "car"}),)


def test_multi_label_tasks_use_exclusive_groups() -> None:
    graph = taxonomy(multi=True).graph
    assert graph.exclude_each_other("seaplane", "car")
    assert graph.exclude_each_other("car", "boat")
    assert not graph.exclude_each_other("seaplane", "boat")
    assert graph.exclusive_sets == (frozenset({"seaplane", "car"}), frozenset({"boat", "car"}))


def test_cycles_are_found() -> None:
    text = (
        DAG.replace("MULTI", "false")
        .replace("LEAF", "true")
        .replace("vehicle: {abstract: true,", "vehicle: {parent: car, abstract: true,")
    )
    graph = load_text(text, "t.yaml").taxonomy.graph  # type: ignore[union-attr]
    assert not graph.is_acyclic


def test_unknown_parents_are_left_out_of_the_graph() -> None:
    text = (
        DAG.replace("MULTI", "false")
        .replace("LEAF", "true")
        .replace("parent: watercraft,", "parent: ship,")
    )
    graph = load_text(text, "t.yaml").taxonomy.graph  # type: ignore[union-attr]
    assert "ship" not in graph.dag
    assert "boat" in graph.roots()


CHAINS = """\
taxonomy: t
title: T
version: 3.0.0
task: {modality: image, kind: classification}
attributes:
  rides: {type: boolean}
labels:
  car: {definition: A road vehicle.}
  pedestrian: {definition: A person on foot.}
  cyclist: {definition: A person on a bicycle.}
  auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: motorcar}
  motorcar: {status: deprecated, deprecated_in: 3.0.0, replaced_by: car}
  walker: {status: deprecated, deprecated_in: 2.0.0, replaced_by: pedestrian}
  person:
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by: [{label: walker, when: {rides: false}}, {label: cyclist, when: {rides: true}}]
  rider: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [auto, cyclist]}
  gone: {status: deprecated, deprecated_in: 2.0.0, reason: Dropped.}
"""


# Cycles, a cycle with a way out, and a target that is no label.
REPLACEMENTS = (
    CHAINS
    + """\
  ping: {status: deprecated, deprecated_in: 2.0.0, replaced_by: pong}
  pong: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [ping, car]}
  loop: {status: deprecated, deprecated_in: 2.0.0, replaced_by: loop}
  lost: {status: deprecated, deprecated_in: 2.0.0, replaced_by: nosuch}
"""
)


def test_final_targets_follow_chains_splits_and_skip_cycles() -> None:
    graph = load_text(REPLACEMENTS, "t.yaml").require().graph
    assert graph.final_targets("auto") == ("car",)  # a chain
    assert graph.final_targets("person") == ("pedestrian", "cyclist")  # a rule split
    assert graph.final_targets("rider") == ("car", "cyclist")  # a split into a chain
    assert graph.final_targets("ping") == ("car",)  # a cycle with a way out
    assert graph.final_targets("loop") == ()
    assert graph.final_targets("gone") == graph.final_targets("lost") == ()
    assert graph.final_targets("car") == ("car",)


def test_replacement_cycles_once_each_in_file_order() -> None:
    graph = load_text(REPLACEMENTS, "t.yaml").require().graph
    assert graph.replacement_cycles() == [["ping", "pong"], ["loop"]]


def test_follow_replacements_reports_every_branch_end() -> None:
    from labelspec.graph import follow_replacements

    labels = load_text(REPLACEMENTS, "t.yaml").require().labels
    ends = list(follow_replacements(labels, "pong"))
    assert [(end.stop, end.label) for end in ends] == [("cycle", "pong"), ("reached", "car")]
    assert ends[0].cycle == ("pong", "ping", "pong")
    person = list(follow_replacements(labels, "person"))
    assert [[(hop.target, hop.when) for hop in end.hops] for end in person] == [
        [("walker", {"rides": False}), ("pedestrian", None)],
        [("cyclist", {"rides": True})],
    ]
    assert [(end.stop, end.label) for end in follow_replacements(labels, "lost")] == [
        ("unknown", "nosuch")
    ]
    assert [(end.stop, end.label) for end in follow_replacements(labels, "gone")] == [
        ("removed", None)
    ]


def _lifecycle_findings(text: str) -> list[Finding]:
    from labelspec.linting.context import TaxonomyContext
    from labelspec.linting.rules.lifecycle import ReplacementCycle, ReplacementIsDeprecated

    result = load_text(text, "t.yaml")
    context = TaxonomyContext(result, result.require())
    return [
        f for rule in (ReplacementCycle, ReplacementIsDeprecated) for f in rule().check(context)
    ]


def test_mapping_graph_and_lint_follow_the_same_chains() -> None:
    """One replacement walker: the mapping, the docs (final_targets) and VER003
    and VER004 agree on a chain, a rule split, a split into a chain, a removal
    and a cycle. The label pages list a tombstone's targets in the mapping's order
    (the docs walked breadth first before, and said "cyclist, car" for rider)."""
    taxonomy = load_text(CHAINS, "t.yaml").require()
    mapping = taxonomy.mapping(from_version="1.0.0")
    for tombstone in ("auto", "motorcar", "walker", "person", "rider", "gone"):
        assert mapping[tombstone].targets == taxonomy.graph.final_targets(tombstone)
    assert mapping["person"].rules == (
        SplitTarget(label="pedestrian", when={"rides": False}),
        SplitTarget(label="cyclist", when={"rides": True}),
    )
    assert mapping["rider"].targets == ("car", "cyclist")
    hints = {f.labels: f.hint for f in _lifecycle_findings(CHAINS) if f.code == "VER004"}
    assert hints[("auto", "motorcar")] == "Replace 'motorcar' with 'car', where the chain ends."
    assert hints[("rider", "auto")] == "Replace 'auto' with 'car', where the chain ends."

    cyclic_text = CHAINS.replace("replaced_by: car}", "replaced_by: [auto, car]}")
    cyclic = load_text(cyclic_text, "t.yaml").require()
    assert cyclic.graph.replacement_cycles() == [["auto", "motorcar"]]
    assert cyclic.graph.final_targets("rider") == ("car", "cyclist")
    assert [f.labels for f in _lifecycle_findings(cyclic_text) if f.code == "VER003"] == [
        ("auto", "motorcar")
    ]
    with pytest.raises(TaxonomyError, match=r"^t: replacement cycle motorcar -> auto -> motorcar$"):
        cyclic.mapping(from_version="1.0.0")
