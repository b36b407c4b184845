"""mkdocs-macros for the site's own pages only (MkDocs' plugin ``casebook-macros``).

mkdocs-macros with one change: a page whose front matter does not say ``render_macros: true``
never reaches its template engine. That is what ``render_by_default: false`` means already;
this makes it cheap, sparing the thousands of generated pages the plugin's per-page work (it
copies the page and its variables before deciding not to render).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs_macros.plugin import MacrosPlugin


class TrustedMacrosPlugin(MacrosPlugin):
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any
    ) -> str:
        if page.meta.get("render_macros") is not True:
            return markdown
        rendered: str = super().on_page_markdown(markdown, page, config, **kwargs)
        return rendered
