"""The check report as Markdown for a pull-request comment, as text for a terminal
and as JSON for scripts.

A comment on GitHub holds at most 65,536 characters; a change of 10,000 labels
lists far more. Long lists sit in collapsed ``<details>`` sections and are cut
to a number of items that is halved until the whole comment fits, each cut list
saying how many it left out. The JSON report is never cut.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from labelspec.versions.render import markdown_text

if TYPE_CHECKING:
    from labelspec.checking.report import CheckReport, Impact, Place, TaxonomyChange
    from labelspec.diagnostics import Finding

# GitHub refuses longer comments; the rest of the budget is for the marker and
# footer the comment script adds.
COMMENT_LIMIT = 65_536
MARKDOWN_BUDGET = 60_000
# Items per list before the first cut; a single line is also cut at this length.
FIRST_LIMIT = 500
LINE_LIMIT = 300
_MORE = "and {count} more (the JSON report, `labelspec check --output-format json`, lists all)"

Item = TypeVar("Item")


def render_json(report: CheckReport) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def render_markdown(report: CheckReport, budget: int = MARKDOWN_BUDGET) -> str:
    """The report as GitHub-flavoured Markdown of at most ``budget`` characters."""
    limit = FIRST_LIMIT
    while True:
        text = _Markdown(report, limit).render()
        if len(text) <= budget or limit == 0:
            return text
        limit //= 2


def _cell(text: str) -> str:
    if len(text) > LINE_LIMIT:
        text = text[: LINE_LIMIT - 1] + "…"
    return markdown_text(text)


def _code(text: str) -> str:
    """Inline code that no backtick in ``text`` can end early."""
    return "`" + _cell(text).replace("`", "'").replace("\\", "") + "`"


def _link(place: Place | None) -> str:
    if place is None:
        return ""
    shown = _cell(str(place))
    return f"[{shown}]({place.url})" if place.url else shown


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class _Markdown:
    def __init__(self, report: CheckReport, limit: int) -> None:
        self.report = report
        self.limit = limit
        self.lines: list[str] = []

    def render(self) -> str:
        report = self.report
        verdict = "may merge" if report.mergeable else "must not merge"
        mark = "✅" if report.mergeable else "❌"
        self.add(f"## {mark} labelspec check: this change {verdict}", "")
        base = report.base
        self.add(
            f"Compared {_code(base.ref)} ({base.commit[:10]}) with the change "
            f"({base.head[:10]} and the working tree).",
            "",
        )
        if report.blocking:
            self.add("**Must not merge:**", "")
            self.add(*(f"- {_cell(reason)}" for reason in report.blocking), "")
        self.summary()
        self.findings()
        for taxonomy in report.taxonomies:
            self.taxonomy(taxonomy)
        self.pages()
        if report.impact is not None:
            self.impact(report.impact)
        return "\n".join(self.lines).rstrip() + "\n"

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def cut(self, items: Sequence[Item], show: Callable[[Item], str]) -> None:
        """The first ``limit`` items, one line each, and how many were left out."""
        self.add(*(show(item) for item in items[: self.limit]))
        if len(items) > self.limit:
            self.add("", _MORE.format(count=len(items) - self.limit))

    def details(self, summary: str, body: Callable[[], None], open_: bool = False) -> None:
        """A collapsible section; the blank lines let Markdown inside it render."""
        self.add(f"<details{' open' if open_ else ''}><summary>{_cell(summary)}</summary>", "")
        body()
        self.add("", "</details>", "")

    def summary(self) -> None:
        report, found = self.report, self.report.findings
        severities = [finding.severity for finding in found.new]
        counts = ", ".join(
            _plural(severities.count(level), level)
            for level in ("error", "warning", "info")
            if level in severities
        )
        changed = sum(1 for t in report.taxonomies if t.status != "removed")
        self.add("| | |", "|---|---|")
        self.add(
            f"| New lint findings | {len(found.new)}" + (f" ({counts})" if counts else "") + " |"
        )
        self.add(f"| Findings the base already had | {len(found.inherited)} (not listed) |")
        self.add(f"| Findings the change fixed | {found.fixed} |")
        self.add(
            f"| Taxonomies changed | {len(report.taxonomies)} "
            f"(of {changed + report.unchanged} in the change) |"
        )
        self.add(f"| Guideline pages touched | {len(report.pages)} |", "")
        if report.findings_problem:
            self.add(f"Note: {_cell(report.findings_problem)}; every finding counts as new.", "")

    def findings(self) -> None:
        new = self.report.findings.new
        if not new:
            return
        self.add("### New lint findings", "")

        def table() -> None:
            self.add("| severity | code | where | message |", "|---|---|---|---|")
            self.cut(new, self.finding_row)

        self.details(_plural(len(new), "new finding"), table, open_=len(new) <= 20)

    def finding_row(self, finding: Finding) -> str:
        place = self.report.findings_place(finding)
        hint = f" ({finding.hint})" if finding.hint else ""
        return (
            f"| {finding.severity} | {finding.code} | {_link(place)} | "
            f"{_cell(finding.message + hint)} |"
        )

    def taxonomy(self, change: TaxonomyChange) -> None:
        name = change.taxonomy or change.file
        versions = " → ".join(v for v in (change.old_version, change.new_version) if v)
        self.add(f"### {_cell(name)} {versions} ({change.status}, {_code(change.file)})", "")
        if change.problem:
            self.add(f"No diff: {_cell(change.problem)}", "")
            return
        if change.status != "changed":
            self.add(f"{_plural(change.labels, 'label')}.", "")
            return
        state = "ok" if change.bump_ok else "**too small**"
        self.add(
            f"The changes need a **{change.required_bump}** bump; the version had "
            f"a {change.version_bump or 'downgrade'} bump ({state}).",
            "",
        )
        if change.meaning:
            self.add("#### Meaning changed: what annotators must learn again", "")

            def meanings() -> None:
                for meaning in change.meaning[: self.limit]:
                    definition = f": {_cell(meaning.definition)}" if meaning.definition else ""
                    self.add(f"- {_code(meaning.label)}{definition}")
                    self.add(*(f"  - {_cell(entry.text)}" for entry in meaning.changes[:20]))
                if len(change.meaning) > self.limit:
                    self.add("", _MORE.format(count=len(change.meaning) - self.limit))

            count = len(change.meaning)
            self.details(_plural(count, "label"), meanings, open_=count <= 20)
        for title, notes in (("opened", change.opened), ("decided", change.decided)):
            if notes:
                self.add(f"#### Edge cases {title}", "")
                self.cut(
                    notes,
                    lambda note: (
                        f"- {_code(note.label)} {_cell(note.id)}: {_cell(note.case)}"
                        + (
                            f" → {', '.join(_code(d) for d in note.decision)}"
                            if note.decision
                            else ""
                        )
                        + (f" ({_link(note.place)})" if note.place else "")
                    ),
                )
                self.add("")

        def changes() -> None:
            self.add("| bump | change | what | before | after |", "|---|---|---|---|---|")
            self.cut(
                change.entries,
                lambda entry: (
                    f"| {entry.bump} | {entry.change.kind} | {_cell(entry.text)} | "
                    f"{_link(entry.old)} | {_link(entry.new)} |"
                ),
            )

        if change.entries:
            self.details(f"All {_plural(len(change.entries), 'change')}", changes)

    def pages(self) -> None:
        pages = self.report.pages
        if not pages:
            return
        self.add("### Guideline pages touched", "")
        self.cut(pages, lambda page: f"- {_link(page.place)} ({page.status})")
        self.add("")

    def impact(self, impact: Impact) -> None:
        self.add(f"### Impact on {_code(impact.data)} ({_cell(impact.taxonomy)})", "")
        result = impact.report
        if result is None:
            self.add(f"No dry run: {_cell(impact.problem or 'unknown problem')}", "")
            return
        self.add(
            f"Relabelling from {result.from_version} to {result.to_version}: "
            f"{result.read} records read, {result.written} written "
            f"({result.changed} changed), {result.review} to review, "
            f"{result.rejected} rejected, {result.dropped} dropped.",
            "",
        )
        moved = [
            (label, tally)
            for label, tally in sorted(result.labels.items())
            if tally.changed or tally.review or tally.dropped
        ]
        if moved:

            def table() -> None:
                self.add("| label | to | maps | review | dropped |", "|---|---|---|---|---|")
                self.cut(
                    moved,
                    lambda row: (
                        f"| {_code(row[0])} | "
                        f"{_cell(', '.join(result.targets.get(row[0], ())) or '-')} | "
                        f"{row[1].changed} | {row[1].review} | {row[1].dropped} |"
                    ),
                )

            self.details(_plural(len(moved), "label") + " whose data moves", table, open_=True)
        if result.unknown:
            unknown = sorted(result.unknown.items(), key=lambda item: -item[1])
            self.add("Rejected labels (unknown to the base version):", "")
            self.cut(unknown, lambda item: f"- {_code(item[0])}: {item[1]}")
            self.add("")


def render_text(report: CheckReport) -> str:
    """A terminal summary: the verdict, the new findings and each taxonomy's changes."""
    lines = [
        f"check: {report.base.ref} ({report.base.commit[:10]}) -> working tree: "
        + ("may merge" if report.mergeable else "must not merge")
    ]
    lines += [f"  blocking: {reason}" for reason in report.blocking]
    found = report.findings
    lines.append(
        f"findings: {len(found.new)} new, {len(found.inherited)} already on the base, "
        f"{found.fixed} fixed"
    )
    lines += [f"  {f.location}: {f.severity} {f.code} {f.message}" for f in found.new]
    for change in report.taxonomies:
        name = change.taxonomy or change.file
        versions = " -> ".join(v for v in (change.old_version, change.new_version) if v)
        lines.append(f"{name} {versions} ({change.status})")
        if change.problem:
            lines.append(f"  no diff: {change.problem}")
        if change.required_bump is not None:
            state = "ok" if change.bump_ok else "too small"
            lines.append(f"  needs a {change.required_bump} bump: {state}")
        lines += [f"  {entry.change.kind}: {entry.text}" for entry in change.entries]
        lines += [f"  edge case opened: {n.label} {n.id}" for n in change.opened]
        lines += [f"  edge case decided: {n.label} {n.id}" for n in change.decided]
    lines += [f"page {page.status}: {page.path}" for page in report.pages]
    impact = report.impact
    if impact is not None and impact.report is not None:
        result = impact.report
        lines.append(
            f"impact on {impact.data}: {result.read} read, {result.changed} changed, "
            f"{result.review} review, {result.rejected} rejected, {result.dropped} dropped"
        )
    elif impact is not None:
        lines.append(f"impact on {impact.data}: {impact.problem}")
    return "\n".join(lines) + "\n"
