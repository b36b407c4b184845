"""Reading a built page for search: its language, kind, title and text by section.

Works on any engine's output: the article is ``<article>`` (else ``<main>``, else ``<body>``);
whatever carries ``data-search-exclude`` (generated panels, outcome tables, citations, the
explorer's list), scripts, styles and heading permalinks are left out. A page is not indexed
when it says ``<meta name="robots" content="noindex">`` (a draft preview, the 404 page) or its
``<html>``, ``<body>`` or article carries ``data-search-exclude``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# The page kinds readers filter by; anything else is a "page". Paths may sit under a
# language folder (``fr/cases/x.html``).
_KINDS = (
    ("case", re.compile(r"(?:^|/)cases/[^/]+\.html$")),
    ("module", re.compile(r"(?:^|/)courses/[^/]+/\d+-[^/]+\.html$")),
    ("course", re.compile(r"(?:^|/)courses/[^/]+/index\.html$")),
    ("guideline", re.compile(r"(?:^|/)guidelines/[^/]+\.html$")),
)
KIND_ORDER = ("case", "module", "guideline", "course", "page")
_LEFT_OUT = "[data-search-exclude], script, style, noscript, template, nav, .headerlink"
_BLOCKS = "p, li, td, th, tr, dt, dd, pre, blockquote, div, br, table, ul, ol, figcaption"
_HEADING = "h2, h3, h4, h5, h6"
_MARK = "\x00"
_SPACE = re.compile(r"\s+")
_SKIPPED_FILES = frozenset({"404.html"})


@dataclass(frozen=True)
class IndexedPage:
    """What search knows of one page. ``sections`` are (heading, text) in page order; the text
    before the first heading has the heading ""."""

    path: str  # site path, e.g. "cases/kenya-solar-irrigation.html"
    lang: str  # the page's <html lang>, lower case: the index it belongs to
    kind: str  # one of KIND_ORDER
    title: str
    sections: tuple[tuple[str, str], ...]


def page_kind(path: str) -> str:
    return next((kind for kind, pattern in _KINDS if pattern.search(path)), "page")


def language_folder(lang: str) -> str:
    """The folder of a language's index: the BCP 47 tag in lower case, letters, digits and
    hyphens only (the browser side does the same with ``<html lang>``)."""
    folded = re.sub(r"[^a-z0-9-]", "", lang.strip().lower())
    return folded or "und"


def read_page(path: str, html: str) -> IndexedPage | None:
    """The page as search sees it, or None when it is not to be indexed."""
    if path.rsplit("/", 1)[-1] in _SKIPPED_FILES:
        return None
    tree = LexborHTMLParser(html)
    for robots in tree.css('meta[name="robots"]'):
        if "noindex" in (robots.attributes.get("content") or "").lower():
            return None
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") if root is not None else None) or "en"
    article = tree.css_first("article") or tree.css_first("main") or tree.body
    if article is None:
        return None
    for holder in (root, tree.body, article):
        if holder is not None and "data-search-exclude" in holder.attributes:
            return None
    for permalink in article.css(".headerlink"):
        permalink.decompose()
    title = _title(tree, article)
    for node in article.css(_LEFT_OUT):
        node.decompose()
    for heading in article.css("h1"):
        heading.decompose()
    return IndexedPage(path, language_folder(lang), page_kind(path), title, _sections(article))


def _title(tree: LexborHTMLParser, article: LexborNode) -> str:
    heading = article.css_first("h1")
    if heading is not None and (text := _clean(heading.text())):
        return text
    title = tree.css_first("title")
    return _clean(title.text()) if title is not None else ""


def _sections(article: LexborNode) -> tuple[tuple[str, str], ...]:
    # Headings become marked text, and block ends a space (so "</p><p>" never joins words);
    # then one walk of the text splits it into sections.
    for heading in article.css(_HEADING):
        heading.replace_with(f"{_MARK}{_clean(heading.text())}{_MARK}")
    for block in article.css(_BLOCKS):
        block.insert_after(" ")
    parts = article.text(separator="").split(_MARK)
    sections = [("", _clean(parts[0]))]
    sections += [(_clean(parts[i]), _clean(parts[i + 1])) for i in range(1, len(parts) - 1, 2)]
    return tuple((heading, text) for heading, text in sections if heading or text)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
