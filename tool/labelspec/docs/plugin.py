"""The ``labelspec`` mkdocs plugin.

In ``on_files`` it loads the repository's taxonomies, plans the generated pages
(:mod:`labelspec.docs.layout`), renders them (:mod:`labelspec.docs.render`) and
adds them as mkdocs files; media referenced by examples are added too. The
navigation is always explicit: the generated overview pages join the configured
``nav`` (or one built from the hand-written pages), while label pages of large
taxonomies stay out of it, because mkdocs renders the whole navigation into
every page and a navigation holding every page makes the build quadratic.
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
import secrets
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from labelspec.docs import html as h
from labelspec.docs.layout import SiteLayout, TaxonomyPages
from labelspec.docs.media import MediaResolver
from labelspec.docs.references import ReferenceResolver, link_references
from labelspec.docs.render import PageRenderer, RenderContext
from labelspec.errors import LabelspecError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from labelspec.repository import Repository

log = logging.getLogger("mkdocs.plugins.labelspec")

ASSETS = Path(__file__).parent / "assets"
ASSET_PREFIX = "_labelspec"
NavEntry = str | dict[str, "NavTree"]
NavTree = str | list[NavEntry]


class LabelspecConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options under ``plugins: - labelspec:`` in mkdocs.yml."""

    prefix = c.Type(str, default="taxonomy")
    nav_section = c.Type(str, default="Taxonomies")
    nav_labels_max = c.Type(int, default=60)
    rules_page = c.Type(str, default="reference/lint-rules.md")
    git_history = c.Type(bool, default=True)


class LabelspecPlugin(BasePlugin[LabelspecConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated taxonomy, label, changelog, mapping and rule pages."""

    def __init__(self) -> None:
        self.generated: set[str] = set()
        # Raw HTML of generated pages, by token (see _stash); the nonce keeps the
        # tokens apart from any text a page could contain.
        self.blocks: dict[str, str] = {}
        self.boosts: dict[str, float] = {}
        self.nonce = f"labelspec-block-{secrets.token_hex(6)}"
        self.token_pattern = re.compile(rf"<p>({re.escape(self.nonce)}-\d+)</p>")
        self.resolver: ReferenceResolver | None = None
        self.taxonomy_dir: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Links from [[refs]] carry classes, and generated headings carry ids.
        for extension in ("attr_list", "tables", "toc"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        css = f"{ASSET_PREFIX}/labelspec.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        script = f"{ASSET_PREFIX}/labelspec.js"
        if all(str(item) != script for item in config.extra_javascript):
            config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        from labelspec.repository import Repository

        self.generated.clear()
        self.blocks.clear()
        self.boosts.clear()
        # The repository is the one around mkdocs.yml (found upwards from its folder).
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            repository = Repository.discover(config_dir)
            taxonomies = repository.taxonomies
        except LabelspecError as error:
            raise PluginError(f"labelspec: {error}") from None
        self.taxonomy_dir = repository.taxonomy_dir
        hand_written = [file.src_uri for file in files.documentation_pages()]

        layout = SiteLayout.plan(taxonomies, self.config.prefix, self.config.rules_page or None)
        for pages in layout.taxonomies.values():
            for label_id, page in pages.labels.items():
                self.boosts[page] = 2.0 if pages.taxonomy.labels[label_id].is_active else 0.5
        self.resolver = ReferenceResolver(layout)
        in_nav = self._nav_pages(layout)
        by_uri: dict[str, File] = {}
        urls: dict[str, str] = {}
        for page in layout.pages():
            existing = files.get_file_from_path(page)
            if existing is not None:
                # A hand-written page of the same path wins; links still reach it.
                log.warning(f"labelspec: {page} is written by hand; not generating it")
                urls[page] = existing.url
                continue
            inclusion = InclusionLevel.INCLUDED if page in in_nav else InclusionLevel.NOT_IN_NAV
            by_uri[page] = File.generated(config, page, content="", inclusion=inclusion)
            urls[page] = by_uri[page].url

        context = RenderContext(
            layout=layout,
            # Static files (media, downloads) are served at their own path.
            url_of=lambda path: urls.get(path, path),
            media=MediaResolver(repository.root, Path(config.docs_dir)),
            warn=log.warning,
        )
        contents: dict[str, str] = {}
        for pages in layout.taxonomies.values():
            contents.update(self._render_taxonomy(pages, context, config, files, repository))
        if layout.rules:
            from labelspec.docs.rules_page import rules_markdown

            contents[layout.rules] = rules_markdown()
        for page, file in by_uri.items():
            text = contents.get(page, "")
            file.content_string = text if page == layout.rules else self._stash(text)
            files.append(file)
            self.generated.add(page)
        for asset in sorted(ASSETS.iterdir()):
            uri = f"{ASSET_PREFIX}/{asset.name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
        for uri, media in context.media_used.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(media.source)))
        config.nav = self._navigation(config, layout, hand_written)
        return files

    def _render_taxonomy(
        self,
        pages: TaxonomyPages,
        context: RenderContext,
        config: MkDocsConfig,
        files: Files,
        repository: Repository,
    ) -> dict[str, str]:
        renderer = PageRenderer(pages, context)
        detail = None
        if self.config.git_history:
            from labelspec.docs.changelog import git_changelog, label_changes, version_diffs

            # One diff per pair of versions serves the changelog and every label page.
            diffs = version_diffs(repository, pages.taxonomy)
            detail = functools.partial(git_changelog, diffs)
            renderer.label_changes = label_changes(diffs)
        contents = {
            pages.overview: renderer.overview(),
            pages.cheatsheet: renderer.cheatsheet(),
            pages.changelog: renderer.changelog(detail),
        }
        for version, page in pages.since.items():
            contents[page] = renderer.since_page(version)
        for label_id, page in pages.labels.items():
            contents[page] = renderer.label_page(label_id)
        from labelspec.docs.mappings import mapping_page

        text, downloads = mapping_page(renderer)
        contents[pages.mapping] = text
        for uri, body in downloads.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=body))
        return contents

    # ---- navigation -------------------------------------------------------------

    def _nav_pages(self, layout: SiteLayout) -> set[str]:
        pages: set[str] = set()
        for entry in self._generated_nav(layout):
            pages.update(_nav_paths(entry))
        return pages

    def _generated_nav(self, layout: SiteLayout) -> list[NavEntry]:
        section: list[NavEntry] = []
        for pages in layout.taxonomies.values():
            tax = pages.taxonomy
            entries: list[NavEntry] = [
                {"Overview": pages.overview},
                {"Cheat sheet": pages.cheatsheet},
            ]
            active = [label for label in tax.active_labels()]
            if len(active) <= self.config.nav_labels_max:
                entries.append(
                    {
                        "Labels": [
                            {h.plain_title(label.display_name): pages.labels[label.id]}
                            for label in active
                        ]
                    }
                )
            entries.append({"Changelog": pages.changelog})
            entries.append({"Label mappings": pages.mapping})
            section.append({h.plain_title(tax.title): entries})
        nav: list[NavEntry] = []
        if section:
            nav.append({h.plain_title(self.config.nav_section): section})
        if layout.rules:
            nav.append({"Lint rules": layout.rules})
        return nav

    def _navigation(
        self, config: MkDocsConfig, layout: SiteLayout, hand_written: list[str]
    ) -> list[NavEntry]:
        """The configured nav (or one of the hand-written pages) plus the generated
        entries it does not mention already."""
        base_nav: list[NavEntry] = (
            list(config.nav) if config.nav is not None else _folder_nav(hand_written)
        )
        mentioned: set[str] = set()
        for entry in base_nav:
            mentioned.update(_nav_paths(entry))
        extra = [
            entry
            for entry in self._generated_nav(layout)
            if not (set(_nav_paths(entry)) & mentioned)
        ]
        return base_nav + extra

    # ---- hand-written pages -----------------------------------------------------

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.generated:
            # Label pages rank above prose that merely mentions a label; tombstones
            # below. (Set here rather than as front matter: no YAML to parse per page.)
            boost = self.boosts.get(page.file.src_uri)
            if boost is not None:
                page.meta.setdefault("search", {"boost": boost})
            return markdown
        if self.resolver is None:
            return markdown
        return link_references(markdown, page.file.src_uri, self.resolver, log.warning)

    def _stash(self, markdown: str) -> str:
        """Swap each raw HTML line of a generated page for a token.

        Markdown would parse every tag of those lines only to pass them through;
        with tokens it sees just the headings, and :meth:`on_page_content` puts the
        HTML back. This halves the Markdown time of a large taxonomy.
        """
        lines = markdown.split("\n")
        for index, line in enumerate(lines):
            if line.startswith("<"):
                token = f"{self.nonce}-{len(self.blocks)}"
                self.blocks[token] = line
                lines[index] = token
        return "\n".join(lines)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.generated:
            return html
        if page.title:
            page.title = h.plain_title(unescape(page.title))
        return self.token_pattern.sub(lambda match: self.blocks[match.group(1)], html)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        # Taxonomies live outside docs_dir; editing one should rebuild the site.
        if self.taxonomy_dir is not None and self.taxonomy_dir.is_dir():
            server.watch(str(self.taxonomy_dir))
        return server


def _nav_paths(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [path for value in entry.values() for path in _nav_paths(value)]
    if isinstance(entry, list):
        return [path for item in entry for path in _nav_paths(item)]
    return []


def _folder_nav(paths: list[str]) -> list[NavEntry]:
    """An explicit nav of the hand-written pages, as mkdocs would build it: the
    index first, then files, then one section per folder."""
    tree: dict[str, object] = {}
    for path in sorted(paths):
        node = tree
        parts = path.split("/")
        for folder in parts[:-1]:
            child = node.setdefault(folder + "/", {})
            assert isinstance(child, dict)
            node = child
        node[parts[-1]] = path

    def build(node: dict[str, object]) -> list[NavEntry]:
        index = [value for key, value in node.items() if key in ("index.md", "README.md")]
        pages = [
            value
            for key, value in node.items()
            if isinstance(value, str) and key not in ("index.md", "README.md")
        ]
        sections: list[NavEntry] = [
            {
                h.plain_title(
                    posixpath.basename(key.rstrip("/")).replace("-", " ").capitalize()
                ): build(value)
            }
            for key, value in node.items()
            if isinstance(value, dict)
        ]
        return [str(page) for page in index[:1]] + [str(page) for page in pages] + sections

    return build(tree)
