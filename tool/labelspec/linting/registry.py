"""Rules and their registry.

A rule is a small class: a code, a kebab-case name, a default severity, an
options model, and one ``check`` that yields findings. Its family comes from the
code's prefix (:data:`FAMILIES`). Its docstring, in the order What it does / Why
is this bad? / Example / Use instead, is its documentation. The engine, not the
rule, decides the severity a finding is reported with.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, Literal, get_args

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypeVar

from labelspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from labelspec.linting.context import RepositoryContext, TaxonomyContext

CODE_PATTERN = re.compile(r"^[A-Z]{3}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z]+(-[a-z]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
# Where each rule's fixture cases are, relative to a checkout of the project.
FIXTURES = "tests/rules"


@dataclass(frozen=True)
class Family:
    """A group of rules sharing a code prefix: ``name`` for selectors' readers and
    SARIF tags, ``title`` for the docs."""

    name: str
    title: str


FAMILIES: dict[str, Family] = {
    "SCH": Family("schema", "Schema"),
    "GRA": Family("graph", "Graph"),
    "NAM": Family("naming", "Naming"),
    "DEF": Family("definitions", "Definitions"),
    "OVL": Family("overlap", "Overlap and conflict"),
    "EXM": Family("examples", "Examples"),
    "VER": Family("lifecycle", "Lifecycle and versions"),
    "GDL": Family("guidelines", "Guideline prose"),
    "SUP": Family("suppressions", "Suppression comments"),
}


class RuleOptions(BaseModel):
    """Base of every rule's options model; a rule without options accepts none."""

    model_config = ConfigDict(extra="forbid")


# Covariant, so that a rule with its own options is still a Rule to the engine.
OptionsT = TypeVar("OptionsT", bound=BaseModel, default=BaseModel, covariant=True)


class Rule(Generic[OptionsT]):
    """Base of every rule. Subclasses set the class variables and ``check``, and
    name their options model as the type argument: ``TaxonomyRule[MyOptions]``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    # Set from the type argument (see __init_subclass__): what configuration validates.
    Options: ClassVar[type[BaseModel]] = RuleOptions
    # Who finds what the rule describes: its own check, the loader (the SCH
    # family, which the rule only documents), or the engine (the SUP family,
    # about suppression comments).
    source: ClassVar[Literal["rule", "loader", "engine"]] = "rule"
    # Compares with the taxonomy at a base git ref (runs only with --base).
    needs_base: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            for argument in get_args(base):
                if isinstance(argument, type) and issubclass(argument, BaseModel):
                    cls.Options = argument

    def __init__(self, options: OptionsT | None = None) -> None:
        # The engine validates configuration with cls.Options, the type argument.
        self.options: OptionsT = options if options is not None else self.Options()  # type: ignore[assignment]

    @classmethod
    def family(cls) -> Family:
        return FAMILIES[cls.code[:3]]

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of "What it does"."""
        doc = inspect.cleandoc(cls.__doc__ or "")
        body = doc.split("## What it does", 1)[-1].strip()
        return body.split("\n\n", 1)[0].replace("\n", " ").strip()


class TaxonomyRule(Rule[OptionsT]):
    """A rule that looks at one loaded taxonomy at a time."""

    def check(self, context: TaxonomyContext) -> Iterable[Finding]:
        return ()


class RepositoryRule(Rule[OptionsT]):
    """A rule that looks at the repository as a whole (guideline pages, all taxonomies)."""

    def check(self, context: RepositoryContext) -> Iterable[Finding]:
        return ()


RULES: dict[str, type[Rule]] = {}

RuleType = TypeVar("RuleType", bound=type[Rule])


def register(rule: RuleType) -> RuleType:
    """Class decorator adding a rule to :data:`RULES`; refuses duplicates."""
    if not CODE_PATTERN.match(rule.code):
        raise ValueError(f"rule code {rule.code!r} is not like ABC123")
    if rule.code[:3] not in FAMILIES:
        raise ValueError(f"rule code {rule.code} has no family (see FAMILIES)")
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
    from labelspec.linting import rules  # noqa: F401  (registers the rules)

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
    """Up to the first full stop before a capital: a whole sentence, never one cut
    at a colon that a list follows."""
    return re.split(r"(?<=\.)\s+(?=[A-Z])", text, maxsplit=1)[0]


def rule_listing() -> str:
    """One line per rule: code, name, family, default severity and summary."""
    rules = all_rules()
    width = max(len(rule.name) for rule in rules.values())
    return "\n".join(
        f"{code}  {rule.name:<{width}}  {rule.family().name:<12} {rule.severity:<8} "
        + first_sentence(rule.summary())
        for code, rule in rules.items()
    )


def rule_location(rule: type[Rule]) -> str:
    """``file:line`` of the rule's class, for a reader who wants its code."""
    _, line = inspect.getsourcelines(rule)
    return f"{inspect.getsourcefile(rule)}:{line}"


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
    flags = [f"family {rule.family().name}", f"default severity {rule.severity}"]
    if rule.needs_base:
        flags.append("runs with --base")
    defaults = rule.Options().model_dump()
    options = [
        f"  {name} (default {defaults[name]!r})"
        + (f": {field.description}" if field.description else "")
        for name, field in rule.Options.model_fields.items()
    ]
    parts = [
        f"{rule.code} {rule.name}",
        ", ".join(flags),
        f"defined at {rule_location(rule)}; fixture cases in {FIXTURES}/{rule.code}.yaml",
        "",
    ]
    for title, text in iter_docs(rule):
        parts += [title, text, ""]
    if options:
        parts += ["Options ([tool.labelspec.lint.rules." + rule.code + "])", *options, ""]
    return "\n".join(parts).rstrip()
