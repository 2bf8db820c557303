"""JSON Lines: one record per line, the label at a dotted ``--field`` path.

The path may run through lists (``objects.label`` visits the ``label`` of every
object) and may end in one label or a list of labels. A rule-split reads the
attributes beside the label (``{"label": "person", "riding": true}``) or in an
``attributes`` object there (CVAT style).

The hot path handles records whose label sits in a top-level field and maps to
one label whatever the record says: a dict lookup, and the input line is copied
unchanged when the label is. Everything else takes the general path.
"""

from __future__ import annotations

from collections import ChainMap, Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import orjson

from labelspec.errors import InputError, UsageError
from labelspec.relabeling.engine import MalformedRecord, RecordLabels
from labelspec.relabeling.formats import Format
from labelspec.relabeling.plan import UnknownLabel

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run

PathStep = str | int


def parse_path(text: str) -> tuple[PathStep, ...]:
    """``objects.0.label`` -> ("objects", 0, "label")."""
    steps = text.split(".")
    if not text or any(not step for step in steps):
        raise UsageError(f"--field {text!r}: use a dotted path like 'label' or 'objects.label'")
    return tuple(int(step) if step.isdigit() else step for step in steps)


def locate(
    record: object, path: tuple[PathStep, ...]
) -> list[tuple[object, PathStep, list[object] | None]]:
    """Every place the path reaches: (container, key, the list holding the container
    when the path fanned out through a list, else None)."""
    places: list[tuple[object, PathStep, list[object] | None]] = []

    def walk(node: object, depth: int, holder: list[object] | None) -> None:
        step = path[depth]
        if isinstance(node, list) and not isinstance(step, int):
            for item in node:
                walk(item, depth, node)
            return
        last = depth == len(path) - 1
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise MalformedRecord(f"no item {step} on the path {_show(path)}")
            if last:
                places.append((node, step, None))
            else:
                walk(node[step], depth + 1, None)
            return
        if not isinstance(node, dict):
            raise MalformedRecord(f"expected an object at {step!r} of {_show(path)}")
        if step not in node:
            raise MalformedRecord(f"no field {_show(path[: depth + 1])}")
        if last:
            places.append((node, step, holder))
        else:
            walk(node[step], depth + 1, None)

    walk(record, 0, None)
    return places


def _show(path: tuple[PathStep, ...]) -> str:
    return ".".join(str(step) for step in path)


def attributes_of(container: object) -> Mapping[str, object] | None:
    """The attributes a rule-split may read: the label's siblings, and a nested
    ``attributes`` object taking precedence."""
    if not isinstance(container, dict):
        return None
    nested = container.get("attributes")
    if isinstance(nested, dict):
        return ChainMap(nested, container)
    return container


def relabel_file(run: Run) -> None:
    path = parse_path(run.options.field or "label")
    style = run.options.style
    plan = run.plan
    table = plan.fast_table(style)
    # A key no record has sends every record down the general path.
    key: object = path[0] if len(path) == 1 and isinstance(path[0], str) else _NO_KEY
    write = run.outputs.sink.write
    loads, dumps, decode_error = orjson.loads, orjson.dumps, orjson.JSONDecodeError
    newline = orjson.OPT_APPEND_NEWLINE
    counts: Counter[str] = Counter()
    seen: list[str] = []
    remember = seen.append
    review_log = run.outputs.review
    to_review = {
        token: review_log.prepare(review) for token, review in plan.review_table(style).items()
    }
    add_review = review_log.add_json
    reviewed: list[str] = []
    review_counts: Counter[str] = Counter()
    progress = run.progress
    total = run.source.stat().st_size
    blank = number = 0
    try:
        stream = open(run.source, "rb")  # noqa: SIM115 - closed below; the loop is hot
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    with stream:
        # Batches of about a megabyte: one read and one write per batch, and
        # the per-batch work (counting, progress) out of the per-record loop.
        while batch := stream.readlines(BATCH_BYTES):
            if not batch[-1].endswith(b"\n"):
                batch[-1] += b"\n"  # only the file's last line can lack it
            out: list[bytes] = []
            emit = out.append
            first = number + 1
            for number, line in enumerate(batch, first):
                try:
                    record = loads(line)
                except decode_error as error:
                    if not line.strip():
                        blank += 1
                        continue
                    run.reject(number, f"invalid JSON: {error}", _text(line))
                    continue
                # The hot path: a top-level label that maps to one label whatever
                # the record says. Anything else (no such field, not an object, a
                # list of labels, a label needing rules or review) raises and
                # goes the general way.
                try:
                    value = record[key]
                    new = table[value]
                except (KeyError, TypeError):
                    try:
                        prepared = to_review[record[key]]
                    except (KeyError, TypeError):
                        _relabel_record(run, number, line, record, path, emit)
                        continue
                    # A lone label that always needs review: the review line
                    # is put together from prepared pieces and the input line
                    # itself, which is JSON already.
                    add_review(number, prepared, line)
                    reviewed.append(record[key])
                    continue
                remember(value)
                if new == value:
                    emit(line)
                else:
                    record[key] = new
                    emit(dumps(record, option=newline))
            write(b"".join(out))
            # C-speed counting, batch by batch, so memory stays flat.
            counts.update(seen)
            seen.clear()
            review_counts.update(reviewed)
            reviewed.clear()
            if progress is not None:
                progress(stream.tell(), total)
    run.count_read(number - blank)
    changed = {token for token, new in table.items() if new != token}
    run.book_fast(counts, plan.token_labels(style), changed, review_counts)


_NO_KEY = object()
BATCH_BYTES = 1 << 20


def _text(line: bytes) -> str:
    return line.decode("utf-8", "replace").rstrip("\r\n")


def _relabel_record(
    run: Run,
    number: int,
    line: bytes,
    record: object,
    path: tuple[PathStep, ...],
    emit: Callable[[bytes], object],
) -> None:
    """The general path: any field path, lists of labels, rule-splits, reviews."""
    labels = RecordLabels()
    drop_record = False
    removals: list[tuple[list[object], object]] = []
    try:
        places = locate(record, path)
        for container, key, holder in places:
            value = container[key]  # type: ignore[index]
            attributes = attributes_of(container)
            if value is None:
                continue
            if isinstance(value, str):
                new = run.relabel(labels, value, attributes, single=True)
                if not new:
                    if holder is not None:
                        removals.append((holder, container))
                    else:
                        drop_record = True
                elif new[0] != value:
                    container[key] = new[0]  # type: ignore[index]
            elif isinstance(value, int) and not isinstance(value, bool):
                new = run.relabel(labels, str(value), attributes, single=True, style="index")
                if not new:
                    if holder is not None:
                        removals.append((holder, container))
                    else:
                        drop_record = True
                else:
                    container[key] = int(new[0])  # type: ignore[index]
            elif isinstance(value, list):
                if not all(isinstance(item, str) for item in value):
                    raise MalformedRecord(f"{_show(path)} holds a list with non-text items")
                relabelled = run.relabel_list(labels, value, attributes)
                if value and not relabelled:
                    drop_record = True
                if relabelled != value:
                    labels.modified = True
                container[key] = relabelled  # type: ignore[index]
            else:
                raise MalformedRecord(f"{_show(path)} holds {type(value).__name__}, not a label")
    except MalformedRecord as error:
        run.reject(number, str(error), _text(line))
        return
    except UnknownLabel as error:
        run.reject(number, str(error), _text(line), error.token)
        return
    if labels.needs_review:
        run.to_review(labels, number, orjson.loads(line))
        return
    if drop_record:
        run.dropped(labels)
        return
    for holder, item in removals:
        # By identity: an equal-looking object elsewhere in the list must stay.
        holder[:] = [kept for kept in holder if kept is not item]
    if labels.changed:
        emit(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    else:
        emit(line)
    run.written(labels)


FORMAT = Format(
    name="jsonl",
    reads="file",
    options=frozenset({"field", "by_index"}),
    relabel_file=relabel_file,
)
