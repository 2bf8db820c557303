"""The layers of labelspec look only down (docs/DESIGN.md, "Architecture").

The format layer (the model and everything needed to read a taxonomy) must not
load git, the linter, the version tools, the relabeler or the site: scripts and
editors that only read taxonomies should not pay for them, and a change there
must not be able to break loading.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tool" / "labelspec"

FORMAT_LAYER = [
    "errors",
    "positions",
    "semver",
    "diagnostics",
    "model",
    "loader",
    "graph",
    "config",
    "files",
    "repository",
    "references",
]
UPPER = ("labelspec.versions", "labelspec.linting", "labelspec.relabeling", "labelspec.docs")
# Lazy façades the public API asks for (DESIGN.md: `tax.mapping(from_version=...)`);
# they import upwards only when called.
ALLOWED_LAZY = {("model", "labelspec.versions.mapping")}

EXAMPLE = """\
taxonomy: pets
title: Pets
version: 1.0.0
task: {modality: image, kind: classification}
labels:
  animal: {abstract: true, definition: A living pet.}
  cat: {parent: animal, definition: A small domestic feline with soft fur.}
  dog: {parent: animal, definition: A domestic canine kept as a companion.}
"""


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"


def _imports(module: str) -> set[str]:
    """Every module ``module`` imports at run time, at the top or inside functions
    (imports under ``if TYPE_CHECKING:`` are for type hints and never run)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    for node in ast.walk(tree):
        if _is_type_checking_block(node):
            assert isinstance(node, ast.If)
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_format_layer_imports_nothing_above_it() -> None:
    offending = [
        (module, imported)
        for module in FORMAT_LAYER
        for imported in _imports(module)
        if (imported.startswith(UPPER) or imported.split(".")[0] == "git")
        and (module, imported) not in ALLOWED_LAZY
    ]
    assert offending == []


def test_reading_a_taxonomy_loads_no_upper_layer(tmp_path: Path) -> None:
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "pets.yaml").write_text(EXAMPLE)
    script = f"""
import json, sys
{"; ".join(f"import labelspec.{module}" for module in FORMAT_LAYER)}
from labelspec.repository import Repository
repository = Repository.discover({str(tmp_path)!r})
taxonomy = repository.taxonomy("pets")
assert taxonomy.graph.assignable == ("cat", "dog")
print(json.dumps(sorted(sys.modules)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    upper = [name for name in loaded if name.startswith(UPPER) or name.split(".")[0] == "git"]
    assert upper == []


def test_every_format_module_exists() -> None:
    # The list above is the layer; a module renamed away must not silently leave it.
    missing = [module for module in FORMAT_LAYER if not (PACKAGE / f"{module}.py").exists()]
    assert missing == []
