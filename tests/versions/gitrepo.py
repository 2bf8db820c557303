"""Real git repositories for the versions tests (no mocks: git itself runs)."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path


class GitRepo:
    """A labelspec repository in a fresh git repository, with helpers to commit
    versions of taxonomy files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "taxonomy").mkdir(exist_ok=True)
        (root / "labelspec.toml").write_text("")
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ada Lovelace")
        self.git("config", "user.email", "ada@example.org")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "tag.gpgsign", "false")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    def path(self, taxonomy: str = "t") -> Path:
        return self.root / "taxonomy" / f"{taxonomy}.yaml"

    def write(self, text: str, taxonomy: str = "t") -> Path:
        path = self.path(taxonomy)
        path.write_text(textwrap.dedent(text))
        return path

    def commit(self, text: str | None = None, message: str = "change", taxonomy: str = "t") -> str:
        """Write ``text`` (if given) to the taxonomy file, commit, return the sha."""
        if text is not None:
            self.write(text, taxonomy)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, ref: str = "HEAD") -> None:
        self.git("tag", name, ref)


def taxonomy_yaml(version: str, labels: str, taxonomy: str = "t") -> str:
    """A small taxonomy file; ``labels`` is the YAML under ``labels:`` (indented 2)."""
    head = (
        f"taxonomy: {taxonomy}\ntitle: T\nversion: {version}\n"
        "task: {modality: image, kind: classification}\nlabels:\n"
    )
    return head + textwrap.indent(textwrap.dedent(labels).strip("\n"), "  ") + "\n"
