"""A guideline repository: its configuration, taxonomy files and guideline pages."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from labelspec.config import Config, find_root, read_config
from labelspec.errors import InputError, TaxonomyError
from labelspec.loader import LoadResult, load_file
from labelspec.model import Taxonomy


class Repository:
    """The repository rooted at ``root`` (the folder with the configuration)."""

    def __init__(self, root: Path, config: Config, config_file: Path | None = None) -> None:
        self.root = root
        self.config = config
        self.config_file = config_file

    @classmethod
    def discover(cls, start: str | Path = ".") -> Repository:
        """The repository containing ``start`` (searching upwards)."""
        start = Path(start)
        if not start.exists():
            raise InputError(f"{start}: no such file or folder")
        root = find_root(start if start.is_dir() else start.parent)
        if root is None:
            raise InputError(
                f"{start}: not inside a labelspec repository "
                "(no labelspec.toml, [tool.labelspec] or taxonomy/ folder above it); "
                "run `labelspec init` to create one"
            )
        config, config_file = read_config(root)
        return cls(root, config, config_file)

    @property
    def taxonomy_dir(self) -> Path:
        return self.root / self.config.taxonomy_dir

    @property
    def guidelines_dir(self) -> Path:
        return self.root / self.config.guidelines_dir

    def taxonomy_files(self) -> list[Path]:
        """Taxonomy files in name order."""
        if not self.taxonomy_dir.is_dir():
            return []
        return sorted(
            path
            for path in self.taxonomy_dir.iterdir()
            if path.suffix in (".yaml", ".yml") and path.is_file()
        )

    def guideline_pages(self) -> list[Path]:
        if not self.guidelines_dir.is_dir():
            return []
        return sorted(self.guidelines_dir.rglob("*.md"))

    def relative(self, path: Path) -> str:
        """``path`` relative to the root, as findings and outputs name files."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def load_file(self, path: Path) -> LoadResult:
        return load_file(path, display=self.relative(path))

    @cached_property
    def load_results(self) -> list[LoadResult]:
        return [self.load_file(path) for path in self.taxonomy_files()]

    @cached_property
    def taxonomies(self) -> dict[str, Taxonomy]:
        """Every taxonomy that loads, by id. Raises if any file cannot be used."""
        found: dict[str, Taxonomy] = {}
        for result in self.load_results:
            if result.taxonomy is None:
                first = result.findings[0]
                raise TaxonomyError(
                    f"{first.location}: {first.code} {first.message}", list(result.findings)
                )
            found[result.taxonomy.taxonomy] = result.taxonomy
        return found

    def taxonomy(self, name: str) -> Taxonomy:
        """A taxonomy by id, or by a path to its file."""
        if name in self.taxonomies:
            return self.taxonomies[name]
        known = ", ".join(self.taxonomies) or "none"
        raise InputError(f"no taxonomy '{name}' in {self.taxonomy_dir} (known: {known})")


def load_repo(path: str | Path = ".") -> Repository:
    """The repository containing ``path``."""
    return Repository.discover(path)
