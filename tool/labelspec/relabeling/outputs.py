"""Where relabelled data, review items and rejects go: temporary files renamed
into place only when the whole run succeeded, so an interrupted or failed run
leaves no partial output behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Protocol

import orjson

from labelspec.errors import InputError, UsageError
from labelspec.files import AtomicFile, umask
from labelspec.relabeling.plan import Review


class Sink(Protocol):
    """Something records are written to."""

    def write(self, data: bytes, /) -> object: ...


class NullSink:
    """The sink of a dry run: counts nothing, keeps nothing."""

    def write(self, data: bytes, /) -> object:
        return None


class AtomicDirectory:
    """A folder built beside ``path`` and renamed to it on :meth:`commit`.

    An existing folder is never merged into or replaced: relabelled label files
    next to stale ones would be worse than an error."""

    def __init__(self, path: Path) -> None:
        if path.exists():
            raise UsageError(f"{path}: the output folder exists; remove it or choose another")
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        except OSError as error:
            raise InputError(f"{path}: cannot write: {error.strerror}") from None

    def commit(self) -> None:
        os.chmod(self.temporary, 0o777 & ~umask())  # mkdtemp made it private
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        shutil.rmtree(self.temporary, ignore_errors=True)


PreparedReview = tuple[bytes, bytes]
"""The bytes of a review line before its line number, and between it and the record."""


class ReviewLog:
    """The review file: one JSON object per record that needs a decision, in the
    shape DESIGN.md gives (:meth:`_item`), written whole by :meth:`add` or from
    prepared pieces by :meth:`add_json`."""

    def __init__(self, sink: Sink, source: str) -> None:
        self.sink = sink
        self.source = source

    def _item(
        self, line: int, decisions: list[dict[str, object]], record: object, source: str | None
    ) -> dict[str, object]:
        first = decisions[0]
        item: dict[str, object] = {
            "source": source or self.source,
            "line": line,
            "label": first["label"],
            "candidates": first["candidates"],
            "reason": first["reason"],
            "record": record,
        }
        if len(decisions) > 1:
            # Additive to the DESIGN.md shape: a record can hold several labels
            # that each need a decision; the first one fills the standard keys.
            item["undecided"] = decisions
        return item

    def add(
        self,
        line: int,
        decisions: list[dict[str, object]],
        record: object,
        source: str | None = None,
    ) -> None:
        self.sink.write(_json_line(self._item(line, decisions, record, source)))

    def prepare(self, review: Review) -> PreparedReview:
        """A review known before any record is read, cut into the pieces
        :meth:`add_json` puts around the line number and the record.

        The pieces are cut from the one item shape, so both ways of writing a
        review line agree. The cuts are unambiguous: a JSON string cannot hold
        the marker's unescaped quotes, and the record comes last.
        """
        text = _json_line(self._item(0, [review.to_json()], None, None))
        head, tail = text.split(b'"line":0', 1)
        return head + b'"line":', tail.removesuffix(b"null}\n")

    def add_json(self, line: int, prepared: PreparedReview, record: bytes) -> None:
        """A review line for a record that is one line of JSON text already: the
        text is copied in, not parsed and dumped again (the JSONL hot path)."""
        head, tail = prepared
        self.sink.write(b"%s%d%s%s}\n" % (head, line, tail, record.rstrip()))


class RejectLog:
    """``<output>.rejects``: malformed records with their line and the error.

    Opened on the first reject, so that a clean run leaves no empty file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.file: AtomicFile | None = None
        self.count = 0

    def add(self, line: int, error: str, text: object, source: str | None = None) -> None:
        if self.path is not None:
            if self.file is None:
                self.file = AtomicFile(self.path)
            item: dict[str, object] = {"line": line, "error": error, "record": text}
            if source is not None:
                item = {"source": source, **item}
            self.file.write(_json_line(item))
        self.count += 1

    def commit(self) -> None:
        if self.file is not None:
            self.file.commit()
        elif self.path is not None and self.path.is_file():
            # A rejects file left by an earlier run would now describe records
            # that are not rejected: remove it rather than mislead.
            self.path.unlink()

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()


class Outputs:
    """The output, review and rejects of one run, committed or discarded together."""

    def __init__(
        self, output: AtomicFile | AtomicDirectory | None, review: ReviewLog, rejects: RejectLog
    ) -> None:
        self.output = output
        self.review = review
        self.rejects = rejects
        self._review_file = review.sink if isinstance(review.sink, AtomicFile) else None

    @property
    def sink(self) -> Sink:
        """Where a one-file format writes its records (nowhere in a dry run)."""
        return self.output if isinstance(self.output, AtomicFile) else NullSink()

    @property
    def directory(self) -> Path | None:
        """The folder a folder format builds (None in a dry run)."""
        return self.output.temporary if isinstance(self.output, AtomicDirectory) else None

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        parts: list[AtomicFile | AtomicDirectory | RejectLog] = [self.rejects]
        if self.output is not None:
            parts.append(self.output)
        if self._review_file is not None:
            parts.append(self._review_file)
        if kind is not None:
            for part in parts:
                part.discard()
            return
        for part in parts:
            part.commit()


def check_paths(source: Path, output: Path, review: Path) -> None:
    """Refuse runs that would overwrite their own input or mix two outputs."""
    resolved = {
        "input": source.resolve(),
        "output": output.resolve(),
        "review": review.resolve(),
        "rejects": rejects_path(output).resolve(),
    }
    names = list(resolved)
    for first_index, first in enumerate(names):
        for second in names[first_index + 1 :]:
            if resolved[first] == resolved[second]:
                raise UsageError(
                    f"the {second} file would overwrite the {first} ({resolved[first]}); "
                    "choose another path"
                )
    if resolved["input"].is_dir() and resolved["output"].is_relative_to(resolved["input"]):
        raise UsageError(f"the output {output} lies inside the input folder {source}")
    if resolved["review"].is_relative_to(resolved["output"]):
        raise UsageError(f"the review file {review} lies inside the output {output}")


def rejects_path(output: Path) -> Path:
    return output.with_name(output.name + ".rejects")


def _json_line(item: dict[str, object]) -> bytes:
    """One JSON line. Text read with surrogate escapes (bytes that were not
    UTF-8) cannot be UTF-8 encoded; those records are written with escapes."""
    try:
        return orjson.dumps(item) + b"\n"
    except orjson.JSONEncodeError:
        import json

        # Compact like orjson, so that ReviewLog.prepare can cut this text too.
        return json.dumps(item, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"
