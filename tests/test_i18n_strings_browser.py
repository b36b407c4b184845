"""The scripts write their messages from ``strings.js`` (casebook.site.strings), in a browser:
the explorer of the pseudo-language of ``test_i18n_strings`` shows only bracketed messages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from casebook import i18n
from casebook.collection import load_collection
from casebook.explorer import ASSETS_DIR, EXPLORER_ASSETS, render_standalone_page
from casebook.site import strings
from tests.test_i18n_strings import CONTENT, pseudo  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def test_the_explorer_script_writes_the_page_language(
    pseudo: str,  # noqa: F811
    tmp_path: Path,
    offline_page: Any,
) -> None:
    collection, _report = load_collection(CONTENT)
    with i18n.activate(pseudo):
        page_html = render_standalone_page(
            collection.published_cases, lambda case: f"cases/{case.slug}.html", page_size=2
        )
        (tmp_path / "strings.js").write_text(strings.strings_script(), encoding="utf-8")
    for name in EXPLORER_ASSETS:
        shutil.copy(ASSETS_DIR / name, tmp_path / name)
    page_html = page_html.replace(
        '<script src="explorer.js">', '<script src="strings.js"></script><script src="explorer.js">'
    )
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    offline_page.goto((tmp_path / "index.html").as_uri())
    more = offline_page.locator("[data-show-more]")
    expect(more).to_have_text(
        "⟦Show 2 more (15 not shown yet)⟧".replace("15", str(len(collection.published_cases) - 2))
    )
    offline_page.fill("[data-year-from]", "2030")
    offline_page.fill("[data-year-to]", "2020")
    expect(offline_page.locator("[data-explorer-warning]")).to_contain_text(
        '⟦"From year" (2030) is after "To year" (2020)'
    )
    assert offline_page.outgoing == []
