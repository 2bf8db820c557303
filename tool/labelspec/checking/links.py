"""Links from a report to lines of files on the code host, so that a reviewer
reading the pull-request comment gets from a change to the line it is on.

The host comes from the CI variables (GitHub Actions, GitLab CI) or from the
``origin`` remote; hosts that are not GitHub or GitLab get plain paths. The URL
of a remote may carry a token (``https://x-access-token:...@github.com/...``):
only scheme, host and path are ever kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

Host = Literal["github", "gitlab"]
# git@host:owner/repo.git and ssh://git@host[:port]/owner/repo.git
_SCP_LIKE = re.compile(r"^[\w.-]+@(?P<host>[\w.-]+):(?P<path>[^\s]+)$")


@dataclass(frozen=True)
class Links:
    """Where files are browsed: ``project`` is the web address of the repository
    (None: the host is unknown and reports show plain paths)."""

    project: str | None = None
    host: Host | None = None

    def url(self, path: str, line: int | None, commit: str) -> str | None:
        """The address of ``path`` (relative to the top of the git repository) at
        ``commit``, at ``line``; None when the host is unknown."""
        if self.project is None or self.host is None:
            return None
        blob = "blob" if self.host == "github" else "-/blob"
        anchor = f"#L{line}" if line else ""
        return f"{self.project}/{blob}/{commit}/{quote(path)}{anchor}"


def web_project(remote: str) -> tuple[str, Host] | None:
    """The https address of a repository from a git remote URL, and its host
    kind; None for hosts that are neither GitHub nor GitLab, or local paths."""
    scp = _SCP_LIKE.match(remote)
    if scp is not None:
        host, path = scp.group("host"), scp.group("path")
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
    path = path.strip("/").removesuffix(".git")
    kind = _host_kind(host)
    if kind is None or path.count("/") < 1:
        return None
    return f"https://{host}/{path}", kind


def _host_kind(host: str) -> Host | None:
    if "github" in host:
        return "github"
    if "gitlab" in host:
        return "gitlab"
    return None


def find_links(environment: Mapping[str, str], remote: str | None) -> Links:
    """Links for this run: GitHub Actions and GitLab CI name the project in their
    variables (right even for a fork or a self-hosted server); else the remote."""
    server, repository = environment.get("GITHUB_SERVER_URL"), environment.get("GITHUB_REPOSITORY")
    if server and repository:
        return Links(f"{server.rstrip('/')}/{repository}", "github")
    project = environment.get("CI_PROJECT_URL")
    if project and environment.get("GITLAB_CI"):
        return Links(project.rstrip("/"), "gitlab")
    found = web_project(remote) if remote else None
    return Links() if found is None else Links(*found)
