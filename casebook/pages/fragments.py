"""Ready-made HTML for the generated parts of pages (metadata panels, lists, tables, links).

These fragments fill a page's slots (``casebook.pages.markdown.PageWriter.html``) and never go
through Markdown. Every contributed value passes through ``escape``; links between pages are
relative ``.html`` addresses (the site uses ``use_directory_urls: false``), so they work from
``file://``. A fragment never holds a blank line, so it is also a valid raw HTML block if the
page is read as one Markdown document.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from casebook.aggregate import CountTable
from casebook.pages.markdown import relative

# What the admonition extension renders for `!!! note "Illustrative example"`.
ILLUSTRATIVE_NOTE = (
    '<div class="admonition note">\n'
    '<p class="admonition-title">Illustrative example</p>\n'
    "<p>This case is illustrative content written to show how the collection works. "
    "It describes no real organisation.</p>\n"
    "</div>"
)


def escape(value: object) -> str:
    """A contributed value as inert HTML text on one line (a line break would not show anyway,
    and a blank line would end a raw HTML block)."""
    return html.escape(str(value), quote=True).replace("\r", " ").replace("\n", " ")


def page_href(from_uri: str, to_uri: str) -> str:
    """The relative address of the page built from ``to_uri`` (a ``.md`` source URI)."""
    target = relative(from_uri, to_uri)
    return target[:-3] + ".html" if target.endswith(".md") else target


def page_link(label_html: str, from_uri: str, to_uri: str) -> str:
    return f'<a href="{html.escape(page_href(from_uri, to_uri))}">{label_html}</a>'


def web_link(label_html: str, address: str) -> str:
    """A link to a contributed http(s) address (the schema allows no other scheme)."""
    return f'<a href="{html.escape(address, quote=True)}">{label_html}</a>'


def paragraph(inner_html: str) -> str:
    return f"<p>{inner_html}</p>"


def bullet_list(items_html: Iterable[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items_html) + "</ul>"


def numbered_list(items_html: Iterable[str]) -> str:
    return "<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items_html) + "</ol>"


def table(
    header_html: Sequence[str],
    rows_html: Iterable[Sequence[str]],
    right_aligned: Sequence[bool] = (),
) -> str:
    """A table as the Markdown tables extension writes it (so the theme styles it alike)."""
    aligns = [' style="text-align: right;"' if right else "" for right in right_aligned]
    aligns += [""] * (len(header_html) - len(aligns))
    head = "".join(f"<th{a}>{h}</th>\n" for a, h in zip(aligns, header_html, strict=True))
    body = "".join(
        "<tr>\n"
        + "".join(f"<td{a}>{c}</td>\n" for a, c in zip(aligns, row, strict=True))
        + "</tr>\n"
        for row in rows_html
    )
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


def metadata_panel(rows: Iterable[tuple[str, str]]) -> str:
    """The label/value panel at the top of case, course and guideline pages."""
    cells = [(f"<strong>{escape(name)}</strong>", value_html) for name, value_html in rows]
    return '<div class="casebook-meta">\n' + table(["", ""], cells) + "\n</div>"


def count_table(counts: CountTable) -> str:
    """A ``casebook.aggregate.CountTable`` with its numbers right-aligned."""
    header = [escape(counts.row_title), *(escape(title) for title in counts.column_titles)]
    rows = [[escape(label), *(str(n) for n in numbers)] for label, numbers in counts.rows]
    return table(header, rows, [False, *(True for _ in counts.column_titles)])
