"""VER006-VER008: checks against the same taxonomy at a base git ref (``--base``),
and VER000, which says when they could not run.

They read the diff from the base version to the working file (``labelspec.versions``),
computed once per file for the three of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import Field

from labelspec.diagnostics import Finding
from labelspec.linting.context import TaxonomyContext
from labelspec.linting.registry import RuleOptions, TaxonomyRule, register
from labelspec.versions.policy import BumpTable

if TYPE_CHECKING:
    from labelspec.versions.diff import Diff
    from labelspec.versions.policy import Policy


@dataclass(frozen=True)
class BaseDiff:
    """The diff from the base version to the file under ``policy``: a factory for
    :meth:`TaxonomyContext.shared`, equal for equal policies, so that the three
    rules share one diff per file and run (VER007 with configured bumps has its own)."""

    policy: Policy

    def __hash__(self) -> int:
        # Policy holds a dict; its items say all an equal policy has in common.
        return hash(frozenset(self.policy.bumps.items()))

    def __call__(self, context: TaxonomyContext) -> Diff:
        from labelspec.versions.diff import diff

        assert context.base is not None
        return diff(context.base, context.taxonomy, self.policy)


def _diff(context: TaxonomyContext, policy: Policy | None = None) -> Diff:
    from labelspec.versions.policy import Policy

    return context.shared(BaseDiff(policy or Policy()))


@register
class BaseUnavailable(TaxonomyRule):
    """## What it does
    Reports that the checks against a base git ref (VER006-VER008) did not run:
    the configured `base` names a ref that is neither a local branch nor
    `origin/<base>` (a fresh repository, or a clone without the base branch), or
    a taxonomy cannot be read at the base ref. It points at the configuration's
    `base` key, or at the taxonomy file. When the `CI` environment variable is
    set, a missing configured base is an error that stops the run (exit 3)
    instead: checks must not switch themselves off in CI.

    ## Why is this bad?
    Without the base, a label deleted without a tombstone or a version bump that
    is too small passes unnoticed, and nothing else in the output says so.

    ## Example
    ```toml
    base = "main"   # and the checkout has neither main nor origin/main
    ```

    ## Use instead
    ```yaml
    # in the CI workflow: fetch the whole history, base branch included
    - uses: actions/checkout@v4
      with: {fetch-depth: 0}
    ```
    """

    code = "VER000"
    name = "base-unavailable"
    severity = "warning"
    source = "engine"


@register
class RemovedWithoutTombstone(TaxonomyRule):
    """## What it does
    Reports labels that exist at the base ref and are gone from the file, instead
    of being kept as tombstones (`status: deprecated`). Where a new label looks
    like the old one (name or definition), the hint names it; `labelspec diff BASE
    FILE --write-tombstones` adds the missing tombstones.

    ## Why is this bad?
    Data labelled with the vanished label can no longer be mapped: the mapping
    and the relabeler follow tombstones, and a deleted label leaves its data
    stranded. Class indices of deleted labels may also get reused by accident.

    ## Example
    ```yaml
    # base: labels: {auto: {definition: A car.}}
    labels:
      car: {definition: A car.}
    ```

    ## Use instead
    ```yaml
    labels:
      car: {definition: A car.}
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed.}
    ```
    """

    code = "VER006"
    name = "removed-without-tombstone"
    severity = "error"
    needs_base = True

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        result = _diff(context)
        suggested: dict[str, str] = {}
        for suggestion in result.of_kind("suggested-rename"):
            if suggestion.label is not None:
                suggested.setdefault(suggestion.label, suggestion.details["to"])
        for change in result.of_kind("undeclared-removal"):
            label = change.label
            assert label is not None
            target = suggested.get(label)
            hint = (
                f"keep it as a tombstone; it looks like '{target}': "
                f"{label}: {{status: deprecated, deprecated_in: {context.taxonomy.version}, "
                f"replaced_by: {target}, reason: ...}}"
                if target
                else f"keep it as a tombstone: {label}: {{status: deprecated, "
                f"deprecated_in: {context.taxonomy.version}, reason: ...}}"
            )
            yield context.finding(
                self.code,
                f"label '{label}' was removed without a tombstone",
                ("labels",),
                (label,),
                hint,
            )


class BumpOptions(RuleOptions):
    """``bumps``: change category or kind -> the bump it needs (overrides the policy)."""

    bumps: BumpTable = Field(default_factory=lambda: BumpTable({}))


@register
class VersionBumpTooSmall(TaxonomyRule[BumpOptions]):
    """## What it does
    Compares the file with the base ref, classifies the changes, and reports a
    `version` that went up less than the changes need: MAJOR for changes that
    can make existing annotations wrong (removal, rename, merge, split, narrowed
    or broadened definitions, carved-out labels, task changes), MINOR for
    additions, PATCH for clarifications and text. The table is configurable with
    `[tool.labelspec.lint.rules.VER007] bumps = {moved = "major"}`.

    ## Why is this bad?
    Scripts and people decide from the version number whether data labelled
    with an older version is still valid. A rename released as a minor version
    silently breaks every consumer that trusts semantic versioning.

    ## Example
    ```yaml
    version: 1.1.0     # base: 1.0.0
    labels:
      auto: {status: deprecated, deprecated_in: 1.1.0, replaced_by: car, reason: Renamed.}
    ```

    ## Use instead
    ```yaml
    version: 2.0.0
    labels:
      auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Renamed.}
    ```
    """

    code = "VER007"
    name = "version-bump-too-small"
    severity = "error"
    needs_base = True

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        from labelspec.versions.policy import Policy
        from labelspec.versions.render import describe

        result = _diff(context, Policy.with_overrides(self.options.bumps))
        if result.bump_ok:
            return
        required = result.required_bump
        actual = result.version_bump
        old, new = result.old.version, result.new.version
        reasons = result.policy.reasons(result.changes, required)
        shown = "; ".join(describe(change) for change in reasons[:3])
        more = f" and {len(reasons) - 3} more" if len(reasons) > 3 else ""
        if actual is None:
            message = f"version {new} is older than the base version {old}"
        else:
            message = (
                f"version {old} -> {new} is a {actual} bump, but the changes need "
                f"a {required} bump ({shown}{more})"
            )
        yield context.finding(
            self.code,
            message,
            ("version",),
            hint=f"set version to the next {required} version after {old}",
            at_value=True,
        )


@register
class UndocumentedDefinitionChange(TaxonomyRule):
    """## What it does
    Reports a label whose definition, `includes` or `excludes` changed since the
    base ref without a `history` entry for the new version saying whether the
    meaning was narrowed, broadened, or only clarified.

    ## Why is this bad?
    A narrowed definition makes some existing annotations wrong, a broadened one
    makes other labels' annotations suspect. Without the history entry the
    version mapping cannot flag the data for review, and annotators cannot tell
    whether their earlier work still holds.

    ## Example
    ```yaml
    car:
      definition: A motor vehicle for up to eight people, pickups excluded.
    ```

    ## Use instead
    ```yaml
    car:
      definition: A motor vehicle for up to eight people, pickups excluded.
      history:
        - {version: 2.0.0, change: narrowed, note: Pickup trucks are trucks now.}
    ```
    """

    code = "VER008"
    name = "undocumented-definition-change"
    severity = "warning"
    needs_base = True

    def check(self, context: TaxonomyContext) -> Iterator[Finding]:
        result = _diff(context)
        version = context.taxonomy.version
        for change in result.of_kind("definition-changed"):
            if change.details.get("change") != "undeclared" or change.label is None:
                continue
            fields = change.details["fields"]
            yield context.finding(
                self.code,
                f"the {', '.join(fields)} of '{change.label}' changed without a history entry",
                ("labels", change.label, fields[0]),
                (change.label,),
                f"add history: [{{version: {version}, change: narrowed | broadened | clarified}}]",
            )
