"""MkDocs plugin: validate first, then hand the generated pages, assets and data to MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from casebook.collection import load_collection
from casebook.pages import GeneratedPage, site_pages
from casebook.site.outputs import data_files
from casebook.site.state import current_collection, set_collection

log = logging.getLogger("mkdocs.plugins.casebook")
ASSETS = Path(__file__).resolve().parent / "assets"


class CasebookConfig(Config):
    content_dir = c.Type(str, default="content")
    site_title = c.Type(str, default="Digital Transformation Case Studies Collection")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    _slots: dict[str, GeneratedPage]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent / self.config.content_dir
        if not root.is_dir():
            raise PluginError(
                f"casebook: content folder '{root}' not found (plugin option content_dir)"
            )
        collection, report = load_collection(root)
        for problem in report.warnings:
            log.warning(problem.render())
        if report.errors:
            # A collection with an invalid file is never published half-right.
            raise PluginError("casebook: the content does not validate:\n" + report.render_text())
        set_collection(collection)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        collection = current_collection()
        pages = site_pages(collection)
        self._slots = {page.src_uri: page for page in pages if page.slot_html}
        generated: dict[str, str | bytes] = {page.src_uri: page.markdown for page in pages}
        generated.update(
            {
                f"assets/casebook/{asset.name}": asset.read_bytes()
                for asset in sorted(ASSETS.iterdir())
            }
        )
        for image in collection.images:
            generated[image.relative_to(collection.root).as_posix()] = image.read_bytes()
        generated.update(data_files(collection, config.site_url or ""))
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"casebook: '{src_uri}' is generated; remove it from {config.docs_dir}"
                )
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self._slots.get(page.file.src_uri)
        return generated.fill_slot(html) if generated else html
