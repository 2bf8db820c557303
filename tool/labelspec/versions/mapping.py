"""Label mappings from an earlier version to a later one, from the current file alone.

Tombstones carry forward pointers and labels carry ``added_in``, ``deprecated_in``,
``history`` and ``carved_from``, so one file knows every version before it
(:mod:`labelspec.versions.timeline`). The mapping from version A to version B is
built as a walk through the versions in between where something happened: each
*step* says where every label of the version before it goes (a replacement chain
resolved, a meaning change flagged, a carve-out added), and the walk composes the
steps as :class:`~labelspec.versions.mapping_types.Route` objects; :func:`compose`
does the same for two mappings, and the property tests check that it is exact.

A route becomes a public :class:`MappingEntry` only at the end (DESIGN.md's table):
one target and no flag is deterministic (identity, renamed, merged); attribute
rules that decide every branch make a rule split; anything else needs review.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from labelspec.errors import InputError, TaxonomyError, UsageError
from labelspec.graph import follow_replacements
from labelspec.model import SplitTarget
from labelspec.semver import compare, is_version, version_key
from labelspec.versions.mapping_types import (
    Alternative,
    Ambiguity,
    Conditions,
    LabelMapping,
    MappingEntry,
    MappingKind,
    ReviewReason,
    Route,
    both_conditions,
    either_ambiguity,
)
from labelspec.versions.timeline import FileTimeline

if TYPE_CHECKING:
    from labelspec.model import Label, Taxonomy

MEANING_FLAGS: tuple[ReviewReason, ...] = ("narrowed", "broadened", "carved")


# ---- one step: the versions of one file -------------------------------------------------


def _step(timeline: FileTimeline, version: str) -> Callable[[str], Route]:
    """Where each label of the version before ``version`` goes in ``version``."""
    labels = timeline.labels
    replaced: dict[str, Route] = {}
    arrivals: dict[str, int] = {}
    for label_id, label in labels.items():
        if timeline.removed_in(label) == version:
            route = Route(tuple(_replacements(timeline, label_id, version, None, None)))
            replaced[label_id] = route
            for target in route.targets:
                arrivals[target] = arrivals.get(target, 0) + 1
    carves = timeline.carves.get(version, {})
    memo: dict[str, Route] = {}

    def onwards(label_id: str) -> Route:
        found = memo.get(label_id)
        if found is not None:
            return found
        route = replaced.get(label_id) or Route.identity(label_id)
        out: list[Alternative] = []
        for alt in route.alternatives:
            target = alt.target
            if target is None:
                out.append(alt)
                continue
            flags = set(alt.flags)
            if target != label_id:
                label = labels.get(target)
                existed = label is not None and (
                    label.added_in is None or compare(label.added_in, version) < 0
                )
                if existed or arrivals.get(target, 0) > 1:
                    flags.add("merged")
            label = labels.get(target)
            if label is not None:
                flags.update(
                    e.change
                    for e in label.history
                    if e.version == version and e.change != "clarified"
                )
            carved = carves.get(target, [])
            if carved:
                flags.add("carved")
                ambiguity = either_ambiguity(alt.ambiguous, "carved")
                out.append(Alternative(target, alt.when, ambiguity, frozenset(flags)))
                for new in carved:
                    # A carved-out label may itself be gone again in this version.
                    out.extend(
                        Alternative(a.target, a.when, a.ambiguous, frozenset(flags))
                        for a in _replacements(timeline, new, version, alt.when, ambiguity)
                    )
            else:
                out.append(Alternative(target, alt.when, alt.ambiguous, frozenset(flags)))
        result = Route(tuple(dict.fromkeys(out)))
        memo[label_id] = result
        return result

    return onwards


def _replacements(
    timeline: FileTimeline,
    label_id: str,
    version: str,
    when: Conditions | None,
    ambiguous: Ambiguity,
) -> Iterator[Alternative]:
    """Follow ``replaced_by`` from ``label_id`` through every label already gone
    at ``version``, each branch under the conditions met on its way."""

    def gone(label: Label) -> bool:
        removed = timeline.removed_in(label)
        return removed is not None and compare(removed, version) <= 0

    name = timeline.taxonomy.taxonomy
    for end in follow_replacements(timeline.labels, label_id, gone):
        conditions: Conditions | None = when
        ambiguity = ambiguous
        for hop in end.hops:
            if hop.ambiguous:
                ambiguity = "split"
            if hop.when is not None:
                merged = both_conditions(conditions, tuple(sorted(hop.when.items())))
                if merged is False:
                    break  # conditions that contradict each other: no data goes there
                conditions = merged
        else:
            if end.stop == "unknown":
                source = end.hops[-1].source
                raise TaxonomyError(f"{name}: {source} is replaced by unknown label '{end.label}'")
            if end.stop == "cycle":
                raise TaxonomyError(f"{name}: replacement cycle {' -> '.join(end.cycle)}")
            yield Alternative(end.label, conditions, ambiguity)


# ---- building and composing -------------------------------------------------------------


def _check_versions(taxonomy: Taxonomy, from_version: str, to_version: str) -> None:
    for version in (from_version, to_version):
        if not is_version(version):
            raise InputError(f"'{version}' is not a version such as 1.0.0")
    if compare(to_version, taxonomy.version) > 0:
        raise InputError(
            f"unknown version {to_version} of {taxonomy.taxonomy}: the file is at {taxonomy.version}"
        )
    if compare(from_version, to_version) > 0:
        raise InputError(f"cannot map backwards from {from_version} to {to_version}")
    # When every label says when it was added, the file knows where its history
    # starts; an earlier version is not one of this taxonomy's.
    added = [label.added_in for label in taxonomy.labels.values()]
    if added and all(version is not None for version in added):
        first = min((v for v in added if v is not None), key=version_key)
        if compare(from_version, first) < 0:
            raise InputError(
                f"unknown version {from_version} of {taxonomy.taxonomy}: its labels were "
                f"added in {first} or later"
            )


def build_mapping(
    taxonomy: Taxonomy, from_version: str, to_version: str | None = None
) -> LabelMapping:
    """Where data labelled in ``from_version`` goes in ``to_version`` (default: the
    taxonomy's own version), for every label assignable in ``from_version``.

    Raises :class:`InputError` for versions that are not versions, later than the
    file, or in the wrong order, and :class:`TaxonomyError` for a replacement cycle
    or a replacement by a label the file does not have.
    """
    to_version = to_version or taxonomy.version
    _check_versions(taxonomy, from_version, to_version)
    timeline = FileTimeline(taxonomy)
    routes = {
        label_id: Route.identity(label_id)
        for label_id, label in taxonomy.labels.items()
        if timeline.exists(label, from_version)
    }
    for version in timeline.steps(from_version, to_version):
        onwards = _step(timeline, version)
        routes = {label_id: route.then(onwards) for label_id, route in routes.items()}
    entries = {
        label_id: entry_of(label_id, routes[label_id])
        for label_id in timeline.assignable(from_version)
    }
    return LabelMapping(taxonomy.taxonomy, from_version, to_version, entries, routes)


def compose(first: LabelMapping, second: LabelMapping) -> LabelMapping:
    """``first`` (A->B) followed by ``second`` (B->C): the mapping A->C."""
    if first.taxonomy != second.taxonomy or first.to_version != second.from_version:
        raise UsageError(
            f"cannot compose {first.taxonomy} {first.from_version}->{first.to_version} "
            f"with {second.taxonomy} {second.from_version}->{second.to_version}"
        )

    def onwards(label_id: str) -> Route:
        route = second.routes.get(label_id)
        if route is not None:
            return route
        entry = second.entries.get(label_id)
        return route_of(entry) if entry is not None else Route.identity(label_id)

    routes: dict[str, Route] = {}
    for label_id, entry in first.entries.items():
        route = first.routes.get(label_id)
        routes[label_id] = (route if route is not None else route_of(entry)).then(onwards)
    for label_id, route in first.routes.items():
        if label_id not in routes:
            routes[label_id] = route.then(onwards)
    entries = {label_id: entry_of(label_id, routes[label_id]) for label_id in first.entries}
    return LabelMapping(first.taxonomy, first.from_version, second.to_version, entries, routes)


def route_of(entry: MappingEntry) -> Route:
    """A route read back from a public entry (for mappings built by hand)."""
    names: set[str] = {entry.review} if entry.review in MEANING_FLAGS else set()
    if entry.kind == "merged":
        names.add("merged")
    flags = frozenset(names)
    if entry.kind == "removed" or not entry.targets:
        return Route((Alternative(None, None, None, flags),))
    if entry.rules:
        return Route(
            tuple(
                Alternative(
                    rule.label,
                    tuple(sorted(rule.when.items())) if rule.when is not None else None,
                    None,
                    flags,
                )
                for rule in entry.rules
            )
        )
    ambiguous: Ambiguity = None
    if len(entry.targets) > 1:
        ambiguous = "carved" if entry.kind == "carved" else "split"
    return Route(tuple(Alternative(t, None, ambiguous, flags) for t in entry.targets))


def entry_of(source: str, route: Route) -> MappingEntry:
    """The public mapping entry for a route (DESIGN.md's table)."""
    alternatives = route.alternatives
    flags: set[str] = set().union(*(a.flags for a in alternatives)) if alternatives else set()
    meaning = next((f for f in MEANING_FLAGS if f in flags), None)
    live = [a for a in alternatives if a.target is not None]
    targets = route.targets
    if not live:
        return MappingEntry(source, (), "removed", False, "removed")
    partial = len(live) < len(alternatives)
    # Conditions mean records that match none of them need a person, even when
    # every condition leads to the same label.
    conditional = any(a.when is not None for a in live)
    if len(targets) == 1 and not partial and not conditional:
        target = targets[0]
        kind: MappingKind
        if target == source:
            kind = meaning or "identity"
        else:
            merged = any("merged" in a.flags for a in live)
            kind = "merged" if merged else "renamed"
        if meaning is not None:
            return MappingEntry(source, targets, kind, False, meaning)
        return MappingEntry(source, targets, kind, True)
    only_carved = not partial and all(
        a.when is None and a.ambiguous == "carved" for a in alternatives
    )
    if only_carved:
        return MappingEntry(source, targets, "carved", False, "carved")
    rules: tuple[SplitTarget, ...] = ()
    if not partial and all(a.ambiguous is None for a in live):
        seen: dict[tuple[str, Conditions | None], None] = {}
        for a in live:
            assert a.target is not None
            seen.setdefault((a.target, a.when), None)
        rules = tuple(
            SplitTarget(label=target, when=dict(when) if when is not None else None)
            for target, when in seen
        )
    return MappingEntry(source, targets, "split", False, "split", rules)


# ---- exports --------------------------------------------------------------------------


def mapping_json(mapping: LabelMapping) -> str:
    return json.dumps(mapping.to_json(), indent=2, ensure_ascii=False) + "\n"


def mapping_csv(mapping: LabelMapping) -> str:
    """One row per old label; ``to`` holds the new ids separated by ``|``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["from", "to", "kind", "deterministic", "review", "rules"])
    for entry in mapping.values():
        rules = (
            json.dumps([rule.model_dump(exclude_none=True) for rule in entry.rules])
            if entry.rules
            else ""
        )
        writer.writerow(
            [
                entry.source,
                "|".join(entry.targets),
                entry.kind,
                "true" if entry.deterministic else "false",
                entry.review or "",
                rules,
            ]
        )
    return buffer.getvalue()


_PREDICATES: dict[str, str] = {
    "identity": "skos:exactMatch",
    "renamed": "skos:exactMatch",
    "merged": "skos:broadMatch",
    "split": "skos:narrowMatch",
    "narrowed": "skos:narrowMatch",
    "broadened": "skos:broadMatch",
    "removed": "skos:exactMatch",
}
_UNSAFE_LOCAL = re.compile(r"[^A-Za-z0-9._-]")


def _curie(prefix: str, label_id: str) -> str:
    local = _UNSAFE_LOCAL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), label_id)
    return f"{prefix}:{local}"


def _cell(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


def mapping_sssom(mapping: LabelMapping, taxonomy: Taxonomy | None = None) -> str:
    """The mapping as SSSOM TSV: a YAML metadata header in ``#`` lines (curie_map,
    mapping_set_id, license, versions), then one row per (old label, new label).

    Predicates: ``skos:exactMatch`` for identity and renames, ``skos:broadMatch``
    for merges (the new label is broader), ``skos:narrowMatch`` for split
    candidates, ``skos:relatedMatch`` for labels carved out of the old one;
    a removal maps to ``sssom:NoTermFound``.
    """
    tax = mapping.taxonomy
    prefix = tax if re.match(r"^[A-Za-z][A-Za-z0-9_.-]*$", tax) else f"t{tax}"
    prefix = prefix.replace("-", "_")
    metadata = {
        "curie_map": {
            prefix: f"urn:labelspec:{tax}:",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "semapv": "https://w3id.org/semapv/vocab/",
            "sssom": "https://w3id.org/sssom/",
        },
        "mapping_set_id": f"urn:labelspec:{tax}:mapping:{mapping.from_version}:{mapping.to_version}",
        "license": "https://w3id.org/sssom/license/unspecified",
        "subject_source": f"urn:labelspec:{tax}",
        "subject_source_version": mapping.from_version,
        "object_source": f"urn:labelspec:{tax}",
        "object_source_version": mapping.to_version,
        "mapping_tool": "labelspec",
    }
    # Values double-quoted (JSON strings are YAML): URIs end with ':' or hold '#',
    # which plain YAML scalars would misread.
    header: list[str] = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            header.append(f"{key}:")
            header.extend(f"  {k}: {json.dumps(v)}" for k, v in value.items())
        else:
            header.append(f"{key}: {json.dumps(value)}")
    columns = [
        "subject_id",
        "subject_label",
        "predicate_id",
        "object_id",
        "object_label",
        "mapping_justification",
        "comment",
    ]
    rows = ["\t".join(columns)]
    labels = taxonomy.labels if taxonomy is not None else {}

    def name(label_id: str) -> str:
        label = labels.get(label_id)
        return _cell(label.display_name if label is not None else label_id)

    for entry in mapping.values():
        review = f"; review: {entry.review}" if entry.review else ""
        for target in entry.targets or (None,):
            predicate = _PREDICATES.get(entry.kind, "skos:relatedMatch")
            if entry.kind == "carved":
                predicate = "skos:exactMatch" if target == entry.source else "skos:relatedMatch"
            comment = f"{entry.kind}{review}"
            when = [r.when for r in entry.rules if r.label == target and r.when]
            if when:
                comment += "; when " + " or ".join(
                    ", ".join(f"{k}={json.dumps(v)}" for k, v in w.items()) for w in when
                )
            rows.append(
                "\t".join(
                    [
                        _curie(prefix, entry.source),
                        name(entry.source),
                        predicate,
                        _curie(prefix, target) if target is not None else "sssom:NoTermFound",
                        name(target) if target is not None else "",
                        "semapv:ManualMappingCuration",
                        _cell(comment),
                    ]
                )
            )
    return "".join(f"# {line}\n" for line in header) + "\n".join(rows) + "\n"


def render_mapping(mapping: LabelMapping, fmt: str, taxonomy: Taxonomy | None = None) -> str:
    if fmt == "json":
        return mapping_json(mapping)
    if fmt == "csv":
        return mapping_csv(mapping)
    if fmt == "sssom":
        return mapping_sssom(mapping, taxonomy)
    raise UsageError(f"unknown mapping format '{fmt}' (json, csv or sssom)")
