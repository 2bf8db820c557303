"""The parts of the docs plugin that need no mkdocs build."""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path

import pytest
from docs_sample_site import TAXONOMY, png

from labelspec import semver
from labelspec.docs import html as h
from labelspec.docs.changes import (
    changes_by_version,
    changes_since,
    earlier_versions,
)
from labelspec.docs.layout import SiteLayout, slug
from labelspec.docs.media import MediaRefused, MediaResolver, image_size
from labelspec.docs.references import ReferenceResolver, link_references
from labelspec.loader import load_text
from labelspec.model import Taxonomy


@pytest.fixture
def taxonomy() -> Taxonomy:
    return load_text(TAXONOMY, "street-objects.yaml").require()


def test_inline_markdown_is_inert() -> None:
    assert h.inline_md("Car 2.0 (big)") == "Car 2.0 (big)"
    escaped = h.inline_md("*a* [b](javascript:x) <i> `c` &amp;")
    for char in "*[]<>`&":
        assert char not in escaped.replace("&#", "")
    assert h.plain_title('<script>"x" & y') == "‹script›”x” ＆ y"
    assert h.text("a\n\n<b>") == "a &lt;b&gt;"
    assert h.paragraphs("one\n\ntwo <x>") == "<p>one</p><p>two &lt;x&gt;</p>"


def test_only_http_links_are_kept() -> None:
    assert h.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", 'https://x.org/"onmouseover=1'):
        assert h.safe_url(bad) is None


def test_slugs_are_safe_and_distinct() -> None:
    assert slug("car") == "car"
    assert slug("1.2.0") == "1.2.0"
    for risky in ("../etc", "a/b", "Car", "..", "street objects", "ü"):
        made = slug(risky)
        assert "/" not in made and not made.startswith(".") and made
        assert made != slug(risky.lower()) or risky == risky.lower()


def test_layout_keeps_colliding_label_ids_apart(taxonomy: Taxonomy) -> None:
    taxonomy.labels["Car"] = taxonomy.labels["car"].model_copy()
    layout = SiteLayout.plan({"street-objects": taxonomy}, "taxonomy", None)
    pages = layout.taxonomies["street-objects"].labels
    assert pages["car"] == "taxonomy/street-objects/labels/car.md"
    assert pages["Car"] != pages["car"]
    assert len(set(layout.pages())) == len(list(layout.pages()))


def test_media_resolver_refuses_paths_leaving_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "guidelines" / "assets").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "guidelines" / "assets" / "a.png").write_bytes(b"x")
    (root / "media" / "b.png").write_bytes(b"x")
    (tmp_path / "outside.png").write_bytes(b"x")
    (root / "media" / "link.png").symlink_to(tmp_path / "outside.png")
    resolver = MediaResolver(root, root / "guidelines")
    inside = resolver.resolve("guidelines/assets/a.png")
    assert (inside.site_uri, inside.in_docs) == ("assets/a.png", True)
    outside_docs = resolver.resolve("media/b.png")
    assert (outside_docs.site_uri, outside_docs.in_docs) == ("_labelspec/media/media/b.png", False)
    for bad in (
        "../outside.png",
        "media/../../outside.png",
        "/etc/passwd",
        str(tmp_path / "outside.png"),
        "media/link.png",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "media\\b.png",
        "media/missing.png",
    ):
        with pytest.raises(MediaRefused):
            resolver.resolve(bad)


def test_image_sizes_from_headers(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png(33, 21, (0, 0, 1, 1), (0, 0, 0)))
    (tmp_path / "a.gif").write_bytes(b"GIF89a" + struct.pack("<HH", 40, 30) + b"\0" * 10)
    jpeg = (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\0" * 2
        + b"\0" * 4
        + b"\xff\xc4"
        + struct.pack(">H", 4)
        + b"\0\0"
        + b"\xff\xc0"
        + struct.pack(">HBHH", 11, 8, 480, 640)
        + b"\0" * 6
    )
    (tmp_path / "a.jpg").write_bytes(jpeg)
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200">'
    )
    (tmp_path / "b.svg").write_text('<svg width="64" height="48" viewBox="0 0 32 24"></svg>')
    (tmp_path / "c.bin").write_bytes(b"\0" * 100)
    assert image_size(tmp_path / "a.png") == (33, 21)
    assert image_size(tmp_path / "a.gif") == (40, 30)
    assert image_size(tmp_path / "a.jpg") == (640, 480)
    assert image_size(tmp_path / "a.svg") == (300, 200)
    assert image_size(tmp_path / "b.svg") == (64, 48)
    assert image_size(tmp_path / "c.bin") is None


def test_versions_in_order_and_changes_since(taxonomy: Taxonomy) -> None:
    assert (
        semver.version_key("1.10.0") > semver.version_key("1.9.0") > semver.version_key("1.9.0-rc1")
    )
    assert earlier_versions(taxonomy) == ["1.2.0", "1.1.0", "1.0.0"]
    since = changes_since(taxonomy, "1.0.0")
    assert since.added == ["horn", "road-user", "cyclist", "pedestrian"]
    assert since.deprecated == ["auto", "person"]
    assert [(label, entry.change) for label, entry in since.meaning] == [
        ("car", "narrowed"),
        ("truck", "clarified"),
    ]
    assert [case.id for _, case in since.decisions] == ["car-billboard"]
    assert changes_since(taxonomy, "2.0.0").empty


RELEASE_CANDIDATES = """\
taxonomy: t
title: T
version: 1.0.0
task: {modality: image, kind: classification}
labels:
  car: {definition: A road vehicle., added_in: 1.0.0-rc.2}
  bus: {definition: A long road vehicle., added_in: 1.0.0-rc.10}
"""


def test_changes_order_versions_as_semver_does() -> None:
    """rc.10 follows rc.2 (numeric prerelease parts compare as numbers): the
    changelog and the "since" pages agree with labelspec.semver."""
    taxonomy = load_text(RELEASE_CANDIDATES, "t.yaml").require()
    newest_first = [changes.version for changes in changes_by_version(taxonomy)]
    assert newest_first == sorted(newest_first, key=semver.version_key, reverse=True)
    assert newest_first == ["1.0.0", "1.0.0-rc.10", "1.0.0-rc.2"]
    assert changes_since(taxonomy, "1.0.0-rc.2").added == ["bus"]
    assert earlier_versions(taxonomy) == ["1.0.0-rc.10", "1.0.0-rc.2"]


def test_replacement_chains_lead_to_active_labels(taxonomy: Taxonomy) -> None:
    assert taxonomy.graph.final_targets("person") == ("cyclist", "pedestrian")
    taxonomy.labels["sedan"] = taxonomy.labels["auto"].model_copy(update={"replaced_by": "auto"})
    assert taxonomy.graph.final_targets("sedan") == ("car",)


def test_references_skip_code_and_report_unknown_labels(taxonomy: Taxonomy) -> None:
    layout = SiteLayout.plan({"street-objects": taxonomy}, "taxonomy", None)
    warnings: list[str] = []
    text = (
        "A [[car]], a [[street-objects:truck|lorry]], `[[car]]`, [[nope]], [[other:car]].\n"
        "~~~\n[[car]]\n~~~\n"
    )
    linked = link_references(text, "rules/boxes.md", ReferenceResolver(layout), warnings.append)
    first, *rest = linked.splitlines()
    assert first.startswith(
        "A [Car](<../taxonomy/street-objects/labels/car.md>){: .ls-ref }, "
        "a [lorry](<../taxonomy/street-objects/labels/truck.md>){: .ls-ref }, `[[car]]`, "
        "[[nope]], [[other:car]]."
    )
    assert rest == ["~~~", "[[car]]", "~~~"]
    assert [warning.split(": ")[1] for warning in warnings] == ["[[nope]]", "[[other:car]]"]


def test_references_in_html_comments_are_left_alone(taxonomy: Taxonomy) -> None:
    layout = SiteLayout.plan({"street-objects": taxonomy}, "taxonomy", None)
    warnings: list[str] = []
    text = "<!-- see [[nosuch]]\nand [[car]] --> [[car|the car]]\n"
    linked = link_references(text, "index.md", ReferenceResolver(layout), warnings.append)
    assert warnings == []
    assert linked == (
        "<!-- see [[nosuch]]\nand [[car]] --> "
        "[the car](<taxonomy/street-objects/labels/car.md>){: .ls-ref }\n"
    )


def test_ambiguous_reference_asks_for_the_taxonomy(taxonomy: Taxonomy) -> None:
    other = taxonomy.model_copy(update={"taxonomy": "other"})
    layout = SiteLayout.plan({"street-objects": taxonomy, "other": other}, "taxonomy", None)
    warnings: list[str] = []
    link_references("[[car]]", "index.md", ReferenceResolver(layout), warnings.append)
    assert len(warnings) == 1 and "[[street-objects:car]]" in warnings[0]


def test_description_markdown_cannot_run_code() -> None:
    rendered = h.markdown(
        "**Bold** and [docs](https://example.org).\n\n"
        "<script>alert(1)</script> [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) "
        "![i](data:image/svg+xml,x) [z](&#106;avascript:alert(1)) [rel](guide.md)"
    )
    assert "<strong>Bold</strong>" in rendered
    assert '<a href="https://example.org">docs</a>' in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    urls = [html.unescape(url) for url in re.findall(r'(?:href|src)="([^"]*)"', rendered)]
    assert urls[0] == "https://example.org" and urls[-1] == "guide.md"
    assert urls[1:4] == ["#", "#", "#"]
    # What the browser reads from the escaped entity is a relative link, not a script.
    assert not any(re.match(r"(?i)\s*(javascript|data):", url) for url in urls)
    assert "\n" not in rendered


def test_label_tree_is_linear_in_a_dag_and_survives_cycles(tmp_path: Path) -> None:
    from labelspec.docs.media import MediaResolver
    from labelspec.docs.render import PageRenderer, RenderContext

    # 40 levels of diamonds: a tree that repeated shared sub-labels would need 2^40 items.
    lines = [
        "taxonomy: deep",
        "title: Deep",
        "version: 1.0.0",
        "task: {modality: image, kind: classification, leaf_only: false}",
        "labels:",
        "  n0: {definition: Top.}",
    ]
    for level in range(1, 41):
        for side in "ab":
            lines.append(f"  {side}{level}: {{parent: {'n' + str(level - 1)}, definition: X.}}")
        lines.append(f"  n{level}: {{parent: [a{level}, b{level}], definition: Y.}}")
    lines += ["  c1: {parent: c2, definition: Z.}", "  c2: {parent: c1, definition: Z.}"]
    result = load_text("\n".join(lines) + "\n", "deep.yaml")
    assert result.taxonomy is not None, result.findings
    layout = SiteLayout.plan({"deep": result.taxonomy}, "taxonomy", None)
    context = RenderContext(
        layout=layout,
        url_of=lambda page: page,
        media=MediaResolver(tmp_path, tmp_path),
        warn=lambda message: None,
    )
    tree = PageRenderer(layout.taxonomies["deep"], context).tree()
    # n0, then per level a, b and n under both; the cycle c1 > c2 > c1 (not expanded again).
    assert tree.count("<li>") == 1 + 40 * 4 + 3
    assert tree.count("ls-summary") <= 2 * len(result.taxonomy.labels)


@pytest.mark.parametrize(
    ("target", "current"),
    [
        ("a/b/", "a/c/"),
        ("a/b/", "a/b/"),
        ("", "a/b/"),
        ("a/", ""),
        ("x/y.png", "a/b/c.html"),
        ("a/b.html", "a/index.html"),
        ("_labelspec/media/m.png", "taxonomy/t/labels/car/"),
        ("taxonomy/t/", "taxonomy/t/labels/car/"),
    ],
)
def test_relative_urls_match_mkdocs(target: str, current: str) -> None:
    from mkdocs.utils import get_relative_url

    from labelspec.docs.render import relative_url

    assert relative_url(target, current) == get_relative_url(target, current)
