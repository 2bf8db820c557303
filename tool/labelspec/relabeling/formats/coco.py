"""COCO object detection JSON: ``images``, ``annotations``, ``categories``.

Each annotation is a record. Old category ids are read from the file's own
``categories`` (their names are label ids or display names of the old version);
the new ``categories`` list holds the assignable labels of the current version,
numbered by their ``index`` field, or -- where labels have no index -- from 1 in
file order, which shifts whenever a label is added or removed (a warning says so).
An old category that stays under the same name keeps its extra keys (``color``,
``isthing``...). Images, licences and every other top-level key are kept as they
are. A rule-split reads CVAT's per-annotation ``attributes`` object.

An annotation sent to review is left out of the output: the review file holds it
whole, with its index in ``annotations`` as its line.
"""

from __future__ import annotations

from collections import Counter, deque
from itertools import chain, repeat
from operator import itemgetter
from typing import TYPE_CHECKING

import orjson

from labelspec.errors import InputError
from labelspec.numbering import Numbering
from labelspec.relabeling.engine import RecordLabels, gc_paused
from labelspec.relabeling.formats import Format
from labelspec.relabeling.plan import Outcome, Style, UnknownLabel

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run


def read_document(run: Run) -> dict[str, object]:
    try:
        data = run.source.read_bytes()
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InputError(f"{run.source}: not JSON: {error}") from None
    if not isinstance(document, dict):
        raise InputError(f"{run.source}: a COCO file is a JSON object")
    for key in ("annotations", "categories"):
        if not isinstance(document.get(key), list):
            raise InputError(f"{run.source}: a COCO file needs a {key!r} list")
    return document


def old_categories(
    run: Run, categories: list[object]
) -> tuple[
    dict[int, tuple[Outcome, Style]], dict[int, tuple[str, str]], dict[str, dict[str, object]]
]:
    """Old category id -> (outcome, naming style); id -> why it cannot be used;
    and the old category objects by label id (to keep their extra keys)."""
    known: dict[int, tuple[Outcome, Style]] = {}
    unusable: dict[int, tuple[str, str]] = {}
    by_label: dict[str, dict[str, object]] = {}
    for category in categories:
        if not isinstance(category, dict) or not isinstance(category.get("id"), int):
            raise InputError(f"{run.source}: every category needs an integer 'id'")
        number = category["id"]
        name = category.get("name")
        if not isinstance(name, str):
            raise InputError(f"{run.source}: category {number} has no 'name'")
        try:
            outcome, style = run.plan.resolve(name)
        except UnknownLabel as error:
            unusable[number] = (f"category {number}: {error}", name)
            continue
        known[number] = (outcome, style)
        by_label[outcome.label] = category
    return known, unusable, by_label


def new_categories(
    run: Run, style: Style, by_label: dict[str, dict[str, object]]
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """The categories of the current version, and label id -> category id."""
    numbering = Numbering.of(run.plan.taxonomy, start=1)
    if not numbering.stable:
        run.warn(
            "labels have no 'index': categories are numbered in file order, which "
            "shifts when labels change; add an index to each label to make ids stable"
        )
    taxonomy = run.plan.taxonomy
    result: list[dict[str, object]] = []
    for label_id, number in numbering.numbers.items():
        category = dict(by_label.get(label_id, {}))
        category["id"] = number
        category["name"] = run.plan.spell(label_id, style)
        parents = taxonomy.labels[label_id].parents
        if parents:
            category["supercategory"] = run.plan.spell(parents[0], style)
        else:
            category.setdefault("supercategory", "")
        result.append(category)
    return result, numbering.numbers


def relabel_file(run: Run) -> None:
    with gc_paused():
        _relabel_document(run)


def _relabel_document(run: Run) -> None:
    document = read_document(run)
    annotations = document["annotations"]
    categories = document["categories"]
    assert isinstance(annotations, list) and isinstance(categories, list)
    known, unusable, by_label = old_categories(run, categories)
    styles = [style for _, style in known.values()]
    style: Style = "name" if styles and styles.count("name") > len(styles) / 2 else "id"
    new, numbers = new_categories(run, style, by_label)

    # Old category id -> new category id, for categories that map to one label
    # whatever the annotation says: the hot path.
    fast: dict[int, int] = {}
    for number, (outcome, _) in known.items():
        if outcome.action == "map" and len(outcome.targets) == 1:
            target = outcome.targets[0]
            if target in numbers:  # else the general path rejects, with the reason
                fast[number] = numbers[target]
    removed: list[int] = []
    progress = run.progress
    total = len(annotations)
    if progress is not None:
        progress(0, total)
    bulk = _remap_in_bulk(annotations, fast)
    if bulk is not None:
        counts, slow = bulk
        for index in slow:
            if not _slow(run, index, annotations[index], known, unusable, numbers):
                removed.append(index)
    else:
        seen: list[int] = []
        for index, annotation in enumerate(annotations):
            try:
                old = annotation["category_id"]
                annotation["category_id"] = fast[old]
            except (KeyError, TypeError):
                if not _slow(run, index, annotation, known, unusable, numbers):
                    removed.append(index)
                continue
            seen.append(old)
        counts = Counter(seen)
    run.count_read(total)
    labels = {number: known[number][0].label for number in fast}
    # An annotation keeps its category id, but a renamed label still changed it.
    changed = {
        number
        for number, new_number in fast.items()
        if new_number != number or known[number][0].targets != (labels[number],)
    }
    run.book_fast(counts, labels, changed)
    if removed:
        annotations = _without(annotations, removed)
    document["annotations"] = annotations
    document["categories"] = new
    run.outputs.sink.write(orjson.dumps(document))
    if progress is not None:
        progress(total, total)


def _slow(
    run: Run,
    index: int,
    annotation: object,
    known: dict[int, tuple[Outcome, Style]],
    unusable: dict[int, tuple[str, str]],
    numbers: dict[str, int],
) -> bool:
    """The general path for one annotation; returns whether it stays in the output."""
    if not isinstance(annotation, dict):
        run.reject(index, "an annotation is a JSON object", annotation)
        return False
    old = annotation.get("category_id")
    if not isinstance(old, int) or isinstance(old, bool):
        run.reject(index, "the annotation has no integer 'category_id'", annotation)
        return False
    if old not in known:
        error, token = unusable.get(old, (f"category_id {old} is not in 'categories'", None))
        run.reject(index, error, annotation, token)
        return False
    outcome = known[old][0]
    attributes = annotation.get("attributes")
    labels = RecordLabels()
    # Spelled as ids: what is written is a category number, looked up by id.
    new = run.apply(
        labels,
        outcome,
        "id",
        outcome.label,
        attributes if isinstance(attributes, dict) else None,
        single=True,
    )
    if labels.needs_review:
        run.to_review(labels, index, annotation)
        return False
    if not new:
        run.dropped(labels)
        return False
    if new[0] not in numbers:
        run.reject(index, unnumbered(new[0]), annotation)
        return False
    annotation["category_id"] = numbers[new[0]]
    run.written(labels)
    return True


def _without(items: list[object], removed: list[int]) -> list[object]:
    """``items`` less the (ascending) positions in ``removed``, by slices: C-speed
    copying instead of a Python-level loop over every annotation."""
    pieces: list[list[object]] = []
    start = 0
    for index in removed:
        pieces.append(items[start:index])
        start = index + 1
    pieces.append(items[start:])
    return list(chain.from_iterable(pieces))


_CATEGORY = itemgetter("category_id")


def _remap_in_bulk(
    annotations: list[object], fast: dict[int, int]
) -> tuple[Counter[int], list[int]] | None:
    """Remap every annotation whose category maps to one category, with C-level
    ``map`` calls instead of a Python loop (a million annotations take a
    fraction of the time orjson needs to parse them). Returns the counts per
    old category id and the positions left for the general path, or None when
    some annotation is not an object with a hashable ``category_id`` (then the
    caller loops and rejects it properly)."""
    try:
        old_ids: list[int] = list(map(_CATEGORY, annotations))  # type: ignore[arg-type]
        new_ids = list(map(fast.get, old_ids))
    except (KeyError, TypeError):
        return None
    slow: list[int] = []
    start = 0
    while True:
        try:
            position = new_ids.index(None, start)
        except ValueError:
            break
        slow.append(position)
        start = position + 1
    deque(map(dict.__setitem__, annotations, repeat("category_id"), new_ids), maxlen=0)  # type: ignore[arg-type]
    for position in slow:
        # The general path sees, and the review file keeps, the original id.
        annotations[position]["category_id"] = old_ids[position]  # type: ignore[index]
    counts = Counter(old_ids)
    for number in [number for number in counts if number not in fast]:
        del counts[number]
    return counts, slow


def unnumbered(label: str) -> str:
    """Why a record whose new label has no class number cannot be written."""
    return (
        f"the mapping leads to {label!r}, which is not an assignable label of the current "
        "version, so it has no category; fix the taxonomy's replaced_by"
    )


FORMAT = Format(name="coco", reads="file", relabel_file=relabel_file)
