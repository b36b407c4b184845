"""Small, safe building blocks for generated Markdown."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

import yaml

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


# Marks where a page's ready-made HTML goes. Large HTML (the explorer's table of every case)
# skips the Markdown parser, which is slow on megabytes of raw HTML.
SLOT = "<!-- casebook-slot -->"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "cases/kenya-iot-soil-sensors.md"
    markdown: str
    slot_html: str = ""  # replaces SLOT in the rendered page

    def fill_slot(self, html: str) -> str:
        return html.replace(SLOT, self.slot_html, 1) if self.slot_html else html


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


def relative(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def front_matter(title: str, **extra: object) -> str:
    """Front matter of a generated page. The title is HTML-escaped because themes print it
    into <title> unescaped; macros are always off for generated pages."""
    meta = {"title": html.escape(title, quote=False), "render_macros": False, **extra}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown pipe table from cells that are already safe Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
