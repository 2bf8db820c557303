"""labelspec: annotation guidelines and label taxonomies as code.

The public names are imported on first use, so that ``labelspec --help`` does not
pay for pydantic, networkx or spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from labelspec.api import check_config, export, import_config, label_history, lint, load
    from labelspec.diagnostics import Finding
    from labelspec.errors import (
        ConfigError,
        GitError,
        InputError,
        LabelspecError,
        TaxonomyError,
        UsageError,
    )
    from labelspec.interop import Exported
    from labelspec.interop.drift import Drift
    from labelspec.linting.engine import LintReport
    from labelspec.loader import LoadResult, load_text
    from labelspec.model import Label, Taxonomy
    from labelspec.relabeling import relabel
    from labelspec.relabeling.report import RelabelReport
    from labelspec.repository import Repository, load_repo
    from labelspec.versions.changes import Change
    from labelspec.versions.diff import Diff, diff
    from labelspec.versions.label_history import LabelEvent
    from labelspec.versions.mapping_types import LabelMapping, MappingEntry

# name -> the module that defines it; imported on first use.
_PUBLIC = {
    # functions
    "load": "labelspec.api",
    "lint": "labelspec.api",
    "export": "labelspec.api",
    "import_config": "labelspec.api",
    "check_config": "labelspec.api",
    "label_history": "labelspec.api",
    "check": "labelspec.api",
    "load_text": "labelspec.loader",
    "load_repo": "labelspec.repository",
    "diff": "labelspec.versions.diff",
    "relabel": "labelspec.relabeling",
    # the format
    "Label": "labelspec.model",
    "Taxonomy": "labelspec.model",
    "Repository": "labelspec.repository",
    # what the functions return
    "LoadResult": "labelspec.loader",
    "Finding": "labelspec.diagnostics",
    "LintReport": "labelspec.linting.engine",
    "Diff": "labelspec.versions.diff",
    "Change": "labelspec.versions.changes",
    "LabelMapping": "labelspec.versions.mapping_types",
    "MappingEntry": "labelspec.versions.mapping_types",
    "LabelEvent": "labelspec.versions.label_history",
    "RelabelReport": "labelspec.relabeling.report",
    "Exported": "labelspec.interop",
    "Drift": "labelspec.interop.drift",
    "CheckReport": "labelspec.checking",
    # errors
    "LabelspecError": "labelspec.errors",
    "UsageError": "labelspec.errors",
    "InputError": "labelspec.errors",
    "ConfigError": "labelspec.errors",
    "TaxonomyError": "labelspec.errors",
    "GitError": "labelspec.errors",
}

# Spelled out for linters and type checkers; a test keeps it equal to _PUBLIC.
__all__ = [
    "Change",
    "CheckReport",
    "ConfigError",
    "Diff",
    "Drift",
    "Exported",
    "Finding",
    "GitError",
    "InputError",
    "Label",
    "LabelEvent",
    "LabelMapping",
    "LabelspecError",
    "LintReport",
    "LoadResult",
    "MappingEntry",
    "RelabelReport",
    "Repository",
    "Taxonomy",
    "TaxonomyError",
    "UsageError",
    "__version__",
    "check",
    "check_config",
    "diff",
    "export",
    "import_config",
    "label_history",
    "lint",
    "load",
    "load_repo",
    "load_text",
    "relabel",
]


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'labelspec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
