"""One label's past: every change to it across the versions in git.

The history is the classified diff of each pair of consecutive versions
(:func:`~labelspec.versions.history.find_versions`), kept to the changes of the
label. Like ``git log --follow`` for a file, it follows the label back through
the ids it had: when ``auto`` became a tombstone renamed or merged into ``car``,
the versions before that change are searched for ``auto`` too, so the history
of ``car`` holds ``auto``'s earlier changes. A split is shown (it is how the label
got its data) but not followed: the split label's past belongs to all of its
parts. The label a version started with gets an ``added`` entry, as the diff
gives a label added later.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from labelspec.errors import InputError
from labelspec.versions.changes import AnyChange, Change, Location, describe
from labelspec.versions.diff import diff
from labelspec.versions.history import VersionInfo, find_versions, taxonomy_at

if TYPE_CHECKING:
    from pathlib import Path

    from labelspec.model import Taxonomy
    from labelspec.repository import Repository

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


def label_history(repository: Repository, path: Path, label_id: str) -> list[LabelEvent]:
    """Every change of ``label_id`` in the git history of the taxonomy in
    ``path``, oldest first, following renames and merges back to earlier ids.

    Raises InputError (with the closest ids) when neither the newest version in
    git nor the working file has the label.
    """
    from labelspec.loader import load_file

    versions = find_versions(repository, path)
    taxonomies = [_at_version(repository, path, info) for info in versions]
    known: set[str] = set(taxonomies[-1].labels) if taxonomies else set()
    working = load_file(path).taxonomy if path.is_file() else None
    if working is not None:
        known.update(working.labels)
    if label_id not in known:
        close = difflib.get_close_matches(label_id, sorted(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"taxonomy {path.stem!r} has no label {label_id!r}{hint}")
    events: list[LabelEvent] = []
    tracked = {label_id}
    # Newest first, so that an id met in a rename is searched in the older pairs.
    for index in range(len(taxonomies) - 1, 0, -1):
        info, old, new = versions[index], taxonomies[index - 1], taxonomies[index]
        found = [change for change in diff(old, new).changes if _concerns(change, tracked)]
        events.extend(_event(info, old.version, change) for change in reversed(found))
        tracked.update(
            change.label
            for change in found
            if change.kind in _FOLLOWED and change.label is not None
        )
    if taxonomies:
        events.extend(
            _event(versions[0], None, change)
            for change in reversed(_first_version(taxonomies[0], tracked))
        )
    events.reverse()
    return events


def _at_version(repository: Repository, path: Path, info: VersionInfo) -> Taxonomy:
    found = taxonomy_at(repository, path, info.commit)
    if found is None:  # pragma: no cover - find_versions read the file there
        raise InputError(f"{path} is missing at {info.commit[:10]}")
    # Locations then cite the version, as `labelspec diff 1.0.0 2.0.0` does.
    found._attach(origin=f"{repository.relative(path)}@{info.version}")
    return found


def _concerns(change: AnyChange, tracked: set[str]) -> bool:
    """Whether a change is of a tracked id, or moved another label's data into one."""
    if change.label is None:
        return False
    if change.label in tracked:
        return True
    if change.kind in (*_FOLLOWED, "split"):
        targets: object = change.details.get("to", [])
        return isinstance(targets, list) and not tracked.isdisjoint(targets)
    return False


def _first_version(taxonomy: Taxonomy, tracked: set[str]) -> list[AnyChange]:
    """The ``added`` (or ``tombstone-added``) entries of the tracked ids the
    first version already had, in file order."""
    file, _, ref = taxonomy.origin.partition("@")
    changes: list[AnyChange] = []
    for label_id, label in taxonomy.labels.items():
        if label_id not in tracked:
            continue
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
