"""Defence in depth: every built page carries a Content-Security-Policy.

The sanitiser (``casebook.sanitize``) makes contributed content inert; this policy is what
would still stop a script smuggled past it. It is a ``<meta http-equiv>`` element, because the
site is often opened from disk (``file://``), where no server sends headers. It allows scripts
and styles only from the site's own files, no inline style, no network origin at all, and the
few inline scripts the theme writes by their SHA-256 hashes. Only inline scripts *outside* the
page's ``<article>`` (the theme's chrome) are hashed: contributed content only ever stands
inside the article, so a script there is never allowed, whatever it says.
"""

from __future__ import annotations

import base64
import hashlib

# Images may be data: URIs because the theme's stylesheets draw their icons with them; an
# image cannot run script, and contributed data: images are removed by the sanitiser.
_FIXED = (
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "media-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
)
_SCRIPT_OPEN = "<script"
_SCRIPT_CLOSE = "</script>"


def content_security_policy(inline_scripts: list[str]) -> str:
    """The policy for a page whose theme runs ``inline_scripts``."""
    script_src = " ".join(["script-src 'self'", *sorted({_hash(s) for s in inline_scripts})])
    return "; ".join((script_src, *_FIXED))


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def add_content_security_policy(page: str) -> str:
    """``page`` (a whole built HTML document) with its policy as the first element of its
    ``<head>``. A page without a head is returned as it is."""
    head = page.find("<head>")
    if head == -1:
        return page
    article = page.find("<article")
    article_end = page.rfind("</article>")
    chrome = (
        [(0, article), (article_end, len(page))]
        if article != -1 and article_end > article
        else [(0, len(page))]
    )
    scripts = [script for start, end in chrome for script in _inline_scripts(page, start, end)]
    meta = (
        '<meta http-equiv="Content-Security-Policy" content="'
        + content_security_policy(scripts)
        + '">'
    )
    at = head + len("<head>")
    return page[:at] + meta + page[at:]


def _inline_scripts(page: str, start: int, end: int) -> list[str]:
    """The code of the inline, executable scripts between ``start`` and ``end``."""
    found = []
    position = start
    while (opening := page.find(_SCRIPT_OPEN, position, end)) != -1:
        tag_end = page.find(">", opening)
        close = page.find(_SCRIPT_CLOSE, tag_end)
        if tag_end == -1 or close == -1:
            break
        attributes = page[opening + len(_SCRIPT_OPEN) : tag_end]
        if " src=" not in attributes and "application/json" not in attributes:
            found.append(page[tag_end + 1 : close])
        position = close + len(_SCRIPT_CLOSE)
    return found
