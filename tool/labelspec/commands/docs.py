"""``labelspec docs build`` and ``labelspec docs serve``: the annotator site.

Both run mkdocs through its Python API with the repository's ``mkdocs.yml``
(which lists the ``labelspec`` plugin); mkdocs is imported inside the commands.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from labelspec.errors import InputError, UsageError

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config-file",
        "-f",
        metavar="FILE",
        help="The mkdocs.yml to use (default: the one at the repository root).",
    ),
]


def _config_file(config_file: Path | None) -> Path:
    if config_file is not None:
        if not config_file.is_file():
            raise InputError(f"{config_file}: no such file")
        return config_file
    from labelspec.repository import Repository

    root = Repository.discover(Path.cwd()).root
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (root / name).is_file():
            return root / name
    raise InputError(f"{root}: no mkdocs.yml; run `labelspec init` or pass --config-file")


def _check_taxonomies(config_path: Path) -> None:
    """Fail with the first taxonomy error (exit 3) before mkdocs starts, so that
    a broken file reads as one line instead of mkdocs' build-error report."""
    from labelspec.repository import Repository

    Repository.discover(config_path.resolve().parent).taxonomies  # noqa: B018


class _MkdocsLog(logging.Handler):
    """Prints mkdocs' warnings and errors (and info with --verbose) to stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"{record.levelname}: {record.getMessage()}", err=True)


@contextlib.contextmanager
def _log_to_terminal(verbose: bool) -> Iterator[None]:
    """mkdocs' log on the terminal while mkdocs runs; the logger is left as found."""
    logger = logging.getLogger("mkdocs")
    handler = _MkdocsLog(logging.INFO if verbose else logging.WARNING)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def build(
    config_file: ConfigOption = None,
    site_dir: Annotated[
        Path | None,
        typer.Option("--site-dir", "-d", metavar="DIR", help="Where to write the site."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail on any warning (unknown [[label]], missing media)."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show mkdocs' progress.")
    ] = False,
) -> None:
    """Build the site into site/ (or --site-dir) and print where it is."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_path = _config_file(config_file)
    _check_taxonomies(config_path)
    try:
        with _log_to_terminal(verbose):
            config = load_config(
                config_file=str(config_path),
                # Without --strict the `strict:` of mkdocs.yml decides.
                strict=True if strict else None,
                site_dir=str(site_dir.resolve()) if site_dir is not None else None,
            )
            mkdocs_build(config)
    except Abort as aborted:
        # --strict with warnings: the warnings were printed above.
        typer.echo(f"labelspec: {aborted}", err=True)
        raise typer.Exit(1) from None
    except MkDocsException as error:
        raise InputError(f"{config_path}: {error}") from None
    index = Path(config.site_dir) / "index.html"
    typer.echo(f"Site built in {config.site_dir}")
    typer.echo(f"Open {index.as_uri()} or run `labelspec docs serve`.")


def serve(
    config_file: ConfigOption = None,
    address: Annotated[
        str, typer.Option("--address", "-a", metavar="HOST:PORT", help="Where to serve.")
    ] = "127.0.0.1:8000",
    livereload: Annotated[
        bool, typer.Option("--livereload/--no-livereload", help="Reload pages on changes.")
    ] = True,
) -> None:
    """Serve the site with live reload; edits to taxonomies and pages rebuild it."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--address must be host:port, not {address!r}")
    config_path = _config_file(config_file)
    _check_taxonomies(config_path)
    try:
        with _log_to_terminal(verbose=True):
            mkdocs_serve(config_file=str(config_path), livereload=livereload, dev_addr=address)
    except MkDocsException as error:
        raise InputError(f"{config_path}: {error}") from None
