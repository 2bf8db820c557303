"""Rules and their registry.

A rule is a small class: a code, a kebab-case name, a family, a default severity,
an options model, and one ``check`` that yields findings. Its docstring, in the
order What it does / Why is this bad? / Example / Use instead, is its documentation.
The engine, not the rule, decides the severity a finding is reported with.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from labelspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from labelspec.lint.context import RepositoryContext, TaxonomyContext

CODE_PATTERN = re.compile(r"^[A-Z]{3}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z]+(-[a-z]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class NoOptions(BaseModel):
    """Rules without options accept none."""

    model_config = ConfigDict(extra="forbid")


class Rule:
    """Base of every rule. Subclasses set the class variables and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    Options: ClassVar[type[BaseModel]] = NoOptions
    # Found while loading (the SCH family): the loader reports them, the rule documents them.
    from_loader: ClassVar[bool] = False
    # Found by the engine itself (the SUP family, about suppression comments).
    from_engine: ClassVar[bool] = False
    # Compares with the taxonomy at a base git ref (runs only with --base).
    needs_base: ClassVar[bool] = False

    def __init__(self, options: BaseModel | None = None) -> None:
        self.options = options if options is not None else self.Options()

    @classmethod
    def summary(cls) -> str:
        """The first sentence of "What it does"."""
        doc = inspect.cleandoc(cls.__doc__ or "")
        body = doc.split("## What it does", 1)[-1].strip()
        return body.split("\n\n", 1)[0].replace("\n", " ").strip()


class TaxonomyRule(Rule):
    """A rule that looks at one loaded taxonomy at a time."""

    def check(self, context: TaxonomyContext) -> Iterable[Finding]:
        return ()


class RepositoryRule(Rule):
    """A rule that looks at the repository as a whole (guideline pages, all taxonomies)."""

    def check(self, context: RepositoryContext) -> Iterable[Finding]:
        return ()


RULES: dict[str, type[Rule]] = {}

RuleType = TypeVar("RuleType", bound=type[Rule])


def register(rule: RuleType) -> RuleType:
    """Class decorator adding a rule to :data:`RULES`; refuses duplicates."""
    if not CODE_PATTERN.match(rule.code):
        raise ValueError(f"rule code {rule.code!r} is not like ABC123")
    if not NAME_PATTERN.match(rule.name):
        raise ValueError(f"rule name {rule.name!r} is not kebab-case")
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} is registered twice")
    if any(other.name == rule.name for other in RULES.values()):
        raise ValueError(f"rule name {rule.name!r} is registered twice")
    RULES[rule.code] = rule
    return rule


def all_rules() -> dict[str, type[Rule]]:
    """Every rule, by code, in code order (importing the rule modules once)."""
    from labelspec.lint import rules  # noqa: F401  (registers the rules)

    return dict(sorted(RULES.items()))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether ``code`` is chosen by any selector: ALL, a family (GRA), a prefix
    (GRA00) or a code."""
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def iter_docs(rule: type[Rule]) -> Iterator[tuple[str, str]]:
    """(section title, text) pairs of a rule's docstring."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    parts = re.split(r"^## (.+)$", doc, flags=re.MULTILINE)
    for index in range(1, len(parts) - 1, 2):
        yield parts[index].strip(), parts[index + 1].strip()


def first_sentence(text: str) -> str:
    """Up to the first full stop before a capital, or a colon that ends a line of
    text (not one inside code such as `# labelspec: ignore[...]`)."""
    return re.split(r"(?<=\.)\s+(?=[A-Z])|(?<=:)\s+(?=[-*A-Z])", text, maxsplit=1)[0]


def rule_listing() -> str:
    """One line per rule: code, name, family, default severity and summary."""
    rules = all_rules()
    width = max(len(rule.name) for rule in rules.values())
    return "\n".join(
        f"{code}  {rule.name:<{width}}  {rule.family:<12} {rule.severity:<8} "
        + first_sentence(rule.summary())
        for code, rule in rules.items()
    )


def rule_text(code: str) -> str:
    """A rule's documentation as text; UsageError for an unknown code."""
    import difflib

    from labelspec.errors import UsageError

    rules = all_rules()
    rule = rules.get(code.strip().upper())
    if rule is None:
        by_name = {found.name: found for found in rules.values()}
        rule = by_name.get(code.strip().lower())
    if rule is None:
        close = difflib.get_close_matches(code.upper(), list(rules), n=1)
        suggestion = f"; did you mean {close[0]}?" if close else " (see `labelspec rules`)"
        raise UsageError(f"no rule '{code}'{suggestion}")
    flags = [f"family {rule.family}", f"default severity {rule.severity}"]
    if rule.needs_base:
        flags.append("runs with --base")
    defaults = rule.Options().model_dump()
    options = [
        f"  {name} (default {defaults[name]!r})"
        + (f": {field.description}" if field.description else "")
        for name, field in rule.Options.model_fields.items()
    ]
    parts = [f"{rule.code} {rule.name}", ", ".join(flags), ""]
    for title, text in iter_docs(rule):
        parts += [title, text, ""]
    if options:
        parts += ["Options ([tool.labelspec.lint.rules." + rule.code + "])", *options, ""]
    return "\n".join(parts).rstrip()
