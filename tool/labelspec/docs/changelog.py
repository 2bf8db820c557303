"""The changelog's detail from git history: every classified change per version.

The taxonomy file alone tells what annotators must do differently
(:mod:`labelspec.docs.changes`); the diff between consecutive versions found
in git adds everything else (moves, renamed display names, new examples,
attribute changes). Without git, or with no earlier version in it, the
changelog simply has no such detail.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

from labelspec.docs import html as h
from labelspec.errors import LabelspecError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from labelspec.docs.render import PageRenderer
    from labelspec.model import Taxonomy
    from labelspec.repository import Repository
    from labelspec.versions.diff import Diff
    from labelspec.versions.label_history import LabelChanges

log = logging.getLogger("mkdocs.plugins.labelspec")


def version_diffs(repository: Repository, taxonomy: Taxonomy) -> dict[str, Diff]:
    """New version -> the diff from the version before it, for every version in git
    history and the working file."""
    from labelspec.versions.diff import diff
    from labelspec.versions.history import find_versions, released_taxonomy

    path = taxonomy.source
    if path is None:
        return {}
    try:
        versions = find_versions(repository, path)
    except LabelspecError as error:
        log.info(f"labelspec: no git history for {taxonomy.taxonomy}: {error}")
        return {}
    # The working file stands for the current version.
    sides = [
        released_taxonomy(repository, path, info)
        for info in versions
        if info.version != taxonomy.version
    ]
    sides.append(taxonomy)
    return {new.version: diff(old, new) for old, new in itertools.pairwise(sides)}


def label_changes(diffs: Mapping[str, Diff]) -> LabelChanges | None:
    """Every label's changes across the versions of ``diffs`` (see
    :func:`version_diffs`); None without an earlier version to compare with."""
    from labelspec.versions.label_history import LabelChanges

    steps = list(diffs.values())
    return LabelChanges(steps[0].old, steps) if steps else None


def git_changelog(diffs: Mapping[str, Diff], renderer: PageRenderer) -> dict[str, str]:
    """Version -> a collapsible table of every change since the previous version."""
    from labelspec.versions.changes import describe

    taxonomy = renderer.taxonomy
    rendered: dict[str, str] = {}
    for version, result in diffs.items():
        if not result.changes:
            continue
        rows = []
        for change in result.changes:
            label = (
                renderer.link(change.label)
                if change.label and change.label in taxonomy.labels
                else h.text(change.label or "")
            )
            level = result.policy.bump_for(change)
            rows.append(
                f"<tr><td><code>{h.text(change.kind)}</code></td><td>{label}</td>"
                f"<td>{h.text(describe(change))}</td><td>{h.text(level)}</td></tr>"
            )
        rendered[version] = (
            f'<details class="ls-diff"><summary>All {len(rows)} changes from '
            f"{h.text(result.old.version)} (from git history)</summary>"
            "<table><thead><tr><th>Change</th><th>Label</th><th>What</th><th>Bump</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></details>"
        )
    return rendered
