"""Every rule survives any label text: findings or nothing, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelspec.lint.engine import lint_repository
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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=taxonomies(), page=TEXT)
def test_all_rules_survive_any_text(tmp_path: Path, data: dict[str, object], page: str) -> None:
    (tmp_path / "taxonomy").mkdir(exist_ok=True)
    (tmp_path / "labelspec.toml").write_text("")
    # JSON is YAML: every string arrives exactly as generated.
    (tmp_path / "taxonomy" / "t.yaml").write_text(json.dumps(data))
    (tmp_path / "guidelines").mkdir(exist_ok=True)
    (tmp_path / "guidelines" / "index.md").write_text(page + " [[" + page[:5] + "]]")
    report = lint_repository(Repository.discover(tmp_path))
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.severity in ("error", "warning", "info")
