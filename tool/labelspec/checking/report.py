"""What a pull request changes, gathered once for every output format: the lint
findings it introduces, the classified diff of each taxonomy it touches with the
bump the changes need, the labels whose meaning moved, edge cases opened and
decided, guideline pages touched, and optionally what a relabel of a dataset
would do. The report says whether the change may merge and, if not, why."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from labelspec.checking.baseline import BasePoint, FindingDelta, checkout, compare_findings
from labelspec.checking.links import Links, find_links
from labelspec.errors import LabelspecError, UsageError
from labelspec.versions.changes import AnyChange, ChangeKind, Location, describe

if TYPE_CHECKING:
    import git

    from labelspec.diagnostics import Finding
    from labelspec.linting.engine import LintReport
    from labelspec.model import EdgeCase, Taxonomy
    from labelspec.relabeling.formats import FormatName
    from labelspec.relabeling.report import RelabelReport
    from labelspec.repository import Repository
    from labelspec.versions.diff import Diff

FileStatus = Literal["added", "changed", "removed"]
_GIT_STATUS: dict[str, FileStatus] = {"A": "added", "M": "changed", "T": "changed", "D": "removed"}

# Changes that alter what annotators do with a label: they must read it again.
# Additions, examples and aliases only add to what they know.
MEANING_KINDS: frozenset[ChangeKind] = frozenset(
    {
        "deprecated",
        "renamed",
        "merged",
        "split",
        "replacement-changed",
        "undeclared-removal",
        "moved",
        "definition-changed",
        "distinction-changed",
        "attribute-added",
        "attribute-removed",
        "attribute-changed",
        "task-changed",
        "assignable-changed",
    }
)


@dataclass(frozen=True)
class Place:
    """A line of a file on one side of the change, with its web address when the
    code host is known. ``path`` is relative to the top of the git repository."""

    path: str
    line: int | None
    url: str | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "url": self.url}


@dataclass(frozen=True)
class ChangeEntry:
    """One classified change, said in a line, with where it was and where it is."""

    change: AnyChange
    bump: str
    old: Place | None
    new: Place | None

    @property
    def text(self) -> str:
        return describe(self.change)

    def to_json(self) -> dict[str, object]:
        return {
            **self.change.to_json(),
            "description": self.text,
            "bump": self.bump,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
        }


@dataclass(frozen=True)
class MeaningChange:
    """A label annotators must learn again: its definition now and what changed."""

    label: str
    definition: str | None
    changes: list[ChangeEntry]

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "definition": self.definition,
            "changes": [entry.text for entry in self.changes],
        }


@dataclass(frozen=True)
class EdgeCaseNote:
    """An edge case the change opened (a question annotators must flag) or
    decided (an answer they must now apply)."""

    label: str
    id: str
    case: str
    decision: list[str]
    place: Place | None

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "id": self.id,
            "case": self.case,
            "decision": self.decision,
            "where": self.place.to_json() if self.place else None,
        }


@dataclass
class TaxonomyChange:
    """One taxonomy file the change touched. ``problem`` says why there is no diff
    (a side that cannot be loaded; the lint findings say more)."""

    file: str
    status: FileStatus
    taxonomy: str | None = None
    old_version: str | None = None
    new_version: str | None = None
    required_bump: str | None = None
    version_bump: str | None = None
    bump_ok: bool = True
    entries: list[ChangeEntry] = field(default_factory=list)
    meaning: list[MeaningChange] = field(default_factory=list)
    opened: list[EdgeCaseNote] = field(default_factory=list)
    decided: list[EdgeCaseNote] = field(default_factory=list)
    labels: int = 0
    problem: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "status": self.status,
            "taxonomy": self.taxonomy,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required_bump,
            "version_bump": self.version_bump,
            "bump_ok": self.bump_ok,
            "labels": self.labels,
            "changes": [entry.to_json() for entry in self.entries],
            "meaning_changed": [meaning.to_json() for meaning in self.meaning],
            "edge_cases": {
                "opened": [note.to_json() for note in self.opened],
                "decided": [note.to_json() for note in self.decided],
            },
            "problem": self.problem,
        }


@dataclass(frozen=True)
class PageChange:
    path: str
    status: FileStatus
    place: Place

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "status": self.status, "url": self.place.url}


@dataclass
class Impact:
    """A relabel dry run of a dataset from the base version to the new one."""

    data: str
    taxonomy: str
    report: RelabelReport | None = None
    problem: str | None = None

    def to_json(self) -> dict[str, object]:
        body = self.report.to_json() if self.report is not None else None
        return {
            "data": self.data,
            "taxonomy": self.taxonomy,
            "relabel": body,
            "problem": self.problem,
        }


@dataclass
class CheckReport:
    """Everything ``labelspec check`` says about a change."""

    base: BasePoint
    links: Links
    findings: FindingDelta
    findings_problem: str | None = None
    taxonomies: list[TaxonomyChange] = field(default_factory=list)
    unchanged: int = 0
    pages: list[PageChange] = field(default_factory=list)
    impact: Impact | None = None
    # The repository's folder inside the git repository ("" at its top): finding
    # paths are relative to the repository, links to the git repository.
    prefix: str = ""

    def findings_place(self, finding: Finding) -> Place:
        path = f"{self.prefix}/{finding.file}" if self.prefix else finding.file
        return Place(path, finding.line, self.links.url(path, finding.line, self.base.head))

    @property
    def new_errors(self) -> int:
        return sum(1 for finding in self.findings.new if finding.severity == "error")

    @property
    def blocking(self) -> list[str]:
        """Why the change must not merge; empty when it may. Findings the base
        already had are not the change's doing and do not block it."""
        reasons = []
        if self.new_errors:
            reasons.append(f"{self.new_errors} new lint error(s)")
        for taxonomy in self.taxonomies:
            name = taxonomy.taxonomy or taxonomy.file
            if taxonomy.status == "removed":
                reasons.append(f"{name} removed: data labelled with it has no mapping")
            elif not taxonomy.bump_ok:
                reasons.append(
                    f"{name}: the changes need a {taxonomy.required_bump} bump, "
                    f"the version went {taxonomy.old_version} -> {taxonomy.new_version}"
                )
        return reasons

    @property
    def mergeable(self) -> bool:
        return not self.blocking

    def to_json(self) -> dict[str, object]:
        return {
            "base": {"ref": self.base.ref, "commit": self.base.commit},
            "head": {"commit": self.base.head},
            "mergeable": self.mergeable,
            "blocking": self.blocking,
            "findings": {
                "new": [
                    {**finding.to_json(), "url": self.findings_place(finding).url}
                    for finding in self.findings.new
                ],
                "inherited": len(self.findings.inherited),
                "fixed": self.findings.fixed,
                "problem": self.findings_problem,
            },
            "taxonomies": [taxonomy.to_json() for taxonomy in self.taxonomies],
            "unchanged_taxonomies": self.unchanged,
            "guideline_pages": [page.to_json() for page in self.pages],
            "impact": self.impact.to_json() if self.impact is not None else None,
        }


@dataclass(frozen=True)
class DataOptions:
    """The dataset of ``check --data`` and how to read it (relabel's options)."""

    path: Path
    fmt: FormatName
    taxonomy: str | None = None
    field: str | None = None
    separator: str | None = None
    by_index: bool = False


def run_check(
    repository: Repository,
    base: str | None = None,
    data: DataOptions | None = None,
) -> CheckReport:
    """The report of the change from ``base`` (default: the configured base) to
    the working tree of ``repository``."""
    from labelspec.checking.baseline import find_base
    from labelspec.linting.engine import lint_repository
    from labelspec.versions.history import open_repo

    point = find_base(repository, base)
    repo = open_repo(repository)
    top = Path(repo.working_tree_dir or repository.root).resolve()
    head_lint = lint_repository(repository, base=point.commit, require_base=True)
    builder = _Builder(repository, repo, point, top, _links(repo), head_lint)
    findings_problem = None
    try:
        with checkout(repository, point.commit) as before:
            base_findings = lint_repository(before).findings
    except LabelspecError as error:
        base_findings, findings_problem = [], f"the base could not be linted ({error})"
    delta = compare_findings(head_lint.findings, base_findings)
    prefix = repository.root.resolve().relative_to(top).as_posix()
    report = CheckReport(
        point, builder.links, delta, findings_problem, prefix="" if prefix == "." else prefix
    )
    taxonomy_dir = repository.relative(repository.taxonomy_dir)
    for status, path in builder.changed_files(taxonomy_dir):
        if path.endswith((".yaml", ".yml")):
            report.taxonomies.append(builder.taxonomy_change(status, path))
    report.unchanged = len(repository.taxonomy_files()) - sum(
        1 for change in report.taxonomies if change.status != "removed"
    )
    for status, path in builder.changed_files(repository.relative(repository.guidelines_dir)):
        if path.endswith(".md"):
            commit = point.commit if status == "removed" else point.head
            report.pages.append(PageChange(path, status, builder.place(path, None, commit)))
    if data is not None:
        report.impact = builder.impact(data, report.taxonomies)
    return report


def _links(repo: git.Repo) -> Links:
    import git

    try:
        remote: str | None = repo.remote("origin").url
    except (ValueError, git.GitCommandError):
        remote = None
    return find_links(os.environ, remote)


class _Builder:
    """The parts of the report that read both sides of the change."""

    def __init__(
        self,
        repository: Repository,
        repo: git.Repo,
        point: BasePoint,
        top: Path,
        links: Links,
        lint: LintReport,
    ) -> None:
        self.repository, self.repo, self.point, self.top = repository, repo, point, top
        self.links = links
        # The taxonomies the head's lint read, on both sides, by repository path.
        self.lint = lint

    def place(self, path: str, line: int | None, commit: str) -> Place:
        return Place(path, line, self.links.url(path, line, commit))

    def changed_files(self, folder: str) -> list[tuple[FileStatus, str]]:
        """Files under ``folder`` (relative to the repository) that differ between
        the base commit and the working tree, untracked ones included, as
        (status, path relative to the top of the git repository)."""
        where = (self.repository.root / folder).resolve()
        listing = self.repo.git.diff(
            "--name-status", "--no-renames", "-z", self.point.commit, "--", str(where)
        )
        fields = [item for item in listing.split("\0") if item]
        found = [
            (_GIT_STATUS.get(code[:1], "changed"), path)
            for code, path in zip(fields[::2], fields[1::2], strict=False)
        ]
        untracked = self.repo.git.ls_files("--others", "--exclude-standard", "-z", "--", str(where))
        found += [("added", path) for path in untracked.split("\0") if path]
        return sorted(set(found), key=lambda item: item[1])

    def taxonomy_change(self, status: FileStatus, path: str) -> TaxonomyChange:
        from labelspec.versions.diff import diff
        from labelspec.versions.history import taxonomy_at
        from labelspec.versions.policy import Policy

        change = TaxonomyChange(path, status)
        old: Taxonomy | None = None
        new: Taxonomy | None = None
        file = self.top / path
        relative = self.repository.relative(file)
        try:
            if status != "added":
                old = self.lint.bases.get(relative) or taxonomy_at(
                    self.repository, file, self.point.commit
                )
            if status != "removed":
                loaded = self.lint.results.get(relative) or self.repository.load_file(file)
                new = loaded.require()
        except LabelspecError as error:
            change.problem = str(error)
        known = new or old
        if known is not None:
            change.taxonomy, change.labels = known.taxonomy, len(known.labels)
        change.old_version = old.version if old else None
        change.new_version = new.version if new else None
        if old is None or new is None:
            return change
        result = diff(old, new, Policy.configured(self.repository.config))
        self._fill(change, result)
        return change

    def _fill(self, change: TaxonomyChange, result: Diff) -> None:
        change.required_bump = result.required_bump
        change.version_bump = result.version_bump
        change.bump_ok = result.bump_ok
        change.entries = [
            ChangeEntry(
                item,
                result.policy.bump_for(item),
                self._at(item.old, self.point.commit),
                self._at(item.new, self.point.head),
            )
            for item in result.changes
        ]
        by_label: dict[str, list[ChangeEntry]] = {}
        for entry in change.entries:
            if entry.change.kind in MEANING_KINDS:
                by_label.setdefault(entry.change.label or "(taxonomy)", []).append(entry)
        change.meaning = [
            MeaningChange(label, _definition(result, label), entries)
            for label, entries in by_label.items()
        ]
        change.opened, change.decided = _edge_cases(result, change.entries)

    def _at(self, location: Location | None, commit: str) -> Place | None:
        if location is None:
            return None
        file = Path(location.file)
        path = file.resolve().relative_to(self.top).as_posix() if file.is_absolute() else file
        return self.place(str(path), location.line, commit)

    def impact(self, data: DataOptions, taxonomies: list[TaxonomyChange]) -> Impact:
        """A relabel dry run of the dataset from the base version of its taxonomy."""
        from labelspec.relabeling import relabel
        from labelspec.versions.mapping import build_mapping

        candidates = [change for change in taxonomies if change.status == "changed"]
        if data.taxonomy is not None:
            candidates = [c for c in candidates if data.taxonomy in (c.taxonomy, Path(c.file).stem)]
            name = data.taxonomy
        elif len(candidates) == 1:
            name = candidates[0].taxonomy or Path(candidates[0].file).stem
        else:
            raise UsageError(
                "name the taxonomy the data is labelled with (--taxonomy): "
                f"the change touches {len(candidates)} taxonomies"
            )
        impact = Impact(str(data.path), name)
        if not candidates:
            impact.problem = f"the change leaves taxonomy '{name}' as it was: nothing to relabel"
            return impact
        chosen = candidates[0]
        file = self.top / chosen.file
        try:
            loaded = self.lint.results.get(self.repository.relative(file))
            new = (loaded or self.repository.load_file(file)).require()
            assert chosen.old_version is not None
            mapping = build_mapping(new, chosen.old_version)
            impact.report = relabel(
                data.path,
                new,
                fmt=data.fmt,
                field=data.field,
                separator=data.separator,
                by_index=data.by_index,
                dry_run=True,
                mapping=mapping,
            )
        except LabelspecError as error:
            impact.problem = str(error)
        return impact


def _definition(result: Diff, label: str) -> str | None:
    for side in (result.new, result.old):
        found = side.labels.get(label)
        if found is not None:
            return found.definition
    return None


def _edge_cases(
    result: Diff, entries: list[ChangeEntry]
) -> tuple[list[EdgeCaseNote], list[EdgeCaseNote]]:
    """Edge cases added open or reopened, and added decided or given a new decision."""
    opened: list[EdgeCaseNote] = []
    decided: list[EdgeCaseNote] = []
    for entry in entries:
        change = entry.change
        if change.kind not in ("edge-case-added", "edge-case-changed") or change.label is None:
            continue
        case_id = dict(change.details).get("id")
        case = _edge_case(result.new, change.label, case_id)
        if case is None:
            continue  # removed: the diff lists it
        earlier = _edge_case(result.old, change.label, case_id)
        note = EdgeCaseNote(change.label, case.id, case.case, case.decided_labels, entry.new)
        if case.status == "open" and (earlier is None or earlier.status != "open"):
            opened.append(note)
        elif case.status == "decided" and (
            earlier is None or earlier.status != "decided" or earlier.decision != case.decision
        ):
            decided.append(note)
    return opened, decided


def _edge_case(taxonomy: Taxonomy, label_id: str, case_id: object) -> EdgeCase | None:
    label = taxonomy.labels.get(label_id)
    cases = label.edge_cases if label is not None else []
    return next((case for case in cases if case.id == case_id), None)
