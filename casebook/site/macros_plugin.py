"""mkdocs-macros for the site's own pages only.

``casebook-macros`` in mkdocs.yml is mkdocs-macros with one change: pages the casebook plugin
generates (from contributed content) never reach its template engine. Their front matter
already says ``render_macros: false``; this makes it a property of the build rather than of
each page, and spares 10,000 case pages the plugin's per-page work (it copies the page and
its variables before deciding not to render). The site's pages (``docs_dir``) are rendered
exactly as by the ``macros`` plugin.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs_macros.plugin import MacrosPlugin


class TrustedMacrosPlugin(MacrosPlugin):  # type: ignore[no-untyped-call]
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any
    ) -> str:
        if page.file.generated_by is not None:
            return markdown
        rendered: str = super().on_page_markdown(markdown, page, config, **kwargs)
        return rendered
