"""What changed between two versions of a taxonomy, classified.

Change kinds follow KGCL where it has one (added, deprecated, renamed, merged,
moved, definition-changed, name-changed, ...), plus ``split``, which KGCL lacks,
``undeclared-removal`` for labels that vanished without a tombstone, and
``suggested-rename``: a guess, from name and definition similarity, of where a
vanished label went. Every change cites where it is in the old and the new file.
The kinds, their details and their default bumps are one table in
:mod:`labelspec.versions.changes`.

The comparison is by label id (ids are stable; tombstones keep the old ones), so
one pass over the union of ids does it: a 10,000-label diff is a dictionary walk
plus equality checks of the pydantic objects, which short-circuit for the many
labels that did not change.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, overload

from labelspec.graph import follow_replacements
from labelspec.semver import Bump, bump_between, compare
from labelspec.versions.changes import (
    Added,
    AnyChange,
    Change,
    ChangeDetails,
    ChangeKind,
    DefinitionChange,
    DefinitionChanged,
    Location,
    Replaced,
    SplitRule,
    SuggestedRename,
    TaskChanged,
    UndeclaredRemoval,
)
from labelspec.versions.policy import Policy, satisfies

if TYPE_CHECKING:
    from labelspec.model import Attribute, Label, Scalar, Taxonomy

SUGGESTION_THRESHOLD = 0.6
# Up to this many added labels, each is scored against each vanished one.
MAX_ADDED_SCORED = 500
# How a suggested label relates to a vanished one: an added label (it was
# renamed) or one kept from before (it was merged into it).
Likeness = Literal["rename", "merge"]
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    {"a", "an", "the", "of", "or", "and", "to", "in", "on", "for", "with", "by", "is", "are"}
    | {"be", "that", "this", "it", "as", "at", "from", "not", "its"}
)


@dataclass
class Diff:
    """The changes from ``old`` to ``new`` and the version bump they need."""

    old: Taxonomy
    new: Taxonomy
    changes: list[AnyChange] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)

    @property
    def required_bump(self) -> Bump:
        return self.policy.required(self.changes)

    @property
    def version_bump(self) -> Bump | None:
        """The bump from the old to the new version; None for a downgrade."""
        if compare(self.new.version, self.old.version) < 0:
            return None
        return bump_between(self.old.version, self.new.version)

    @property
    def bump_ok(self) -> bool:
        actual = self.version_bump
        return actual is not None and satisfies(actual, self.required_bump)

    @overload
    def of_kind(
        self, kind: Literal["suggested-rename"], /
    ) -> Sequence[Change[SuggestedRename]]: ...
    @overload
    def of_kind(
        self, kind: Literal["undeclared-removal"], /
    ) -> Sequence[Change[UndeclaredRemoval]]: ...
    @overload
    def of_kind(
        self, kind: Literal["definition-changed"], /
    ) -> Sequence[Change[DefinitionChanged]]: ...
    @overload
    def of_kind(self, *kinds: ChangeKind) -> Sequence[AnyChange]: ...
    def of_kind(self, *kinds: ChangeKind) -> Sequence[AnyChange]:
        """The changes of these kinds, in order. For one kind whose details
        callers read, the result is typed with that kind's details."""
        return [change for change in self.changes if change.kind in kinds]

    def to_json(self) -> dict[str, object]:
        return {
            "old": {
                "taxonomy": self.old.taxonomy,
                "version": self.old.version,
                "ref": self.old.origin,
            },
            "new": {
                "taxonomy": self.new.taxonomy,
                "version": self.new.version,
                "ref": self.new.origin,
            },
            "changes": [change.to_json() for change in self.changes],
            "required_bump": self.required_bump,
            "version_bump": self.version_bump,
        }


def diff(old: Taxonomy, new: Taxonomy, policy: Policy | None = None) -> Diff:
    """Classify every change from ``old`` to ``new`` (two versions of one taxonomy)."""
    return _Differ(old, new).run(policy or Policy())


class _Differ:
    def __init__(self, old: Taxonomy, new: Taxonomy) -> None:
        self.old, self.new = old, new
        self.old_file, self.old_ref = _file_and_ref(old)
        self.new_file, self.new_ref = _file_and_ref(new)
        self.changes: list[AnyChange] = []
        self.old_assignable = old.graph.assignable
        self.new_assignable = new.graph.assignable

    def where_old(self, *path: str | int) -> Location:
        return Location(self.old_file, self.old.position(*path)[0], self.old_ref)

    def where_new(self, *path: str | int) -> Location:
        return Location(self.new_file, self.new.position(*path)[0], self.new_ref)

    def add(
        self,
        kind: ChangeKind,
        label: str | None,
        details: ChangeDetails,
        old: Location | None,
        new: Location | None,
        category: str = "",
    ) -> None:
        self.changes.append(Change(kind, label, details, old, new, category))

    def run(self, policy: Policy) -> Diff:
        self._taxonomy_level()
        old_labels, new_labels = self.old.labels, self.new.labels
        new_targets = self._new_replacement_sources()
        for label_id, label in new_labels.items():
            before = old_labels.get(label_id)
            if before is None:
                self._new_label(label_id, label)
            elif before != label:
                self._changed_label(label_id, before, label, new_targets)
        vanished = [label_id for label_id in old_labels if label_id not in new_labels]
        suggestions = self._suggest(vanished)
        for label_id in vanished:
            label = old_labels[label_id]
            self.add(
                "undeclared-removal",
                label_id,
                {"was": "deprecated" if not label.is_active else "active"},
                self.where_old("labels", label_id),
                None,
            )
            for target, score, how in suggestions.get(label_id, []):
                self.add(
                    "suggested-rename",
                    label_id,
                    {"to": target, "score": round(score, 2), "as": how},
                    self.where_old("labels", label_id),
                    self.where_new("labels", target),
                )
        self._assignability()
        self._numbering()
        return Diff(self.old, self.new, self.changes, policy)

    # ---- the taxonomy as a whole ----------------------------------------------

    def _taxonomy_level(self) -> None:
        old, new = self.old, self.new
        if old.task != new.task:
            was, now = old.task, new.task
            fields: TaskChanged = {}
            if was.modality != now.modality:
                fields["modality"] = [was.modality, now.modality]
            if was.kind != now.kind:
                fields["kind"] = [was.kind, now.kind]
            if was.multi_label != now.multi_label:
                fields["multi_label"] = [was.multi_label, now.multi_label]
            if was.leaf_only != now.leaf_only:
                fields["leaf_only"] = [was.leaf_only, now.leaf_only]
            self.add("task-changed", None, fields, self.where_old("task"), self.where_new("task"))
        if old.exclusive_groups != new.exclusive_groups:
            self.add(
                "task-changed",
                None,
                {"exclusive_groups": [old.exclusive_groups, new.exclusive_groups]},
                self.where_old("exclusive_groups"),
                self.where_new("exclusive_groups"),
            )
        for name in ("title", "description"):
            if getattr(old, name) != getattr(new, name):
                self.add(
                    "text-changed",
                    None,
                    {"field": name},
                    self.where_old(name),
                    self.where_new(name),
                )
        self._attributes(None, old.attributes, new.attributes, ("attributes",))

    def _attributes(
        self,
        label_id: str | None,
        old: dict[str, Attribute],
        new: dict[str, Attribute],
        path: tuple[str, ...],
    ) -> None:
        if old == new:
            return
        for name, attribute in new.items():
            before = old.get(name)
            if before is None:
                self.add(
                    "attribute-added",
                    label_id,
                    {"attribute": name, "type": attribute.type},
                    None,
                    self.where_new(*path, name),
                )
            elif before != attribute:
                fields = [
                    key
                    for key in type(attribute).model_fields
                    if getattr(before, key) != getattr(attribute, key)
                ]
                category = (
                    "attribute-changed:description"
                    if fields == ["description"]
                    else "attribute-changed"
                )
                self.add(
                    "attribute-changed",
                    label_id,
                    {"attribute": name, "fields": fields},
                    self.where_old(*path, name),
                    self.where_new(*path, name),
                    category,
                )
        for name in old:
            if name not in new:
                self.add(
                    "attribute-removed",
                    label_id,
                    {"attribute": name},
                    self.where_old(*path, name),
                    None,
                )

    # ---- labels ---------------------------------------------------------------

    def _new_replacement_sources(self) -> dict[str, int]:
        """Target id -> how many labels became tombstones pointing to it in this
        change (two or more pointing at one new label is a merge, not a rename)."""
        counts: dict[str, int] = {}
        old_labels = self.old.labels
        for label_id, label in self.new.labels.items():
            before = old_labels.get(label_id)
            if not label.is_active and before is not None and before.is_active:
                for target in label.replacement_targets:
                    counts[target] = counts.get(target, 0) + 1
        return counts

    def _new_label(self, label_id: str, label: Label) -> None:
        where = self.where_new("labels", label_id)
        if not label.is_active:
            self.add("tombstone-added", label_id, {"to": label.replacement_targets}, None, where)
            return
        details: Added = {"parents": label.parents}
        category = "added"
        if label.carved_from:
            details["carved_from"] = list(label.carved_from)
            category = "added:carved"
        self.add("added", label_id, details, None, where, category)

    def _changed_label(
        self, label_id: str, old: Label, new: Label, new_targets: dict[str, int]
    ) -> None:
        was = self.where_old("labels", label_id)
        now = self.where_new("labels", label_id)
        if old.is_active and not new.is_active:
            self._deprecation(label_id, new, was, now, new_targets)
            return
        if not old.is_active and new.is_active:
            self.add("added", label_id, {"parents": new.parents, "restored": True}, was, now)
            return
        if not old.is_active:
            if old.replaced_by != new.replaced_by:
                self.add(
                    "replacement-changed",
                    label_id,
                    {"from": old.replacement_targets, "to": new.replacement_targets},
                    was,
                    now,
                )
            return
        self._compare_active(label_id, old, new, was, now)

    def _deprecation(
        self,
        label_id: str,
        new: Label,
        was: Location,
        now: Location,
        new_targets: dict[str, int],
    ) -> None:
        targets = new.replacement_targets
        details: Replaced = {"to": targets, "reason": new.reason}
        kind: ChangeKind
        form = new.replacement_form
        if form == "single":
            target = targets[0]
            before = self.old.labels.get(target)
            existed = before is not None and before.is_active
            kind = "merged" if existed or new_targets.get(target, 0) > 1 else "renamed"
        elif form in ("ambiguous-split", "rule-split"):
            kind = "split"
            if new.split_rules:
                details["rules"] = [_split_rule(rule.label, rule.when) for rule in new.split_rules]
        else:
            kind = "deprecated"
        self.add(kind, label_id, details, was, now)

    def _compare_active(
        self, label_id: str, old: Label, new: Label, was: Location, now: Location
    ) -> None:
        path = ("labels", label_id)
        if set(old.parents) != set(new.parents):
            self.add(
                "moved",
                label_id,
                {"from": old.parents, "to": new.parents},
                self.where_old(*path, "parent"),
                self.where_new(*path, "parent"),
            )
        self._definition(label_id, old, new)
        if old.display_name != new.display_name:
            # "vehicle" -> "Vehicle" changes how it looks, not what data says.
            cosmetic = _plain(old.display_name) == _plain(new.display_name)
            self.add(
                "name-changed",
                label_id,
                {"from": old.display_name, "to": new.display_name},
                self.where_old(*path, "name"),
                self.where_new(*path, "name"),
                "name-changed:cosmetic" if cosmetic else "name-changed",
            )
        if set(old.aliases) != set(new.aliases):
            self.add(
                "aliases-changed",
                label_id,
                {
                    "added": [a for a in new.aliases if a not in old.aliases],
                    "removed": [a for a in old.aliases if a not in new.aliases],
                },
                self.where_old(*path, "aliases"),
                self.where_new(*path, "aliases"),
            )
        if old.distinguish_from != new.distinguish_from:
            self.add(
                "distinction-changed",
                label_id,
                {"labels": sorted(set(old.distinguish_from) ^ set(new.distinguish_from))},
                self.where_old(*path, "distinguish_from"),
                self.where_new(*path, "distinguish_from"),
            )
        if old.examples != new.examples or old.counter_examples != new.counter_examples:
            self.add(
                "examples-changed",
                label_id,
                {
                    "examples": [len(old.examples), len(new.examples)],
                    "counter_examples": [len(old.counter_examples), len(new.counter_examples)],
                },
                self.where_old(*path, "examples"),
                self.where_new(*path, "examples"),
            )
        self._edge_cases(label_id, old, new)
        self._attributes(label_id, old.attributes, new.attributes, (*path, "attributes"))
        if old.index != new.index and old.index is not None:
            self.add(
                "index-changed",
                label_id,
                {"from": old.index, "to": new.index},
                self.where_old(*path, "index"),
                self.where_new(*path, "index"),
            )

    def _definition(self, label_id: str, old: Label, new: Label) -> None:
        fields = [
            name for name in ("definition", "includes") if getattr(old, name) != getattr(new, name)
        ]
        # An excludes entry whose target was only renamed or merged since says the same.
        renamed_excludes = {
            phrase: self._current_id(target) for phrase, target in old.excludes.items()
        }
        if renamed_excludes != new.excludes:
            fields.append("excludes")
        known = {(entry.version, entry.change) for entry in old.history}
        declared = [
            entry
            for entry in new.history
            if (entry.version, entry.change) not in known
            and compare(entry.version, self.old.version) > 0
        ]
        if not fields and not declared:
            if old.history != new.history:  # entries for earlier versions, written later
                path = ("labels", label_id, "history")
                self.add(
                    "text-changed",
                    label_id,
                    {"field": "history"},
                    self.where_old(*path),
                    self.where_new(*path),
                )
            return
        changes = {entry.change for entry in declared}
        declared_changes: tuple[DefinitionChange, ...] = ("narrowed", "broadened", "clarified")
        change: DefinitionChange = next((c for c in declared_changes if c in changes), "undeclared")
        details: DefinitionChanged = {"fields": fields, "change": change}
        notes = [entry.note for entry in declared if entry.note]
        if notes:
            details["note"] = notes[0]
        path = ("labels", label_id, fields[0] if fields else "history")
        self.add(
            "definition-changed",
            label_id,
            details,
            self.where_old(*path),
            self.where_new(*path),
            f"definition-changed:{change}",
        )

    def _current_id(self, label_id: str | None) -> str | None:
        """``label_id`` followed through single-target tombstones of the new version
        (to the label where a cycle closes, or to an id that is no label)."""
        if label_id is None:
            return None
        ends = follow_replacements(self.new.labels, label_id, _renamed_or_merged)
        return next(end.label for end in ends)

    def _edge_cases(self, label_id: str, old: Label, new: Label) -> None:
        if old.edge_cases == new.edge_cases:
            return
        before = {case.id: (n, case) for n, case in enumerate(old.edge_cases)}
        after = {case.id: (n, case) for n, case in enumerate(new.edge_cases)}
        path = ("labels", label_id, "edge_cases")
        for case_id, (n, case) in after.items():
            if case_id not in before:
                self.add(
                    "edge-case-added",
                    label_id,
                    {"id": case_id, "decision": case.decision, "status": case.status},
                    None,
                    self.where_new(*path, n),
                )
            elif before[case_id][1] != case:
                old_case = before[case_id][1]
                fields = [
                    key
                    for key in type(case).model_fields
                    if getattr(old_case, key) != getattr(case, key)
                ]
                self.add(
                    "edge-case-changed",
                    label_id,
                    {"id": case_id, "fields": fields},
                    self.where_old(*path, before[case_id][0]),
                    self.where_new(*path, n),
                )
        for case_id, (n, _case) in before.items():
            if case_id not in after:
                self.add(
                    "edge-case-changed",
                    label_id,
                    {"id": case_id, "removed": True},
                    self.where_old(*path, n),
                    None,
                )

    # ---- whole-taxonomy consequences --------------------------------------------

    def _assignability(self) -> None:
        old_set = set(self.old_assignable)
        new_set = set(self.new_assignable)
        old_labels, new_labels = self.old.labels, self.new.labels
        for label_id in old_set ^ new_set:
            before, after = old_labels.get(label_id), new_labels.get(label_id)
            if before is None or after is None or not before.is_active or not after.is_active:
                continue  # added, removed or deprecated: reported as such
            gained = label_id in new_set
            self.add(
                "assignable-changed",
                label_id,
                {"assignable": gained},
                self.where_old("labels", label_id),
                self.where_new("labels", label_id),
                "assignable-changed:gained" if gained else "assignable-changed:lost",
            )

    def _numbering(self) -> None:
        """Without ``index`` fields, exports number the assignable labels in file
        order; report how many of the kept labels get another number."""
        if any(label.index is not None for label in self.new.labels.values()):
            return
        old_numbers = {label_id: n for n, label_id in enumerate(self.old_assignable)}
        shifted = [
            label_id
            for n, label_id in enumerate(self.new_assignable)
            if label_id in old_numbers and old_numbers[label_id] != n
        ]
        if shifted:
            self.add(
                "index-shifted",
                None,
                {"labels": len(shifted), "first": shifted[:5]},
                None,
                None,
            )

    # ---- suggestions for vanished labels ------------------------------------------

    def _suggest(self, vanished: list[str]) -> dict[str, list[tuple[str, float, Likeness]]]:
        """Vanished (active) label -> [(target, score, "rename"|"merge")], best first.

        Candidates are the active labels of the new version: added ones (a rename)
        and kept ones (a merge). Added labels are few and all get scored; among
        the kept ones, an index of name trigrams and aliases picks the few worth
        scoring, so the cost grows with the number of vanished labels, not with
        their product with all labels.
        """
        old_labels, new_labels = self.old.labels, self.new.labels
        wanted = [label_id for label_id in vanished if old_labels[label_id].is_active]
        if not wanted:
            return {}
        active = {label_id: label for label_id, label in new_labels.items() if label.is_active}
        added = [label_id for label_id in active if label_id not in old_labels]
        index = _NameIndex(active)
        if len(added) > MAX_ADDED_SCORED:
            added = []  # too many to score each: the name index finds them too
        profiles: dict[str, _Profile] = {}

        def profile(label_id: str) -> _Profile:
            found = profiles.get(label_id)
            if found is None:
                found = profiles[label_id] = _Profile.of(active[label_id])
            return found

        found: dict[str, list[tuple[str, float, Likeness]]] = {}
        for label_id in wanted:
            source = _Profile.of(old_labels[label_id])
            scored: list[tuple[str, float, Likeness]] = []
            for target in dict.fromkeys([*added, *index.candidates(source)]):
                score = source.similarity(profile(target))
                if score >= SUGGESTION_THRESHOLD:
                    how: Likeness = "merge" if target in old_labels else "rename"
                    scored.append((target, score, how))
            scored.sort(key=lambda item: (-item[1], item[2] != "rename", item[0]))
            if scored:
                found[label_id] = scored[:3]
        return found


def _file_and_ref(taxonomy: Taxonomy) -> tuple[str, str | None]:
    """The taxonomy's file, and the git ref or version it was read at (None for a
    file on disk). Taxonomies read from git are named ``path@ref``
    (versions/history.py): a repository path holds no "@" there, a ref may
    (tags such as ``street@2.0.0``)."""
    origin = taxonomy.origin
    if taxonomy.source is not None or "@" not in origin:
        return origin, None
    file, _, ref = origin.partition("@")
    return file, ref


def _split_rule(label: str, when: dict[str, Scalar] | None) -> SplitRule:
    """A rule of a split as JSON shows it (no ``when`` when it has none)."""
    return {"label": label, "when": when} if when is not None else {"label": label}


def _renamed_or_merged(label: Label) -> bool:
    return not label.is_active and label.replacement_form == "single"


def _trigrams(name: str) -> set[str]:
    padded = f" {name} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class _NameIndex:
    """Inverted index from name trigrams and aliases to labels.

    Trigrams found in more than ``common`` names are left out: they say nothing
    about which label is meant (``lab`` in every ``label-N``), and their postings
    would make every lookup touch most labels.
    """

    def __init__(self, labels: dict[str, Label], limit: int = 10) -> None:
        self.limit = limit
        trigrams: dict[str, list[str]] = {}
        self.aliases: dict[str, list[str]] = {}
        for label_id, label in labels.items():
            keys: set[str] = set()
            for name in {_plain(label_id), _plain(label.display_name)}:
                keys.update(_trigrams(name))
            for key in keys:
                trigrams.setdefault(key, []).append(label_id)
            for alias in label.aliases:
                self.aliases.setdefault(_plain(alias), []).append(label_id)
        common = max(50, len(labels) // 100)
        self.trigrams = {key: ids for key, ids in trigrams.items() if len(ids) <= common}

    def candidates(self, source: _Profile) -> list[str]:
        votes: dict[str, int] = {}
        for name in source.names:
            for label_id in self.aliases.get(name, ()):
                votes[label_id] = votes.get(label_id, 0) + 1000  # a kept alias: near certain
            for key in _trigrams(name):
                for label_id in self.trigrams.get(key, ()):
                    votes[label_id] = votes.get(label_id, 0) + 1
        return sorted(votes, key=lambda label_id: -votes[label_id])[: self.limit]


@dataclass(frozen=True)
class _Profile:
    """What a label is recognised by: its names and its definition's words."""

    names: tuple[str, ...]
    aliases: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, label: Label) -> _Profile:
        names = {_plain(label.id), _plain(label.display_name)}
        text = " ".join([label.definition or "", *label.includes])
        words = frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS)
        return cls(tuple(sorted(names)), frozenset(_plain(a) for a in label.aliases), words)

    def similarity(self, other: _Profile) -> float:
        """1.0 when the new label keeps this one's name as an alias; else names and
        definitions weighed equally (names alone when either lacks a definition).

        Exact above :data:`SUGGESTION_THRESHOLD`; below it, an upper bound is
        enough (nothing below is reported), which skips most SequenceMatcher work.
        """
        if any(name in other.aliases for name in self.names):
            return 1.0
        overlap: float | None = None
        need = SUGGESTION_THRESHOLD
        if self.words and other.words:
            overlap = len(self.words & other.words) / len(self.words | other.words)
            need = 0.0 if overlap >= SUGGESTION_THRESHOLD else 2 * SUGGESTION_THRESHOLD - overlap
            if need > 1.0:
                return 0.5 + overlap * 0.5  # even identical names would not reach it
        name_score = 0.0
        for a in self.names:
            for b in other.names:
                matcher = difflib.SequenceMatcher(None, a, b)
                floor = max(name_score, need) if need > 0 else name_score
                if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                    continue
                name_score = max(name_score, matcher.ratio())
        if overlap is None:
            return name_score
        return max(name_score * 0.5 + overlap * 0.5, overlap)


_SEPARATORS = re.compile(r"[\s_\-]+")


def _plain(name: str) -> str:
    return _SEPARATORS.sub(" ", name).strip().lower()
