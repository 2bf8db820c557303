"""Relabel annotated datasets from an earlier taxonomy version to the current one.

:func:`relabel` (in :mod:`labelspec.relabeling.run`) streams the input, applies the
label mapping record by record and writes every record to exactly one place: the
output (deterministic mapping), the review file (a decision is needed), the
rejects file (malformed, or a label the old version does not have) or nowhere
(``on_removed="drop"``, counted as dropped). The formats it reads are in
:mod:`labelspec.relabeling.formats`.
"""

from __future__ import annotations

from labelspec.relabeling.formats import FORMAT_NAMES, FormatName
from labelspec.relabeling.run import relabel

__all__ = ["FORMAT_NAMES", "FormatName", "relabel"]
