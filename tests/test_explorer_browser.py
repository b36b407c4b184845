"""The case explorer in a real Chromium, opened from file:// with every other request refused.

Expected results come from a small Python oracle over the real ``content/`` cases, so the tests
follow the content instead of hard-coding it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from casebook.cases import Case
from casebook.collection import load_collection
from casebook.explorer import ASSETS_DIR, EXPLORER_ASSETS, render_standalone_page
from casebook.vocabularies import country

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
VISIBLE_TITLES = "[data-explorer-rows] > li:not([hidden]) > a"
SEARCH_LABEL = "Search titles, summaries and organisations"


@dataclass(frozen=True)
class Filters:
    q: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None


def terms(case: Case, key: str) -> set[str]:
    by_key = {
        "country": set(case.countries),
        "region": {country(code).region.lower() for code in case.countries},
        "sector": set(case.sectors),
        "technology": set(case.technologies),
        "sdg": {str(goal) for goal in case.sdgs},
        "org-type": {case.organization_type},
        "stage": {case.stage},
    }
    return by_key[key]


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def matches(case: Case, filters: Filters, ignoring: str | None = None) -> bool:
    haystack = folded(f"{case.title} {case.summary} {case.organization_name}")
    return (
        all(word in haystack for word in folded(filters.q).split())
        and (filters.year_from is None or case.year >= filters.year_from)
        and (filters.year_to is None or case.year <= filters.year_to)
        and all(
            key == ignoring or not chosen or terms(case, key) & chosen
            for key, chosen in filters.facets.items()
        )
    )


def by_title(cases: tuple[Case, ...]) -> list[Case]:
    return sorted(cases, key=lambda case: (case.title.casefold(), case.slug))


def expected_titles(cases: tuple[Case, ...], filters: Filters) -> list[str]:
    return [case.title for case in by_title(cases) if matches(case, filters)]


@pytest.fixture(scope="module")
def cases() -> tuple[Case, ...]:
    collection, _ = load_collection(ROOT / "content")
    return collection.published_cases


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cases: tuple[Case, ...]) -> Path:
    folder = tmp_path_factory.mktemp("explorer")
    for asset in EXPLORER_ASSETS:
        shutil.copy(ASSETS_DIR / asset, folder / asset)
    url = lambda case: f"cases/{case.slug}.html"  # noqa: E731
    (folder / "explorer.html").write_text(render_standalone_page(cases, url), encoding="utf-8")
    paged = render_standalone_page(cases, url, page_size=5)
    (folder / "paged.html").write_text(paged, encoding="utf-8")
    return folder


def open_explorer(page: Any, url: str, *, unfold: bool = True) -> None:
    """Opens the explorer and, with ``unfold``, its folded filters and every "Show all"."""
    page.goto(url)
    expect(page.locator("[data-explorer-panel]")).to_be_visible()
    if unfold:
        page.evaluate(
            "document.querySelectorAll('[data-explorer-panel] details')"
            ".forEach((d) => { d.open = true; })"
        )


def expect_shown(page: Any, titles: list[str], total: int | None = None) -> None:
    """Auto-waits until exactly these titles show, in this order, and the count agrees."""
    expect(page.locator(VISIBLE_TITLES)).to_have_text(titles)
    expect(page.locator("[data-count]")).to_have_text(str(len(titles)))
    if total is not None:
        expect(page.locator(".casebook-explorer__status")).to_have_text(
            f"{len(titles)} of {total} cases"
        )


def facet_box(page: Any, key: str, term: str) -> Any:
    return page.locator(f'fieldset[data-facet="{key}"] input[value="{term}"]')


def test_opens_with_every_case_and_the_panel_shown(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    expect_shown(offline_page, expected_titles(cases, Filters()), total=len(cases))
    assert offline_page.outgoing == []


# Browser tests walk their tables inside one page: a fresh page per row would cost more than
# the checks themselves.
QUERIES = ["solar", "KENYA", "mobile money", "illustrative sme", "zzzq", ""]


def test_typing_narrows_the_list_and_the_count(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    for query in QUERIES:
        offline_page.get_by_label(SEARCH_LABEL).fill(query)
        expect_shown(offline_page, expected_titles(cases, Filters(q=query)), total=len(cases))
    assert offline_page.outgoing == []


def test_facets_or_within_and_across(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    facet_box(offline_page, "country", "KE").check()
    kenya = expected_titles(cases, Filters(facets={"country": frozenset({"KE"})}))
    expect_shown(offline_page, kenya)

    facet_box(offline_page, "country", "ZA").check()
    either = Filters(facets={"country": frozenset({"KE", "ZA"})})
    assert len(expected_titles(cases, either)) > len(kenya)
    expect_shown(offline_page, expected_titles(cases, either))

    facet_box(offline_page, "sector", "commerce").check()
    both = Filters(facets={"country": frozenset({"KE", "ZA"}), "sector": frozenset({"commerce"})})
    assert 0 < len(expected_titles(cases, both)) < len(expected_titles(cases, either))
    expect_shown(offline_page, expected_titles(cases, both))
    assert offline_page.outgoing == []


READ_COUNTS = """() => [...document.querySelectorAll('fieldset[data-facet] label')].map(label => [
  label.closest('fieldset').dataset.facet,
  label.querySelector('input').value,
  Number(label.querySelector('[data-facet-count]').textContent),
  label.classList.contains('is-empty'),
])"""


def test_facet_counts_leave_out_their_own_facet(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    filters = Filters(
        q="illustrative",
        facets={"country": frozenset({"KE", "ZA"}), "stage": frozenset({"mature"})},
    )
    offline_page.get_by_label(SEARCH_LABEL).fill(filters.q)
    for key, chosen in filters.facets.items():
        for term in chosen:
            facet_box(offline_page, key, term).check()
    expect_shown(offline_page, expected_titles(cases, filters))

    shown = offline_page.evaluate(READ_COUNTS)
    expected = [
        [key, term, count, count == 0]
        for key, term, _, _ in shown
        for count in [sum(term in terms(c, key) and matches(c, filters, key) for c in cases)]
    ]
    assert shown == expected
    assert any(empty for *_, empty in shown), "some values should be dimmed"
    assert offline_page.outgoing == []


YEAR_RANGES = [(2015, 2020), (2020, None), (None, 2014), (2016, 2016)]


def test_year_range(offline_page: Any, site: Path, cases: tuple[Case, ...]) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    for year_from, year_to in YEAR_RANGES:
        offline_page.get_by_label("From year").fill("" if year_from is None else str(year_from))
        offline_page.get_by_label("To year").fill("" if year_to is None else str(year_to))
        expected = expected_titles(cases, Filters(year_from=year_from, year_to=year_to))
        assert 0 < len(expected) < len(cases)
        expect_shown(offline_page, expected)
    assert offline_page.outgoing == []


def sort_key(sort: str, index: int, case: Case) -> tuple[Any, ...]:
    names = ", ".join(country(code).name for code in case.countries).casefold()
    return {
        "title": (index,),
        "year-desc": (-case.year, index),
        "year-asc": (case.year, index),
        "country": (names, index),
    }[sort]


def test_sorting_orders_the_rows(offline_page: Any, site: Path, cases: tuple[Case, ...]) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    # "title" comes last, so it has to put the rows back in their first order.
    for sort in ["year-desc", "year-asc", "country", "title"]:
        offline_page.get_by_label("Sort by").select_option(sort)
        ordered = sorted(enumerate(by_title(cases)), key=lambda pair: sort_key(sort, *pair))
        expect_shown(offline_page, [case.title for _, case in ordered])
        if sort == "year-desc":
            years = offline_page.locator("[data-explorer-rows] > li").evaluate_all(
                "rows => rows.map(row => Number(row.dataset.year))"
            )
            assert years == sorted(years, reverse=True)
    assert offline_page.outgoing == []


def test_the_hash_holds_the_state_and_restores_it_in_a_fresh_page(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    filters = Filters(
        q="mobile",
        facets={"country": frozenset({"KE", "ZA"}), "sector": frozenset({"commerce"})},
        year_from=2010,
        year_to=2020,
    )
    offline_page.get_by_label(SEARCH_LABEL).fill(filters.q)
    facet_box(offline_page, "country", "KE").check()
    facet_box(offline_page, "country", "ZA").check()
    facet_box(offline_page, "sector", "commerce").check()
    offline_page.get_by_label("From year").fill("2010")
    offline_page.get_by_label("To year").fill("2020")
    offline_page.get_by_label("Sort by").select_option("year-desc")
    expected = sorted(
        (c for c in by_title(cases) if matches(c, filters)), key=lambda c: -c.year
    )  # stable: ties keep title order
    assert expected
    titles = [case.title for case in expected]
    expect_shown(offline_page, titles)
    hash_ = "#q=mobile&country=KE,ZA&sector=commerce&from=2010&to=2020&sort=year-desc"
    expect(offline_page).to_have_url(re.compile(re.escape(hash_) + "$"))

    fresh = offline_page.context.new_page()
    open_explorer(fresh, offline_page.url)
    expect_shown(fresh, titles)
    for key, term in [("country", "KE"), ("country", "ZA"), ("sector", "commerce")]:
        expect(facet_box(fresh, key, term)).to_be_checked()
    expect(fresh.locator("fieldset[data-facet] input:checked")).to_have_count(3)
    expect(fresh.get_by_label(SEARCH_LABEL)).to_have_value("mobile")
    expect(fresh.get_by_label("From year")).to_have_value("2010")
    expect(fresh.get_by_label("To year")).to_have_value("2020")
    expect(fresh.get_by_label("Sort by")).to_have_value("year-desc")
    assert offline_page.outgoing == []


def test_a_hash_change_is_followed_and_clear_resets(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    offline_page.evaluate("location.hash = '#sector=energy&q=solar'")
    filters = Filters(q="solar", facets={"sector": frozenset({"energy"})})
    expect_shown(offline_page, expected_titles(cases, filters))
    expect(facet_box(offline_page, "sector", "energy")).to_be_checked()

    offline_page.get_by_role("button", name="Clear filters").click()
    expect_shown(offline_page, expected_titles(cases, Filters()))
    expect(offline_page.get_by_label(SEARCH_LABEL)).to_be_focused()
    expect(offline_page.get_by_label(SEARCH_LABEL)).to_have_value("")
    expect(facet_box(offline_page, "sector", "energy")).not_to_be_checked()
    assert "#" not in offline_page.url
    assert offline_page.outgoing == []


WATCH_ROWS = """() => {
  window.rowChanges = {added: 0, removed: 0, attributes: 0};
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === 'attributes') window.rowChanges.attributes++;
      window.rowChanges.added += record.addedNodes.length;
      window.rowChanges.removed += record.removedNodes.length;
    }
  }).observe(document.querySelector('[data-explorer-rows]'),
             {subtree: true, childList: true, attributes: true});
}"""


def test_only_rows_that_come_or_go_are_touched(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    offline_page.evaluate(WATCH_ROWS)
    shown_before = set(expected_titles(cases, Filters()))
    added = removed = 0
    # The list holds the rows shown: narrowing removes rows, widening adds them back, and the
    # rows that stay are neither moved nor written again.
    for query in ["kenya", "kenya solar", "kenya", "solar", ""]:
        offline_page.get_by_label(SEARCH_LABEL).fill(query)
        titles = expected_titles(cases, Filters(q=query))
        expect_shown(offline_page, titles)
        added += len(set(titles) - shown_before)
        removed += len(shown_before - set(titles))
        shown_before = set(titles)
        changes = offline_page.evaluate("window.rowChanges")
        assert changes == {"added": added, "removed": removed, "attributes": 0}
    assert added > 0 and removed > 0
    assert offline_page.outgoing == []


def test_a_hand_edited_hash_is_read_leniently(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    url = (site / "explorer.html").as_uri()
    open_explorer(offline_page, url + "#country=XX,KE&sort=bogus&from=abc&to=2020&q=%E0%A4")
    filters = Filters(facets={"country": frozenset({"KE"})}, year_to=2020)
    expect_shown(offline_page, expected_titles(cases, filters))
    expect(offline_page.get_by_label("Sort by")).to_have_value("title")
    expect(offline_page.get_by_label("From year")).to_have_value("")
    expect(offline_page).to_have_url(re.compile("#country=KE&to=2020$"))
    assert offline_page.outgoing == []


def test_the_hash_is_written_even_where_replace_state_is_refused(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    offline_page.add_init_script(
        "history.replaceState = () => { throw new DOMException('refused', 'SecurityError'); };"
    )
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    offline_page.get_by_label(SEARCH_LABEL).fill("solar")
    facet_box(offline_page, "country", "KE").check()
    filters = Filters(q="solar", facets={"country": frozenset({"KE"})})
    expect_shown(offline_page, expected_titles(cases, filters))
    expect(offline_page).to_have_url(re.compile("#q=solar&country=KE$"))
    expect(offline_page.get_by_label(SEARCH_LABEL)).to_have_value("solar")
    assert offline_page.outgoing == []


def test_keyboard_reaches_the_facets_with_a_visible_focus(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    offline_page.get_by_label(SEARCH_LABEL).focus()
    for _ in range(6):  # from year, to year, sort, clear, "Filters" summary, first facet value
        offline_page.keyboard.press("Tab")
    first_country = offline_page.locator('fieldset[data-facet="country"] input').first
    expect(first_country).to_be_focused()
    outline = offline_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    offline_page.keyboard.press("Space")
    expect(first_country).to_be_checked()
    code = first_country.get_attribute("value")
    expect_shown(
        offline_page, expected_titles(cases, Filters(facets={"country": frozenset({code})}))
    )
    assert offline_page.outgoing == []


def test_long_lists_show_a_page_at_a_time(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "paged.html").as_uri())
    titles = expected_titles(cases, Filters())
    assert len(titles) > 10
    expect(offline_page.locator(VISIBLE_TITLES)).to_have_text(titles[:5])
    expect(offline_page.locator("[data-count]")).to_have_text(str(len(titles)))
    more = offline_page.locator("[data-show-more]")
    expect(more).to_have_text(f"Show 5 more ({len(titles) - 5} not shown yet)")
    more.click()
    expect(offline_page.locator(VISIBLE_TITLES)).to_have_text(titles[:10])
    expect(offline_page.get_by_role("link", name=titles[5], exact=True)).to_be_focused()

    offline_page.get_by_label(SEARCH_LABEL).fill("illustrative")
    narrowed = expected_titles(cases, Filters(q="illustrative"))
    expect(offline_page.locator(VISIBLE_TITLES)).to_have_text(narrowed[:5])
    expect(offline_page.locator("[data-count]")).to_have_text(str(len(narrowed)))
    assert offline_page.outgoing == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_filters_start_folded_and_say_how_many_are_ticked(
    offline_page: Any, site: Path, cases: tuple[Case, ...], width: int
) -> None:
    offline_page.set_viewport_size({"width": width, "height": 800})
    open_explorer(offline_page, (site / "explorer.html").as_uri(), unfold=False)
    kenya = facet_box(offline_page, "country", "KE")
    expect(kenya).to_be_hidden()
    offline_page.locator("[data-explorer-filters] > summary").click()
    more = offline_page.locator('fieldset[data-facet="country"] details.casebook-explorer__all')
    if more.count():  # Kenya may be among the values after "Show all"
        more.locator("summary").click()
    kenya.check()
    expect(offline_page.locator("[data-active-filters]")).to_have_text("(1 selected)")
    expect_shown(
        offline_page, expected_titles(cases, Filters(facets={"country": frozenset({"KE"})}))
    )
    # The address is written once the changes pause.
    expect(offline_page).to_have_url(re.compile("#country=KE$"))

    fresh = offline_page.context.new_page()
    fresh.set_viewport_size({"width": width, "height": 800})
    open_explorer(fresh, offline_page.url, unfold=False)
    expect(fresh.locator("[data-active-filters]")).to_have_text("(1 selected)")
    fresh.locator("[data-explorer-filters] > summary").click()
    # A ticked value is never left folded inside "Show all".
    expect(facet_box(fresh, "country", "KE")).to_be_visible()
    expect(facet_box(fresh, "country", "KE")).to_be_checked()
    assert offline_page.outgoing == []


def test_every_facet_value_is_shown_or_one_show_all_away(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri(), unfold=False)
    offline_page.locator("[data-explorer-filters] > summary").click()
    for fieldset in offline_page.locator("fieldset[data-facet]").all():
        boxes = fieldset.locator('input[type="checkbox"]')
        more = fieldset.locator("details.casebook-explorer__all")
        if more.count():
            expect(more.locator("summary")).to_have_text(
                re.compile(rf"^Show all {boxes.count()} \(\d+ more\)$")
            )
            more.locator("summary").click()
        for box in boxes.all():
            expect(box).to_be_visible()
        # No inner scrolling box that hides values.
        options = fieldset.locator(".casebook-explorer__options")
        assert options.evaluate("(e) => e.scrollHeight <= e.clientHeight + 1")
    assert offline_page.outgoing == []


def test_a_reversed_year_range_is_explained(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri())
    years = sorted(case.year for case in cases)
    offline_page.get_by_label("From year").fill(str(years[-1]))
    offline_page.get_by_label("To year").fill(str(years[0] - 1))
    expect(offline_page.locator("[data-count]")).to_have_text("0")
    expect(offline_page.locator("[data-explorer-warning]")).to_contain_text('is after "To year"')
    offline_page.get_by_label("To year").fill(str(years[-1]))
    expect(offline_page.locator("[data-explorer-warning]")).to_have_text("")
    assert offline_page.outgoing == []


def test_the_first_result_is_two_tab_presses_from_the_top_of_the_explorer(
    offline_page: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    open_explorer(offline_page, (site / "explorer.html").as_uri(), unfold=False)
    offline_page.keyboard.press("Tab")
    skip = offline_page.get_by_role("link", name="Skip to the results")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused
    offline_page.keyboard.press("Enter")
    offline_page.keyboard.press("Tab")
    first = expected_titles(cases, Filters())[0]
    expect(offline_page.get_by_role("link", name=first, exact=True)).to_be_focused()
    assert offline_page.outgoing == []


def test_without_javascript_every_case_shows_and_the_panel_stays_hidden(
    browser: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "explorer.html").as_uri())
        expect(page.locator("[data-explorer-rows] > li > a")).to_have_text(
            expected_titles(cases, Filters())
        )
        expect(page.locator("[data-explorer-rows] > li").first).to_be_visible()
        expect(page.locator("[data-explorer-panel]")).to_be_hidden()
    finally:
        context.close()


def test_rows_built_from_the_data_are_the_rows_the_page_would_write(
    browser: Any, site: Path, cases: tuple[Case, ...]
) -> None:
    rows = "Array.from(document.querySelectorAll('[data-explorer-rows] > li'), li => li.outerHTML)"
    written_page = browser.new_page(java_script_enabled=False)
    built_page = browser.new_page()
    try:
        written_page.goto((site / "explorer.html").as_uri())
        written = written_page.evaluate(rows)
        open_explorer(built_page, (site / "paged.html").as_uri())  # 5 rows written, the rest built
        more = built_page.locator("[data-show-more]")
        while more.is_visible():
            shown = built_page.locator("[data-explorer-rows] > li").count()
            more.click()
            expect(built_page.locator("[data-explorer-rows] > li")).not_to_have_count(shown)
        built = built_page.evaluate(rows)
    finally:
        written_page.close()
        built_page.close()
    assert len(written) == len(cases) and built == written
