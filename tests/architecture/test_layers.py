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
    "numbering",
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
    return _imports_of(PACKAGE / f"{module}.py")


def _imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports at run time, at the top or inside functions
    (imports under ``if TYPE_CHECKING:`` are for type hints and never run)."""
    tree = ast.parse(path.read_text())
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


# Every module of the package, by layer, lowest first. A module may import from its
# own layer and the layers below it, never above (the package root is exempt:
# modules read ``__version__`` from it, and it imports lazily).
LAYERS: list[list[str]] = [
    [*FORMAT_LAYER, "schema"],
    ["text", "similarity", "synthetic"],
    ["versions", "scaffold", "interop"],
    ["linting"],
    ["relabeling", "docs"],
    ["checking"],
    ["api"],
    ["commands", "cli", "__main__"],
]


def _unit(path: Path) -> str:
    """The layer unit of a module: its subpackage, or the module itself."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def test_upper_layers_look_only_down() -> None:
    rank = {unit: level for level, units in enumerate(LAYERS) for unit in units}
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" and path.parent == PACKAGE:
            continue
        unit = _unit(path)
        assert unit in rank, f"{unit} is in no layer: add it to LAYERS"
        module = path.relative_to(PACKAGE).with_suffix("").as_posix()
        for imported in _imports_of(path):
            parts = imported.split(".")
            if parts[0] != "labelspec" or len(parts) == 1:
                continue
            target = parts[1]
            if rank[target] > rank[unit] and (unit, imported) not in ALLOWED_LAZY:
                offending.append(f"{module} -> {imported}")
    assert offending == []
