"""What OVL001 flags on ImageNet-1k (needs ../shared/corpora).

Run: .venv/bin/python benchmarks/overlap_study.py [--list]

Converts the 1,000 classes (WordNet glosses as definitions, lemmas as aliases, the
ovqa WordNet tree as parents; tests/corpora/converters.py), runs OVL001 and
OVL002, and prints how many pairs are flagged and why, whether the known
duplicate classes are among them, and how many flagged pairs a ViT-3B really
confused (google-research/imagenet-mistakes). ``--list`` prints every pair.
The numbers are written up in benchmarks/overlap-study.md.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpora.converters import imagenet_taxonomy  # noqa: E402
from labelspec.linting.analysis.label_texts import LabelTexts  # noqa: E402
from labelspec.linting.analysis.overlaps import find_overlaps  # noqa: E402
from labelspec.linting.rules.overlap import CrossMention  # noqa: E402
from labelspec.loader import load_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
KNOWN = {
    ("n04355933", "n04356056"): "sunglass / sunglasses",
    ("n04008634", "n03773504"): "projectile, missile / missile",
    ("n03710637", "n03710721"): "maillot / maillot, tank suit",
    ("n03642806", "n03832673"): "laptop / notebook",
    ("n02808440", "n04493381"): "bathtub / tub",
    ("n02012849", "n03126707"): "crane (bird) / crane (machine): a homonym, for NAM001",
}


def main() -> None:
    import yaml

    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is not present")
    text = yaml.safe_dump(imagenet_taxonomy(CORPORA), sort_keys=False, width=10_000)
    taxonomy = load_text(text, "imagenet-1k.yaml").taxonomy
    assert taxonomy is not None
    start = time.perf_counter()
    overlaps = find_overlaps(LabelTexts(taxonomy))
    seconds = time.perf_counter() - start
    flagged = {frozenset((item.first, item.second)) for item in overlaps}
    confusions = json.loads(
        (
            CORPORA / "imagenet" / "imagenet-mistakes" / "metadata" / "class_confusion_wnids.json"
        ).read_text(encoding="utf-8")
    )
    confused = {frozenset((first, second)) for first, second, _ in confusions}
    print(f"classes: {len(taxonomy.graph.assignable)}, OVL001 time: {seconds:.2f} s")
    print(f"OVL001 flagged pairs: {len(flagged)}  (goal: about 150 at most)")
    for reason, count in Counter(item.reason for item in overlaps).most_common():
        print(f"  {reason:13} {count}")
    print(f"flagged pairs the ViT-3B confused: {len(flagged & confused)} of {len(confused)}")
    print("known pairs:")
    for pair, what in KNOWN.items():
        print(f"  {'flagged' if frozenset(pair) in flagged else 'not flagged':12} {what}")
    mentions = list(CrossMention().check(_context(taxonomy, text)))
    print(f"OVL002 cross-mentions: {len(mentions)}")
    if "--list" in sys.argv:
        names = {label_id: label.display_name for label_id, label in taxonomy.labels.items()}
        for item in sorted(overlaps, key=lambda item: (item.reason, -item.score)):
            print(
                f"{item.reason:13} {item.score:.2f}  {names[item.first]!r} / "
                f"{names[item.second]!r}  {', '.join(item.terms[:5])}"
            )


def _context(taxonomy: object, text: str) -> object:
    from labelspec.linting.context import TaxonomyContext

    result = load_text(text, "imagenet-1k.yaml")
    return TaxonomyContext(result, taxonomy)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
