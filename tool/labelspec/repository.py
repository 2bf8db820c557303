"""A guideline repository: its configuration, taxonomy files and guideline pages."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from labelspec.config import Config, find_root, read_config
from labelspec.errors import InputError
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

    @classmethod
    def around(cls, path: str | Path) -> Repository:
        """The repository containing ``path``, or a bare one rooted at its folder:
        a taxonomy file need not live in a configured repository to be read, diffed
        or mapped (its git history is found from that folder)."""
        path = Path(path)
        folder = path if path.is_dir() else path.parent
        try:
            return cls.discover(folder)
        except InputError:
            return cls(folder.resolve(), Config())

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
        """Every taxonomy of the repository, by id. Raises :class:`TaxonomyError` if
        any file cannot be used; a command about one taxonomy uses :meth:`taxonomy`,
        which reads that file alone."""
        found: dict[str, Taxonomy] = {}
        for result in self.load_results:
            taxonomy = result.require()
            found[taxonomy.taxonomy] = taxonomy
        return found

    def taxonomy_path(self, taxonomy_id: str) -> Path:
        """The file of the taxonomy ``taxonomy_id`` (its file name without .yaml)."""
        files = self.taxonomy_files()
        for path in files:
            if path.stem == taxonomy_id:
                return path
        known = ", ".join(path.stem for path in files) or "none"
        raise InputError(
            f"no taxonomy '{taxonomy_id}' in {self.taxonomy_dir} (known: {known}); "
            "or name a taxonomy file, e.g. taxonomy/<id>.yaml"
        )

    def taxonomy(self, taxonomy_id: str) -> Taxonomy:
        """The taxonomy ``taxonomy_id``, loading its file only, so that a broken
        unrelated file does not stop a command about this one."""
        return self.load_file(self.taxonomy_path(taxonomy_id)).require()

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"


def find_taxonomy(name: str | Path, here: str | Path = ".") -> tuple[Repository, Path]:
    """A taxonomy as users name it, and the repository around it.

    ``name`` is a file when it is one (or looks like one: a .yaml suffix or a
    folder in it); otherwise it is a taxonomy id in the repository around ``here``.
    This is the one place the command line and the API turn a name into a file.
    """
    text = str(name)
    path = Path(name)
    if path.is_file():
        return Repository.around(path), path
    if path.suffix in (".yaml", ".yml") or "/" in text or "\\" in text:
        raise InputError(f"{text}: no such file")
    try:
        repository = Repository.discover(here)
    except InputError:
        raise InputError(
            f"{Path(here).resolve()}: not inside a labelspec repository, so '{text}' cannot be "
            f"looked up as a taxonomy id; pass the taxonomy file instead "
            f"(e.g. path/to/{text}.yaml), or run `labelspec init` to create a repository"
        ) from None
    return repository, repository.taxonomy_path(text)


def load_taxonomy(name: str | Path, here: str | Path = ".") -> Taxonomy:
    """The taxonomy named by a file path or by an id in the repository around
    ``here`` (see :func:`find_taxonomy`); only that one file is read."""
    return load_file(find_taxonomy(name, here)[1]).require()


def load_repo(path: str | Path = ".") -> Repository:
    """The repository containing ``path``."""
    return Repository.discover(path)
