"""The project's own guideline repository (taxonomy/, guidelines/, mkdocs.yml).

It is the example users read first and the data other parts are tested on
(diff, mapping and changelog work on its git history), so these tests pin what
it must keep showing: every modality and task kind, media that exists, a
version history that exercises every kind of change, and guideline pages that
cover every label.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

import labelspec
from labelspec.loader import load_text
from labelspec.model import Example, Taxonomy
from labelspec.references import find_references
from labelspec.repository import Repository

TAXONOMY_IDS = {
    "street-objects",
    "road-surfaces",
    "support-intents",
    "support-entities",
    "review-sentiment",
    "sound-events",
    "transcription-markup",
    "video-actions",
}

# The released versions of each file, oldest first, as committed to git.
RELEASES = {
    "street-objects": ["1.0.0", "1.1.0", "2.0.0", "2.0.1", "2.0.2", "2.1.0"],
    "road-surfaces": ["1.0.0", "2.0.0", "2.0.1", "2.0.2", "2.1.0"],
    "support-intents": ["1.0.0", "1.0.1", "2.0.0", "2.0.1", "2.1.0"],
    "support-entities": ["1.0.0", "1.1.0", "2.0.0", "2.0.1", "2.1.0", "2.1.1"],
    "review-sentiment": ["1.0.0", "1.0.1", "2.0.0", "2.0.1", "2.1.0"],
    "sound-events": ["1.0.0", "2.0.0", "2.1.0", "2.2.0"],
    "transcription-markup": ["1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.1.1"],
    "video-actions": ["1.0.0", "1.0.1", "1.0.2", "1.1.0"],
}

ASSET_BUDGET_BYTES = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def repository() -> Repository:
    return labelspec.load_repo(Path(__file__).resolve().parents[1])


@pytest.fixture(scope="module")
def taxonomies(repository: Repository) -> dict[str, Taxonomy]:
    return repository.taxonomies


def all_examples(taxonomy: Taxonomy) -> Iterator[tuple[str, Example]]:
    for label in taxonomy.labels.values():
        for example in [*label.examples, *label.counter_examples]:
            yield label.id, example


def semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# ---- loading and shape --------------------------------------------------------------------


def test_every_taxonomy_loads_without_findings(repository: Repository) -> None:
    problems = [
        (finding.file, finding.line, finding.code)
        for result in repository.load_results
        for finding in result.findings
    ]
    assert problems == []
    assert set(repository.taxonomies) == TAXONOMY_IDS


def test_each_modality_and_task_kind_is_present(taxonomies: dict[str, Taxonomy]) -> None:
    kinds = {(t.task.modality, t.task.kind) for t in taxonomies.values()}
    for required in [
        ("image", "bounding-box"),
        ("image", "polygon"),
        ("text", "classification"),
        ("text", "span"),
        ("audio", "classification"),
        ("audio", "transcription"),
        ("video", "temporal-segment"),
    ]:
        assert required in kinds
    assert taxonomies["sound-events"].task.multi_label
    assert taxonomies["sound-events"].exclusive_groups


def test_hierarchies_have_abstract_groups(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        assert taxonomy.task.leaf_only
        abstract = [label.id for label in taxonomy.active_labels() if label.abstract]
        assert abstract, taxonomy.id
        for group in abstract:
            assert len(taxonomy.graph.children(group)) >= 2, (taxonomy.id, group)


def test_every_label_records_when_it_was_added(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        for label in taxonomy.labels.values():
            assert label.added_in is not None, (taxonomy.id, label.id)
            assert semver(label.added_in) <= semver(taxonomy.version)
            if not label.is_active:
                assert label.deprecated_in is not None and label.reason, label.id
                assert semver(label.added_in) < semver(label.deprecated_in)


def test_image_labels_carry_stable_unique_indices(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        if taxonomy.task.modality != "image":
            continue
        indexed = [label for label in taxonomy.labels.values() if not label.abstract]
        indices = [label.index for label in indexed]
        assert None not in indices, taxonomy.id
        assert len(set(indices)) == len(indices), taxonomy.id


def test_edge_cases_are_decided_and_open_questions_exist(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        cases = [case for label in taxonomy.active_labels() for case in label.edge_cases]
        assert len(cases) >= 5, taxonomy.id
        assert any(case.status == "open" for case in cases), taxonomy.id
        for case in cases:
            assert case.rationale, case.id
            if case.status == "decided":
                for label_id in case.decided_labels:
                    assert taxonomy.labels[label_id].is_active, case.id


def test_look_alike_notes_exist_on_both_sides(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        for label in taxonomy.active_labels():
            for other in label.distinguish_from:
                assert taxonomy.labels[other].is_active, (label.id, other)
                assert label.id in taxonomy.labels[other].distinguish_from, (label.id, other)


def test_every_assignable_label_has_an_example(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        for label_id in taxonomy.graph.assignable:
            assert taxonomy.labels[label_id].examples, (taxonomy.id, label_id)
        assert any(label.counter_examples for label in taxonomy.active_labels()), taxonomy.id


def test_list_items_are_whole_phrases(taxonomies: dict[str, Taxonomy]) -> None:
    # A comma inside quotes in a YAML flow list splits one item into two
    # fragments with one quote each; the site then shows both halves.
    for taxonomy in taxonomies.values():
        for label in taxonomy.labels.values():
            for item in [*label.includes, *label.aliases, *label.excludes]:
                assert item.count('"') % 2 == 0, (taxonomy.id, label.id, item)
                assert item == item.strip() and item, (taxonomy.id, label.id)


# ---- media --------------------------------------------------------------------------------


def test_media_paths_exist_inside_the_repository(
    project_root: Path, taxonomies: dict[str, Taxonomy]
) -> None:
    root = project_root.resolve()
    used: set[Path] = set()
    for taxonomy in taxonomies.values():
        for label_id, example in all_examples(taxonomy):
            if example.media_path is None:
                continue
            path = (root / example.media_path).resolve()
            assert path.is_relative_to(root / "guidelines" / "assets"), (label_id, path)
            assert path.is_file(), (label_id, example.media_path)
            used.add(path)
            assert example.media_kind == taxonomy.task.modality, (taxonomy.id, label_id)
    assert used


def test_assets_stay_small(project_root: Path) -> None:
    assets = project_root / "guidelines" / "assets"
    total = sum(path.stat().st_size for path in assets.rglob("*") if path.is_file())
    assert 0 < total < ASSET_BUDGET_BYTES


def svg_size(path: Path) -> tuple[float, float]:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', path.read_text(encoding="utf-8"))
    assert match, path
    return float(match.group(1)), float(match.group(2))


def test_image_locators_lie_inside_the_image(
    project_root: Path, taxonomies: dict[str, Taxonomy]
) -> None:
    checked = 0
    for taxonomy in taxonomies.values():
        for label_id, example in all_examples(taxonomy):
            if example.image is None:
                continue
            width, height = svg_size(project_root / example.image)
            points: list[tuple[float, float]] = list(example.polygon or [])
            if example.region is not None:
                x, y, w, h = example.region
                points += [(x, y), (x + w, y + h)]
            assert points, (label_id, example.image)
            for x, y in points:
                assert 0 <= x <= width and 0 <= y <= height, (label_id, example.image, x, y)
            checked += 1
    assert checked >= 20


def test_text_examples_locate_their_spans(taxonomies: dict[str, Taxonomy]) -> None:
    spans = [
        example.quoted_span
        for _, example in all_examples(taxonomies["support-entities"])
        if example.text is not None
    ]
    assert spans and None not in spans
    examples = [example for _, example in all_examples(taxonomies["support-entities"])]
    assert any(example.span is not None for example in examples)
    assert any(example.span is None and example.quote is not None for example in examples)


def test_audio_and_video_examples_are_timed(taxonomies: dict[str, Taxonomy]) -> None:
    for taxonomy in taxonomies.values():
        for label_id, example in all_examples(taxonomy):
            if example.media_kind in ("audio", "video"):
                assert example.time is not None, (taxonomy.id, label_id)
            if example.media_kind == "video":
                assert example.frames is not None, (taxonomy.id, label_id)


def probe(path: Path) -> dict[str, str]:
    """Duration and frame count of a media file, as ffprobe reports them."""
    output = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "format=duration:stream=nb_read_frames,codec_type",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(output)
    found = {"duration": data["format"]["duration"]}
    for stream in data["streams"]:
        if stream.get("codec_type") == "video":
            found["frames"] = stream["nb_read_frames"]
    return found


def test_time_and_frame_locators_lie_inside_the_media(
    project_root: Path, taxonomies: dict[str, Taxonomy]
) -> None:
    if shutil.which("ffprobe") is None:
        pytest.skip("ffprobe (ffmpeg) is not installed")
    probed: dict[str, dict[str, str]] = {}
    for taxonomy in taxonomies.values():
        for label_id, example in all_examples(taxonomy):
            if example.media_kind not in ("audio", "video") or example.media_path is None:
                continue
            media = probed.setdefault(example.media_path, probe(project_root / example.media_path))
            assert example.time is not None
            assert example.time[1] <= float(media["duration"]) + 0.05, (label_id, example.time)
            if example.frames is not None:
                assert example.frames[1] < int(media["frames"]), (label_id, example.frames)
    assert len(probed) >= 10


# ---- versioning ---------------------------------------------------------------------------


def test_tombstones_exercise_every_kind_of_change(taxonomies: dict[str, Taxonomy]) -> None:
    forms: dict[str, list[str]] = {}
    single_targets: dict[tuple[str, str], list[str]] = {}
    for taxonomy in taxonomies.values():
        for label in taxonomy.deprecated_labels():
            forms.setdefault(label.replacement_form, []).append(label.id)
            if label.replacement_form == "single":
                key = (taxonomy.id, label.replacement_targets[0])
                single_targets.setdefault(key, []).append(label.id)
            if label.replacement_form == "rule-split":
                attributes = {**taxonomy.attributes, **label.attributes}
                for rule in label.split_rules:
                    assert rule.when and set(rule.when) <= set(attributes), label.id
    assert {"single", "rule-split", "ambiguous-split", "none"} <= set(forms)
    renames = [ids for ids in single_targets.values() if len(ids) == 1]
    merges = [ids for ids in single_targets.values() if len(ids) >= 2]
    assert renames and merges


def test_meaning_changes_are_recorded(taxonomies: dict[str, Taxonomy]) -> None:
    changes = {
        entry.change
        for taxonomy in taxonomies.values()
        for label in taxonomy.active_labels()
        for entry in label.history
    }
    assert changes == {"narrowed", "broadened", "clarified"}
    carved = [
        (taxonomy.id, label.id)
        for taxonomy in taxonomies.values()
        for label in taxonomy.active_labels()
        if label.carved_from
    ]
    assert len(carved) >= 3
    for taxonomy in taxonomies.values():
        for label in taxonomy.active_labels():
            for source in label.carved_from:
                assert source in taxonomy.labels, (taxonomy.id, label.id, source)


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def history_root() -> Path:
    root = Path(__file__).resolve().parents[1]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git work tree")
    if git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("shallow clone: the release history is not there")
    return root


def released_versions(root: Path, taxonomy_id: str) -> list[tuple[str, Taxonomy]]:
    """Each distinct version of the file in git history, oldest first."""
    path = f"taxonomy/{taxonomy_id}.yaml"
    commits = git(root, "log", "--format=%H", "--follow", "--", path).split()
    versions: list[tuple[str, Taxonomy]] = []
    for commit in reversed(commits):
        text = git(root, "show", f"{commit}:{path}")
        result = load_text(text, path)
        assert result.taxonomy is not None, (commit, [f.code for f in result.findings])
        if not versions or versions[-1][0] != result.taxonomy.version:
            versions.append((result.taxonomy.version, result.taxonomy))
    return versions


@pytest.mark.parametrize("taxonomy_id", sorted(RELEASES))
def test_git_history_holds_each_release_in_order(history_root: Path, taxonomy_id: str) -> None:
    versions = released_versions(history_root, taxonomy_id)
    found = [version for version, _ in versions]
    # Later releases may follow; the ones the fixtures of other parts rely on stay.
    assert found[: len(RELEASES[taxonomy_id])] == RELEASES[taxonomy_id]
    assert [semver(v) for v in found] == sorted(semver(v) for v in found)


def test_history_holds_a_move_and_keeps_tombstoned_ids(history_root: Path) -> None:
    versions = dict(released_versions(history_root, "road-surfaces"))
    assert versions["1.0.0"].labels["bike-lane"].parent == "roadway"
    assert versions["2.0.0"].labels["bike-lane"].parent == "footway"
    for taxonomy_id in RELEASES:
        history = released_versions(history_root, taxonomy_id)
        for (_, old), (_, new) in pairwise(history):
            assert set(old.labels) <= set(new.labels), taxonomy_id
            for label_id, label in old.labels.items():
                if label.index is not None:
                    assert new.labels[label_id].index == label.index, (taxonomy_id, label_id)


# ---- guidelines and site ------------------------------------------------------------------


def guideline_pages(root: Path) -> list[Path]:
    return sorted((root / "guidelines").rglob("*.md"))


def test_guideline_pages_cover_every_assignable_label(
    project_root: Path, taxonomies: dict[str, Taxonomy]
) -> None:
    covered: set[tuple[str, str]] = set()
    for page in guideline_pages(project_root):
        for reference in find_references(page.read_text(encoding="utf-8")):
            taxonomy_id, label_id = reference.taxonomy, reference.label
            # This repository's pages always name the taxonomy: there are eight.
            assert taxonomy_id in taxonomies, (page.name, taxonomy_id)
            label = taxonomies[taxonomy_id].labels.get(label_id)
            assert label is not None and label.is_active, (page.name, label_id)
            covered.add((taxonomy_id, label_id))
    for taxonomy in taxonomies.values():
        for label_id in taxonomy.graph.assignable:
            assert (taxonomy.id, label_id) in covered


def nav_pages(entries: object) -> Iterator[str]:
    if isinstance(entries, str):
        yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from nav_pages(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from nav_pages(value)


def test_site_navigation_lists_every_page(project_root: Path) -> None:
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "guidelines"
    assert config["theme"]["name"] == "material"
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert {"search", "labelspec"} <= set(plugins)
    listed = set(nav_pages(config["nav"]))
    written = {
        page.relative_to(project_root / "guidelines").as_posix()
        for page in guideline_pages(project_root)
    }
    assert listed == written


def test_the_linter_passes_on_this_repository(
    project_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labelspec.cli import main

    monkeypatch.chdir(project_root)
    code = main(["lint", "--format", "json"])
    findings = [
        (finding["file"], finding["line"], finding["code"])
        for finding in json.loads(capsys.readouterr().out or "[]")
        if finding["severity"] == "error"
    ]
    assert findings == []
    assert code == 0
