"""Example media: where a file is, whether it may be published, and its size.

Media paths in a taxonomy are relative to the repository root and must stay
inside it. A path that is absolute, a URL, or that leaves the root (through
``..`` or a symbolic link) is refused, so that a taxonomy cannot publish
``/etc/passwd`` or a file next to the repository. Files inside ``docs_dir`` are
already part of the site; other files are copied under :data:`MEDIA_PREFIX`.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MEDIA_PREFIX = "_labelspec/media"
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class MediaFile:
    """A publishable media file: its absolute path and its path inside the site."""

    source: Path
    site_uri: str
    in_docs: bool


class MediaRefused(Exception):
    """A media path that cannot be published; the message says why."""


class MediaResolver:
    """Resolves repository-relative media paths, refusing those that leave ``root``."""

    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.root = root.resolve()
        self.docs_dir = docs_dir.resolve()

    def resolve(self, path: str) -> MediaFile:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) or path.startswith(("/", "\\")):
            raise MediaRefused(f"{path}: media paths are relative to the repository root")
        if "\\" in path or "\x00" in path:
            raise MediaRefused(f"{path}: use forward slashes in media paths")
        resolved = (self.root / path).resolve()
        if not resolved.is_relative_to(self.root):
            raise MediaRefused(f"{path}: media path leaves the repository")
        if not resolved.is_file():
            raise MediaRefused(f"{path}: media file not found")
        if resolved.is_relative_to(self.docs_dir):
            return MediaFile(resolved, resolved.relative_to(self.docs_dir).as_posix(), True)
        inside = PurePosixPath(resolved.relative_to(self.root).as_posix())
        return MediaFile(resolved, f"{MEDIA_PREFIX}/{inside}", False)


def image_size(path: Path) -> tuple[float, float] | None:
    """(width, height) of a PNG, GIF, JPEG, WebP or SVG file, read from its header.

    The size sets the coordinate system of the region overlay; None means the page
    script measures the image in the browser instead.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return float(width), float(height)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return float(width), float(height)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    if b"<svg" in head[:4096]:
        return _svg_size(head.decode("utf-8", "replace"))
    return None


def _jpeg_size(data: bytes) -> tuple[float, float] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        # Start-of-frame markers carry the size; C4 (DHT), C8 and CC are not frames.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return float(width), float(height)
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[float, float] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return float(width & 0x3FFF), float(height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return float((bits & 0x3FFF) + 1), float(((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return float(width), float(height)
    return None


def _svg_size(source: str) -> tuple[float, float] | None:
    tag = re.search(r"<svg\b[^>]*>", source)
    if tag is None:
        return None
    attributes = tag.group(0)
    # A browser draws an SVG at its width and height when both are plain numbers,
    # else at its viewBox size; the overlay has to use the same coordinates.
    width = re.search(r"\swidth\s*=\s*[\"']\s*([\d.]+)(px)?\s*[\"']", attributes)
    height = re.search(r"\sheight\s*=\s*[\"']\s*([\d.]+)(px)?\s*[\"']", attributes)
    if width is not None and height is not None:
        return float(width.group(1)), float(height.group(1))
    box = re.search(
        r"viewBox\s*=\s*[\"']\s*[-\d.eE]+[\s,]+[-\d.eE]+[\s,]+([\d.eE]+)[\s,]+([\d.eE]+)",
        attributes,
    )
    if box is not None:
        return float(box.group(1)), float(box.group(2))
    return None
