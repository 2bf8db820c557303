"""TSV: the CSV format with tabs between fields, whatever the file is named
(GoEmotions and many NLP corpora ship ``.txt`` or ``.tsv`` files)."""

from __future__ import annotations

from labelspec.relabeling.formats import Format
from labelspec.relabeling.formats.csv import OPTIONS, relabel_tsv

FORMAT = Format(name="tsv", reads="file", options=OPTIONS, relabel_file=relabel_tsv)
