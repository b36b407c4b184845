"""The one HTML policy for contributed content, applied to parsed HTML after rendering.

Contributed Markdown is rendered by ``casebook.render`` and the HTML it yields passes through
nh3 (the Python binding of the Rust ``ammonia`` sanitiser, which parses HTML as a browser does)
with the allowlist below: anything not named here is removed. Nothing in Casebook looks for
dangerous text in the source; what the policy would remove is reported to the contributor by
comparing the cleaned HTML with the same HTML cleaned by a policy that removes nothing.

What a URL may be is decided in one place, ``UrlPolicy``: ``http``/``https``/``mailto``, an
in-page anchor, or a relative link to a published page or an image file of the collection
(``casebook.render`` resolves those). Everything else is dropped from the attribute.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import nh3

# Every id a contribution brings (headings, footnotes) is prefixed, so that no contributed
# element can stand in for one of the page's own (the theme's "__search", the site's
# "casebook-outcomes"). In-page links are rewritten to match.
ID_PREFIX = "c-"

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "code": {"class"},  # a fenced block's language only (``_code_class``)
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Table alignment is the align attribute, never a style attribute: the site's
# Content-Security-Policy allows no inline style.
_ALIGN = {"align": {"left", "center", "right"}}
ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN}
LINK_REL = "noopener noreferrer"
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Schemes the sanitiser lets reach the URL policy, so that it can say why it refuses one;
# a scheme outside this list is dropped by nh3 itself (the same in both cleaners).
_SEEN_SCHEMES = {
    "http", "https", "mailto", "javascript", "vbscript", "data", "file", "ftp", "tel", "blob",
    "about", "chrome", "ws", "wss", "sms", "view-source", "intent", "filesystem", "jar",
}  # fmt: skip

# Everything a browser knows, for the cleaner that removes nothing (it only serialises the
# HTML the same way, so that a difference means the policy removed or changed something).
_ALL_TAGS = {
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
    "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map",
    "mark", "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup",
    "option", "output", "p", "param", "picture", "portal", "pre", "progress", "q", "rp", "rt",
    "ruby", "s", "samp", "script", "search", "section", "select", "slot", "small", "source",
    "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
    "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u",
    "ul", "var", "video", "wbr", "font", "center", "marquee", "applet", "xmp", "plaintext",
    "noembed", "noframes", "image",
}  # fmt: skip
_ALL_ATTRIBUTES = {
    "href", "src", "srcset", "alt", "title", "width", "height", "start", "id", "name", "class",
    "style", "action", "formaction", "background", "poster", "data", "lang", "dir", "target",
    "type", "value", "content", "http-equiv", "charset", "colspan", "rowspan", "align",
    "border", "hidden", "tabindex", "role", "form", "for", "method", "xmlns", "xlink:href",
    "ping", "download", "popover", "popovertarget", "autofocus", "contenteditable", "is",
    "slot", "part", "accesskey", "draggable", "inert", "open", "nonce", "integrity", "face",
    "color", "size", "cite", "datetime", "srcdoc", "sandbox", "allow", "codebase", "classid",
    "archive", "usemap", "ismap", "manifest", "shadowrootmode", "span", "headers", "scope",
}  # fmt: skip


@dataclass(frozen=True)
class Removal:
    """Something the policy took out: what, and the text it stood in (to find its line)."""

    code: str  # the problem code the validator reports
    message: str
    needle: str  # a piece of the contributed source to look for, "" when unknown


# The first ``scheme:`` of a URL once a browser has cleaned it (WHATWG URL parsing drops
# leading and trailing C0 controls and spaces, and every tab and newline).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in ``value``, lower-case; None for a relative URL."""
    cleaned = value.strip("".join(chr(c) for c in range(0x21))).translate(_TAB_OR_NEWLINE)
    match = _SCHEME.match(cleaned)
    return match.group()[:-1].lower() if match else None


# A relative URL's fate: the address to write instead, or the reason to drop it.
RelativeUrl = Callable[[str, str], "str | Removal"]  # (tag, url) -> new url | Removal


class Sanitizer:
    """The policy for one rendered text: ``clean`` is what pages get; ``removals`` says what
    it took out. ``relative`` resolves links and images within the collection."""

    def __init__(self, relative: RelativeUrl) -> None:
        self._relative = relative
        # Each problem once, however often the text repeats it.
        self.removals: dict[Removal, None] = {}
        self.warnings: dict[Removal, None] = {}  # problems that change nothing in the page

    def clean(self, html: str) -> str:
        """``html`` as pages show it. What it removes from links and images is in ``removals``."""
        return _clean_with(_cleaners()[0], self, html)

    def keep_all(self, html: str) -> str:
        """``html`` cleaned by a policy that removes nothing but the same links and images:
        where it differs from ``clean``, the policy removed an element or an attribute."""
        return _clean_with(_cleaners()[1], self, html)

    def _filter_strict(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            language = _code_class(value)
            if language is None:
                message = f"the code block's language '{_clip(value)}' is not a language name"
                self.removals[Removal("active-html", message, "")] = None
            return language
        if attribute in ("href", "src"):
            outcome = self._url(tag, value)
            if isinstance(outcome, Removal):
                self.removals[outcome] = None
                return None
            if url_scheme(value) == "http":
                # Kept (the policy allows it), but the validator asks for the secure address.
                insecure = f"'{_clip(value)}' uses http: use the https:// address"
                self.warnings[Removal("insecure-url", insecure, value)] = None
            return outcome
        return value

    def _filter_loose(self, tag: str, attribute: str, value: str) -> str | None:
        # The same links and images as the strict cleaner (removals are counted there), so
        # that the two differ only where the strict one removes an element or attribute.
        if attribute in ("href", "src"):
            outcome = self._url(tag, value)
            return None if isinstance(outcome, Removal) else outcome
        return value

    def _url(self, tag: str, value: str) -> str | Removal:
        scheme = url_scheme(value)
        if scheme is None:
            stripped = value.strip()
            if stripped.startswith("#"):
                if tag == "img":
                    return Removal(
                        "broken-link", "an image must be a file of the collection", value
                    )
                return "#" + ID_PREFIX + stripped[1:] if len(stripped) > 1 else stripped
            return self._relative(tag, stripped)
        if tag == "img" and scheme in ("http", "https"):
            return Removal(
                "remote-image",
                f"'{_clip(value)}' is an image from outside the collection, which every reader "
                "would load from that site: put the picture next to the page and write "
                "![description](picture.png)",
                value,
            )
        if scheme not in ALLOWED_SCHEMES or tag == "img":
            return Removal(
                "unsafe-url",
                f"'{_clip(value)}' is a {scheme}: address, which is not allowed: link to an "
                "https:// page or a page of the collection, and show pictures from files next "
                "to the page",
                value,
            )
        return value


# The two cleaners are made once per process: making one costs more than cleaning a case's
# body with it. Their attribute filters ask the sanitiser whose text is being cleaned (one per
# text: its links resolve against that text's page, and it collects that text's removals).
_cleaning = threading.local()


def _clean_with(cleaner: nh3.Cleaner, sanitizer: Sanitizer, html: str) -> str:
    outer = getattr(_cleaning, "sanitizer", None)
    _cleaning.sanitizer = sanitizer
    try:
        return str(cleaner.clean(html))
    finally:
        _cleaning.sanitizer = outer


def _filter_strict(tag: str, attribute: str, value: str) -> str | None:
    sanitizer: Sanitizer = _cleaning.sanitizer
    return sanitizer._filter_strict(tag, attribute, value)


def _filter_loose(tag: str, attribute: str, value: str) -> str | None:
    sanitizer: Sanitizer = _cleaning.sanitizer
    return sanitizer._filter_loose(tag, attribute, value)


@functools.cache
def _cleaners() -> tuple[nh3.Cleaner, nh3.Cleaner]:
    """The policy (strict) and the cleaner that removes nothing (loose)."""
    strict = nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in allowed.items()}
            for tag, allowed in ATTRIBUTE_VALUES.items()
        },
        attribute_filter=_filter_strict,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(_SEEN_SCHEMES),
        id_prefix=ID_PREFIX,
    )
    loose = nh3.Cleaner(
        tags=_ALL_TAGS,
        clean_content_tags=set(),
        attributes={"*": _ALL_ATTRIBUTES},
        generic_attribute_prefixes={"on", "data-", "aria-"},
        attribute_filter=_filter_loose,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(_SEEN_SCHEMES),
        id_prefix=ID_PREFIX,
    )
    return strict, loose


def _code_class(value: str) -> str | None:
    """``language-python`` on a fenced code block; no other class, which could borrow the
    site's own styles."""
    language = value.removeprefix("language-")
    if (
        language != value
        and 0 < len(language) <= 30
        and all(ch.isascii() and (ch.isalnum() or ch in "+#-_.") for ch in language)
    ):
        return value
    return None


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
