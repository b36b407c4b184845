"""The site in several languages in a real Chromium, opened from disk (file://) with every other
request refused: Arabic laid out right to left, the language switcher, and each language's
search over its own pages (Chinese segmented, Arabic words found in other forms)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from builds import build_site
from translation_tree import CHINA, COURSE, translated_tree

pytestmark = pytest.mark.browser

KENYA_PAGE = "cases/kenya-solar-irrigation.html"
CHINA_PAGE = "cases/china-textile-platform.html"
COURSE_PAGE = "courses/intro-course/index.html"
# Added to the translations' bodies: a Chinese sentence holding the two-character word 茶园
# (tea gardens), and Arabic holding الصيادين ("the fishermen", plural), found by the singular
# الصياد ("the fisherman"): the browser matches typed words as prefixes of the index's words.
# Words no page of the site's own uses (the home and About pages are translated too).
CHINESE = "云南的茶园用数字工具记录采摘。"
ARABIC = "تقدم المنصة خدمات رقمية تساعد الصيادين في القرى الساحلية."


def _add_to_body(path: Path, sentence: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, fence, body = text.partition("\n---\n")
    path.write_text(f"{head}{fence}\n{sentence}\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("languages-browser")
    content = translated_tree(base)
    _add_to_body(content / COURSE.replace("index.md", "index.zh.md"), CHINESE)
    _add_to_body(content / CHINA.replace(".md", ".ar.md"), ARABIC)
    result = build_site(content, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


def _open(page: Any, path: Path, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


def test_arabic_pages_lay_out_right_to_left(site: Path, offline_page: Any) -> None:
    page = offline_page
    _open(page, site / "ar" / CHINA_PAGE)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The navigation is on the right of the text, the contents list on its left.
    nav = page.locator(".md-sidebar--primary").bounding_box()
    toc = page.locator(".md-sidebar--secondary").bounding_box()
    article = page.locator("article").bounding_box()
    assert nav["x"] > article["x"] > toc["x"]
    # The translation's text is right-aligned Arabic; nothing overflows the page sideways.
    paragraph = page.get_by_text(ARABIC)
    assert paragraph.evaluate("p => getComputedStyle(p).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _open(page, site / "ar" / "explorer.html", width=390)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("[data-explorer-count], .casebook-explorer").count() > 0
    assert page.outgoing == []


def test_an_untranslated_text_keeps_its_own_direction_on_an_arabic_page(
    site: Path, offline_page: Any
) -> None:
    page = offline_page
    _open(
        page, site / "ar" / KENYA_PAGE.replace("kenya-solar-irrigation", "china-textile-platform")
    )
    _open(page, site / "ar" / COURSE_PAGE)
    body = page.locator(".casebook-body[lang=en]").first
    assert body.evaluate("b => getComputedStyle(b).direction") == "ltr"


def test_the_switcher_opens_the_same_page_in_another_language(
    site: Path, offline_page: Any
) -> None:
    page = offline_page
    _open(page, site / "fr" / KENYA_PAGE)
    page.locator(".md-header .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_load_state("load")
    assert page.url == (site / "zh" / KENYA_PAGE).as_uri()
    assert page.evaluate("document.documentElement.lang") == "zh"
    page.locator(".md-header .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state("load")
    assert page.url == (site / KENYA_PAGE).as_uri()
    assert page.outgoing == []


def _search(page: Any, query: str) -> list[str]:
    box = page.locator("[data-site-search] input")
    box.click()
    box.press_sequentially(query)
    results = page.locator("[data-search-results] a")
    # Results show from the first letter: wait for those of the whole query.
    page.wait_for_function(
        "q => document.querySelector('[data-search-count]').textContent.includes(q)",
        arg=query,
        timeout=30_000,
    )
    results.first.wait_for(timeout=30_000)
    return [
        re.sub(r"^.*?/site/", "", href)
        for href in results.evaluate_all("as => as.map(a => a.href)")
    ]


def test_chinese_search_finds_a_word_inside_a_sentence(site: Path, offline_page: Any) -> None:
    page = offline_page
    _open(page, site / "zh" / "index.html")
    found = _search(page, "茶园")
    assert found == [f"zh/{COURSE_PAGE}"]  # only Chinese pages, and this one
    assert page.outgoing == []


def test_arabic_search_finds_another_form_of_a_word(site: Path, offline_page: Any) -> None:
    page = offline_page
    _open(page, site / "ar" / "index.html")
    assert _search(page, "الصياد") == [f"ar/{CHINA_PAGE}"]  # the text says الصيادين
    assert page.outgoing == []
