"""The plan: what each kind of mapping entry does to a label occurrence."""

from __future__ import annotations

import pytest

from builders import load_labels
from labelspec.errors import UsageError
from labelspec.model import Taxonomy
from labelspec.numbering import Numbering, index_table
from labelspec.relabeling.plan import RelabelPlan, Review, UnknownLabel
from labelspec.versions.mapping_types import LabelMapping


def test_deterministic_entries_map(street: Taxonomy, mapping: LabelMapping) -> None:
    plan = RelabelPlan(mapping, street)
    for token, expected in [("car", ("car",)), ("auto", ("car",)), ("lorry", ("car",))]:
        outcome, style = plan.resolve(token)
        assert style == "id"
        assert plan.decide(outcome, None) == expected


@pytest.mark.parametrize(
    ("token", "reason", "candidates"),
    [
        ("truck", "narrowed", ("truck",)),
        ("blob", "split", ("car", "truck")),
        ("gone", "removed", ()),
    ],
)
def test_undecided_entries_go_to_review(
    street: Taxonomy, mapping: LabelMapping, token: str, reason: str, candidates: tuple[str, ...]
) -> None:
    plan = RelabelPlan(mapping, street)
    decision = plan.decide(plan.resolve(token)[0], {"riding": True})
    assert decision == Review(token, candidates, reason)  # type: ignore[arg-type]


def test_removed_labels_drop_only_on_request(street: Taxonomy, mapping: LabelMapping) -> None:
    plan = RelabelPlan(mapping, street, on_removed="drop")
    assert plan.decide(plan.resolve("gone")[0], None) is None
    # Other undecided entries still go to review.
    assert isinstance(plan.decide(plan.resolve("truck")[0], None), Review)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"riding": True}, ("cyclist",)),
        ({"riding": False}, ("pedestrian",)),
        ({"riding": "true"}, ("cyclist",)),  # CSV cells and choices are text
        ({"riding": "False"}, ("pedestrian",)),
        ({"riding": 1}, None),  # a number is not a boolean
        ({"riding": "maybe"}, None),
        ({}, None),  # a missing attribute decides nothing (no default guessed)
        (None, None),
    ],
)
def test_rule_splits_decide_by_attributes(
    street: Taxonomy,
    mapping: LabelMapping,
    attributes: dict[str, object] | None,
    expected: tuple[str, ...] | None,
) -> None:
    plan = RelabelPlan(mapping, street)
    decision = plan.decide(plan.resolve("person")[0], attributes)
    if expected is None:
        assert decision == Review("person", ("cyclist", "pedestrian"), "split")
    else:
        assert decision == expected


def test_display_names_resolve_and_are_written_back(
    street: Taxonomy, mapping: LabelMapping
) -> None:
    plan = RelabelPlan(mapping, street)
    outcome, style = plan.resolve("Car")
    assert (outcome.label, style) == ("car", "name")
    assert plan.spell("pedestrian", style) == "Pedestrian"
    assert plan.spell("cyclist", style) == "cyclist"  # no display name: the id
    assert plan.fast_table()["Car"] == "Car"
    assert plan.fast_table()["auto"] == "car"


def test_unknown_tokens_are_refused(street: Taxonomy, mapping: LabelMapping) -> None:
    plan = RelabelPlan(mapping, street)
    for token in ("vehicle", "cyclist", "nope", ""):
        with pytest.raises(UnknownLabel) as caught:
            plan.resolve(token)
        assert caught.value.token == token


def test_index_style_uses_label_indices(street: Taxonomy, mapping: LabelMapping) -> None:
    plan = RelabelPlan(mapping, street)
    outcome, style = plan.resolve("3", "index")
    assert (outcome.label, style) == ("auto", "index")
    assert plan.spell("car", "index") == "1"
    assert plan.fast_table("index") == {"1": "1", "3": "1", "4": "1"}
    assert index_table(street)[5] == "person"


def test_numbering_from_index_fields(street: Taxonomy) -> None:
    numbering = Numbering.of(street, start=1)
    assert numbering.stable
    assert numbering.numbers == {"car": 1, "truck": 2, "cyclist": 8, "pedestrian": 9}


def _taxonomy(labels: str) -> Taxonomy:
    return load_labels(labels, version="1.0.0", kind="bounding-box")


def test_numbering_in_file_order_is_flagged_unstable() -> None:
    numbering = Numbering.of(_taxonomy("  b: {definition: B.}\n  a: {definition: A.}\n"), 0)
    assert not numbering.stable
    assert numbering.numbers == {"b": 0, "a": 1}


def test_numbering_refuses_partial_indices() -> None:
    with pytest.raises(UsageError):
        Numbering.of(_taxonomy("  b: {definition: B., index: 0}\n  a: {definition: A.}\n"), 0)


def test_on_removed_is_checked(street: Taxonomy, mapping: LabelMapping) -> None:
    with pytest.raises(UsageError):
        RelabelPlan(mapping, street, on_removed="keep")  # type: ignore[arg-type]


def test_rule_split_edge_cases(street: Taxonomy) -> None:
    from labelspec.model import SplitTarget
    from labelspec.versions.mapping_types import MappingEntry

    rules = (
        SplitTarget(label="cyclist", when={"riding": True}),
        SplitTarget(label="pedestrian", when={"walking": True}),
        SplitTarget(label="car"),  # no conditions: the target when no rule matches
    )
    entry = MappingEntry("person", ("cyclist", "pedestrian", "car"), "split", False, "split", rules)
    plan = RelabelPlan(LabelMapping("street", "1.0.0", "2.0.0", {"person": entry}), street)
    outcome = plan.resolve("person")[0]
    assert plan.decide(outcome, {"riding": True}) == ("cyclist",)
    assert plan.decide(outcome, {}) == ("car",)
    # Two different targets match: a person has to choose.
    assert isinstance(plan.decide(outcome, {"riding": True, "walking": True}), Review)


def test_display_names_that_collide_are_not_accepted(street: Taxonomy) -> None:
    from labelspec.versions.mapping_types import MappingEntry

    street.labels["truck"].name = "car"  # a display name equal to another label's id
    street.labels["auto"].name = "Vehicle"
    street.labels["lorry"].name = "Vehicle"  # shared by two labels
    entries = {
        label: MappingEntry(label, (label,), "identity", True)
        for label in ("car", "truck", "auto", "lorry")
    }
    plan = RelabelPlan(LabelMapping("street", "1.0.0", "2.0.0", entries), street)
    assert plan.resolve("car")[0].label == "car"
    with pytest.raises(UnknownLabel):
        plan.resolve("Vehicle")
