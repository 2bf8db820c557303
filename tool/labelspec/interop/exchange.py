"""Export, import and drift checks for any tool: the steps every tool shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelspec.interop import Exported, ExportOptions, load_tool
from labelspec.interop.drift import Drift, compare
from labelspec.interop.labelset import labelset_of
from labelspec.interop.writer import taxonomy_yaml
from labelspec.loader import load_text

if TYPE_CHECKING:
    from labelspec.model import Taxonomy


def export_config(taxonomy: Taxonomy, tool: str, options: ExportOptions | None = None) -> Exported:
    """The config of ``tool`` for ``taxonomy``; a UsageError when the tool cannot
    hold the task."""
    found = load_tool(tool)
    found.check_supports(taxonomy.task.modality, taxonomy.task.kind)
    return found.export(taxonomy, options or ExportOptions())


def import_config(text: str, tool: str, taxonomy_id: str, source: str = "<config>") -> str:
    """A taxonomy file (YAML text) from a tool's config. The result always loads:
    a config whose labels cannot make a taxonomy is an InputError instead."""
    labels = load_tool(tool).read(text, source)
    document = taxonomy_yaml(labels, taxonomy_id, source)
    # Never hand out a file that labelspec itself cannot read.
    load_text(document, f"{taxonomy_id}.yaml", expected_id=taxonomy_id).require()
    return document


def check_config(taxonomy: Taxonomy, tool: str, text: str, source: str = "<config>") -> list[Drift]:
    """How the config a tool holds now differs from the taxonomy."""
    found = load_tool(tool)
    found.check_supports(taxonomy.task.modality, taxonomy.task.kind)
    return compare(labelset_of(taxonomy), found.read(text, source), found.holds)
