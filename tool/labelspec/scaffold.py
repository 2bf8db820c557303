"""``labelspec init``: a new guideline repository that lints and builds as it is."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from labelspec.errors import UsageError
from labelspec.files import write_atomic

_TEMPLATE = "templates/init"


def _template_files(folder: Traversable, prefix: Path = Path()) -> list[tuple[Path, Traversable]]:
    files = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_dir():
            files.extend(_template_files(entry, prefix / entry.name))
        elif entry.name != "__pycache__":
            files.append((prefix / entry.name, entry))
    return files


def scaffold(directory: Path) -> list[Path]:
    """Create the repository files under ``directory``; refuses to overwrite any."""
    template = resources.files("labelspec").joinpath(_TEMPLATE)
    files = _template_files(template)
    existing = [relative for relative, _ in files if (directory / relative).exists()]
    if existing:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(f"{directory}: would overwrite {names}; choose an empty folder")
    created = []
    for relative, source in files:
        target = directory / relative
        write_atomic(target, source.read_text(encoding="utf-8"))
        created.append(target)
    schema_file = directory / "schema" / "taxonomy.schema.json"
    if not schema_file.exists():
        from labelspec.schema import taxonomy_schema_json

        write_atomic(schema_file, taxonomy_schema_json() + "\n")
        created.append(schema_file)
    return created
