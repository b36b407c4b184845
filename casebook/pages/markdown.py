"""Small, safe building blocks for generated Markdown, and the page object that carries them."""

from __future__ import annotations

import functools
import html
import json
import re
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from casebook import i18n
from casebook.addresses import relative
from casebook.i18n import _
from casebook.render import RenderedText

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")

# A slot marks where a page's ready-made HTML goes (casebook.pages.fragments). Generated HTML
# skips Python-Markdown, whose inline processing of links and tables costs more than the rest of
# the build; only contributed bodies and headings (for the table of contents) go through it.
# The token is secret (random, or kept by the build beside its docs tree: ``set_slot_token``)
# so that a contributed body cannot write a marker that the site layer would fill: a body may
# hold HTML comments. A token kept between builds keeps unchanged pages byte for byte the same,
# which an engine's cache and the preview rely on.
_SLOT_TOKEN = secrets.token_hex(8)
SLOT_MARKER = re.compile(rf"<!-- casebook-slot-{_SLOT_TOKEN}-(\d+) -->")


def set_slot_token(token: str) -> None:
    """Use ``token`` (hexadecimal, kept secret) in the markers of pages made from now on."""
    global _SLOT_TOKEN, SLOT_MARKER
    if not re.fullmatch(r"[0-9a-f]{16,}", token):
        raise ValueError("a slot token is at least 16 hexadecimal digits")
    _SLOT_TOKEN = token
    SLOT_MARKER = re.compile(rf"<!-- casebook-slot-{token}-(\d+) -->")


def slot_pattern() -> re.Pattern[str]:
    return SLOT_MARKER


def slot_marker(index: int) -> str:
    return f"<!-- casebook-slot-{_SLOT_TOKEN}-{index} -->"


@dataclass(frozen=True)
class Slot:
    """Ready-made HTML for one marker. A slot that is not ``searchable`` is filled in after the
    search index has read the page: the metadata panel, outcome tables, sources and citations
    of 10,000 case pages would triple the index (and its parsing, the largest cost of indexing)
    while the explorer filters by the same data; the page title, summary and body stay indexed."""

    html: str
    searchable: bool = True
    # (id, title) of the <h2> headings inside ``html``, for the page's table of contents: as
    # HTML they cost Markdown and search nothing, but readers still find them in the contents.
    headings: tuple[tuple[str, str], ...] = ()


def fill_slots(text: str, slots: Sequence[Slot], searchable: bool | None = None) -> str:
    """``text`` (Markdown or the HTML rendered from it) with slot markers replaced: all of them,
    or only those whose slot's ``searchable`` is the one given."""
    if not slots:
        return text

    def fill(marker: re.Match[str]) -> str:
        slot = slots[int(marker.group(1))]
        return slot.html if searchable in (None, slot.searchable) else marker.group()

    return SLOT_MARKER.sub(fill, text)


@dataclass(frozen=True)
class GeneratedPage:
    """A page as MkDocs should read it: Markdown ``body`` whose slot markers stand for the
    ready-made HTML in ``slots`` (``slots[i]`` replaces ``slot_marker(i)``), and its front
    matter ``meta`` (``page_meta``; None when ``body`` holds its own).

    The first ``lead`` and the last ``tail`` slots have no marker in ``body``: they go before
    and after the HTML rendered from it (``place_slots``). A marker costs Markdown time on every
    page, and most generated parts come before or after the contributed text.
    """

    src_uri: str  # e.g. "cases/kenya-iot-soil-sensors.md"
    body: str
    slots: tuple[Slot, ...] = ()
    lead: int = 0
    tail: int = 0
    meta: Mapping[str, object] | None = field(default=None, hash=False)

    @property
    def source(self) -> str:
        """The page as one Markdown file: front matter, then ``body``."""
        return self.body if self.meta is None else front_matter_text(self.meta) + self.body

    def place_slots(self, rendered: str, separator: str = "") -> str:
        """``rendered`` (the HTML from ``body``, or ``body`` itself) with the markers of the
        lead and tail slots around it, to be filled like the others by ``fill_slots``."""
        count = len(self.slots)
        before = [slot_marker(i) for i in range(self.lead)]
        after = [slot_marker(i) for i in range(count - self.tail, count)]
        return (
            "".join(m + separator for m in before)
            + rendered
            + "".join(separator + m for m in after)
        )

    @property
    def markdown(self) -> str:
        """The whole page as one Markdown document: slots are raw HTML blocks (no blank line
        inside), so any Markdown engine renders it without the slot mechanism."""
        head = "" if self.meta is None else front_matter_text(self.meta)
        return head + fill_slots(self.place_slots(self.body, "\n\n"), self.slots)


class PageWriter:
    """Collects a page's parts: Markdown for contributed bodies and headings, HTML for the rest.

    Consecutive HTML parts share one slot when they are alike searchable.
    """

    def __init__(self, src_uri: str, meta: Mapping[str, object] | None = None) -> None:
        """``meta``: the page's front matter (``page_meta``)."""
        self.src_uri = src_uri
        self._meta = meta
        self._parts: list[str | int] = []  # Markdown text, or the index of a slot
        self._slots: list[tuple[list[str], bool]] = []
        self._headings: list[list[tuple[str, str]]] = []
        self._in_slot = False
        # The Markdown that holds more than whitespace, kept track of while writing (``page``
        # needs it): the index in ``_parts`` of its first and last part, and how many slots come
        # before each of them.
        self._first_text: int | None = None
        self._last_text = 0
        self._slots_before_first = 0
        self._slots_before_last = 0

    def markdown(self, text: str) -> None:
        if not _blank(text):
            if self._first_text is None:
                self._first_text = len(self._parts)
                self._slots_before_first = len(self._slots)
            self._last_text = len(self._parts)
            self._slots_before_last = len(self._slots)
        self._parts.append(text)
        self._in_slot = False

    def html(self, fragment: str, *, searchable: bool = True) -> None:
        if not (self._in_slot and self._slots[-1][1] == searchable):
            self._parts.append(len(self._slots))
            self._slots.append(([], searchable))
            self._headings.append([])
            self._in_slot = True
        self._slots[-1][0].append(fragment)

    def contributed(self, rendered: RenderedText) -> None:
        """A contributed body: HTML rendered and sanitised once (``casebook.render``), never
        Markdown again. Its level-two headings join the page's contents: each section between
        them is its own ``casebook-body`` block, so that the docs tree can write the headings
        as Markdown headings between them (``casebook.docs_tree``)."""
        body = rendered.html
        parts: list[str] = []
        start = 0
        for found in top_level_h2(body):
            parts += [_body_block(body[start : found.start()], rendered), found.group()]
            start = found.end()
        parts.append(_body_block(body[start:], rendered))
        self.html("\n".join(part for part in parts if part))
        self._headings[-1].extend(rendered.headings)

    def heading(self, title: str, anchor: str, *, searchable: bool = True) -> None:
        """A level-two heading in a slot, listed in the slot's ``headings``: the docs tree
        (``casebook.docs_tree``) writes it as a Markdown heading, which every engine lists in
        the page's contents."""
        heading_html, entry = _heading(title, anchor)
        self.html(heading_html, searchable=searchable)
        self._headings[-1].append(entry)

    def page(self) -> GeneratedPage:
        count = len(self._slots)
        if self._first_text is None:  # no text: every slot leads, and the body is empty
            middle: list[str | int] = []
            lead, tail = count, 0
        else:
            middle = self._parts[self._first_text : self._last_text + 1]
            lead, tail = self._slots_before_first, count - self._slots_before_last
        body = "".join(
            part if isinstance(part, str) else f"\n{slot_marker(part)}\n\n" for part in middle
        )
        slots = tuple(
            [
                Slot("\n".join(fragments), searchable, tuple(headings))
                for (fragments, searchable), headings in zip(
                    self._slots, self._headings, strict=True
                )
            ]
        )
        return GeneratedPage(self.src_uri, body, slots, lead, tail, self._meta)


def _body_block(section: str, rendered: RenderedText) -> str:
    if not section.strip():
        return ""
    lang = f' lang="{rendered.lang}" dir="{rendered.direction}"' if rendered.lang else ""
    return f'<div class="casebook-body"{lang}>\n{section.strip()}\n</div>'


_H2 = re.compile(r"<h2\b[^>]*>.*?</h2>", re.DOTALL)
# A tag, found as (closing "/", its name if it is a void element, self-closing "/"). The void
# names are one alternative of the name, so every tag is matched as by one pattern for all
# names, and the tags are counted in C (findall, Counter) rather than one Python step each.
_TAG = re.compile(
    r"<(/?)(?:((?i:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr))\b"
    r"|[a-zA-Z][a-zA-Z0-9]*\b)[^>]*?(/?)>"
)
_OPENS, _CLOSES = ("", "", ""), ("/", "", "")  # the tags that change the depth


def top_level_h2(fragment: str) -> list[re.Match[str]]:
    """The ``<h2>`` elements of well-formed HTML (ours, or sanitised) that no other element
    holds: only those can stand between Markdown blocks."""
    found = []
    depth = 0
    position = 0
    for heading in _H2.finditer(fragment):
        tags = Counter(_TAG.findall(fragment, position, heading.start()))
        depth += tags[_OPENS] - tags[_CLOSES]
        position = heading.end()
        if depth == 0:
            found.append(heading)
    return found


def _heading(title: str, anchor: str) -> tuple[str, tuple[str, str]]:
    return _heading_in(title, anchor, i18n.active())


@functools.cache
def _heading_in(title: str, anchor: str, language: str) -> tuple[str, tuple[str, str]]:
    """A generated heading's HTML and its entry in the contents. The same few headings are on
    thousands of pages: made once each (fewer objects also means less work for the cycle
    collector, which the pages of a large site keep busy)."""
    heading_html = (
        f'<h2 id="{anchor}">{html.escape(title)}<a class="headerlink" href="#{anchor}" '
        f'title="{html.escape(_("Permanent link"))}">&para;</a></h2>'
    )
    return heading_html, (anchor, title)


def _blank(part: str) -> bool:
    return not part or part.isspace()  # isspace and strip agree on what whitespace is


def text(value: object) -> str:
    """A contributed value as inert Markdown inline text: HTML-escaped, Markdown-escaped."""
    escaped = html.escape(str(value), quote=True)
    escaped = escaped.replace("\r", " ").replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def url(value: str) -> str:
    """A contributed http(s) URL made safe as a Markdown link destination."""
    return "".join(f"%{ord(ch):02X}" if ch in "()<>\"' \\" else ch for ch in value)


def attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def link(label_markdown: str, from_uri: str, to_uri: str) -> str:
    """A Markdown link between two generated pages, relative so it works from file://."""
    return f"[{label_markdown}]({relative(from_uri, to_uri)})"


def page_meta(title: str, description: str | None = None, **extra: object) -> dict[str, object]:
    """Front matter of a generated page. The title and description are HTML-escaped because
    the theme prints them unescaped (the title as text in <title>, the description into an
    attribute of <meta name="description">); macros are always off for generated pages."""
    if description is not None:
        extra["description"] = html.escape(description, quote=True)
    return {"title": html.escape(title, quote=False), "render_macros": False, **extra}


def front_matter_text(meta: Mapping[str, object]) -> str:
    """``meta`` as a front-matter block. Every value is written as JSON, which YAML reads as the
    same value (JSON is YAML's flow style), and ``json.dumps`` is many times cheaper than
    PyYAML's Python emitter."""
    lines = "".join([f"{key}: {yaml_scalar(value)}\n" for key, value in meta.items()])
    return "---\n" + lines + "---\n\n"


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """``page_meta(title, description, **extra)`` as a front-matter block."""
    return front_matter_text(page_meta(title, description, **extra))


# Characters YAML refuses in a stream (C1 controls, non-characters) or reads as line breaks
# inside a quoted scalar; written as \u escapes, which YAML and JSON read alike.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


# What ``json.dumps(value, ensure_ascii=False)`` uses, made once: ``dumps`` builds a new encoder
# on every call with a non-default argument, and every page's front matter has a few values.
_JSON = json.JSONEncoder(ensure_ascii=False)


def yaml_scalar(value: object) -> str:
    """``value`` (JSON-compatible) as YAML flow text. Not ``ensure_ascii``: PyYAML reads a
    character outside the BMP, which JSON writes as two escapes, as two lone surrogates."""
    if isinstance(value, bool):  # every page has two flags; the encoder's generic path is slow
        return "true" if value else "false"
    return _YAML_UNSAFE.sub(_yaml_escape, _JSON.encode(value))


def _yaml_escape(unsafe: re.Match[str]) -> str:
    return f"\\u{ord(unsafe.group()):04x}"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown pipe table from cells that are already safe Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def number(value: float) -> str:
    """A value as the language being built writes it (``casebook.i18n.amount``)."""
    return i18n.amount(value)
