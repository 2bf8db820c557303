"""One label's past: every change to it across the versions in git.

The history is the classified diff of each pair of consecutive versions
(:func:`~labelspec.versions.history.find_versions`), kept to the changes of the
label. Like ``git log --follow`` for a file, it follows the label back through
the ids it had: when ``auto`` became a tombstone renamed or merged into ``car``,
the versions before that change are searched for ``auto`` too, so the history
of ``car`` holds ``auto``'s earlier changes. A split is shown (it is how the label
got its data) but not followed: the split label's past belongs to all of its
parts. The labels of the first version get an ``added`` entry, as the diff
gives the labels added later. :class:`LabelChanges` indexes the diffs once, for
callers that want the history of many labels.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from labelspec.errors import InputError
from labelspec.versions.changes import AnyChange, Change, Location, describe
from labelspec.versions.diff import diff
from labelspec.versions.history import VersionInfo, find_versions, released_taxonomy

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from labelspec.model import Taxonomy
    from labelspec.repository import Repository
    from labelspec.versions.diff import Diff

# The changes after which an earlier id's data lives on in the label.
_FOLLOWED = ("renamed", "merged")


@dataclass(frozen=True)
class LabelEvent:
    """One change of a label in the version that made it. ``change.label`` is
    the id the label had then; ``previous`` is the version compared with (None
    for the labels of the first version)."""

    version: str
    commit: str
    date: datetime
    author: str
    previous: str | None
    change: AnyChange

    @property
    def note(self) -> str:
        return describe(self.change)

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "previous": self.previous,
            "commit": self.commit,
            "date": self.date.isoformat(),
            "author": self.author,
            "kind": self.change.kind,
            "label": self.change.label,
            "category": self.change.category,
            "details": self.change.details,
            "note": self.note,
        }


class LabelChanges:
    """The changes of every label across a run of versions, indexed once, so that
    the history of each label of a taxonomy (a site's label pages) costs a lookup.

    ``first`` is the oldest version and ``diffs`` the diffs of consecutive
    versions after it; step 0 is ``first`` itself, step ``n`` is ``diffs[n - 1]``.
    """

    def __init__(self, first: Taxonomy, diffs: Sequence[Diff]) -> None:
        self.versions = [first.version, *(result.new.version for result in diffs)]
        # Each change in the order the steps and the diffs give it, numbered.
        self._changes: list[tuple[int, AnyChange]] = [
            (0, change) for change in _first_version(first)
        ]
        for step, result in enumerate(diffs, start=1):
            self._changes += [(step, change) for change in result.changes]
        self._of: dict[str, list[int]] = {}
        self._into: dict[str, list[int]] = {}
        for number, (_, change) in enumerate(self._changes):
            if change.label is None:
                continue
            self._of.setdefault(change.label, []).append(number)
            if change.kind in (*_FOLLOWED, "split"):
                targets: object = change.details.get("to", [])
                for target in targets if isinstance(targets, list) else []:
                    self._into.setdefault(str(target), []).append(number)

    def of(self, label_id: str) -> list[tuple[int, AnyChange]]:
        """(step, change) of ``label_id`` and of the ids renamed or merged into it,
        each of those up to the step that did it; oldest first."""
        last = len(self.versions) - 1
        until: dict[str, int] = {label_id: last}
        pending = [label_id]
        found: set[int] = set()
        while pending:
            current = pending.pop()
            bound = until[current]
            for number in self._of.get(current, []):
                if self._changes[number][0] <= bound:
                    found.add(number)
            for number in self._into.get(current, []):
                step, change = self._changes[number]
                if step > bound or change.label is None:
                    continue
                found.add(number)
                earlier = change.label
                if change.kind in _FOLLOWED and until.get(earlier, -1) < step:
                    until[earlier] = step
                    pending.append(earlier)
        return [self._changes[number] for number in sorted(found)]


def label_history(repository: Repository, path: Path, label_id: str) -> list[LabelEvent]:
    """Every change of ``label_id`` in the git history of the taxonomy in
    ``path``, oldest first, following renames and merges back to earlier ids.

    Raises InputError (with the closest ids) when neither the newest version in
    git nor the working file has the label.
    """
    from labelspec.loader import load_file

    versions = find_versions(repository, path)
    taxonomies = [released_taxonomy(repository, path, info) for info in versions]
    known: set[str] = set(taxonomies[-1].labels) if taxonomies else set()
    working = load_file(path).taxonomy if path.is_file() else None
    if working is not None:
        known.update(working.labels)
    if label_id not in known:
        close = difflib.get_close_matches(label_id, sorted(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"taxonomy {path.stem!r} has no label {label_id!r}{hint}")
    if not taxonomies:
        return []
    diffs = [diff(old, new) for old, new in itertools.pairwise(taxonomies)]
    return [
        _event(versions[step], versions[step - 1].version if step else None, change)
        for step, change in LabelChanges(taxonomies[0], diffs).of(label_id)
    ]


def _first_version(taxonomy: Taxonomy) -> list[AnyChange]:
    """An ``added`` (or ``tombstone-added``) change for each label of the first
    version, in file order, as the diff gives the labels added later."""
    file, _, ref = taxonomy.origin.partition("@")
    changes: list[AnyChange] = []
    for label_id, label in taxonomy.labels.items():
        where = Location(file, taxonomy.position("labels", label_id)[0], ref or None)
        if label.is_active:
            changes.append(Change("added", label_id, {"parents": label.parents}, None, where))
        else:
            changes.append(
                Change("tombstone-added", label_id, {"to": label.replacement_targets}, None, where)
            )
    return changes


def _event(info: VersionInfo, previous: str | None, change: AnyChange) -> LabelEvent:
    return LabelEvent(
        version=info.version,
        commit=info.commit,
        date=info.date,
        author=info.author,
        previous=previous,
        change=change,
    )
