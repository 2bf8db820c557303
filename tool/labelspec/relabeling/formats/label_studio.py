"""Label Studio's JSON export: a list of tasks, each with ``annotations`` (and
``predictions``, and the ``completions`` of old versions) holding ``result``
lists. Labels sit in ``result[].value.<type>``: ``choices``, ``labels``,
``rectanglelabels``, ``polygonlabels``, ``brushlabels``, ``ellipselabels``,
``keypointlabels``, ``timelinelabels``, ``timeserieslabels``,
``paragraphlabels``, ``hypertextlabels`` (lists of label values), and
``taxonomy`` (a list of paths, each a list from the root to the chosen node).

A task is a record: when any of its labels needs a decision the whole task goes
to review, so a half-relabelled annotation never reaches the output. ``--field``
picks the control (``from_name``) to relabel; without it every label-bearing
result is relabelled except per-region classifications, which are read as the
region's attributes: a result that shares its ``id`` with a region result
(``choices`` of a ``perRegion`` control) supplies ``{from_name: value}`` to
rule-splits, as CVAT attributes do elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from labelspec.errors import InputError
from labelspec.relabeling.engine import MalformedRecord, RecordLabels, gc_paused
from labelspec.relabeling.formats import Format
from labelspec.relabeling.plan import Style, UnknownLabel

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run

LIST_KEYS = (
    "choices",
    "labels",
    "rectanglelabels",
    "polygonlabels",
    "brushlabels",
    "ellipselabels",
    "keypointlabels",
    "timelinelabels",
    "timeserieslabels",
    "paragraphlabels",
    "hypertextlabels",
)
REGION_KEYS = frozenset(LIST_KEYS) - {"choices"}
COLLECTIONS = ("annotations", "completions", "predictions")


def _label_key(value: dict[str, object]) -> str | None:
    for key in (*LIST_KEYS, "taxonomy"):
        if key in value:
            return key
    return None


def _attribute_value(value: dict[str, object]) -> object:
    """What a per-region classification says: one choice, a text, a number."""
    for key in ("choices", "text", "labels"):
        found = value.get(key)
        if isinstance(found, list):
            return found[0] if len(found) == 1 else found
    for key in ("number", "rating"):
        if key in value:
            return value[key]
    return None


def relabel_file(run: Run) -> None:
    with gc_paused():
        _relabel_document(run)


def _relabel_document(run: Run) -> None:
    try:
        tasks = orjson.loads(run.source.read_bytes())
    except OSError as error:
        raise InputError(f"{run.source}: cannot read: {error.strerror}") from None
    except orjson.JSONDecodeError as error:
        raise InputError(f"{run.source}: not JSON: {error}") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise InputError(f"{run.source}: a Label Studio export is a JSON list of tasks")
    kept: list[object] = []
    total = len(tasks)
    for index, task in enumerate(tasks):
        run.count_read()
        if run.progress is not None and not index & 0xFFF:
            run.progress(index, total)
        original = orjson.dumps(task)
        labels = RecordLabels()
        try:
            _relabel_task(run, labels, task)
        except MalformedRecord as error:
            run.reject(index, str(error), orjson.loads(original))
            continue
        except UnknownLabel as error:
            run.reject(index, str(error), orjson.loads(original), error.token)
            continue
        if labels.needs_review:
            run.to_review(labels, index, orjson.loads(original))
            continue
        kept.append(task)
        run.written(labels)
    run.outputs.sink.write(orjson.dumps(kept, option=orjson.OPT_INDENT_2) + b"\n")
    if run.progress is not None:
        run.progress(total, total)


def _relabel_task(run: Run, labels: RecordLabels, task: object) -> None:
    if not isinstance(task, dict):
        raise MalformedRecord("a task is a JSON object")
    for collection in COLLECTIONS:
        items = task.get(collection)
        if items is None:
            continue
        if not isinstance(items, list):
            raise MalformedRecord(f"{collection!r} is not a list")
        for item in items:
            if not isinstance(item, dict):
                raise MalformedRecord(f"an item of {collection!r} is not an object")
            results = item.get("result")
            if results is None:
                continue
            if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
                raise MalformedRecord(f"a 'result' in {collection!r} is not a list of objects")
            item["result"] = _relabel_results(run, labels, results)


def _relabel_results(
    run: Run, labels: RecordLabels, results: list[dict[str, object]]
) -> list[dict[str, object]]:
    field = run.options.field
    regions = {
        result.get("id")
        for result in results
        if isinstance(result.get("value"), dict) and REGION_KEYS.intersection(result["value"])  # type: ignore[arg-type]
    }
    chosen: list[dict[str, object]] = []
    attributes: dict[object, dict[str, object]] = {}
    for result in results:
        value = result.get("value")
        if not isinstance(value, dict) or _label_key(value) is None:
            continue
        if field is not None:
            is_label = result.get("from_name") == field
        else:
            # A classification attached to a region describes the region.
            is_label = bool(REGION_KEYS.intersection(value)) or result.get("id") not in regions
        if is_label:
            chosen.append(result)
        elif isinstance(result.get("from_name"), str):
            name = str(result["from_name"])
            attributes.setdefault(result.get("id"), {})[name] = _attribute_value(value)
    removed: set[int] = set()
    for result in chosen:
        value = result["value"]
        assert isinstance(value, dict)
        key = _label_key(value)
        assert key is not None
        region_attributes = attributes.get(result.get("id"))
        if key == "taxonomy":
            value[key] = _relabel_paths(run, labels, value[key], region_attributes)
        else:
            tokens = value[key]
            if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                raise MalformedRecord(f"value.{key} is not a list of labels")
            new = run.relabel_list(labels, tokens, region_attributes)
            if new != tokens:
                labels.modified = True
            value[key] = new
        if not value[key]:
            removed.add(id(result))
    if not removed:
        return results
    # A region whose every label was dropped goes, with its attribute results.
    gone_regions = {result.get("id") for result in chosen if id(result) in removed}
    return [
        result
        for result in results
        if id(result) not in removed and not (result.get("id") in gone_regions and result.get("id"))
    ]


def _relabel_paths(
    run: Run, labels: RecordLabels, paths: object, attributes: dict[str, object] | None
) -> list[list[str]]:
    if not isinstance(paths, list) or not all(
        isinstance(path, list) and path and all(isinstance(node, str) for node in path)
        for path in paths
    ):
        raise MalformedRecord("value.taxonomy is not a list of label paths")
    new: list[list[str]] = []
    for path in paths:
        token = path[-1]
        outcome, style = run.plan.resolve(token, run.options.style)
        written = run.apply(labels, outcome, style, token, attributes)
        for target in written:
            relabelled = path if target == token else _path_to(run, target, style)
            if relabelled not in new:
                new.append(relabelled)
    return new


def _path_to(run: Run, written: str, style: Style) -> list[str]:
    """The path from a root to a new label, through first parents, spelled in the
    style the data uses."""
    plan = run.plan
    labels = plan.taxonomy.labels
    label_id = next(
        (label for label in labels if plan.spell(label, style) == written),
        written,
    )
    path = [label_id]
    seen = {label_id}
    while label_id in labels and labels[label_id].parents:
        label_id = labels[label_id].parents[0]
        if label_id in seen:
            break
        seen.add(label_id)
        path.append(label_id)
    return [plan.spell(node, style) for node in reversed(path)]


FORMAT = Format(
    name="label-studio",
    reads="file",
    options=frozenset({"field", "by_index"}),
    relabel_file=relabel_file,
)
