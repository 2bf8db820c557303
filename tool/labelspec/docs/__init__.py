"""The annotator site: a mkdocs plugin that turns taxonomies into guideline pages.

``plugin.LabelspecPlugin`` is registered as ``labelspec`` under the
``mkdocs.plugins`` entry point. It adds generated pages (a page per taxonomy and
per label, a cheat sheet, changelogs, mapping tables, the lint rules) as mkdocs
files at build time, links ``[[label]]`` references in hand-written pages, and
copies example media into the site.
"""
