"""Ready-made HTML for the generated parts of pages (metadata panels, lists, tables, links).

These fragments fill a page's slots (``casebook.pages.markdown.PageWriter.html``) and never go
through Markdown. Every contributed value passes through ``escape``; links between pages are
relative ``.html`` addresses (the site uses ``use_directory_urls: false``), so they work from
``file://``. A fragment never holds a blank line, so it is also a valid raw HTML block if the
page is read as one Markdown document.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

from casebook import i18n
from casebook.addresses import relative
from casebook.aggregate import TOTAL, CountTable
from casebook.drafts import draft_badge, draft_banner, draft_label
from casebook.i18n import _, number

__all__ = ["draft_badge", "draft_banner", "draft_label"]  # the marks of drafts, for pages


def illustrative_note() -> str:
    """What the admonition extension renders for `!!! note "Illustrative example"`."""
    return (
        '<div class="admonition note">\n'
        '<p class="admonition-title">' + _("Illustrative example") + "</p>\n"
        "<p>"
        + _(
            "This case is illustrative content written to show how the collection works. "
            "It describes no real organisation."
        )
        + "</p>\n</div>"
    )


def shown_date(day: date) -> str:
    """A date as a page shows it: ISO 8601 in English (as the site always wrote it), the
    language's long form elsewhere (``30 novembre 2026``, ``2026年11月30日``)."""
    if i18n.active().split("-", 1)[0] == i18n.SOURCE_LANGUAGE:
        return day.isoformat()
    return i18n.long_date(day)


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
    return _html_list("ul", items_html)


class Summarised(Protocol):
    """What a list of cases or guidelines shows of each."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def published(self) -> bool: ...


def summary_list(items: Iterable[Summarised], from_uri: str, uri_of: Callable[[str], str]) -> str:
    """A bullet list of links from ``from_uri`` to each item's page (``uri_of(slug)``), a
    draft marked as one, each followed by its summary."""
    return bullet_list(
        f"{page_link(escape(item.title), from_uri, uri_of(item.slug))}"
        f"{draft_badge(item.published)}: {escape(item.summary)}"
        for item in items
    )


def numbered_list(items_html: Iterable[str]) -> str:
    return _html_list("ol", items_html)


def _html_list(tag: str, items_html: Iterable[str]) -> str:
    """One ``<li>`` a line. Term pages list thousands of items: one ``str.join`` writes them."""
    items = list(items_html)
    if not items:
        return f"<{tag}>\n</{tag}>"
    return f"<{tag}>\n<li>" + "</li>\n<li>".join(items) + f"</li>\n</{tag}>"


def table(
    header_html: Sequence[str],
    rows_html: Iterable[Sequence[str]],
    right_aligned: Sequence[bool] = (),
    *,
    label: str | None = None,
) -> str:
    """A table as the Markdown tables extension writes it (so the theme styles it alike).

    With a ``label``, inside ``scrollable``: for tables that may be wider than a phone.
    """
    head, opens = _table_layout(tuple(header_html), tuple(right_aligned))
    rows = list(rows_html)
    if any(len(row) != len(opens) for row in rows):
        raise ValueError(f"every row of this table needs {len(opens)} cells")
    if opens and opens.count(opens[0]) == len(opens):
        # Every column aligned alike (the usual case): a row is one ``str.join``. Large sites
        # write hundreds of thousands of rows.
        start, separator = f"<tr>\n{opens[0]}", f"</td>\n{opens[0]}"
        body = "".join([start + separator.join(row) + "</td>\n</tr>\n" for row in rows])
    else:
        body = "".join(
            "<tr>\n"
            + "".join([o + c + "</td>\n" for o, c in zip(opens, row, strict=True)])
            + "</tr>\n"
            for row in rows
        )
    made = f"{head}{body}</tbody>\n</table>"
    return made if label is None else scrollable(made, label)


def scrollable(table_html: str, label: str) -> str:
    """``table_html`` in a box that scrolls sideways when the table is wider than the page:
    the box takes keyboard focus (arrow keys scroll it) and is a named region, so a screen
    reader says what the table is (WCAG 2.1.1; axe's scrollable-region-focusable)."""
    return (
        f'<div class="casebook-scroll" tabindex="0" role="region" aria-label="{escape(label)}">\n'
        f"{table_html}\n</div>"
    )


@functools.lru_cache(maxsize=256)
def _table_layout(
    header_html: tuple[str, ...], right_aligned: tuple[bool, ...]
) -> tuple[str, tuple[str, ...]]:
    """(the table up to its first row, each column's ``<td>``): most tables of a site share
    their header (every case's outcomes, every term page's summary)."""
    # A class, not a style attribute: the Content-Security-Policy refuses inline styles.
    aligns = [' class="casebook-num"' if right else "" for right in right_aligned]
    aligns += [""] * (len(header_html) - len(aligns))
    head = "".join(f"<th{a}>{h}</th>\n" for a, h in zip(aligns, header_html, strict=True))
    opens = tuple(f"<td{a}>" for a in aligns)
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n", opens


# The metadata panel is ``table`` with an empty two-cell header, written directly: every case
# page has one. ``_PANEL_START`` and ``_PANEL_END`` are what ``table`` writes around the rows.
_PANEL_START, _PANEL_END = (
    '<div class="casebook-meta">\n' + table(["", ""], []) + "\n</div>"
).split("</tbody>")
_PANEL_END = "</tbody>" + _PANEL_END


@functools.cache
def _panel_row_start(name: str) -> str:
    """A panel row up to its value: a handful of constant labels, escaped once."""
    return f"<tr>\n<td><strong>{escape(name)}</strong></td>\n<td>"


def metadata_panel(rows: Iterable[tuple[str, str]]) -> str:
    """The label/value panel at the top of case, course and guideline pages."""
    parts = [_PANEL_START]
    for name, value_html in rows:  # one join of all the parts: each value is copied once
        parts += (_panel_row_start(name), value_html, "</td>\n</tr>\n")
    parts.append(_PANEL_END)
    return "".join(parts)


def total_note() -> str:
    return _(
        "A case with several values counts once under each of them, but once only in a Total: "
        "a Total can be less than the sum of the numbers it closes."
    )


def count_table(counts: CountTable, label: str | None = None) -> str:
    """A ``casebook.aggregate.CountTable`` with its numbers right-aligned, in a box that
    scrolls when it is wider than the page (``label`` names it; by default its row title).
    Where a Total is not the sum of its row or column, a note under the table says why."""
    header = [escape(counts.row_title), *(escape(title) for title in counts.column_titles)]
    rows = [[escape(name), *(number(n) for n in numbers)] for name, numbers in counts.rows]
    made = table(
        header,
        rows,
        [False, *(True for _title in counts.column_titles)],
        label=label
        or _("Cases by {dimension}").format(dimension=i18n.in_sentence(counts.row_title)),
    )
    if totals_differ(counts):
        made += "\n" + f'<p class="casebook-total-note">{total_note()}</p>'
    return made


def totals_differ(counts: CountTable) -> bool:
    """Whether a Total (the last row, or the last column of a cross-table) is not the sum of
    the numbers before it."""
    *body, (_name, total_row) = counts.rows
    for column, total in enumerate(total_row):
        if sum(numbers[column] for _row, numbers in body) != total:
            return True
    crossed = len(counts.column_titles) > 1 and counts.column_titles[-1] == _(TOTAL)
    return crossed and any(sum(numbers[:-1]) != numbers[-1] for _row, numbers in counts.rows)


HOME_URI = "index.md"


def breadcrumbs(from_uri: str, trail: Sequence[tuple[str, str]], current_html: str) -> str:
    """Where a page sits: Home, then ``trail`` (label HTML, page URI; a URI may end in a
    ``#fragment``), then the page itself, unlinked and marked as current."""
    items = [page_link(escape(_("Home")), from_uri, HOME_URI)]
    for label_html, to_uri in trail:
        target, _hash, fragment = to_uri.partition("#")
        href = page_href(from_uri, target) + (f"#{fragment}" if fragment else "")
        items.append(f'<a href="{html.escape(href)}">{label_html}</a>')
    items.append(f'<span aria-current="page">{current_html}</span>')
    return (
        '<nav class="casebook-breadcrumbs" aria-label="'
        + escape(_("Breadcrumb"))
        + '"><ol>'
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ol></nav>"
    )
