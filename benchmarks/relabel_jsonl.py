"""Relabelling JSON Lines against a minimal orjson read-map-write loop and jq.

Run: .venv/bin/python benchmarks/relabel_jsonl.py [RECORDS]   (default 1,000,000)

Generates RECORDS records in a temporary folder (about 1% of them need review),
then prints, from the same run:

- throughput of ``labelspec.relabel`` against a minimal orjson loop that reads,
  maps the label with a dict and writes every line (goal: at least 70%);
- against jq doing the same mapping (goal: at least 3x faster; skipped with a
  message when jq is not installed);
- peak memory of a relabel run in a fresh subprocess (goal: under 150 MB), next
  to the peak of the same subprocess that only imports and loads the taxonomy.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

from labelspec.loader import load_text
from labelspec.model import Taxonomy
from labelspec.versions.mapping_types import LabelMapping, MappingEntry
from timing import best_of

OLD = [f"l{n:02d}" for n in range(20)]


def taxonomy_yaml() -> str:
    """Version 2.0.0 of a 20-label taxonomy: 10 kept, 5 renamed, 3 merged into
    l00, one split without rules and one removed."""
    lines = [
        "taxonomy: bench",
        "title: Bench",
        "version: 2.0.0",
        "task: {modality: text, kind: classification}",
        "labels:",
    ]
    for n in range(10):
        lines.append(f"  l{n:02d}: {{definition: Label {n}., index: {n}}}")
    for n in range(10, 15):
        lines.append(f"  n{n}: {{definition: New {n}., index: {n + 10}}}")
        lines.append(
            f"  l{n}: {{status: deprecated, deprecated_in: 2.0.0, replaced_by: n{n}, "
            f"reason: Renamed., index: {n}}}"
        )
    for n in range(15, 18):
        lines.append(
            f"  l{n}: {{status: deprecated, deprecated_in: 2.0.0, replaced_by: l00, "
            f"reason: Merged., index: {n}}}"
        )
    lines.append(
        "  l18: {status: deprecated, deprecated_in: 2.0.0, replaced_by: [l01, l02], "
        "reason: Split., index: 18}"
    )
    lines.append("  l19: {status: deprecated, deprecated_in: 2.0.0, reason: Removed., index: 19}")
    return "\n".join(lines) + "\n"


def bench_taxonomy() -> Taxonomy:
    result = load_text(taxonomy_yaml(), Path("bench.yaml"))
    assert result.taxonomy is not None, result.findings
    return result.taxonomy


def bench_mapping() -> LabelMapping:
    entries: dict[str, MappingEntry] = {}
    for n in range(10):
        entries[f"l{n:02d}"] = MappingEntry(f"l{n:02d}", (f"l{n:02d}",), "identity", True)
    for n in range(10, 15):
        entries[f"l{n}"] = MappingEntry(f"l{n}", (f"n{n}",), "renamed", True)
    for n in range(15, 18):
        entries[f"l{n}"] = MappingEntry(f"l{n}", ("l00",), "merged", True)
    entries["l18"] = MappingEntry("l18", ("l01", "l02"), "split", False, "split")
    entries["l19"] = MappingEntry("l19", (), "removed", False, "removed")
    return LabelMapping("bench", "1.0.0", "2.0.0", entries)


def simple_map() -> dict[str, str]:
    """Old -> new label for the baselines (they map what can be mapped)."""
    return {
        source: entry.targets[0]
        for source, entry in bench_mapping().items()
        if entry.deterministic and len(entry.targets) == 1
    }


def label_stream(count: int, seed: int = 7) -> list[str]:
    weights = [10.0] * 18 + [0.9, 0.9]  # about 1% of the records need review
    return random.Random(seed).choices(OLD, weights=weights, k=count)


def generate_jsonl(path: Path, count: int) -> None:
    labels = label_stream(count)
    with path.open("wb") as stream:
        batch: list[bytes] = []
        for n, label in enumerate(labels):
            batch.append(
                orjson.dumps(
                    {
                        "id": n,
                        "text": f"record number {n} with some words",
                        "label": label,
                        "score": 0.5,
                    }
                )
                + b"\n"
            )
            if len(batch) == 10_000:
                stream.write(b"".join(batch))
                batch.clear()
        stream.write(b"".join(batch))


def time_relabel(
    source: Path, fmt: str, out: Path, taxonomy: Taxonomy, mapping: LabelMapping
) -> float:
    """Best of three ``labelspec.relabel`` runs; prints where the records went."""
    from labelspec.relabeling import relabel

    reports = []

    def run() -> None:
        reports.append(
            relabel(
                source,
                taxonomy,
                fmt=fmt,
                out=out,
                review=out.with_suffix(".review.jsonl"),
                mapping=mapping,
            )
        )

    seconds = best_of(3, run)
    report = reports[-1]
    print(
        f"labelspec: written {report.written:,}, review {report.review:,}, "
        f"rejected {report.rejected:,}"
    )
    return seconds


def minimal_loop(source: Path, target: Path, mapping: dict[str, str]) -> None:
    loads, dumps = orjson.loads, orjson.dumps
    with source.open("rb") as inp, target.open("wb") as out:
        write = out.write
        for line in inp:
            record = loads(line)
            record["label"] = mapping.get(record["label"], record["label"])
            write(dumps(record) + b"\n")


MEMORY_SCRIPT = """
import resource, sys
sys.path.insert(0, {here!r})
from relabel_jsonl import bench_taxonomy, bench_mapping
from labelspec.relabeling import relabel
taxonomy, mapping = bench_taxonomy(), bench_mapping()
if {run}:
    relabel({source!r}, taxonomy, fmt="jsonl", out={out!r}, review={review!r}, mapping=mapping)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory_mb(source: Path, folder: Path, run: bool) -> float:
    script = MEMORY_SCRIPT.format(
        here=str(Path(__file__).parent),
        run=run,
        source=str(source),
        out=str(folder / "memory.jsonl"),
        review=str(folder / "memory-review.jsonl"),
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

    taxonomy, mapping = bench_taxonomy(), bench_mapping()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "data.jsonl"
        generate_jsonl(source, count)
        size = source.stat().st_size / 2**20
        print(f"records: {count:,}, file: {size:.0f} MB")

        baseline = best_of(3, lambda: minimal_loop(source, folder / "loop.jsonl", simple_map()))
        labelspec_time = time_relabel(source, "jsonl", folder / "out.jsonl", taxonomy, mapping)
        print(f"orjson loop:     {baseline:.2f} s  ({count / baseline:,.0f} records/s)")
        print(f"labelspec:       {labelspec_time:.2f} s  ({count / labelspec_time:,.0f} records/s)")
        print(f"throughput vs orjson loop: {baseline / labelspec_time:.0%} (goal: >= 70%)")

        jq = shutil.which("jq")
        if jq is None:
            print("jq: not installed; skipping the jq comparison (apt-get install jq)")
        else:
            program = ".label |= ($m[.] // .)"
            arguments = [jq, "-c", "--argjson", "m", json.dumps(simple_map()), program, str(source)]

            def run_jq() -> None:
                with (folder / "jq.jsonl").open("wb") as out:
                    subprocess.run(arguments, stdout=out, check=True)

            jq_time = best_of(1, run_jq)
            print(f"jq:              {jq_time:.2f} s  ({count / jq_time:,.0f} records/s)")
            print(f"labelspec vs jq: {jq_time / labelspec_time:.1f}x faster (goal: >= 3x)")

        idle = peak_memory_mb(source, folder, run=False)
        peak = peak_memory_mb(source, folder, run=True)
        print(f"peak memory of a relabel run: {peak:.0f} MB (goal: < 150 MB)")
        print(f"the same process without relabelling: {idle:.0f} MB")


if __name__ == "__main__":
    main()
