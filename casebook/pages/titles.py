"""The document <title> a search engine shows: about 60 characters, so a page's own title
comes first and the site's name follows only where both fit."""

from __future__ import annotations

import html
import re

TITLE_LIMIT = 60
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def document_title(page_title: str, site_name: str, limit: int = TITLE_LIMIT) -> str:
    """``"Page - Site"`` when it fits in ``limit`` characters; else the page title alone, cut
    at a word with an ellipsis if it is longer still. Plain text in, plain text out."""
    page_title = " ".join(page_title.split())
    if not page_title or page_title == site_name:
        return _cut(site_name, limit)
    joined = f"{page_title} - {site_name}"
    return joined if len(joined) <= limit else _cut(page_title, limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # cut inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-\u2013\u2014") + "\u2026"


def shorten_title(page_html: str, site_name: str, limit: int = TITLE_LIMIT) -> str:
    """``page_html`` with its first <title> as ``document_title`` writes it. The theme writes
    ``Page - Site`` (escaped); the page part is read back by removing the site's suffix."""
    found = _TITLE.search(page_html)
    if found is None:
        return page_html
    current = html.unescape(found.group(1)).strip()
    suffix = f" - {site_name}"
    page_title = current[: -len(suffix)] if current.endswith(suffix) else current
    title = html.escape(document_title(page_title, site_name, limit), quote=False)
    return page_html[: found.start(1)] + title + page_html[found.end(1) :]
