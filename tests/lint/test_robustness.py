"""Every rule survives any label text: findings or nothing, never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labelspec.linting.engine import lint_repository
from labelspec.repository import Repository

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40)
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


@st.composite
def taxonomies(draw: st.DrawFn) -> dict[str, object]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    labels: dict[str, object] = {}
    for label_id in ids:
        label: dict[str, object] = {"definition": draw(TEXT)}
        if draw(st.booleans()):
            label["name"] = draw(TEXT.filter(bool))
        label["aliases"] = draw(st.lists(TEXT.filter(bool), max_size=2))
        if draw(st.booleans()):
            label["parent"] = draw(st.sampled_from([*ids, "nowhere"]))
        if draw(st.booleans()):
            label.update(
                status="deprecated",
                deprecated_in="1.0.0",
                replaced_by=draw(st.sampled_from([*ids, "nowhere"])),
            )
        label["examples"] = [{"text": draw(TEXT.filter(bool)), "note": draw(TEXT)}]
        labels[label_id] = label
    return {
        "taxonomy": "t",
        "title": "T",
        "version": "1.0.0",
        "task": {"modality": "text", "kind": "span"},
        "labels": labels,
    }


def test_all_rules_survive_any_text(tmp_path_factory: pytest.TempPathFactory) -> None:
    loaded: list[bool] = []

    @settings(max_examples=40, deadline=None)
    @given(data=taxonomies(), page=TEXT)
    def lint_one(data: dict[str, object], page: str) -> None:
        root = tmp_path_factory.mktemp("case")
        (root / "taxonomy").mkdir()
        (root / "labelspec.toml").write_text("")
        # JSON is YAML: every string arrives exactly as generated. Escaped (the
        # default), characters beyond U+FFFF become surrogate pairs, which YAML
        # refuses: the file would fail to load and no rule would see the text.
        (root / "taxonomy" / "t.yaml").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
        (root / "guidelines").mkdir()
        (root / "guidelines" / "index.md").write_text(
            page + " [[" + page[:5] + "]]", encoding="utf-8"
        )
        report = lint_repository(Repository.discover(root))
        for finding in report.findings:
            assert finding.line >= 1 and finding.column >= 1
            assert finding.severity in ("error", "warning", "info")
        loaded.append(not any(finding.code.startswith("SCH") for finding in report.findings))

    lint_one()
    # The cases must reach the rules: a generator whose files mostly fail to load
    # tests the loader only.
    assert sum(loaded) >= 0.95 * len(loaded), f"{loaded.count(False)} of {len(loaded)} did not load"
