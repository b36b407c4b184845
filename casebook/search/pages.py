"""Reading a built page for search: its language, kind, title and text by section.

Works on any engine's output: the article is ``<article>`` (else ``<main>``, else ``<body>``);
whatever carries ``data-search-exclude`` (generated panels, outcome tables, citations, the
explorer's list), scripts, styles and heading permalinks are left out. A page is not indexed
when it says ``<meta name="robots" content="noindex">`` (a draft preview, the 404 page) or its
``<html>``, ``<body>`` or article carries ``data-search-exclude``.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from casebook.search.terms import words

# The page kinds readers filter by; anything else is a "page". Paths may sit under a
# language folder (``fr/cases/x.html``).
_KINDS = (
    ("case", re.compile(r"(?:^|/)cases/[^/]+\.html$")),
    ("module", re.compile(r"(?:^|/)courses/[^/]+/\d+-[^/]+\.html$")),
    ("course", re.compile(r"(?:^|/)courses/[^/]+/index\.html$")),
    ("guideline", re.compile(r"(?:^|/)guidelines/[^/]+\.html$")),
)
KIND_ORDER = ("case", "module", "guideline", "course", "page")
_LEFT_OUT = "[data-search-exclude], script, style, noscript, template, nav, .headerlink, h1"
_EXCLUDED_BLOCK = "<div data-search-exclude>"
_PERMALINK = "\u00b6"  # the "¶" of a heading's permalink (Python-Markdown's toc, Material)
_HEADING = "h2, h3, h4, h5, h6"
_MARK = "\x00"
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG = re.compile(r"""\blang\s*=\s*["']?([^"'\s>]+)""", re.I)
_ROBOTS = re.compile(r"""<meta\b[^>]*\bname=["']?robots\b[^>]*>""", re.I)
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
    # Counted where the page is read (by the build, in the processes that finish the pages),
    # so that making the index only adds them up: its words (``casebook.search.terms.words``,
    # the title's included) in the order the page first has them, how often each occurs, and
    # the title's words. Tuples of interned words: 10,000 pages hold them at once.
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    times: tuple[int, ...] = field(init=False, repr=False, compare=False)
    title_words: frozenset[str] = field(init=False, repr=False, compare=False)
    # The page's record in the index (``search/<lang>/d/<id>.js``), its JSON made here too.
    record: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = " ".join([self.title, *itertools.chain(*self.sections)])
        counts = Counter(map(sys.intern, words(text)))
        object.__setattr__(self, "words", tuple(counts))
        object.__setattr__(self, "times", tuple(counts.values()))
        object.__setattr__(self, "title_words", frozenset(map(sys.intern, words(self.title))))
        record = {"u": self.path, "t": self.title, "k": self.kind, "s": self.sections}
        object.__setattr__(self, "record", script_json(record))


def script_json(value: object) -> str:
    """``value`` as JSON to be read as JavaScript in a ``<script>`` (the index's files)."""
    # U+2028 and U+2029 are JSON but ended a JavaScript string before ES2019: escaped.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


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
    # Only the <html> tag, the head's robots meta and the article are read: parsing just the
    # article is most of the indexing time saved on a large site.
    body_at = html.find("<body")
    head = html[: body_at if body_at >= 0 else len(html)]
    if any("noindex" in robots.lower() for robots in _ROBOTS.findall(head)):
        return None
    html_tag = _HTML_TAG.search(head)
    lang_match = _LANG.search(html_tag.group(0)) if html_tag else None
    if html_tag and "data-search-exclude" in html_tag.group(0):
        return None
    start, end = html.find("<article"), html.rfind("</article>")
    part = html[start : end + len("</article>")] if 0 <= start < end else html[body_at:]
    tree = LexborHTMLParser(without_excluded_blocks(part))
    article = tree.css_first("article") or tree.css_first("main") or tree.body
    if article is None or "data-search-exclude" in article.attributes:
        return None
    if tree.body is not None and "data-search-exclude" in tree.body.attributes:
        return None
    title = _title(head, article)
    for node in article.css(_LEFT_OUT):
        node.decompose()
    lang = lang_match.group(1) if lang_match else "en"
    return IndexedPage(path, language_folder(lang), page_kind(path), title, _sections(article))


def without_excluded_blocks(html: str) -> str:
    """``html`` without the ``<div data-search-exclude>`` blocks the casebook plugin writes,
    cut as text (their <h1>, the page's title, kept): parsing them only to drop them was a
    third of the indexing time. A block whose end cannot be found this way is left for the
    parser, which drops it as well."""
    parts = []
    at = 0
    while (start := html.find(_EXCLUDED_BLOCK, at)) >= 0:
        end = _block_end(html, start + len(_EXCLUDED_BLOCK))
        if end < 0:
            break
        parts.append(html[at:start])
        # A page's title may sit in a block that is not searched (a country page's <h1>).
        heading = html.find("<h1", start, end)
        if heading >= 0 and (heading_end := html.find("</h1>", heading, end)) >= 0:
            parts.append(html[heading : heading_end + len("</h1>")])
        at = end
    parts.append(html[at:])
    return "".join(parts) if len(parts) > 1 else html


def _block_end(html: str, at: int) -> int:
    """Where the <div> opened just before ``at`` ends (after its "</div>"), or -1."""
    depth = 1
    while depth:
        close = html.find("</div>", at)
        if close < 0:
            return -1
        depth += html.count("<div", at, close) - 1
        at = close + len("</div>")
    return at


def _title(head: str, article: LexborNode) -> str:
    heading = article.css_first("h1")
    if heading is not None and (text := _clean(heading.text()).removesuffix(_PERMALINK)):
        return text.rstrip()
    title = LexborHTMLParser(head).css_first("title")
    return _clean(title.text()) if title is not None else ""


def _sections(article: LexborNode) -> tuple[tuple[str, str], ...]:
    # Headings become marked text; text nodes are joined with spaces, so "</p><p>" never joins
    # words (it also puts one before the full stop after "<em>word</em>": search.js takes those
    # out of the snippets it shows, which is cheaper than doing it here for every page).
    for heading in article.css(_HEADING):
        heading.replace_with(f"{_MARK}{_clean(heading.text())}{_MARK}")
    parts = article.text(separator=" ").split(_MARK)
    sections = [("", _clean(parts[0]))]
    sections += [(_clean(parts[i]), _clean(parts[i + 1])) for i in range(1, len(parts) - 1, 2)]
    return tuple((heading, text) for heading, text in sections if heading or text)


def _clean(text: str) -> str:
    return " ".join(text.split())
