"""Semantic versions: parsing, precedence and the size of a bump.

Only what labelspec needs: the taxonomy format already validates the syntax, so
this module orders versions (semver 2.0 precedence, build metadata ignored) and
tells which part changed between two of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from labelspec.errors import UsageError

SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"

Bump = Literal["none", "patch", "minor", "major"]
BUMP_ORDER: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_SEMVER = re.compile(SEMVER_PATTERN)

# A version's precedence key: (major, minor, patch, prerelease); a release sorts
# after its prereleases, numeric prerelease parts before alphanumeric ones.
VersionKey = tuple[int, int, int, tuple[tuple[int, int | str], ...]]


def is_version(text: str) -> bool:
    return _SEMVER.match(text) is not None


# Bounded and keyed by the text alone: a taxonomy names a handful of versions, and
# the mapping compares them tens of thousands of times.
@lru_cache(maxsize=1024)
def version_key(text: str) -> VersionKey:
    """Sort key giving semver precedence; raises :class:`UsageError` for non-versions."""
    match = _SEMVER.match(text)
    if match is None:
        raise UsageError(f"'{text}' is not a semantic version such as 1.0.0")
    major, minor, patch = (int(match.group(n)) for n in (1, 2, 3))
    pre = match.group(4)
    if pre is None:
        # (2, "") sorts after every prerelease part, which all start with 0 or 1.
        return (major, minor, patch, ((2, ""),))
    parts: list[tuple[int, int | str]] = []
    for part in pre[1:].split("."):
        parts.append((0, int(part)) if part.isdigit() else (1, part))
    return (major, minor, patch, tuple(parts))


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` precedes, equals or follows ``b``."""
    ka, kb = version_key(a), version_key(b)
    return (ka > kb) - (ka < kb)


def bump_between(old: str, new: str) -> Bump:
    """Which part of the version went up from ``old`` to ``new`` ("none" when equal).

    Raises :class:`UsageError` when ``new`` precedes ``old``: a downgrade is no bump.
    """
    if compare(new, old) < 0:
        raise UsageError(f"version {new} is older than {old}")
    ko, kn = version_key(old), version_key(new)
    if kn[0] != ko[0]:
        return "major"
    if kn[1] != ko[1]:
        return "minor"
    if kn[2] != ko[2] or kn[3] != ko[3]:
        return "patch"
    return "none"


def max_bump(bumps: list[Bump] | tuple[Bump, ...]) -> Bump:
    return max(bumps, key=BUMP_ORDER.__getitem__, default="none")
