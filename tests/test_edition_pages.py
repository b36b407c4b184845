"""The Editions page, the latest-edition note and the note on every page of an edition."""

from __future__ import annotations

from datetime import date

import pytest

from casebook.editions import Edition
from casebook.pages.edition_pages import (
    EditionsView,
    render_edition_note,
    render_editions_page,
    render_latest_edition_note,
)

ROOT = "https://dt-cases.github.io/casebook/"
E2025 = Edition("2025", "2025 edition", date(2025, 6, 30), ("Ada",), "")
E2026 = Edition("2026", "2026 edition", date(2026, 3, 31), ("Ada", "Ben"), "")


@pytest.mark.parametrize(
    ("current", "deployed", "published"),
    [
        (None, None, ["2025", "2026"]),  # the branch cannot be seen: the manifest is believed
        (None, {"2025"}, ["2025"]),  # 2026 is listed but not deployed yet
        (None, set(), []),
        (E2025, {"2025", "2026"}, ["2025"]),  # an edition knows only itself and earlier ones
        (E2026, {"2025"}, ["2025", "2026"]),  # the edition being built counts as published
    ],
)
def test_which_editions_a_build_shows(
    current: Edition | None, deployed: set[str] | None, published: list[str]
) -> None:
    view = EditionsView((E2025, E2026), ROOT, current, deployed)
    assert [e.id for e in view.published] == published


def test_the_working_collection_lists_every_edition_newest_first() -> None:
    page = render_editions_page(EditionsView((E2025, E2026), ROOT, None, {"2025"})).markdown
    assert page.index('id="edition-2026"') < page.index('id="edition-2025"')
    assert "Planned for 2026-03-31; not published yet." in page
    assert (
        f'<strong>Latest edition:</strong> <a href="{ROOT}latest/index.html">2025 edition</a>'
        in page
    )
    assert f'<a href="{ROOT}2025/report.pdf">Report (PDF)</a>' in page
    assert f'<a href="{ROOT}2026/report.pdf">' not in page


def test_no_edition_yet() -> None:
    view = EditionsView((), ROOT)
    assert "No edition has been published yet." in render_editions_page(view).markdown
    assert render_latest_edition_note(view) == ""


def test_the_home_page_note_links_to_the_latest_edition() -> None:
    note = render_latest_edition_note(EditionsView((E2025, E2026), ROOT))
    assert f'<a href="{ROOT}latest/index.html">2026 edition</a> (published 2026-03-31)' in note
    assert '<a href="editions.html">All editions</a>' in note


@pytest.mark.parametrize(
    ("page_uri", "relative"),
    [("index.md", ""), ("cases/a.md", "../"), ("courses/c/01-m.md", "../../")],
)
def test_every_edition_page_names_its_edition(page_uri: str, relative: str) -> None:
    note = render_edition_note(EditionsView((E2025, E2026), ROOT, E2025), page_uri)
    assert f'This page belongs to the <a href="{relative}edition.html">2025 edition</a>' in note
    assert f'<a href="{ROOT}latest/index.html">Latest edition</a>' in note
    assert f'<a href="{relative}editions.html">All editions</a>' in note
    assert render_edition_note(EditionsView((E2025,), ROOT), page_uri) == ""
