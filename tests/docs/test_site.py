"""The generated site, built with ``mkdocs build --strict`` from a sample repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_sample_site import INDEX, MKDOCS_YML, TAXONOMY, BuiltSite, build_site, make_repository
from mkdocs.exceptions import Abort

from builders import git

LABELS = "taxonomy/street-objects/labels"


def article(html: str) -> str:
    """The page body, without the theme's navigation."""
    return html[html.index("<article") : html.index("</article>")]


def hrefs(html: str, css: str) -> list[str]:
    return re.findall(rf'<a class="{css}" href="([^"]+)"', html)


def test_every_label_has_a_page(built_site: BuiltSite) -> None:
    for label in ("vehicle", "car", "truck", "horn", "road-user", "auto", "person", "cyclist"):
        assert (built_site.site / LABELS / label / "index.html").is_file(), label
    for page in ("index.html", "cheat-sheet/index.html", "changelog/index.html"):
        assert (built_site.site / "taxonomy/street-objects" / page).is_file(), page
    assert (built_site.site / "reference/lint-rules/index.html").is_file()


def test_label_page_sections_and_links(built_site: BuiltSite) -> None:
    body = article(built_site.page(f"{LABELS}/car/index.html"))
    headings = re.findall(r'<h2 id="([^"]+)"', body)
    assert headings == [
        "definition",
        "what-counts",
        "how-to-tell-apart",
        "attributes",
        "examples",
        "counter-examples",
        "edge-cases",
        "history",
    ]
    counts = body[body.index('class="ls-counts"') : body.index('id="how-to-tell-apart"')]
    # The excluded "pickup truck" links to the label to use instead; "toy car" is not annotated.
    assert re.findall(r'href="([^"]+)"', counts) == ["../truck/"]
    assert "ls-dont" in counts
    assert "../truck/" in body[body.index("ls-distinguish") :]
    # The counter-example names the right label; the history names the tombstone it replaces.
    assert 'class="ls-instead"' in body
    history = body[body.index('id="history"') :]
    assert re.findall(r'<a class="ls-ref ls-ref-deprecated" href="([^"]+)"', history) == [
        "../auto/"
    ]
    assert "Narrowed" in history and "2.0.0" in history


def test_edge_cases_decided_and_open(built_site: BuiltSite) -> None:
    body = article(built_site.page(f"{LABELS}/car/index.html"))
    decided = re.search(r'<div class="ls-case" id="case-car-billboard">.*?</div>', body)
    opened = re.search(
        r'<div class="ls-case ls-case-open" id="case-car-reflection">.*?</div>', body
    )
    assert decided is not None and "ls-badge-decided" in decided.group(0)
    assert 'href="https://example.org/issue/12"' in decided.group(0)
    assert opened is not None and "ls-badge-open" in opened.group(0)
    assert "ls-decision" not in opened.group(0)


def test_yaml_text_is_escaped_everywhere(built_site: BuiltSite) -> None:
    for page in built_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page
        assert 'onerror="window' not in html, page
        assert 'href="javascript:' not in html, page
    horn = article(built_site.page(f"{LABELS}/horn/index.html"))
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in horn
    # The title of a page whose label name holds markup: look-alikes, no tags.
    title = re.search(r"<title>(.*?)</title>", built_site.page(f"{LABELS}/pedestrian/index.html"))
    assert title is not None and "<" not in title.group(1) and "‹script›" in title.group(1)


def test_media_inside_and_outside_docs_dir(built_site: BuiltSite) -> None:
    body = article(built_site.page(f"{LABELS}/car/index.html"))
    sources = re.findall(r'<img src="([^"]+)"', body)
    assert sources == [
        "../../../../assets/car/taxi.png",
        "../../../../_labelspec/media/media/street.png",
        "../../../../_labelspec/media/media/pickup.png",
    ]
    for name in ("street.png", "pickup.png", "horn.wav"):
        copied = built_site.site / "_labelspec/media/media" / name
        assert copied.read_bytes() == (built_site.repository / "media" / name).read_bytes()
    # The region is drawn in the image's own pixel coordinates.
    assert '<svg class="ls-overlay" viewBox="0 0 100 80"' in body
    assert '<rect x="20" y="30" width="60" height="40">' in body
    assert '<polygon points="10,10 90,10 50,70">' in body


def test_audio_and_text_examples(built_site: BuiltSite) -> None:
    body = article(built_site.page(f"{LABELS}/horn/index.html"))
    assert (
        '<audio controls preload="metadata" src="../../../../_labelspec/media/media/horn.wav#t=0.1,0.4">'
        in body
    )
    assert "The driver <mark>pressed the horn</mark> twice." in body


def test_deprecated_labels_are_greyed_with_their_replacement(built_site: BuiltSite) -> None:
    auto = article(built_site.page(f"{LABELS}/auto/index.html"))
    notice = auto[auto.index("ls-deprecated") :]
    assert "ls-badge-deprecated" in auto
    assert hrefs(notice, "ls-ref")[0] == "../car/"
    person = article(built_site.page(f"{LABELS}/person/index.html"))
    assert hrefs(person[person.index("ls-deprecated") :], "ls-ref")[:2] == [
        "../cyclist/",
        "../pedestrian/",
    ]
    overview = article(built_site.page("taxonomy/street-objects/index.html"))
    table = overview[overview.index('id="deprecated-labels"') :]
    assert hrefs(table, "ls-ref ls-ref-deprecated") == ["labels/auto/", "labels/person/"]


def test_changelog_and_what_changed_since(built_site: BuiltSite) -> None:
    changelog = article(built_site.page("taxonomy/street-objects/changelog/index.html"))
    assert re.findall(r'<h2 id="[^"]*">([^<]+)', changelog) == ["2.0.0", "1.2.0", "1.1.0", "1.0.0"]
    since = article(built_site.page("taxonomy/street-objects/changes-since-1.1.0/index.html"))
    stop = since[since.index("ls-h-stop") : since.index("ls-h-new")]
    assert hrefs(stop, "ls-ref ls-ref-deprecated") == ["../labels/auto/", "../labels/person/"]
    new = since[since.index("ls-h-new") : since.index("ls-h-meaning")]
    assert hrefs(new, "ls-ref") == ["../labels/cyclist/", "../labels/pedestrian/"]
    # The billboard decision (1.2.0) is news for someone coming from 1.1.0.
    decisions = since[since.index("ls-h-decisions") : since.index("ls-h-clarified")]
    assert "case-car-billboard" in decisions
    # The new abstract road-user is not a label to use; clarified wording comes last.
    assert "road-user" not in new
    assert hrefs(since[since.index("ls-h-clarified") :], "ls-ref") == ["../labels/truck/"]
    meaning = since[since.index("ls-h-meaning") : since.index("ls-h-decisions")]
    assert hrefs(meaning, "ls-ref") == ["../labels/car/"]


def test_cheat_sheet_lists_assignable_labels_only(built_site: BuiltSite) -> None:
    sheet = article(built_site.page("taxonomy/street-objects/cheat-sheet/index.html"))
    assert hrefs(sheet, "ls-ref") == [
        "../labels/car/",
        "../labels/truck/",
        "../labels/horn/",
        "../labels/cyclist/",
        "../labels/pedestrian/",
    ]


def test_references_in_guideline_pages(built_site: BuiltSite) -> None:
    index = article(built_site.page("index.html"))
    assert '<a class="ls-ref" href="taxonomy/street-objects/labels/car/">Car</a>' in index
    assert '<a class="ls-ref" href="taxonomy/street-objects/labels/truck/">lorry</a>' in index
    assert 'class="ls-ref ls-ref-deprecated" href="taxonomy/street-objects/labels/auto/"' in index
    assert "<code>[[not-a-label]]</code>" in index
    assert "[[also-not-a-label]]" in index


def test_unknown_reference_fails_strict(sample_repository: Path) -> None:
    (sample_repository / "guidelines" / "index.md").write_text("See [[no-such-label]].\n")
    with pytest.raises(Abort):
        build_site(sample_repository)
    site = build_site(sample_repository, strict=False)
    assert "[[no-such-label]]" in (site / "index.html").read_text()


def test_a_reference_in_a_comment_is_no_reference_for_lint_or_site(
    sample_repository: Path,
) -> None:
    # The linter and the plugin read pages alike: a page lint passes builds with
    # --strict, and what a comment says is not linked.
    from labelspec.linting.engine import lint_repository
    from labelspec.repository import Repository

    (sample_repository / "guidelines" / "index.md").write_text(
        "Box every [[car]]. <!-- see [[nosuch]] and [[car]] -->\n"
    )
    report = lint_repository(Repository.discover(sample_repository), select=["GDL001"])
    assert report.findings == []
    site = build_site(sample_repository)
    index = article((site / "index.html").read_text())
    assert index.count('class="ls-ref"') == 1
    assert "<!-- see [[nosuch]] and [[car]] -->" in index


def test_media_outside_the_repository_is_refused(sample_repository: Path) -> None:
    secret = sample_repository.parent / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nnot for the site")
    taxonomy = TAXONOMY.replace("image: media/pickup.png", "image: ../secret.png")
    (sample_repository / "taxonomy" / "street-objects.yaml").write_text(taxonomy)
    with pytest.raises(Abort):
        build_site(sample_repository)
    site = build_site(sample_repository, strict=False)
    assert not [path for path in site.rglob("secret.png")]
    body = article((site / LABELS / "car" / "index.html").read_text())
    assert "ls-media-missing" in body


def test_navigation_is_explicit_and_bounded(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "repo")
    build_site(repository)
    small = (repository / "site" / "index.html").read_text()
    assert 'href="taxonomy/street-objects/labels/truck/"' in small  # labels are in the nav
    (repository / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - labelspec\n", "  - labelspec:\n      nav_labels_max: 3\n")
    )
    build_site(repository)
    large = (repository / "site" / "index.html").read_text()
    nav = large[: large.index("<article")]
    assert "labels/truck/" not in nav and "taxonomy/street-objects/cheat-sheet/" in nav
    assert (repository / "site" / LABELS / "truck" / "index.html").is_file()


def test_nav_built_from_pages_when_none_is_configured(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "repo", index=INDEX)
    (repository / "guidelines" / "howto").mkdir()
    (repository / "guidelines" / "howto" / "boxes.md").write_text("# Drawing boxes\n")
    (repository / "mkdocs.yml").write_text(MKDOCS_YML.replace("nav:\n  - Home: index.md\n", ""))
    build_site(repository)
    html = (repository / "site" / "index.html").read_text()
    nav = html[: html.index("<article")]
    assert 'href="howto/boxes/"' in nav
    assert 'href="taxonomy/street-objects/"' in nav


def test_lint_rules_page_comes_from_the_registry(built_site: BuiltSite) -> None:
    from labelspec.linting.registry import all_rules

    page = article(built_site.page("reference/lint-rules/index.html"))
    ids = re.findall(r'<h3 id="([a-z]{3}\d{3})"', page)
    assert ids == [code.lower() for code in all_rules()]


def test_broken_taxonomy_is_a_clear_error(
    sample_repository: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (sample_repository / "taxonomy" / "street-objects.yaml").write_text("taxonomy: [unclosed\n")
    with pytest.raises(Abort):
        build_site(sample_repository)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any("taxonomy/street-objects.yaml:2:1: SCH001" in error for error in errors)


def test_mapping_tables_with_downloads(built_site: BuiltSite) -> None:
    import csv
    import io
    import json

    folder = built_site.site / "taxonomy/street-objects"
    page = article((folder / "mapping/index.html").read_text())
    assert re.findall(r'<h2 id="[^"]*">From ([^<]+)', page) == ["1.2.0", "1.1.0", "1.0.0"]
    mapping = json.loads((folder / "mapping-from-1.0.0.json").read_text())
    assert (mapping["from"], mapping["to"]) == ("1.0.0", "2.0.0")
    entries = {entry["from"]: entry for entry in mapping["entries"]}
    assert entries["person"]["to"] == ["cyclist", "pedestrian"]
    rows = list(csv.DictReader(io.StringIO((folder / "mapping-from-1.0.0.csv").read_text())))
    assert {row["from"] for row in rows} == set(entries)
    sssom = (folder / "mapping-from-1.0.0.sssom.tsv").read_text()
    assert sssom.startswith("# curie_map:") and "skos:narrowMatch" in sssom
    assert 'download href="../mapping-from-1.0.0.sssom.tsv"' in page
    person = page[page.index("labels/person/") :]
    assert "riding = true" in person[: person.index("</tr>")]


def test_changelog_adds_the_git_diff_between_versions(tmp_path: Path) -> None:

    repository = make_repository(tmp_path / "repo")
    taxonomy = repository / "taxonomy" / "street-objects.yaml"
    old = TAXONOMY.replace("version: 2.0.0", "version: 1.2.0").replace(
        "    aliases: [automobile]\n", ""
    )
    taxonomy.write_text(old)

    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "1.2.0")
    taxonomy.write_text(TAXONOMY)  # the working file: 2.0.0, with the alias back
    site = build_site(repository)
    changelog = article((site / "taxonomy/street-objects/changelog/index.html").read_text())
    section = changelog[changelog.index('id="200"') : changelog.index('id="120"')]
    details = section[section.index('<details class="ls-diff">') :]
    assert "<code>aliases-changed</code>" in details
    assert 'href="../labels/car/"' in details


def test_label_pages_show_their_changes_in_git_following_merges(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "repo")
    taxonomy = repository / "taxonomy" / "street-objects.yaml"
    tombstone = (
        "  auto:\n    status: deprecated\n    deprecated_in: 2.0.0\n    replaced_by: car\n"
        "    reason: Merged into car.\n"
    )
    assert tombstone in TAXONOMY
    old = (
        TAXONOMY.replace("version: 2.0.0", "version: 1.2.0")
        .replace("    aliases: [automobile]\n", "")
        .replace(tombstone, "  auto:\n    parent: vehicle\n    definition: An automobile.\n")
    )
    taxonomy.write_text(old)
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "1.2.0")
    taxonomy.write_text(TAXONOMY)  # the working file: 2.0.0 merges auto into car
    site = build_site(repository)
    car = article((site / LABELS / "car/index.html").read_text())
    table = car[car.index('<details class="ls-label-changes">') :]
    rows = re.findall(r"<tr><td>([^<]*)</td><td><code>([^<]*)</code></td><td><code>([^<]*)", table)
    assert rows == [
        ("1.2.0", "added", "car"),
        ("1.2.0", "added", "auto"),
        ("2.0.0", "definition-changed", "car"),  # its history declares 2.0.0 narrowed
        ("2.0.0", "aliases-changed", "car"),
        ("2.0.0", "merged", "auto"),
    ]
    # A label git only saw added gets no table.
    horn = article((site / LABELS / "horn/index.html").read_text())
    assert "ls-label-changes" not in horn


def test_without_git_label_pages_have_no_changes_table(built_site: BuiltSite) -> None:
    assert "ls-label-changes" not in built_site.page(f"{LABELS}/car/index.html")


def test_a_hand_written_page_wins_over_a_generated_one(sample_repository: Path) -> None:
    own = sample_repository / "guidelines" / "taxonomy" / "street-objects" / "cheat-sheet.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Our own cheat sheet\n")
    with pytest.raises(Abort):  # the clash is a warning
        build_site(sample_repository)
    site = build_site(sample_repository, strict=False)
    sheet = (site / "taxonomy/street-objects/cheat-sheet/index.html").read_text()
    assert "Our own cheat sheet" in sheet
    overview = article((site / "taxonomy/street-objects/index.html").read_text())
    assert 'href="cheat-sheet/"' in overview


def test_label_pages_rank_high_in_search(built_site: BuiltSite) -> None:
    import json

    index = json.loads(built_site.page("search/search_index.json"))
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"]}
    assert boosts[f"{LABELS}/car/"] == 2
    assert boosts[f"{LABELS}/auto/"] == 0.5
    assert boosts["taxonomy/street-objects/"] is None


def test_links_follow_use_directory_urls(sample_repository: Path) -> None:
    config = sample_repository / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    site = build_site(sample_repository)
    car = article((site / LABELS / "car.html").read_text())
    assert 'href="truck.html"' in car
    assert '<img src="../../../assets/car/taxi.png"' in car
    index = (site / "index.html").read_text()
    assert 'href="taxonomy/street-objects/labels/car.html"' in index


def test_plugin_options(sample_repository: Path) -> None:
    options = (
        "  - labelspec:\n"
        "      prefix: sets\n"
        "      nav_section: Label sets\n"
        '      rules_page: ""\n'
        "      git_history: false\n"
    )
    (sample_repository / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - labelspec\n", options))
    (sample_repository / "guidelines" / "index.md").write_text("See [[car]].\n")
    site = build_site(sample_repository)
    assert (site / "sets/street-objects/labels/car/index.html").is_file()
    assert not (site / "taxonomy").exists()
    assert not (site / "reference").exists()
    index = (site / "index.html").read_text()
    assert 'href="sets/street-objects/labels/car/"' in index
    assert "Label sets" in index[: index.index("<article")]
