"""``labelspec check`` on a repository with branches: every section of the
report, the exit code, links, the base fallbacks, and the size of the Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builders import git, taxonomy_header
from labelspec.cli import main

BASE_LABELS = """\
  vehicle: {abstract: true, definition: A machine that moves people or goods on roads.}
  car:
    parent: vehicle
    definition: A motor vehicle with four wheels built to carry up to eight people.
    edge_cases:
      - {id: car-toy, case: A toy car on a shelf., status: open}
  truck: {parent: vehicle, definition: A motor vehicle with a cargo area built to carry goods.}
  van: {parent: vehicle, definition: A motor vehicle with a closed box body for goods.}
  bus: {parent: vehicle, definition: A long vehicle built to carry many seated passengers.}
"""
# The change: van merged into truck, car narrowed (with its history entry), the toy
# question decided, a new question opened on truck, a new label added.
CHANGED_LABELS = """\
  vehicle: {abstract: true, definition: A machine that moves people or goods on roads.}
  car:
    parent: vehicle
    definition: A motor vehicle with four wheels built to carry up to five people.
    history: [{version: VERSION, change: narrowed, note: Minibuses are buses now.}]
    edge_cases:
      - {id: car-toy, case: A toy car on a shelf., decision: null, rationale: Not a vehicle.}
  truck:
    parent: vehicle
    definition: A motor vehicle with a cargo area built to carry goods.
    edge_cases:
      - {id: truck-camper, case: A camper van with a bed inside., status: open}
  van:
    status: deprecated
    deprecated_in: VERSION
    replaced_by: truck
    reason: Annotators could not tell vans from small trucks.
  bus: {parent: vehicle, definition: A long vehicle built to carry many seated passengers.}
  tram: {parent: vehicle, definition: A passenger vehicle that runs on rails in the street.}
"""
# A finding the base already has (DEF004-style problems are warnings): a page
# linking to a label that does not exist.
PAGE = "# Street objects\n\nBoxes go around [[car]] and [[nosuch]].\n"


def _write(root: Path, labels: str, version: str, page: str = PAGE) -> None:
    (root / "taxonomy").mkdir(exist_ok=True)
    (root / "guidelines").mkdir(exist_ok=True)
    text = taxonomy_header(version=version, kind="bounding-box") + labels
    (root / "taxonomy" / "t.yaml").write_text(text.replace("VERSION", version))
    (root / "guidelines" / "index.md").write_text(page)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: version 1.0.0; the branch `change`: the change at 2.0.0, checked out."""
    root = tmp_path / "guides"
    root.mkdir()
    (root / "labelspec.toml").write_text('base = "main"\n')
    _write(root, BASE_LABELS, "1.0.0")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "1.0.0")
    git(root, "checkout", "-q", "-b", "change")
    _write(root, CHANGED_LABELS, "2.0.0", PAGE + "\nVans are trucks now.\n")
    git(root, "commit", "-q", "-am", "2.0.0")
    monkeypatch.chdir(root)
    for variable in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "CI_PROJECT_URL", "GITLAB_CI"):
        monkeypatch.delenv(variable, raising=False)
    return root


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code, out = _check(capsys, "--output-format", "json", *args)
    return code, json.loads(out)


def test_a_sound_change_may_merge_and_every_section_is_reported(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = repository.parent / "data.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": n, "label": label}) + "\n"
            for n, label in enumerate(["car", "van", "van", "truck", "boat"])
        )
    )
    code, report = _json(capsys, "--data", str(data), "--format", "jsonl", "--field", "label")
    assert code == 0 and report["mergeable"] is True and report["blocking"] == []
    assert report["base"] == {"ref": "main", "commit": git(repository, "rev-parse", "main")}
    findings = report["findings"]
    assert isinstance(findings, dict)
    # The broken [[nosuch]] link (an error) and the missing examples were already
    # on main: counted, not listed, and not blocking.
    new = {(finding["code"], finding["line"]) for finding in findings["new"]}
    assert new == {("GDL003", 5), ("EXM006", 17), ("EXM001", 24), ("GDL004", 24)}
    assert (findings["inherited"], findings["fixed"]) == (6, 3)
    (taxonomy,) = report["taxonomies"]  # type: ignore[misc]
    assert taxonomy["status"] == "changed"
    assert (taxonomy["old_version"], taxonomy["new_version"]) == ("1.0.0", "2.0.0")
    assert (taxonomy["required_bump"], taxonomy["bump_ok"]) == ("major", True)
    kinds = {(change["kind"], change["label"]) for change in taxonomy["changes"]}
    assert {("merged", "van"), ("definition-changed", "car"), ("added", "tram")} <= kinds
    merged = next(c for c in taxonomy["changes"] if c["kind"] == "merged")
    assert merged["old"]["path"] == "taxonomy/t.yaml" and merged["new"]["line"] > 1
    assert merged["new"]["url"] is None  # no remote: paths only
    meaning = {entry["label"] for entry in taxonomy["meaning_changed"]}
    assert meaning == {"van", "car"}
    car = next(entry for entry in taxonomy["meaning_changed"] if entry["label"] == "car")
    assert "five people" in car["definition"]
    cases = taxonomy["edge_cases"]
    assert [(c["label"], c["id"]) for c in cases["opened"]] == [("truck", "truck-camper")]
    assert [(c["label"], c["id"]) for c in cases["decided"]] == [("car", "car-toy")]
    assert report["guideline_pages"] == [
        {"path": "guidelines/index.md", "status": "changed", "url": None}
    ]
    impact = report["impact"]
    assert isinstance(impact, dict) and impact["problem"] is None
    relabel = impact["relabel"]
    assert (relabel["read"], relabel["changed"], relabel["rejected"]) == (5, 2, 1)
    assert relabel["labels"]["van"]["changed"] == 2 and relabel["labels"]["van"]["to"] == ["truck"]


def test_a_bump_too_small_must_not_merge(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(repository, CHANGED_LABELS, "1.1.0")
    git(repository, "commit", "-q", "-am", "only minor")
    code, report = _json(capsys)
    assert code == 1 and report["mergeable"] is False
    assert any("major bump" in reason for reason in report["blocking"])  # type: ignore[union-attr]
    code, text = _check(capsys)
    assert code == 1 and "must not merge" in text and "**too small**" in text


def test_new_errors_must_not_merge_and_only_they_are_listed(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taxonomy = repository / "taxonomy" / "t.yaml"
    taxonomy.write_text(
        taxonomy.read_text() + "  boat: {parent: vessel, definition: A craft that floats.}\n"
    )
    code, report = _json(capsys)  # uncommitted: the working tree counts
    assert code == 1
    findings = report["findings"]
    assert isinstance(findings, dict)
    codes = [finding["code"] for finding in findings["new"]]
    assert "GRA001" in codes and findings["inherited"] == 6
    assert "1 new lint error(s)" in report["blocking"]  # type: ignore[operator]


def test_a_removed_taxonomy_must_not_merge(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "taxonomy" / "other.yaml").write_text(
        taxonomy_header(taxonomy="other", version="1.0.0") + "  a: {definition: An A thing.}\n"
    )
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "other")
    git(repository, "rm", "-q", "taxonomy/other.yaml")
    code, report = _json(capsys, "--base", "HEAD")
    statuses = {t["file"]: t["status"] for t in report["taxonomies"]}  # type: ignore[union-attr]
    assert code == 1 and statuses == {"taxonomy/other.yaml": "removed"}


def test_links_point_at_the_code_host_and_never_carry_a_token(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repository, "remote", "add", "origin", "https://bot:s3cret@github.com/acme/guides.git")
    head = git(repository, "rev-parse", "HEAD")
    code, out = _check(capsys)
    assert code == 0 and "s3cret" not in out
    assert f"https://github.com/acme/guides/blob/{head}/taxonomy/t.yaml#L" in out
    git(repository, "remote", "set-url", "origin", "git@gitlab.example.org:team/sub/guides.git")
    code, report = _json(capsys)
    (taxonomy,) = report["taxonomies"]  # type: ignore[misc]
    merged = next(c for c in taxonomy["changes"] if c["kind"] == "merged")
    base = git(repository, "rev-parse", "main")
    assert merged["old"]["url"].startswith(
        f"https://gitlab.example.org/team/sub/guides/-/blob/{base}/taxonomy/t.yaml#L"
    )


def test_the_github_actions_variables_name_the_project(
    repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/guides")
    code, report = _json(capsys)
    assert code == 0
    pages = report["guideline_pages"]
    head = git(repository, "rev-parse", "HEAD")
    assert pages[0]["url"] == (  # type: ignore[index]
        f"https://github.example.com/acme/guides/blob/{head}/guidelines/index.md"
    )


def test_the_change_is_measured_from_the_merge_base(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Work merged into main after the branch point is not the change's."""
    git(repository, "checkout", "-q", "main")
    (repository / "guidelines" / "other.md").write_text("# Other\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "main moves on")
    git(repository, "checkout", "-q", "change")
    code, report = _json(capsys)
    paths = [page["path"] for page in report["guideline_pages"]]  # type: ignore[union-attr]
    assert code == 0 and paths == ["guidelines/index.md"]


def test_a_ci_clone_with_only_origin_main_compares_with_it(
    repository: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "change", str(repository), str(clone))
    assert "main" not in git(clone, "branch", "--list", "main")
    monkeypatch.chdir(clone)
    code, report = _json(capsys)
    assert code == 0 and report["base"]["ref"] == "origin/main"  # type: ignore[index]


def test_without_a_base_it_stops_and_names_the_fix(
    repository: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clone = tmp_path / "shallow"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "change",
        f"file://{repository}",
        str(clone),
    )
    monkeypatch.chdir(clone)
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert "fetch" in err and "Traceback" not in err
    assert main(["check", "--base", "0" * 40]) == 3
    assert "all-zero" in capsys.readouterr().err


def test_data_needs_its_format(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", "x.jsonl"]) == 2
    assert "format" in capsys.readouterr().err


MARKDOWN_LIMIT = 65_536


def test_a_change_of_ten_thousand_labels_fits_a_comment_as_valid_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markdown_it import MarkdownIt

    from labelspec.checking import run_check
    from labelspec.checking.render import render_markdown
    from labelspec.repository import Repository
    from labelspec.synthetic import synthetic_taxonomy_yaml

    root = tmp_path / "big"
    (root / "taxonomy").mkdir(parents=True)
    # The size of the report is the point here, not the overlap rules' time.
    (root / "labelspec.toml").write_text('[lint]\nselect = ["SCH", "GRA", "VER"]\n')
    old = synthetic_taxonomy_yaml(10_000, taxonomy_id="big")
    (root / "taxonomy" / "big.yaml").write_text(old)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "3.0.0")
    # Every definition changes and the version stays: 9,500 changes (tombstones
    # have no definition), none of them bumped.
    new = re.sub(r"(\n    definition: )", r"\1Now seen as ", old)
    (root / "taxonomy" / "big.yaml").write_text(new)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/big")
    report = run_check(Repository.discover(root), "main")
    (change,) = report.taxonomies
    assert len(change.entries) > 9_000 and not report.mergeable
    text = render_markdown(report)
    assert len(text) < MARKDOWN_LIMIT
    assert "more (the JSON report" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    # Every collapsible section is closed and the tables parsed as tables.
    assert html.count("<details") == html.count("</details>") > 0
    assert "<table>" in html and "<h2>" in html
    assert html.count("<a href=") > 100
