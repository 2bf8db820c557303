"""CoNLL-style token files (CoNLL-2003 NER and the like): one token per line,
whitespace-separated columns, the tag in the last column (or the 1-based column
``--field`` names), sentences separated by blank lines, ``-DOCSTART-`` lines
between documents, ``#`` comment lines kept.

A sentence is a record. Tags keep their prefix (``B-``, ``I-``, and ``E-``,
``S-``, ``L-``, ``U-`` of IOBES/BILOU); ``O`` is no label; a tag without a
prefix is a bare label (IO scheme). Column spacing is kept: only the tag's
characters are replaced.

IOB1 marks the start of an entity with ``B-`` only when it directly follows an
entity of the same type. When a merge gives two adjacent entities of different
old types the same new type, the second one's first ``I-`` becomes ``B-``, so
the two entities are not fused into one.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from labelspec.errors import InputError, UsageError
from labelspec.relabeling.engine import MalformedRecord, RecordLabels
from labelspec.relabeling.formats import Format
from labelspec.relabeling.plan import UnknownLabel

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run

PREFIXES = frozenset("BIESLU")
TOKEN = re.compile(r"\S+")
ENCODING = "utf-8"
ERRORS = "surrogateescape"


def split_tag(tag: str) -> tuple[str, str | None]:
    """``B-PER`` -> ("B", "PER"); ``O`` -> ("", None); ``PER`` -> ("", "PER")."""
    if tag == "O":
        return "", None
    if len(tag) > 2 and tag[1] == "-" and tag[0] in PREFIXES:
        return tag[0], tag[2:]
    return "", tag


def _column(run: Run) -> int | None:
    field = run.options.field
    if field is None:
        return None
    if not field.isdigit() or int(field) < 1:
        raise UsageError("for conll, --field is a column number (1 = first)")
    return int(field) - 1


def relabel_file(run: Run) -> None:
    column = _column(run)
    sink = run.outputs.sink
    sentence: list[tuple[int, str]] = []
    try:
        binary = open(run.source, "rb")  # noqa: SIM115 - closed with the text layer below
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    stream = io.TextIOWrapper(binary, encoding=ENCODING, errors=ERRORS, newline="")
    progress = run.progress
    total = run.source.stat().st_size

    def flush() -> bool:
        if not sentence:
            return True
        kept = _relabel_sentence(run, sentence, column)
        sentence.clear()
        if kept is not None:
            sink.write(kept.encode(ENCODING, ERRORS))
        return kept is not None

    with stream:
        last_written = True
        for number, raw in enumerate(stream, 1):
            if progress is not None and not number & 0xFFFF:
                progress(binary.tell(), total)  # the text layer cannot tell() here
            line = raw.rstrip("\r\n")
            if not line.strip():
                written = flush() if sentence else last_written
                # The separator after a sentence that left the output goes too.
                if written:
                    sink.write(b"\n")
                last_written = True
                continue
            if line.startswith("-DOCSTART-"):
                last_written = flush()
                sink.write((line + "\n").encode(ENCODING, ERRORS))
                continue
            sentence.append((number, line))
        flush()
    if progress is not None:
        progress(total, total)


def _relabel_sentence(run: Run, sentence: list[tuple[int, str]], column: int | None) -> str | None:
    """The relabelled sentence as text, or None when it went to review or rejects."""
    run.count_read()
    first = sentence[0][0]
    labels = RecordLabels()
    lines: list[str] = []
    previous_old: str | None = None
    previous_new: str | None = None
    try:
        for number, line in sentence:
            if line.startswith("#"):
                lines.append(line)
                continue
            spans = [match.span() for match in TOKEN.finditer(line)]
            index = len(spans) - 1 if column is None else column
            if (len(spans) < 2 and column is None) or index >= len(spans):
                raise MalformedRecord(f"line {number}: no tag column")
            start, end = spans[index]
            prefix, label = split_tag(line[start:end])
            if label is None:
                previous_old = previous_new = None
                lines.append(line)
                continue
            new = run.relabel(labels, label, None, single=True)
            if not new:
                tag, new_label = "O", None
            else:
                new_label = new[0]
                if (
                    prefix == "I"
                    and previous_old is not None
                    and previous_old != label
                    and previous_new == new_label
                ):
                    prefix = "B"
                tag = f"{prefix}-{new_label}" if prefix else new_label
            previous_old, previous_new = label, new_label
            lines.append(line[:start] + tag + line[end:])
    except MalformedRecord as error:
        run.reject(first, str(error), [line for _, line in sentence])
        return None
    except UnknownLabel as error:
        run.reject(first, str(error), [line for _, line in sentence], error.token)
        return None
    if labels.needs_review:
        run.to_review(labels, first, [line for _, line in sentence])
        return None
    run.written(labels)
    return "\n".join(lines) + "\n"


FORMAT = Format(
    name="conll",
    reads="file",
    options=frozenset({"field", "by_index"}),
    relabel_file=relabel_file,
)
