"""labelspec: annotation guidelines and label taxonomies as code.

The public names are imported on first use, so that ``labelspec --help`` does not
pay for pydantic, networkx or spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from labelspec.api import lint, load
    from labelspec.errors import (
        ConfigError,
        GitError,
        InputError,
        LabelspecError,
        TaxonomyError,
        UsageError,
    )
    from labelspec.loader import load_text
    from labelspec.model import Label, Taxonomy
    from labelspec.relabeling import relabel
    from labelspec.repository import Repository, load_repo
    from labelspec.versions.diff import diff

_PUBLIC = {
    "ConfigError": "labelspec.errors",
    "GitError": "labelspec.errors",
    "InputError": "labelspec.errors",
    "LabelspecError": "labelspec.errors",
    "TaxonomyError": "labelspec.errors",
    "UsageError": "labelspec.errors",
    "load": "labelspec.api",
    "lint": "labelspec.api",
    "load_text": "labelspec.loader",
    "Label": "labelspec.model",
    "Taxonomy": "labelspec.model",
    "Repository": "labelspec.repository",
    "load_repo": "labelspec.repository",
    "diff": "labelspec.versions.diff",
    "relabel": "labelspec.relabeling",
}

__all__ = [
    "ConfigError",
    "GitError",
    "InputError",
    "Label",
    "LabelspecError",
    "Repository",
    "Taxonomy",
    "TaxonomyError",
    "UsageError",
    "__version__",
    "diff",
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
