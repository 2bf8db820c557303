"""Small taxonomies written inline by the tests: one header, one way to load them.

Imported as ``from taxonomies import ...`` (``tests/`` is on the path); not a
conftest, because pytest imports every folder's conftest under the same name.
"""

from __future__ import annotations

from labelspec.loader import load_text
from labelspec.model import Taxonomy


def taxonomy_header(
    *,
    version: str = "2.0.0",
    modality: str = "image",
    kind: str = "classification",
    taxonomy: str = "t",
) -> str:
    """The top of a taxonomy file up to ``labels:``; tests append indented labels."""
    return (
        f"taxonomy: {taxonomy}\ntitle: {taxonomy.upper()}\nversion: {version}\n"
        f"task: {{modality: {modality}, kind: {kind}}}\nlabels:\n"
    )


def load_labels(labels: str, file: str = "t.yaml", **header: str) -> Taxonomy:
    """A taxonomy of ``labels`` under :func:`taxonomy_header`; the test fails with
    the loader's findings when it does not load."""
    return load_text(taxonomy_header(**header) + labels, file).require()
