"""Runs the rules over files and a repository and applies the configuration.

The order matters and is the same for every run: the loader's findings and the
rules' findings are collected, filtered by the selection and given their
configured severity, then suppression comments silence what they name, and
finally unused or malformed suppressions are reported themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from labelspec.config import LintConfig
from labelspec.diagnostics import SEVERITY_ORDER, Finding, Severity
from labelspec.errors import ConfigError, GitError, LabelspecError, UsageError
from labelspec.linting.context import RepositoryContext, TaxonomyContext
from labelspec.linting.registry import (
    RepositoryRule,
    Rule,
    TaxonomyRule,
    all_rules,
    matches,
)
from labelspec.linting.suppression_comments import (
    FileSuppressions,
    markdown_suppressions,
    yaml_suppressions,
)
from labelspec.loader import LoadResult
from labelspec.repository import Repository
from labelspec.text import Analyzer

if TYPE_CHECKING:
    from labelspec.model import Taxonomy


# The rule that reports skipped base checks (labelspec.linting.rules.base_ref).
BASE_UNAVAILABLE = "VER000"


@dataclass
class LintReport:
    """Findings, sorted by file and position, and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # The base ref the version checks compared with (origin/<base> when the
    # configured branch is only there), or None.
    base: str | None = None
    # What the run read, by file, so that a caller comparing versions (``check``)
    # need not read a 10,000-label file again: each file's load result, and the
    # file as it was at the base where a rule compared with it.
    results: dict[str, LoadResult] = field(default_factory=dict)
    bases: dict[str, Taxonomy] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings fail too."""
        worst = "warning" if strict else "error"
        return any(SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[worst] for f in self.findings)


class Linter:
    """The rules chosen by configuration and command line, ready to run."""

    def __init__(
        self,
        config: LintConfig | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self.config = config or LintConfig()
        rules = all_rules()
        self.known: frozenset[str] = frozenset(rules)
        chosen_select = list(select) or self.config.select or ["ALL"]
        chosen_ignore = [*self.config.ignore, *ignore]
        for selector in [*chosen_select, *chosen_ignore]:
            if selector != "ALL" and not any(code.startswith(selector) for code in rules):
                raise UsageError(f"no rule matches '{selector}' (see `labelspec rules`)")
        for section in ("severity", "rules"):
            for code in getattr(self.config, section):
                if code not in rules:
                    raise ConfigError(
                        f"[tool.labelspec.lint.{section}] unknown rule code '{code}' "
                        "(see `labelspec rules`)"
                    )
        self.enabled: dict[str, type[Rule]] = {
            code: rule
            for code, rule in rules.items()
            if matches(code, chosen_select) and not matches(code, chosen_ignore)
        }
        # A selection of base rules brings VER000, which says when they could not
        # run; only ignoring it by code or prefix silences that.
        if any(rule.needs_base for rule in self.enabled.values()) and not matches(
            BASE_UNAVAILABLE, chosen_ignore
        ):
            self.enabled[BASE_UNAVAILABLE] = rules[BASE_UNAVAILABLE]
        self.severity: dict[str, Severity] = {
            code: self.config.severity.get(code, rule.severity) for code, rule in rules.items()
        }
        self.instances: dict[str, Rule] = {
            code: rule(self._options(rule)) for code, rule in self.enabled.items()
        }
        # Codes whose rules actually ran, so that SUP001 only judges those.
        self.ran: set[str] = {code for code, rule in self.enabled.items() if rule.source != "rule"}

    def _options(self, rule: type[Rule]) -> BaseModel:
        raw = self.config.rules.get(rule.code, {})
        try:
            return rule.Options.model_validate(raw)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(step) for step in problem["loc"])
            message = "unknown option" if problem["type"] == "extra_forbidden" else problem["msg"]
            raise ConfigError(
                f"[tool.labelspec.lint.rules.{rule.code}] {where}: {message}"
            ) from None

    def select_and_stamp(self, findings: Iterable[Finding]) -> list[Finding]:
        """Keep the findings of enabled rules, with their names and severities."""
        kept = []
        for finding in findings:
            rule = self.enabled.get(finding.code)
            if rule is None:
                continue
            kept.append(finding.with_rule(rule.name, self.severity[finding.code]))
        return kept

    def check_result(
        self,
        result: LoadResult,
        repository: Repository | None = None,
        base: Taxonomy | None = None,
        analyzer: Analyzer | None = None,
    ) -> list[Finding]:
        """Findings for one loaded taxonomy file (before suppressions); ``analyzer``
        is the run's, shared with the other files (a new one when None)."""
        findings = list(result.findings)
        if result.taxonomy is not None:
            context = TaxonomyContext(
                result, result.taxonomy, repository, base, analyzer or Analyzer()
            )
            for code, rule in self.instances.items():
                if isinstance(rule, TaxonomyRule) and rule.source == "rule":
                    if rule.needs_base and context.base is None:
                        continue
                    self.ran.add(code)
                    findings.extend(rule.check(context))
        return self.select_and_stamp(findings)

    def check_repository(self, context: RepositoryContext) -> list[Finding]:
        findings: list[Finding] = []
        for code, rule in self.instances.items():
            if isinstance(rule, RepositoryRule):
                self.ran.add(code)
                findings.extend(rule.check(context))
        return self.select_and_stamp(findings)

    def suppress(
        self, findings: list[Finding], sources: dict[str, FileSuppressions]
    ) -> list[Finding]:
        """Drop the findings a comment silences; add SUP findings for comments
        that are malformed or silence nothing."""
        kept = [
            finding
            for finding in findings
            if finding.file not in sources or not sources[finding.file].silences(finding)
        ]
        extra: list[Finding] = []
        for suppressions in sources.values():
            extra.extend(suppressions.malformed)
            extra.extend(suppressions.unused(self.ran))
        return kept + self.select_and_stamp(extra)


def _label_lines(result: LoadResult) -> dict[str, int]:
    keys = result.positions.keys
    return {
        str(path[1]): position[0]
        for path, position in keys.items()
        if len(path) == 2 and path[0] == "labels"
    }


def resolve_ref(repository: Repository, ref: str) -> str:
    """The commit ``ref`` names in the repository's git history, as a hex sha.

    Raises :class:`GitError` with a one-line reason: not a git repository, a ref
    that is not a plain name, an unknown ref (mentioning a shallow clone when the
    history is cut off, since that is the usual cause in CI).
    """
    from labelspec.versions.history import open_repo, resolve_commit

    repo = open_repo(repository)
    # resolve_commit also refuses commits a shallow clone names but lacks.
    return str(resolve_commit(repo, ref).hexsha)


def _base_taxonomy(repository: Repository, path: Path, commit: str) -> Taxonomy | None:
    """The taxonomy in ``path`` at ``commit``, or None when the file is new."""
    from labelspec.versions.history import taxonomy_at

    return taxonomy_at(repository, path, commit)


def _base_key_line(repository: Repository) -> tuple[str, int]:
    """The configuration file (relative) and the line of its ``base`` key, where a
    finding about the configured base points."""
    config_file = repository.config_file
    if config_file is None:
        return "labelspec.toml", 1
    lines = config_file.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if _BASE_KEY.match(text)), 1)
    return repository.relative(config_file), line


_BASE_KEY = re.compile(r"\s*base\s*=")
# What the VER000 finding and the CI error say is lost.
_SKIPPED = "the version checks VER006-VER008 did not run"
_FETCH = (
    "fetch the base branch so that {base} or origin/{base} exists (git fetch origin "
    "{base}, or actions/checkout with fetch-depth: 0), or pass --base REF"
)


def _default_base(repository: Repository, base: str, in_ci: bool) -> tuple[str, str] | Finding:
    """The configured base as (ref used, commit), falling back to ``origin/<base>``;
    else a VER000 finding, or in CI a GitError that stops the run."""
    from labelspec.versions.history import resolve_branch

    try:
        return resolve_branch(repository, base)
    except GitError as error:
        # A shallow clone's message already says how to fetch the history.
        fix = "" if "fetch" in str(error) else "; " + _FETCH.format(base=base)
        if in_ci:
            raise GitError(
                f"configured base: {error}; CI is set, and VER006-VER008 cannot run without it{fix}"
            ) from None
        file, line = _base_key_line(repository)
        return Finding(
            BASE_UNAVAILABLE,
            f"configured base: {error}; {_SKIPPED}",
            file,
            line,
            1,
            hint=_FETCH.format(base=base),
        )


def lint_repository(
    repository: Repository,
    paths: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    base: str | None = None,
    *,
    require_base: bool = True,
    in_ci: bool = False,
) -> LintReport:
    """Lint the given taxonomy files, or every file of the repository (which also
    runs the repository rules over guideline pages).

    ``base`` is a git ref to compare with (VER006-VER008). With ``require_base``
    an unusable ref is an error. Without it (the configured default base) the
    ref falls back to ``origin/<base>``; when neither exists the version checks
    are skipped with a VER000 finding, or, ``in_ci``, the run stops with a
    GitError: a CI run must not pass because its checks switched themselves off.
    """
    linter = Linter(repository.config.lint, select, ignore)
    # The run's text analysis: every rule and file shares it, and it ends with the run.
    analyzer = Analyzer()
    report = LintReport()
    # Reading old versions from git costs a blob per file: only when a rule uses them.
    needs_base = any(rule.needs_base for rule in linter.instances.values())
    raw: list[Finding] = []
    commit = None
    if base is not None and require_base:
        commit = resolve_ref(repository, base)
        report.base = base
    elif base is not None:
        found = _default_base(repository, base, in_ci and needs_base)
        if isinstance(found, Finding):
            # Nothing is skipped when no selected rule compares with the base.
            if needs_base:
                raw.extend(linter.select_and_stamp([found]))
        else:
            report.base, commit = found
    files = list(paths) or repository.taxonomy_files()
    sources: dict[str, FileSuppressions] = {}
    results = []
    for path in files:
        result = repository.load_file(path)
        results.append(result)
        report.files.append(result.file)
        report.results[result.file] = result
        base_taxonomy = None
        if commit is not None and result.taxonomy is not None and needs_base:
            try:
                base_taxonomy = _base_taxonomy(repository, path, commit)
            except LabelspecError as error:
                unreadable = Finding(
                    BASE_UNAVAILABLE,
                    f"{result.file} at {report.base}: {error}; {_SKIPPED} for this file",
                    result.file,
                    1,
                    1,
                )
                raw.extend(linter.select_and_stamp([unreadable]))
        if base_taxonomy is not None:
            report.bases[result.file] = base_taxonomy
        raw.extend(linter.check_result(result, repository, base_taxonomy, analyzer))
        if result.text is not None:
            suppressions = yaml_suppressions(
                result.text, result.file, linter.known, _label_lines(result)
            )
            # Rules did not run on a file that failed to load: nothing to judge.
            suppressions.judge_unused = result.taxonomy is not None
            sources[result.file] = suppressions
    if not paths:
        context = RepositoryContext(repository, results, analyzer)
        raw.extend(linter.check_repository(context))
        if any(isinstance(rule, RepositoryRule) for rule in linter.instances.values()):
            for page in context.pages:
                sources[page.file] = markdown_suppressions(page.text, page.file, linter.known)
    report.findings = linter.suppress(raw, sources)
    report.findings.sort(key=Finding.sort_key)
    return report
