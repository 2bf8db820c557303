"""Runs the rules over files and a repository and applies the configuration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from labelspec.config import LintConfig
from labelspec.errors import ConfigError, UsageError
from labelspec.lint.context import RepositoryContext, TaxonomyContext
from labelspec.lint.diagnostics import SEVERITY_ORDER, Finding, Severity
from labelspec.lint.registry import RepositoryRule, Rule, TaxonomyRule, all_rules, matches
from labelspec.loader import LoadResult
from labelspec.repository import Repository


@dataclass
class LintReport:
    """Findings, sorted by file and position, and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

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
        chosen_select = list(select) or self.config.select or ["ALL"]
        chosen_ignore = [*self.config.ignore, *ignore]
        for selector in [*chosen_select, *chosen_ignore]:
            if selector != "ALL" and not any(code.startswith(selector) for code in rules):
                raise UsageError(f"no rule matches '{selector}' (see `labelspec rules`)")
        self.enabled: dict[str, type[Rule]] = {
            code: rule
            for code, rule in rules.items()
            if matches(code, chosen_select) and not matches(code, chosen_ignore)
        }
        self.severity: dict[str, Severity] = {
            code: self.config.severity.get(code, rule.severity) for code, rule in rules.items()
        }
        self.instances: dict[str, Rule] = {
            code: rule(self._options(rule)) for code, rule in self.enabled.items()
        }

    def _options(self, rule: type[Rule]) -> BaseModel:
        raw = self.config.rules.get(rule.code, {})
        try:
            return rule.Options.model_validate(raw)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(step) for step in problem["loc"])
            raise ConfigError(
                f"[tool.labelspec.lint.rules.{rule.code}] {where}: {problem['msg']}"
            ) from None

    def _finish(self, findings: Iterable[Finding]) -> list[Finding]:
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
        base: object | None = None,
    ) -> list[Finding]:
        """Findings for one loaded taxonomy file."""
        findings = list(result.findings)
        if result.taxonomy is not None:
            context = TaxonomyContext(result, result.taxonomy, repository)
            for rule in self.instances.values():
                if isinstance(rule, TaxonomyRule) and not rule.from_loader:
                    if rule.needs_base and context.base is None:
                        continue
                    findings.extend(rule.check(context))
        return self._finish(findings)

    def check_repository(self, context: RepositoryContext) -> list[Finding]:
        findings: list[Finding] = []
        for rule in self.instances.values():
            if isinstance(rule, RepositoryRule):
                findings.extend(rule.check(context))
        return self._finish(findings)


def lint_repository(
    repository: Repository,
    paths: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> LintReport:
    """Lint the given taxonomy files, or every file of the repository."""
    linter = Linter(repository.config.lint, select, ignore)
    files = list(paths) or repository.taxonomy_files()
    report = LintReport()
    results = []
    for path in files:
        result = repository.load_file(path)
        results.append(result)
        report.files.append(result.file)
        report.findings.extend(linter.check_result(result, repository))
    if not paths:
        report.findings.extend(linter.check_repository(RepositoryContext(repository, results)))
    report.findings.sort(key=Finding.sort_key)
    return report
