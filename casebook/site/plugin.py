"""MkDocs plugin: validate first, then hand the generated pages, assets and data to MkDocs."""

from __future__ import annotations

import logging
from html import escape
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from casebook.collection import Collection, load_collection
from casebook.editions import (
    LATEST_ALIAS,
    PAGES_BRANCH,
    REPORT_FILE,
    Edition,
    EditionChanges,
    EditionError,
    compare_cases,
    edition_url,
    find_edition,
    load_editions,
    previous_published,
    published_versions,
    site_root_url,
)
from casebook.csp import add_content_security_policy
from casebook.export import case_records
from casebook.pages import site_pages
from casebook.pages.case_pages import CitationContext
from casebook.pages.edition_pages import (
    EditionsView,
    render_edition_note,
    render_editions_page,
)
from casebook.pages.markdown import GeneratedPage, fill_slots
from casebook.render import media_uri
from casebook.search import index_site
from casebook.pages.preview import read_changed_files
from casebook.site.blocks import BlockCache
from casebook.site.outputs import data_files, edition_files
from casebook.site.state import Preview, current_collection, current_preview, set_collection

log = logging.getLogger("mkdocs.plugins.casebook")
ASSETS = Path(__file__).resolve().parent / "assets"


class CasebookConfig(Config):
    content_dir = c.Type(str, default="content")
    site_title = c.Type(str, default="Digital Transformation Case Studies Collection")


@dataclass(frozen=True)
class _EditionBuild:
    """The edition being built (environment ``CASEBOOK_EDITION``) and what it is compared with."""

    edition: Edition
    changes: EditionChanges
    downloads: tuple[Path, ...]


class CasebookPlugin(BasePlugin[CasebookConfig]):
    # Generated pages with ready-made HTML (slots), until MkDocs has written them.
    _slotted: dict[str, GeneratedPage]
    # The front matter of each generated page, which MkDocs is handed without it.
    _meta: dict[str, Mapping[str, object]]
    _edition: _EditionBuild | None = None
    _editions: EditionsView
    _root_url: str = ""

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
        preview = _preview_from_environment()
        offline = os.environ.get("CASEBOOK_OFFLINE") == "true"
        if preview.include_drafts and (os.environ.get("CASEBOOK_EDITION") or offline):
            raise PluginError(
                "casebook: a preview build (CASEBOOK_PREVIEW) includes drafts, which never go "
                "into an edition or an offline copy: build those without it"
            )
        set_collection(collection, preview)
        # mike builds a version with site_url ending in the version; citations need the root.
        self._root_url = site_root_url(config.site_url or "", os.environ.get("MIKE_DOCS_VERSION"))
        self._edition = (
            _edition_build(root, collection) if os.environ.get("CASEBOOK_EDITION") else None
        )
        editions, _ = load_editions(root)  # its problems are in the collection's report
        branch = os.environ.get("CASEBOOK_PAGES_BRANCH", PAGES_BRANCH)
        self._editions = EditionsView(
            editions,
            self._root_url,
            self._edition.edition if self._edition else None,
            published_versions(branch, Path.cwd()),
        )
        set_collection(collection, preview, self._editions)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        collection = current_collection()
        citation = self._citation(config)
        pages = site_pages(collection, citation, current_preview().include_drafts)
        pages.append(render_editions_page(self._editions))
        self._slotted = {page.src_uri: page for page in pages if page.slots}
        # MkDocs would parse each page's front matter with a YAML reader (10,000 times): the
        # plugin hands it the Markdown alone and sets the page's metadata (on_page_markdown).
        # The leading blank line keeps MkDocs from reading "key: value" lines as metadata.
        self._meta = {page.src_uri: page.meta for page in pages if page.meta is not None}
        generated: dict[str, str | bytes] = {
            page.src_uri: page.source if page.meta is None else "\n" + page.body for page in pages
        }
        del pages
        generated.update(
            {
                f"assets/casebook/{asset.name}": asset.read_bytes()
                for asset in sorted(ASSETS.iterdir())
            }
        )
        # Only what the site's pages show, under media/ (where the rendered pages point): a
        # draft's pictures only in a preview.
        root = collection.root.resolve()
        for image in collection.site_images(current_preview().include_drafts):
            generated[media_uri(image, root)] = image.read_bytes()
        # An edition's open data names the edition's own (stable) case addresses.
        data_url = citation.base_url if self._edition else config.site_url or ""
        generated.update(data_files(collection, data_url))
        if self._edition is not None:
            generated.update(self._edition_files(collection))
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"casebook: '{src_uri}' is generated; remove it from {config.docs_dir}"
                )
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        meta = self._meta.get(page.file.src_uri)
        if meta is not None:
            page.meta = dict(meta)  # the generated page's own front matter (on_files)
        return markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Read by the theme overrides: partials/nav.html renders the nav once per depth, and
        # main.html the other blocks that depend only on the depth (casebook.site.blocks).
        env.globals["casebook_nav_cache"] = {}
        env.globals["casebook_blocks"] = BlockCache()
        return env

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Every page of an edition says which edition it belongs to.
        note = render_edition_note(self._editions, page.file.src_uri)
        return note + self._page_content(html, page)

    def _page_content(self, html: str, page: Page) -> str:
        generated = self._slotted.get(page.file.src_uri)
        if generated is None:
            return html
        # Headings written as HTML inside slots still belong in the page's contents, in page
        # order: those of the slots before the Markdown come first (PageWriter.heading).
        items = page.toc.items
        parent = items[0].children if len(items) == 1 and items[0].level == 1 else items
        first = 0
        for index, slot in enumerate(generated.slots):
            # Titles are plain text; the theme prints a contents entry as HTML.
            links = [AnchorLink(escape(title), anchor, 2) for anchor, title in slot.headings]
            if index < generated.lead:
                parent[first:first] = links
                first += len(links)
            else:
                parent.extend(links)
        # Searchable slots go in before the search plugin reads the page (on_page_context).
        return fill_slots(generated.place_slots(html), generated.slots, searchable=True)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # The others once the page is complete; popped, as MkDocs writes each page once.
        generated = self._slotted.pop(page.file.src_uri, None)
        if generated is not None:
            # Marked for the site's search (casebook.search), which reads the built pages.
            hidden = [
                slot
                if slot.searchable
                else replace(slot, html=f"<div data-search-exclude>{slot.html}</div>")
                for slot in generated.slots
            ]
            output = fill_slots(output, hidden, searchable=False)
        return add_content_security_policy(output)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Pages made from a template alone (404.html) carry the policy too.
        if template_name.endswith(".html"):
            return add_content_security_policy(output_content)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The search index is made from the built pages, as any engine's output would be.
        stats = index_site(Path(config.site_dir))
        log.info(f"casebook: search index of {stats.pages} pages ({stats.bytes:,} bytes)")

    def _citation(self, config: MkDocsConfig) -> CitationContext:
        title = config.site_name
        if self._edition is None:
            return CitationContext(title, f"{self._root_url}{LATEST_ALIAS}/")
        edition = self._edition.edition
        return CitationContext(
            title,
            edition_url(self._root_url, edition.id),
            edition.id,
            edition.title,
            edition.editors,
        )

    def _edition_files(self, collection: Collection) -> dict[str, str | bytes]:
        # reportlab takes a noticeable part of a second to import: only editions need it.
        from casebook.report_pdf import EditionInfo, render_report_pdf

        assert self._edition is not None
        edition = self._edition
        with tempfile.TemporaryDirectory(prefix="casebook-report-") as folder:
            report = Path(folder) / REPORT_FILE
            render_report_pdf(
                collection,
                EditionInfo(
                    id=edition.edition.id,
                    title=edition.edition.title,
                    published=edition.edition.published,
                    editors=edition.edition.editors,
                    foreword_markdown=edition.edition.foreword,
                    url=edition_url(self._root_url, edition.edition.id),
                ),
                report,
            )
            pdf = report.read_bytes()
        return edition_files(
            edition.edition, edition.changes, self._root_url, pdf, edition.downloads
        )


def _preview_from_environment() -> Preview:
    """The one place that reads whether this build is a preview: ``CASEBOOK_PREVIEW=true``
    includes drafts; ``CASEBOOK_PREVIEW_CHANGES`` names a file listing the files a pull
    request changes (one path a line), which the preview's home page lists."""
    if not _true(os.environ.get("CASEBOOK_PREVIEW")):
        return Preview()
    changes = os.environ.get("CASEBOOK_PREVIEW_CHANGES")
    if not changes:
        return Preview(include_drafts=True)
    try:
        text = Path(changes).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PluginError(f"casebook: cannot read CASEBOOK_PREVIEW_CHANGES '{changes}': {exc}")
    return Preview(include_drafts=True, changed_files=read_changed_files(text))


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


def _edition_build(root: Path, collection: Collection) -> _EditionBuild:
    edition_id = os.environ["CASEBOOK_EDITION"]
    branch = os.environ.get("CASEBOOK_PAGES_BRANCH", PAGES_BRANCH)
    editions, _ = load_editions(root)  # its problems are in the collection's report already
    try:
        edition = find_edition(editions, edition_id)
        previous, records = previous_published(editions, edition.id, branch, Path.cwd())
    except EditionError as exc:
        raise PluginError(f"casebook: {exc}") from exc
    current = case_records(collection.published_cases, "")
    downloads_folder = os.environ.get("CASEBOOK_EDITION_DOWNLOADS")
    downloads = tuple(sorted(Path(downloads_folder).glob("*.zip"))) if downloads_folder else ()
    if downloads_folder and not downloads:
        raise PluginError(
            f"casebook: no offline bundle (.zip) in {downloads_folder}: run 'make offline' first"
        )
    return _EditionBuild(edition, compare_cases(current, records, previous), downloads)
