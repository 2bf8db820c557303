"""``python -m labelspec``."""

from labelspec.cli import entry

entry()
