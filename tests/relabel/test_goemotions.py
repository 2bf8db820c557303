"""Real data: GoEmotions' 28 labels moved to Ekman's six emotions plus neutral.

The test writes the 28-label taxonomy (1.0.0) and its Ekman version (2.0.0: the
fine labels become tombstones whose ``replaced_by`` names their Ekman group;
labels whose name is an Ekman group stay), relabels the 2,000 real multi-label
records of ``train.tsv`` (``text<TAB>comma-separated label indices<TAB>id``) by
index, and checks every record against the published ``ekman_mapping.json``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from labelspec.api import load
from labelspec.relabeling import relabel


def _emotions(corpora: Path) -> list[str]:
    return (corpora / "goemotions" / "emotions.txt").read_text().split()


def _ekman(corpora: Path) -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(
        (corpora / "goemotions" / "ekman_mapping.json").read_text()
    )
    return data


def write_taxonomy(path: Path, emotions: list[str], ekman: dict[str, list[str]]) -> None:
    group_of = {emotion: group for group, members in ekman.items() for emotion in members}
    lines = [
        "taxonomy: goemotions",
        "title: GoEmotions",
        "version: 2.0.0",
        "task: {modality: text, kind: classification, multi_label: true}",
        "labels:",
    ]
    for index, emotion in enumerate(emotions):
        group = group_of.get(emotion)
        if group is None or group == emotion:
            lines.append(
                f"  {emotion}: {{definition: The {emotion} emotion., index: {index}, added_in: 1.0.0}}"
            )
        else:
            lines.append(
                f"  {emotion}: {{status: deprecated, deprecated_in: 2.0.0, replaced_by: {group},"
                f" reason: Grouped into Ekman's {group}., index: {index}, added_in: 1.0.0}}"
            )
    path.write_text("\n".join(lines) + "\n")


def test_goemotions_to_ekman(corpora: Path, tmp_path: Path) -> None:
    emotions = _emotions(corpora)
    ekman = _ekman(corpora)
    assert len(emotions) == 28
    taxonomy_file = tmp_path / "goemotions.yaml"
    write_taxonomy(taxonomy_file, emotions, ekman)
    taxonomy = load(taxonomy_file)
    assert len(taxonomy.graph.assignable) == 7

    source = corpora / "goemotions" / "train.tsv"
    out = tmp_path / "train.ekman.tsv"
    report = relabel(
        source,
        taxonomy,
        from_version="1.0.0",
        fmt="tsv",
        out=out,
        review=tmp_path / "review.jsonl",
        field="2",
        header=False,
        separator=",",
        by_index=True,
    )
    assert (report.read, report.written, report.review, report.rejected) == (2000, 2000, 0, 0)

    group_of = {emotion: group for group, members in ekman.items() for emotion in members}
    group_of["neutral"] = "neutral"
    index_of = {emotion: index for index, emotion in enumerate(emotions)}
    with (
        source.open(newline="", encoding="utf-8") as before,
        out.open(newline="", encoding="utf-8") as after,
    ):
        original = list(csv.reader(before, delimiter="\t"))
        relabelled = list(csv.reader(after, delimiter="\t"))
    assert len(relabelled) == len(original) == 2000
    multi = 0
    for old, new in zip(original, relabelled, strict=True):
        assert (new[0], new[2]) == (old[0], old[2])  # text and id untouched
        old_labels = [emotions[int(index)] for index in old[1].split(",")]
        expected = []
        for label in old_labels:
            group_index = str(index_of[group_of[label]])
            if group_index not in expected:
                expected.append(group_index)
        new_indices = new[1].split(",")
        assert new_indices == expected  # the published mapping, order kept
        assert len(set(new_indices)) == len(new_indices)  # a set: no duplicates
        multi += len(old_labels) > 1
    assert multi == 328  # SOURCES.md: 328 of the rows are multi-label
    # annoyance, anger, disapproval all went to anger
    assert report.labels["annoyance"].changed > 0
    assert report.labels["anger"].unchanged > 0
