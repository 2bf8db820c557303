"""Relabel annotated datasets from an earlier taxonomy version to the current one.

``relabel()`` streams the input, applies the label mapping record by record and
writes every record to exactly one place: the output (deterministic mapping), the
review file (a decision is needed), the rejects file (malformed, or a label the
old version does not have) or nowhere (``on_removed="drop"``, counted as dropped).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from labelspec.errors import InputError, UsageError

if TYPE_CHECKING:
    from labelspec.model import Taxonomy
    from labelspec.relabeling.engine import Progress
    from labelspec.relabeling.plan import OnRemoved
    from labelspec.relabeling.report import RelabelReport
    from labelspec.versions.mapping_types import LabelMapping

__all__ = ["FORMATS", "relabel"]

from labelspec.relabeling.formats import FORMATS


def relabel(
    input: str | Path,
    taxonomy: Taxonomy | str | Path,
    from_version: str | None = None,
    fmt: str = "jsonl",
    out: str | Path | None = None,
    review: str | Path | None = None,
    *,
    field: str | None = None,
    separator: str | None = None,
    by_index: bool = False,
    header: bool = True,
    on_removed: OnRemoved = "review",
    dry_run: bool = False,
    mapping: LabelMapping | None = None,
    progress: Progress | None = None,
) -> RelabelReport:
    """Relabel ``input`` (a file, or a YOLO dataset folder) into ``out``.

    ``taxonomy`` is the current taxonomy (or its file); the mapping from
    ``from_version`` is built from it unless ``mapping`` is given. ``field`` is
    where the label sits (a dotted path for JSONL, a column for CSV/TSV and CoNLL,
    a control's ``from_name`` for Label Studio); ``separator`` splits CSV cells
    that hold several labels; ``by_index`` reads labels as their ``index``
    numbers. Returns the counts; raises :class:`~labelspec.errors.LabelspecError`
    for problems that stop the whole run (then nothing is written).
    """
    from labelspec.files import AtomicFile
    from labelspec.relabeling.engine import Options, Run
    from labelspec.relabeling.outputs import (
        AtomicDirectory,
        NullSink,
        Outputs,
        RejectLog,
        ReviewLog,
        check_paths,
        rejects_path,
    )
    from labelspec.relabeling.plan import RelabelPlan
    from labelspec.relabeling.report import RelabelReport

    module_name = FORMATS.get(fmt)
    if module_name is None:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    source = Path(input)
    if not source.exists():
        raise InputError(f"{source}: no such file or folder")
    if fmt == "yolo" and not source.is_dir() and source.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{source}: a YOLO dataset is a folder with data.yaml, or that file")
    if fmt != "yolo" and source.is_dir():
        raise UsageError(f"{source} is a folder; {fmt} input is one file")
    tax = _taxonomy(taxonomy)
    if mapping is None:
        if from_version is None:
            raise UsageError("name the version the data is labelled in (from_version)")
        from labelspec.versions.history import check_known_version
        from labelspec.versions.mapping import build_mapping

        check_known_version(tax, from_version)
        mapping = build_mapping(tax, from_version)
    if not dry_run and (out is None or review is None):
        raise UsageError("an output and a review file are needed (or a dry run)")
    output = Path(out) if out is not None else None
    review_path = Path(review) if review is not None else None
    if output is not None and review_path is not None:
        check_paths(source, output, review_path)
    elif output is not None and output.resolve() == source.resolve():
        raise UsageError(f"the output would overwrite the input ({source}); choose another path")

    plan = RelabelPlan(mapping, tax, on_removed)
    report = RelabelReport(
        source=str(source),
        fmt=fmt,
        taxonomy=mapping.taxonomy,
        from_version=mapping.from_version,
        to_version=mapping.to_version,
        dry_run=dry_run,
        targets={source_id: entry.targets for source_id, entry in mapping.items()},
        kinds={source_id: entry.kind for source_id, entry in mapping.items()},
    )
    options = Options(
        field=field, separator=separator, style="index" if by_index else "id", header=header
    )
    module = importlib.import_module(module_name)
    output_target: AtomicFile | AtomicDirectory | None = None
    if dry_run or output is None or review_path is None:
        outputs = Outputs(None, ReviewLog(NullSink(), str(source)), RejectLog(None))
    else:
        review_file = AtomicFile(review_path)
        try:
            output_target = AtomicDirectory(output) if fmt == "yolo" else AtomicFile(output)
        except BaseException:
            review_file.discard()
            raise
        outputs = Outputs(
            output_target, ReviewLog(review_file, str(source)), RejectLog(rejects_path(output))
        )
        report.outputs = {"output": str(output), "review": str(review_path)}
    run = Run(source, plan, report, outputs, options, progress)
    with outputs:
        module.relabel_file(run)
        # Raising here discards every output: a run that lost a record must not
        # leave a plausible-looking result behind.
        report.check()
    if not dry_run and outputs.rejects.count and output is not None:
        report.outputs["rejects"] = str(rejects_path(output))
    return report


def _taxonomy(taxonomy: Taxonomy | str | Path) -> Taxonomy:
    from labelspec.model import Taxonomy

    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    from labelspec.repository import load_taxonomy

    return load_taxonomy(taxonomy)
