"""The shortcuts that make a large site's pages quick write exactly what the plain ways would:
parts shared between pages, tables written in one join."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.cases import Case
from casebook.collection import load_collection
from casebook.pages import fragments
from casebook.pages.fragments import escape
from casebook.pages.markdown import PageWriter, front_matter, page_meta
from casebook.pages.taxonomy_pages import (
    DIMENSIONS,
    group_by_term,
    render_browse_page,
    render_taxonomy_pages,
    render_term_page,
    render_term_pages,
)

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


@pytest.fixture(scope="module")
def cases() -> tuple[Case, ...]:
    collection, _ = load_collection(MINI)
    return collection.published_cases


def test_taxonomy_pages_sharing_their_parts_equal_pages_made_alone(cases: tuple[Case, ...]) -> None:
    alone = [
        render_term_page(dimension, term, members)
        for dimension in DIMENSIONS
        for term, members in group_by_term(cases, dimension).items()
    ]
    assert list(render_term_pages(cases)) == alone
    assert list(render_taxonomy_pages(cases)) == [*alone, render_browse_page(cases)]


def test_metadata_panel_is_a_table_with_an_empty_header() -> None:
    rows = [("Countries", "<a>Kenya</a>"), ("A & <b>", "value")]
    cells = [(f"<strong>{escape(name)}</strong>", value) for name, value in rows]
    expected = '<div class="casebook-meta">\n' + fragments.table(["", ""], cells) + "\n</div>"
    assert fragments.metadata_panel(rows) == expected


def test_table_layouts() -> None:
    # Mixed alignment writes each cell's own tag; every column alike uses the joined rows.
    mixed = fragments.table(["a", "n"], [["x", "1"]], [False, True])
    assert '<td>x</td>\n<td class="casebook-num">1</td>' in mixed
    assert "style=" not in mixed  # a strict Content-Security-Policy refuses style attributes
    alike = fragments.table(["a", "b"], [["x", "y"], ["z", "w"]])
    assert alike.count("<tr>\n<td>") == 2 and "<td>y</td>\n</tr>" in alike
    assert fragments.table([], [[]]) == (
        "<table>\n<thead>\n<tr>\n</tr>\n</thead>\n<tbody>\n<tr>\n</tr>\n</tbody>\n</table>"
    )
    with pytest.raises(ValueError, match="2 cells"):
        fragments.table(["a", "b"], [["only one"]])


@pytest.mark.parametrize("blank", ["", "\n\n", " \t\u2028\n"])
def test_page_without_text_puts_every_slot_first(blank: str) -> None:
    page = PageWriter("cases/a.md", page_meta("A"))
    page.html("<p>one</p>")
    page.markdown(blank)
    page.heading("Two", "two", searchable=False)
    built = page.page()
    assert (built.lead, built.tail) == (2, 0)
    assert built.source == front_matter("A")


def test_lists_of_no_items() -> None:
    assert fragments.bullet_list([]) == "<ul>\n</ul>"
    assert fragments.numbered_list(iter(["a", "b"])) == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"
