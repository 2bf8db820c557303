"""YOLO datasets (Ultralytics layout): a ``data.yaml`` whose ``names`` is a list or
an ``{index: name}`` map, and label files ``labels/**/*.txt`` with one object per
line: ``class x y w h`` (or a polygon after the class).

Each object line is a record; its class index is remapped and the rest of the
line kept byte for byte. Old indices are read from the input's ``names``; new
ones come from the labels' ``index`` fields, or -- without them -- number the
assignable labels from 0 in file order, which shifts when labels change (a
warning says so). ``data.yaml`` (comments kept) and a ``classes.txt`` get the
new names.

The output is a new dataset folder: label files are rewritten, everything else
(images, above all) is linked to the input rather than copied, and Ultralytics'
``*.cache`` files are left out because they would hold the old labels. An object
sent to review is left out of its label file; the review item names the file
and the line.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from labelspec.errors import InputError
from labelspec.numbering import Numbering
from labelspec.relabeling.engine import RecordLabels
from labelspec.relabeling.formats import Format
from labelspec.relabeling.formats.coco import unnumbered
from labelspec.relabeling.plan import Outcome, Style, UnknownLabel
from labelspec.relabeling.report import Fate

if TYPE_CHECKING:
    from labelspec.relabeling.engine import Run

YAML_NAMES = ("data.yaml", "dataset.yaml", "data.yml")


def find_yaml(source: Path) -> Path:
    if source.is_file():
        return source
    for name in YAML_NAMES:
        if (source / name).is_file():
            return source / name
    raise InputError(f"{source}: no data.yaml in this folder")


def read_names(path: Path) -> tuple[object, dict[int, str], bool]:
    """The parsed YAML (round-trip, to keep comments), index -> class name, and
    whether ``names`` was a list."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        document = yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    except YAMLError as error:
        raise InputError(f"{path}: not YAML: {str(error).splitlines()[0]}") from None
    names = document.get("names") if isinstance(document, dict) else None
    if isinstance(names, list) and all(isinstance(name, str) for name in names):
        return document, dict(enumerate(names)), True
    if isinstance(names, dict) and all(
        isinstance(key, int) and isinstance(value, str) for key, value in names.items()
    ):
        return document, {int(key): str(value) for key, value in names.items()}, False
    raise InputError(f"{path}: 'names' must be a list of class names or a map index -> name")


def write_names(document: object, names: dict[int, str], as_list: bool, path: Path) -> None:
    from ruamel.yaml import YAML

    assert isinstance(document, dict)
    ordered = dict(sorted(names.items()))
    contiguous = list(ordered) == list(range(len(ordered)))
    document["names"] = list(ordered.values()) if as_list and contiguous else ordered
    if "nc" in document:
        document["nc"] = len(ordered)
    buffer = io.StringIO()
    YAML(typ="rt").dump(document, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def label_files(root: Path) -> list[Path]:
    """Every ``*.txt`` below a folder named ``labels``, sorted for stable output."""
    return sorted(
        path
        for path in root.rglob("*.txt")
        if "labels" in path.relative_to(root).parts[:-1] and path.name != "classes.txt"
    )


def relabel_file(run: Run) -> None:
    yaml_path = find_yaml(run.source)
    root = yaml_path.parent
    document, old_names, as_list = read_names(yaml_path)
    plan = run.plan
    known: dict[int, tuple[Outcome, Style]] = {}
    unknown: dict[int, tuple[str, str]] = {}
    for number, name in old_names.items():
        try:
            known[number] = plan.resolve(name)
        except UnknownLabel as error:
            unknown[number] = (f"class {number}: {error}", name)
    styles = [style for _, style in known.values()]
    style: Style = "name" if styles and styles.count("name") > len(styles) / 2 else "id"
    numbering = Numbering.of(plan.taxonomy, start=0)
    if not numbering.stable:
        run.warn(
            "labels have no 'index': classes are numbered in file order, which shifts "
            "when labels change; add an index to each label to make class numbers stable"
        )
    numbers = numbering.numbers
    if sorted(numbers.values()) != list(range(len(numbers))):
        run.warn(
            "the class numbers are not 0..n-1 without gaps; most YOLO trainers need "
            "them to be (nc = number of names)"
        )
    files = label_files(root)
    target = run.outputs.directory
    for position, path in enumerate(files):
        if run.progress is not None:
            run.progress(position, len(files))
        text = _relabel_labels(run, root, path, known, unknown, numbers)
        if target is not None:
            out = target / path.relative_to(root)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(text.encode("utf-8", "surrogateescape"))
    if target is not None:
        new_names = {number: plan.spell(label, style) for label, number in numbers.items()}
        write_names(document, new_names, as_list, target / yaml_path.name)
        _link_the_rest(root, target, set(files), yaml_path, new_names)
    if run.progress is not None:
        run.progress(len(files), len(files))


def _relabel_labels(
    run: Run,
    root: Path,
    path: Path,
    known: dict[int, tuple[Outcome, Style]],
    unknown: dict[int, tuple[str, str]],
    numbers: dict[str, int],
) -> str:
    source = str(path.relative_to(root))
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    kept: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        run.count_read()
        first = line.split(maxsplit=1)[0]
        if not first.isdigit() or len(line.split()) < 5:
            run.reject(number, "expected 'class x y w h ...'", raw, source=source)
            continue
        old = int(first)
        if old not in known:
            message, token = unknown.get(old, (f"class {old} is not in 'names'", str(old)))
            run.reject(number, message, raw, token, source=source)
            continue
        outcome = known[old][0]
        labels = RecordLabels()
        new = run.apply(labels, outcome, "id", outcome.label, None, single=True)
        if labels.needs_review:
            run.to_review(labels, number, raw, source)
        elif not new:
            run.dropped(labels)
        elif new[0] not in numbers:
            run.reject(number, unnumbered(new[0]), raw, source=source)
        else:
            number_now = numbers[new[0]]
            if number_now != old and labels.fates[-1][1] is Fate.UNCHANGED:
                # Same label, new class number: the line did change.
                labels.fates[-1] = (outcome.label, Fate.CHANGED)
            kept.append(f"{number_now}{line[len(first) :]}")
            run.written(labels)
    return "".join(line + "\n" for line in kept)


def _link_the_rest(
    root: Path, target: Path, written: set[Path], yaml_path: Path, names: dict[int, str]
) -> None:
    """Mirror the folders that hold label files; link every other file and every
    folder without label files (image folders) to the input."""
    mirrored = {root}
    for path in written:
        mirrored.update(parent for parent in path.parents if parent.is_relative_to(root))
    for folder in sorted(mirrored):
        out_folder = target / folder.relative_to(root)
        out_folder.mkdir(parents=True, exist_ok=True)
        for entry in folder.iterdir():
            out = out_folder / entry.name
            if entry in written or entry in mirrored or entry == yaml_path or os.path.lexists(out):
                continue
            if entry.suffix == ".cache":
                continue
            if entry.name == "classes.txt":
                ordered = [names[number] for number in sorted(names)]
                out.write_text("".join(name + "\n" for name in ordered), encoding="utf-8")
                continue
            os.symlink(entry.resolve(), out, target_is_directory=entry.is_dir())


FORMAT = Format(
    name="yolo",
    reads="folder",
    manifest_suffixes=(".yaml", ".yml"),
    relabel_file=relabel_file,
)
