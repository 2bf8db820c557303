"""Label configs of annotation tools: export a taxonomy, import a tool's config,
and check a tool's config for drift.

Each tool is one module here that declares ``TOOL``: a :class:`Tool` saying which
task kinds the tool can hold and how its config is written (``export``) and read
(``read``), side by side. :func:`load_tool` imports a module only when its tool is
asked for; :data:`_MODULES` is the one table of tool names and modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeGuard, get_args

from labelspec.errors import InputError, UsageError

if TYPE_CHECKING:
    from labelspec.interop.labelset import LabelSet
    from labelspec.model import Modality, TaskKind, Taxonomy

ToolName = Literal[
    "label-studio",
    "cvat",
    "labelbox",
    "prodigy",
    "spacy",
    "argilla",
    "doccano",
    "coco",
    "yolo",
    "csv",
]
TOOL_NAMES: tuple[ToolName, ...] = get_args(ToolName)

_MODULES: dict[ToolName, str] = {
    "label-studio": "labelspec.interop.label_studio",
    "cvat": "labelspec.interop.cvat",
    "labelbox": "labelspec.interop.labelbox",
    "prodigy": "labelspec.interop.prodigy",
    "spacy": "labelspec.interop.spacy",
    "argilla": "labelspec.interop.argilla",
    "doccano": "labelspec.interop.doccano",
    "coco": "labelspec.interop.coco",
    "yolo": "labelspec.interop.yolo",
    "csv": "labelspec.interop.spreadsheet",
}


@dataclass
class Exported:
    """A tool's config as text, and what the tool could not hold (said to the
    user, and written as comments where the format has them)."""

    text: str
    notes: list[str] = field(default_factory=list)


# What a tool's config can say about a label beyond its existence; a drift check
# compares only these, since what a tool cannot hold it cannot drift on. "ids":
# the config keeps label ids apart from display names (most tools keep names only).
Aspect = Literal["ids", "names", "hierarchy", "attributes"]
DEFAULT_ASPECTS: frozenset[Aspect] = frozenset({"names", "hierarchy", "attributes"})


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose for an export. ``deprecated``: keep tombstones in the
    config, marked and hidden from annotators, so that a tool that refuses to
    drop labels its annotations still use accepts the new config."""

    deprecated: bool = True


@dataclass(frozen=True, kw_only=True)
class Tool:
    """One annotation tool (or dataset format) as labelspec reads and writes it.

    ``kinds`` and ``modalities`` are what the tool's config can describe (None:
    any). ``export`` writes the config of a taxonomy (most tools work from its
    :func:`~labelspec.interop.labelset.labelset_of`); ``holds`` says which
    aspects its config carries (and so can drift on); ``read`` parses a config
    into one, raising :class:`~labelspec.errors.InputError` with a one-line reason
    for a config that cannot be imported. ``suffix`` is the usual file ending.
    """

    name: ToolName
    title: str
    suffix: str
    export: Callable[[Taxonomy, ExportOptions], Exported]
    read: Callable[[str, str], LabelSet]
    kinds: frozenset[TaskKind] | None = None
    modalities: frozenset[Modality] | None = None
    holds: frozenset[Aspect] = DEFAULT_ASPECTS

    def check_supports(self, modality: Modality, kind: TaskKind) -> None:
        """A UsageError (exit 2) when the tool cannot hold this task: never an
        empty or half-right file."""
        if self.modalities is not None and modality not in self.modalities:
            raise UsageError(
                f"{self.title} has no config for {modality} tasks; it takes "
                + ", ".join(sorted(self.modalities))
            )
        if self.kinds is not None and kind not in self.kinds:
            raise UsageError(
                f"{self.title} has no config for {kind} tasks; it takes "
                + ", ".join(sorted(self.kinds))
            )


def is_tool_name(name: str) -> TypeGuard[ToolName]:
    return name in _MODULES


def load_tool(name: str) -> Tool:
    """The tool called ``name``, its module imported on first use."""
    if not is_tool_name(name):
        raise UsageError(f"unknown tool {name!r}; use one of {', '.join(TOOL_NAMES)}")
    declared = importlib.import_module(_MODULES[name]).TOOL
    assert isinstance(declared, Tool) and declared.name == name, _MODULES[name]
    return declared


def parse_json(text: str, source: str, what: str = "JSON") -> object:
    """A tool's JSON config, or an InputError naming the line and column where
    it stops being ``what``."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source}:{error.lineno}:{error.colno}: not {what}: {error.msg}"
        ) from None
