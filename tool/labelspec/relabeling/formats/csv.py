"""CSV and TSV: one record per row, the label in the column ``--field`` names.

With a header row (the default) ``--field`` is a column name and the other
columns are the attributes a rule-split reads; without one (``header=False``) it
is a 1-based column number. A cell may hold several labels joined by
``--separator`` (GoEmotions writes ``2,14``). Quoting follows the Excel dialect
that pandas and spreadsheets write; TSV uses tabs. Bytes that are not UTF-8 pass
through unchanged (surrogate escapes), so relabelling never corrupts other columns.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from labelspec.errors import InputError, UsageError
from labelspec.relabeling.engine import RecordLabels
from labelspec.relabeling.formats import Format, FormatOption
from labelspec.relabeling.plan import UnknownLabel

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run
    from labelspec.relabeling.outputs import Sink


class RowWriter(Protocol):
    def writerow(self, row: list[str], /) -> object: ...


ENCODING = "utf-8"
ERRORS = "surrogateescape"


class _Encoder:
    """A text stream over a binary sink, for ``csv.writer``.

    The writer is given ``\r\n`` as line terminator because only then does it
    quote fields that hold a bare ``\r``; each row's terminator is put back to
    the input's own line ending here.
    """

    def __init__(self, sink: Sink, ending: str) -> None:
        self.sink = sink
        self.ending = ending

    def write(self, text: str) -> None:
        if self.ending != "\r\n" and text.endswith("\r\n"):
            text = text[:-2] + self.ending
        self.sink.write(text.encode(ENCODING, ERRORS))


def _line_ending(path: Path) -> str:
    """The input's line ending (of its first line), kept in the output."""
    with path.open("rb") as stream:
        first = stream.readline(1 << 20)
    return "\r\n" if first.endswith(b"\r\n") else "\n"


def _delimiter(source: Path) -> str:
    """The csv format reads a file named like TSV as TSV."""
    return "\t" if source.suffix.lower() in (".tsv", ".tab") else ","


def _column(run: Run, header: list[str] | None) -> int:
    field = run.options.field
    if header is None:
        if field is None or not field.isdigit() or int(field) < 1:
            raise UsageError("without a header row, --field is a column number (1 = first)")
        return int(field) - 1
    name = field or "label"
    if name not in header:
        shown = ", ".join(header[:10])
        raise UsageError(f"{run.source}: no column {name!r} in the header ({shown})")
    return header.index(name)


def relabel_csv(run: Run) -> None:
    _relabel_table(run, _delimiter(run.source))


def relabel_tsv(run: Run) -> None:
    _relabel_table(run, "\t")


def _relabel_table(run: Run, delimiter: str) -> None:
    separator = run.options.separator
    try:
        ending = _line_ending(run.source)
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    writer = csv.writer(
        _Encoder(run.outputs.sink, ending), delimiter=delimiter, lineterminator="\r\n"
    )
    try:
        raw = open(run.source, "rb")  # noqa: SIM115 - closed with the text layer below
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    stream = io.TextIOWrapper(raw, encoding=ENCODING, errors=ERRORS, newline="")
    with stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        header: list[str] | None = None
        if run.options.header:
            try:
                header = next(reader)
            except StopIteration:
                raise InputError(
                    f"{run.source}: the file is empty; expected a header row"
                ) from None
            except csv.Error as error:
                raise InputError(f"{run.source}: line 1: {error}") from None
            writer.writerow(header)
        column = _column(run, header)
        width = len(header) if header is not None else None
        line = reader.line_num + 1
        total = run.source.stat().st_size
        # The hot path: a cell holding one label that maps to one label
        # whatever the row says. Multi-label cells, rows of the wrong width and
        # everything needing rules or review take the general path.
        table = {} if separator else run.plan.fast_table(run.options.style)
        seen: list[str] = []
        counts: Counter[str] = Counter()
        writerow = writer.writerow
        read = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                read += 1
                run.reject(line, f"malformed CSV: {error}", None)
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not row:
                continue
            read += 1
            if not read & 0xFFFF:
                # Fold the fast path's labels now and then: flat memory.
                counts.update(seen)
                seen.clear()
                if run.progress is not None:
                    # The text layer cannot tell() while csv iterates; the bytes
                    # read so far are close enough for a progress bar.
                    run.progress(raw.tell(), total)
            if (width is None or len(row) == width) and column < len(row):
                cell = row[column]
                new = table.get(cell)
                if new is not None:
                    if new != cell:
                        row[column] = new
                    writerow(row)
                    seen.append(cell)
                    continue
            _relabel_row(run, start, row, header, width, column, separator, writer)
        if run.progress is not None:
            run.progress(total, total)
    counts.update(seen)
    run.count_read(read)
    changed = {token for token, new in table.items() if new != token}
    run.book_fast(counts, run.plan.token_labels(run.options.style), changed)


def _relabel_row(
    run: Run,
    line: int,
    row: list[str],
    header: list[str] | None,
    width: int | None,
    column: int,
    separator: str | None,
    writer: RowWriter,
) -> None:
    record: object = dict(zip(header, row, strict=False)) if header is not None else row
    if width is not None and len(row) != width:
        run.reject(line, f"expected {width} fields, found {len(row)}", row)
        return
    if column >= len(row):
        run.reject(line, f"no column {column + 1} (the row has {len(row)})", row)
        return
    cell = row[column]
    if not cell.strip():
        writer.writerow(row)
        run.written(RecordLabels())
        return
    labels = RecordLabels()
    attributes = record if isinstance(record, dict) else None
    try:
        if separator:
            tokens = [token.strip() for token in cell.split(separator)]
            new = run.relabel_list(labels, tokens, attributes)
            relabelled = separator.join(new)
            if new != tokens:
                labels.modified = True
        else:
            new = run.relabel(labels, cell.strip(), attributes, single=True)
            relabelled = new[0] if new else ""
    except UnknownLabel as error:
        run.reject(line, str(error), record, error.token)
        return
    if labels.needs_review:
        run.to_review(labels, line, record)
    elif not relabelled:
        run.dropped(labels)
    else:
        if labels.changed:
            row = [*row[:column], relabelled, *row[column + 1 :]]
        writer.writerow(row)
        run.written(labels)


OPTIONS: frozenset[FormatOption] = frozenset({"field", "separator", "by_index", "header"})
FORMAT = Format(name="csv", reads="file", options=OPTIONS, relabel_file=relabel_csv)
