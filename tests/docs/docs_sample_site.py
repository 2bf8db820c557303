"""A small guideline repository and a helper to build it into a site.

The repository exercises every part of a label page: media inside and outside
``docs_dir``, regions and polygons, text spans, audio, open and decided edge
cases, tombstones (rename and rule split), and YAML that tries to inject HTML.
"""

from __future__ import annotations

import logging
import struct
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

TAXONOMY = f"""\
taxonomy: street-objects
title: Street objects
version: 2.0.0
description: '**Objects** to box in dash-cam frames. {INJECTED}'
task: {{modality: image, kind: bounding-box}}
attributes:
  occluded: {{type: boolean, default: false, description: More than half of the object is hidden.}}
labels:
  vehicle:
    abstract: true
    definition: A machine that moves people or goods on roads.
  car:
    name: Car
    parent: vehicle
    definition: A motor vehicle with four wheels built to carry up to eight people.
    aliases: [automobile]
    includes: [taxi, police car]
    excludes:
      pickup truck: truck
      toy car: null
    distinguish_from:
      truck: A truck has a cargo area separate from the cabin.
    attributes:
      emergency: {{type: boolean, default: false}}
    examples:
      - image: guidelines/assets/car/taxi.png
        region: [20, 30, 60, 40]
        note: A taxi is a car.
      - image: media/street.png
        polygon: [[10, 10], [90, 10], [50, 70]]
        note: A car seen from above.
    counter_examples:
      - image: media/pickup.png
        label: truck
        note: Open cargo bed.
    edge_cases:
      - id: car-billboard
        case: A car printed on a billboard.
        decision: null
        rationale: Depictions are not physical objects.
        since: 1.2.0
        status: decided
        ref: https://example.org/issue/12
      - id: car-reflection
        case: A car seen in a shop window.
        status: open
    added_in: 1.0.0
    history:
      - {{version: 2.0.0, change: narrowed, note: Pickup trucks are trucks now.}}
  truck:
    name: Truck
    parent: vehicle
    definition: A motor vehicle with a cargo area separate from the cabin.
    distinguish_from:
      car: A car has no separate cargo area.
    examples:
      - image: media/truck.bmp
        region: [10, 5, 20, 15]
        note: A BMP, whose size the build does not read.
    added_in: 1.0.0
    history:
      - {{version: 2.0.0, change: clarified, note: Reworded.}}
  horn:
    name: Horn sound
    parent: vehicle
    definition: 'A vehicle horn. {INJECTED}'
    examples:
      - audio: media/horn.wav
        time: [0.1, 0.4]
        note: 'Short honk {INJECTED}'
      - text: The driver pressed the horn twice.
        quote: pressed the horn
    edge_cases:
      - id: horn-xss
        case: '{INJECTED}'
        decision: car
        rationale: '{INJECTED}'
        ref: 'javascript:alert(1)'
    added_in: 1.1.0
  road-user:
    abstract: true
    definition: A person who uses the road.
    added_in: 2.0.0
  auto:
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by: car
    reason: Merged into car.
  person:
    status: deprecated
    deprecated_in: 2.0.0
    replaced_by:
      - {{label: cyclist, when: {{riding: true}}}}
      - {{label: pedestrian, when: {{riding: false}}}}
    reason: Split by whether the person rides.
  cyclist:
    parent: road-user
    definition: A person riding a bicycle.
    added_in: 2.0.0
    carved_from: [person]
  pedestrian:
    name: 'Pedestrian {INJECTED}'
    parent: road-user
    definition: A person on foot.
    added_in: 2.0.0
    carved_from: [person]
"""

MKDOCS_YML = """\
site_name: Street guidelines
docs_dir: guidelines
theme:
  name: material
  font: false
plugins:
  - search
  - labelspec
nav:
  - Home: index.md
"""

INDEX = """\
# Street guidelines

Box every [[car]] and every [[street-objects:truck|lorry]]. Old data may say [[auto]].

Writing `[[not-a-label]]` in code is fine:

```
[[also-not-a-label]]
```
"""


def png(
    width: int, height: int, box: tuple[int, int, int, int], colour: tuple[int, int, int]
) -> bytes:
    """A PNG of a light grey street with one filled rectangle (x, y, w, h)."""
    x0, y0, w, h = box
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            inside = x0 <= x < x0 + w and y0 <= y < y0 + h
            rows += bytes(
                colour if inside else (200, 205, 210) if y > height // 2 else (150, 190, 230)
            )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def bmp(width: int, height: int) -> bytes:
    """A 24-bit BMP in one colour (a format the build does not sniff sizes from)."""
    row = bytes((30, 120, 200)) * width
    row += b"\0" * (-len(row) % 4)
    pixels = row * height
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def write_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x10" * 4000)


def make_repository(root: Path, index: str = INDEX, taxonomy: str = TAXONOMY) -> Path:
    """Write the sample guideline repository into ``root``."""
    (root / "taxonomy").mkdir(parents=True)
    (root / "guidelines" / "assets" / "car").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "labelspec.toml").write_text(
        'taxonomy_dir = "taxonomy"\nguidelines_dir = "guidelines"\n'
    )
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "taxonomy" / "street-objects.yaml").write_text(taxonomy)
    (root / "guidelines" / "index.md").write_text(index)
    (root / "guidelines" / "assets" / "car" / "taxi.png").write_bytes(
        png(100, 80, (20, 30, 60, 40), (250, 200, 20))
    )
    (root / "media" / "street.png").write_bytes(png(100, 80, (30, 10, 40, 50), (40, 90, 200)))
    (root / "media" / "pickup.png").write_bytes(png(100, 80, (10, 20, 80, 40), (120, 60, 30)))
    write_wav(root / "media" / "horn.wav")
    (root / "media" / "truck.bmp").write_bytes(bmp(40, 30))
    return root


@dataclass
class BuiltSite:
    repository: Path
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def build_site(repository: Path, strict: bool = True) -> Path:
    """Build with the mkdocs API (what ``mkdocs build --strict`` does)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = repository / "site"
    config = load_config(
        config_file=str(repository / "mkdocs.yml"), strict=strict, site_dir=str(site)
    )
    try:
        build(config)
    finally:
        # mkdocs' strict counter stays attached to its logger; drop it between builds.
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            if type(handler).__name__ == "CountHandler":
                logger.removeHandler(handler)
    return site
