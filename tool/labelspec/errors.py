"""Every error labelspec raises, with the text a user sees.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
"""

from __future__ import annotations


class LabelspecError(Exception):
    """Base class: ``str(error)`` is the one-line message for the user."""

    exit_code = 3


class UsageError(LabelspecError):
    """The command line or an API call asked for something impossible."""

    exit_code = 2


class InputError(LabelspecError):
    """An input file, folder or git object cannot be read or understood."""

    exit_code = 3


class ConfigError(InputError):
    """The ``[tool.labelspec]`` configuration is invalid."""


class TaxonomyError(InputError):
    """A taxonomy file has errors that stop it from being loaded.

    ``findings`` holds every problem; the message names the first one.
    """

    def __init__(self, message: str, findings: list[object] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class GitError(InputError):
    """A git repository, ref or version cannot be resolved."""
