"""Generated taxonomies of any size, for benchmarks and scale tests.

The text is built from a fixed vocabulary with a seeded random generator, so that a
given size always gives the same file, with realistic variety: a hierarchy three
levels deep, definitions of 10-25 words, aliases, includes, examples, edge cases,
and a share of tombstones.
"""

from __future__ import annotations

import random

_VOCABULARY = """
small large metal wooden plastic round flat long narrow bright dark striped
object device animal plant vehicle tool container surface structure garment
moving standing parked hanging floating carried mounted painted printed
street road field river kitchen office garden forest shop station
with four wheels two legs handle blade lid door window roof engine wing tail
used for carrying cutting holding cooking lighting sitting storing playing
"""
_WORDS = tuple(_VOCABULARY.split())


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def synthetic_taxonomy_yaml(labels: int, seed: int = 7, taxonomy_id: str = "synthetic") -> str:
    """YAML text of a valid taxonomy with ``labels`` labels (about 400 bytes each)."""
    rng = random.Random(seed)
    lines = [
        f"taxonomy: {taxonomy_id}",
        "title: Synthetic objects",
        "version: 3.0.0",
        "task: {modality: text, kind: classification}",
        "attributes:",
        "  occluded: {type: boolean, default: false}",
        "labels:",
    ]
    groups = max(1, labels // 100)
    families = max(1, labels // 10)
    for group in range(groups):
        lines += [
            f"  group-{group}:",
            "    abstract: true",
            f"    definition: A {_phrase(rng, 8, 14)}.",
        ]
    for family in range(families):
        lines += [
            f"  family-{family}:",
            "    abstract: true",
            f"    parent: group-{family % groups}",
            f"    definition: A {_phrase(rng, 8, 14)}.",
        ]
    for index in range(labels - groups - families):
        label_id = f"label-{index}"
        # Every 21st label is a tombstone, not every 20th: family counts are round
        # numbers, and with 20 some families would hold only tombstones.
        if index % 21 == 20:
            lines += [
                f"  {label_id}:",
                "    status: deprecated",
                "    deprecated_in: 2.0.0",
                f"    replaced_by: label-{index - 1}",
                "    reason: Merged.",
            ]
            continue
        lines += [
            f"  {label_id}:",
            f"    name: {_phrase(rng, 1, 3).capitalize()} {index}",
            f"    parent: family-{index % families}",
            f"    definition: A {_phrase(rng, 10, 25)}.",
            f"    aliases: [{_phrase(rng, 1, 2)} {index}]",
            f"    includes: [{_phrase(rng, 2, 3)} {index}, {_phrase(rng, 2, 3)} {index}]",
            "    examples:",
            f"      - text: {_phrase(rng, 5, 10)}",
            f"        note: {_phrase(rng, 4, 8)}",
            "    edge_cases:",
            f"      - id: case-{index}",
            f"        case: {_phrase(rng, 5, 9)}",
            f"        decision: {label_id}",
            f"        rationale: {_phrase(rng, 6, 12)}",
            "    added_in: 1.0.0",
        ]
    return "\n".join(lines) + "\n"
