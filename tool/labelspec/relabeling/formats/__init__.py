"""The dataset formats relabel reads, one module per format.

Each module declares ``FORMAT``: a :class:`Format` that says what the format
reads, which options it takes and which function streams a run's input to the
output, review and rejects. :func:`load_format` imports a module only when its
format is asked for, so ``labelspec --help`` and runs in other formats do not
pay for it; :data:`_MODULES` is the one table of format names and modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeGuard, get_args

from labelspec.errors import UsageError

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run

FormatName = Literal["jsonl", "csv", "tsv", "coco", "label-studio", "conll", "yolo"]
FORMAT_NAMES: tuple[FormatName, ...] = get_args(FormatName)

FormatOption = Literal["field", "separator", "by_index", "header"]
"""An option only some formats read; every format takes ``on_removed``."""

OnRemoved = Literal["review", "drop"]
"""What happens to data of a label removed without replacement."""

OPTION_FLAGS: dict[FormatOption, str] = {
    "field": "--field",
    "separator": "--separator",
    "by_index": "--by-index",
    "header": "--no-header",
}
"""How each option is spelled on the command line, for messages."""

_MODULES: dict[FormatName, str] = {
    "jsonl": "labelspec.relabeling.formats.jsonl",
    "csv": "labelspec.relabeling.formats.csv",
    "tsv": "labelspec.relabeling.formats.tsv",
    "coco": "labelspec.relabeling.formats.coco",
    "label-studio": "labelspec.relabeling.formats.label_studio",
    "conll": "labelspec.relabeling.formats.conll",
    "yolo": "labelspec.relabeling.formats.yolo",
}


@dataclass(frozen=True, kw_only=True)
class Format:
    """One dataset format, as the driver needs to know it.

    ``reads`` is ``"file"`` for one input file written to one output file, or
    ``"folder"`` for a dataset folder written to a new folder; a folder format
    may also be given the file that describes its folder, named by one of
    ``manifest_suffixes`` (YOLO's ``data.yaml``). ``options`` are the options the
    format reads; the driver refuses the others rather than ignore them.
    """

    name: FormatName
    reads: Literal["file", "folder"]
    relabel_file: Callable[[Run], None]
    options: frozenset[FormatOption] = frozenset()
    manifest_suffixes: tuple[str, ...] = ()

    def refuse_unused(self, given: Collection[FormatOption]) -> None:
        """Raise a UsageError naming every option in ``given`` that this format
        does not read: an ignored option would hide a mistake."""
        unused = [
            flag
            for option, flag in OPTION_FLAGS.items()
            if option in given and option not in self.options
        ]
        if unused:
            takes = [flag for option, flag in OPTION_FLAGS.items() if option in self.options]
            raise UsageError(
                f"{self.name} input does not use {', '.join(unused)}; "
                + (f"it takes {', '.join(takes)}" if takes else "it takes no format options")
            )


def is_format_name(name: str) -> TypeGuard[FormatName]:
    return name in _MODULES


def load_format(name: str) -> Format:
    """The format called ``name``, its module imported on first use."""
    if not is_format_name(name):
        raise UsageError(f"unknown format {name!r}; use one of {', '.join(FORMAT_NAMES)}")
    declared = importlib.import_module(_MODULES[name]).FORMAT
    assert isinstance(declared, Format) and declared.name == name, _MODULES[name]
    return declared
