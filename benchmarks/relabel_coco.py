"""Relabelling a COCO file against orjson loading and dumping the same file.

Run: .venv/bin/python benchmarks/relabel_coco.py [ANNOTATIONS]   (default 1,000,000)

Generates a COCO detection file with ANNOTATIONS annotations over 20 categories
(about 1% of them need review) in a temporary folder and prints the time of
``labelspec.relabel`` next to the time orjson takes to load the file and dump it
again, and their ratio (goal: at most 1.5x).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import orjson

from labelspec.relabeling.engine import gc_paused
from relabel_jsonl import OLD, bench_mapping, bench_taxonomy, label_stream, time_relabel
from timing import best_of


def generate_coco(path: Path, count: int) -> None:
    images = max(1, count // 20)
    labels = label_stream(count)
    number_of = {label: n + 1 for n, label in enumerate(OLD)}
    document = {
        "info": {"description": "generated", "year": 2024},
        "licenses": [],
        "images": [
            {"id": n, "file_name": f"{n:08d}.jpg", "width": 640, "height": 480}
            for n in range(images)
        ],
        "categories": [
            {"id": number, "name": label, "supercategory": "thing"}
            for label, number in number_of.items()
        ],
        "annotations": [
            {
                "id": n,
                "image_id": n % images,
                "category_id": number_of[label],
                "bbox": [10.5, 20.25, 100.0, 50.75],
                "area": 5075.0,
                "iscrowd": 0,
            }
            for n, label in enumerate(labels)
        ],
    }
    path.write_bytes(orjson.dumps(document))


def load_and_dump(source: Path, target: Path) -> None:
    target.write_bytes(orjson.dumps(orjson.loads(source.read_bytes())))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

    taxonomy, mapping = bench_taxonomy(), bench_mapping()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "coco.json"
        generate_coco(source, count)
        print(f"annotations: {count:,}, file: {source.stat().st_size / 2**20:.0f} MB")
        baseline = best_of(3, lambda: load_and_dump(source, folder / "copy.json"))
        # labelspec pauses the cyclic GC around whole documents; so does this
        # second baseline, to show the ratio is not only that trick.
        with gc_paused():
            baseline_no_gc = best_of(3, lambda: load_and_dump(source, folder / "copy.json"))
        labelspec_time = time_relabel(source, "coco", folder / "out.json", taxonomy, mapping)
        print(f"orjson load + dump: {baseline:.2f} s ({baseline_no_gc:.2f} s with the GC paused)")
        print(f"labelspec relabel:  {labelspec_time:.2f} s")
        print(f"ratio: {labelspec_time / baseline:.2f}x (goal: <= 1.5x)")
        print(f"ratio against the GC-paused baseline: {labelspec_time / baseline_no_gc:.2f}x")


if __name__ == "__main__":
    main()
