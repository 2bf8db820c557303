"""The relabel driver: check the request, build the plan and the outputs, hand
the run to the format, check the books, commit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labelspec.errors import InputError, UsageError
from labelspec.relabeling.formats import Format, FormatName, FormatOption, load_format

if TYPE_CHECKING:
    from labelspec.model import Taxonomy
    from labelspec.relabeling.engine import Progress
    from labelspec.relabeling.formats import OnRemoved
    from labelspec.relabeling.outputs import Outputs
    from labelspec.relabeling.report import RelabelReport
    from labelspec.versions.mapping_types import LabelMapping


def relabel(
    input: str | Path,
    taxonomy: Taxonomy | str | Path,
    from_version: str | None = None,
    fmt: FormatName = "jsonl",
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
    numbers. An option the format does not read is refused. Returns the counts;
    raises :class:`~labelspec.errors.LabelspecError` for problems that stop the
    whole run (then nothing is written).
    """
    from labelspec.relabeling.engine import Options, Run
    from labelspec.relabeling.outputs import check_paths, rejects_path
    from labelspec.relabeling.plan import RelabelPlan
    from labelspec.relabeling.report import RelabelReport

    dataset = load_format(fmt)
    given: dict[FormatOption, bool] = {
        "field": field is not None,
        "separator": separator is not None,
        "by_index": by_index,
        "header": not header,
    }
    dataset.refuse_unused([option for option, is_set in given.items() if is_set])
    source = Path(input)
    if not source.exists():
        raise InputError(f"{source}: no such file or folder")
    _check_source(dataset, source)
    tax = _taxonomy(taxonomy)
    if mapping is None:
        if from_version is None:
            raise UsageError("name the version the data is labelled in (from_version)")
        from labelspec.versions.mapping import build_mapping
        from labelspec.versions.timeline import check_known_version

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
        fmt=dataset.name,
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
    written_to = None if dry_run else output
    outputs = _outputs(dataset, source, written_to, review_path)
    if written_to is not None and review_path is not None:
        report.outputs = {"output": str(written_to), "review": str(review_path)}
    run = Run(source, plan, report, outputs, options, progress)
    with outputs:
        dataset.relabel_file(run)
        # Raising here discards every output: a run that lost a record must not
        # leave a plausible-looking result behind.
        report.check()
    if written_to is not None and outputs.rejects.count:
        report.outputs["rejects"] = str(rejects_path(written_to))
    return report


def _check_source(dataset: Format, source: Path) -> None:
    """Refuse a folder for a file format, and a file for a folder format unless
    it is the file that describes the folder."""
    if dataset.reads == "file" and source.is_dir():
        raise UsageError(f"{source} is a folder; {dataset.name} input is one file")
    is_manifest = source.suffix in dataset.manifest_suffixes
    if dataset.reads == "folder" and not source.is_dir() and not is_manifest:
        manifest = "/".join(dataset.manifest_suffixes)
        also = f", or the {manifest} file that describes it" if manifest else ""
        raise UsageError(f"{source}: {dataset.name} input is a dataset folder{also}")


def _outputs(dataset: Format, source: Path, output: Path | None, review: Path | None) -> Outputs:
    """Where the run writes: nowhere in a dry run, else a new file or folder (as
    the format reads), the review file and the rejects beside the output."""
    from labelspec.files import AtomicFile
    from labelspec.relabeling.outputs import (
        AtomicDirectory,
        NullSink,
        Outputs,
        RejectLog,
        ReviewLog,
        rejects_path,
    )

    if output is None or review is None:
        return Outputs(None, ReviewLog(NullSink(), str(source)), RejectLog(None))
    review_file = AtomicFile(review)
    try:
        target: AtomicFile | AtomicDirectory = (
            AtomicDirectory(output) if dataset.reads == "folder" else AtomicFile(output)
        )
    except BaseException:
        review_file.discard()
        raise
    return Outputs(target, ReviewLog(review_file, str(source)), RejectLog(rejects_path(output)))


def _taxonomy(taxonomy: Taxonomy | str | Path) -> Taxonomy:
    from labelspec.model import Taxonomy

    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    from labelspec.repository import load_taxonomy

    return load_taxonomy(taxonomy)
