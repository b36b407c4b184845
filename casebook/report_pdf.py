"""The edition's print report: ``casebook.report_html``'s document laid out by ``report.css``
with WeasyPrint (Pango and HarfBuzz shape every script; paged media gives running headers,
page numbers, the contents' page numbers and PDF bookmarks).

The PDF is tagged (PDF/UA-1: headings, lists, tables, figures, the document language), its
fonts are Noto families subset-embedded, and it is deterministic: no dates in the metadata and
a document id made from the HTML, so the same collection and edition give the same bytes.
Nothing is fetched: the report refers to nothing outside the HTML but the stylesheet, and the
URL fetcher refuses every address but ``data:`` and local files under the content folder.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML, Document
from weasyprint.text.ffi import ffi, fontconfig
from weasyprint.urls import URLFetcher

from casebook.collection import Collection
from casebook.render import MEDIA
from casebook.report_html import EditionInfo, country_index_html, report_html
from casebook.weasyprint_fixes import fix_weasyprint

STYLESHEET = Path(__file__).with_name("report.css")
# The families report.css names, each from a Debian package the project's set-up installs.
REPORT_FONTS = {
    "Noto Sans": "fonts-noto-core",
    "Noto Sans Arabic": "fonts-noto-core",
    "Noto Sans Display": "fonts-noto-core",
    "Noto Sans CJK SC": "fonts-noto-cjk",
}
PDF_VARIANT = "pdf/ua-1"

log = logging.getLogger(__name__)

__all__ = ["EditionInfo", "ReportError", "ReportSummary", "render_report_pdf"]


class ReportError(Exception):
    """The report cannot be rendered on this machine (a font is missing)."""


@dataclass(frozen=True)
class ReportSummary:
    pages: int
    cases: int


def render_report_pdf(
    collection: Collection,
    edition: EditionInfo,
    out: Path,
    language: str = "en",
    *,
    full_texts: bool | None = None,
) -> ReportSummary:
    """Write the edition's report in ``language`` to ``out`` (A4); say how many pages and cases
    it holds. Cases in full or as a register: ``casebook.report_html.report_html``. Raises
    ``ReportError`` when a font the report needs is not installed."""
    problem = fonts_problem()
    if problem:
        raise ReportError(problem)
    fix_weasyprint()  # two costs of the engine that change nothing printed
    source = report_html(collection, edition, language, full_texts=full_texts)
    fetcher = _LocalFetcher(collection.root)
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    document = _layout(source, fetcher, [stylesheet])
    digest = hashlib.sha256(source.encode())
    assert "countries" in document.pages[-1].anchors, "the index is the report's last part"
    # The index of countries, its last part, laid out again once the cases' pages are known,
    # in place of its heading alone, numbering its pages on from there.
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)  # an element split across pages: where it starts
    index_source = country_index_html(collection, edition, pages, language, full_texts=full_texts)
    index = _layout(
        index_source,
        fetcher,
        [stylesheet, CSS(string=f"@page :first {{ counter-reset: page {len(document.pages)} }}")],
    )
    document = document.copy([*document.pages[:-1], *index.pages])
    out.parent.mkdir(parents=True, exist_ok=True)
    digest.update(index_source.encode())
    identifier = digest.hexdigest()[:32].encode()
    document.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    return ReportSummary(pages=len(document.pages), cases=len(collection.published_cases))


def _layout(source: str, fetcher: _LocalFetcher, stylesheets: list[CSS]) -> Document:
    document = HTML(string=source, base_url=fetcher.page_folder, url_fetcher=fetcher)
    return document.render(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)


def fonts_problem() -> str | None:
    """Which fonts the report needs that this machine lacks, and how to install them; None
    when it has them all."""
    missing = missing_fonts()
    if not missing:
        return None
    packages = " ".join(sorted({REPORT_FONTS[family] for family in missing}))
    return (
        f"the report needs the fonts {', '.join(missing)}: "
        f"install them with 'apt-get install {packages}' (see README)"
    )


def missing_fonts() -> list[str]:
    """The families of ``REPORT_FONTS`` that fontconfig cannot find (it would substitute)."""
    return [family for family in REPORT_FONTS if _matched_family(family) != family]


@cache
def _matched_family(family: str) -> str:
    # fontconfig, as WeasyPrint (which has loaded it) will ask it: what does this name give?
    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return ""
        value = ffi.new("FcChar8 **")
        found = fontconfig.FcPatternGetString(match, b"family", 0, value)
        name = ffi.string(value[0]).decode() if found == fontconfig.FcResultMatch else ""
        fontconfig.FcPatternDestroy(match)
        return str(name)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


class _LocalFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``data:``, the stylesheet, and the pictures contributed bodies show; nothing
    from the network, whatever a body names (WeasyPrint warns and leaves it out).

    Bodies are rendered for pages one folder deep (``cases/<slug>.html``) and show pictures at
    ``../media/<path in content>`` (``casebook.render.media_uri``): the report reads them from
    an imaginary page folder under the content, mapped back to the content's own files."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self._root = root.resolve()
        site = self._root / ".report-site"  # no such folder: only a base for relative URLs
        self._media = site / MEDIA
        self.page_folder = (site / "cases").as_uri() + "/"

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(self._media):
                path = self._root / path.relative_to(self._media)
            elif path != STYLESHEET.resolve():
                raise ValueError(f"the report loads no file but pictures: {url[:200]}")
            url = path.as_uri()
        return super().fetch(url, headers)
