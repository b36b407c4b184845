"""The report's HTML: what a language and the edition's size make of it (``casebook.report_html``;
laid out and read back in ``test_report_pdf.py``)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from casebook import i18n, report_html
from casebook.cases import Case
from casebook.collection import Collection, load_collection
from casebook.render import RenderedText
from casebook.report_html import EditionInfo, fits_in_full
from casebook.report_text import REPORT_TEXT, count_text, text
from casebook.translations import CURRENT, Translation
from tests.factories import make_case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "content"
EDITION = EditionInfo(
    id="2026",
    title="2026 edition",
    published=date(2026, 3, 1),
    editors=("Ada Lovelace",),
    foreword_html="<p>Welcome.</p>",
    url="https://example.org/casebook/2026/",
)


@pytest.fixture(scope="module")
def collection() -> Collection:
    loaded, report = load_collection(FIXTURE)
    assert report.problems == ()
    return loaded


def first_paragraph(case: Case) -> str:
    found = re.search(r"<p>.*?</p>", case.rendered.html)
    assert found
    return found[0]


def test_a_small_edition_prints_every_case_in_full(collection: Collection) -> None:
    document = report_html.report_html(collection, EDITION)
    for case in collection.published_cases:
        assert f'<article class="case" id="case-{case.slug}">' in document
        assert first_paragraph(case) in document
    assert 'class="register"' not in document


def test_a_register_lists_every_case_with_a_link_to_its_page(collection: Collection) -> None:
    document = report_html.report_html(collection, EDITION, full_texts=False)
    entries = re.findall(r'<li id="case-([a-z0-9-]+)"><a href="([^"]+)"(?: dir="\w+")?>', document)
    assert sorted(entries) == sorted(
        (case.slug, f"{EDITION.url}cases/{case.slug}.html") for case in collection.published_cases
    )
    assert '<article class="case"' not in document
    assert all(first_paragraph(case) not in document for case in collection.published_cases)
    # The contents name the regions, not 10,000 cases; a guideline's evidence leads to the site.
    contents = document.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    assert "#case-" not in contents and "#region-" in contents
    assert (
        'class="page-ref" href="#case-'
        not in document.split('id="guidelines"', 1)[1].split('id="countries"', 1)[0]
    )


def test_an_edition_too_large_or_too_long_to_print_in_full_gets_a_register(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = [make_case(f"case-{n}") for n in range(3)]
    assert fits_in_full(cases)
    monkeypatch.setattr(report_html, "FULL_TEXT_LIMIT", 2)
    assert not fits_in_full(cases)
    monkeypatch.undo()
    # One contribution holding a 50,000-item list is more than the report lays out in full.
    items = "".join(f"<li>item {n}</li>\n" for n in range(50_000))
    listed = make_case("long-list", rendered=RenderedText(f"<ul>\n{items}</ul>"))
    assert not fits_in_full([*cases, listed])
    collection = Collection(root=FIXTURE, cases=(*cases, listed), courses=(), guidelines=())
    document = report_html.report_html(collection, EDITION)
    assert 'id="case-long-list"' in document and "item 49999" not in document


def test_the_country_index_of_a_register_gives_page_ranges(collection: Collection) -> None:
    kenya = [make_case(f"kenya-{n}", title=f"Kenya case {n}") for n in range(4)]
    kenya.append(make_case("kenya-uganda", title="Kenya case 9", countries=("KE", "UG")))
    register = Collection(root=FIXTURE, cases=tuple(kenya), courses=(), guidelines=())
    document = report_html.report_html(register, EDITION, full_texts=False)
    # The report's own document holds the index's heading; its entries come with the pages.
    assert document.split('id="countries"', 1)[1].count("<li>") == 0
    pages = {f"case-{case.slug}": 6 for case in kenya} | {"case-kenya-uganda": 9}
    index = report_html.country_index_html(register, EDITION, pages, full_texts=False)
    kenya_line = next(line for line in index.splitlines() if ">Kenya<" in line)
    assert kenya_line.endswith(
        '<a href="#case-kenya-0">6</a>\N{EN DASH}<a href="#case-kenya-uganda">9</a></li>'
    )
    uganda_line = next(line for line in index.splitlines() if ">Uganda<" in line)
    assert uganda_line.endswith('<a href="#case-kenya-uganda">9</a></li>')
    # A country whose entries are all on one page: that page, once.
    pages["case-kenya-uganda"] = 6
    index = report_html.country_index_html(register, EDITION, pages, full_texts=False)
    kenya_line = next(line for line in index.splitlines() if ">Kenya<" in line)
    assert kenya_line.endswith('</span> <a href="#case-kenya-0">6</a></li>')


def test_the_country_index_of_cases_in_full_names_each_page_once(collection: Collection) -> None:
    kenya = [make_case(f"kenya-{n}", title=f"Kenya case {n}") for n in range(3)]
    full = Collection(root=FIXTURE, cases=tuple(kenya), courses=(), guidelines=())
    pages = {"case-kenya-0": 4, "case-kenya-1": 4, "case-kenya-2": 5}
    index = report_html.country_index_html(full, EDITION, pages, full_texts=True)
    kenya_line = next(line for line in index.splitlines() if ">Kenya<" in line)
    assert kenya_line.endswith(
        '</span> <a href="#case-kenya-0">4</a>, <a href="#case-kenya-2">5</a></li>'
    )


def test_a_register_title_carries_its_own_direction(collection: Collection) -> None:
    latin = make_case("latin", title="Solar pumps (phase 2)")
    arabic = make_case("arabic", title="مضخات شمسية (المرحلة 2)")
    register = Collection(root=FIXTURE, cases=(latin, arabic), courses=(), guidelines=())
    english = report_html.report_html(register, EDITION, "en", full_texts=False)
    right_to_left = report_html.report_html(register, EDITION, "ar", full_texts=False)
    link = f'<a href="{EDITION.url}cases/'
    # Isolated where its direction differs from the report's, on the link itself (no <bdi>).
    assert f'{link}arabic.html" dir="rtl">مضخات شمسية (المرحلة 2)</a>' in english
    assert f'{link}latin.html">Solar pumps (phase 2)</a>' in english
    assert f'{link}latin.html" dir="ltr">Solar pumps (phase 2)</a>' in right_to_left
    assert f'{link}arabic.html">مضخات شمسية (المرحلة 2)</a>' in right_to_left
    # The organisation too, by Unicode's isolating marks where it is Latin in Arabic (no box).
    assert "· \u2066Test organisation\u2069 ·" in right_to_left
    assert "· Test organisation ·" in english


def test_a_report_in_arabic_is_right_to_left_with_localized_items_and_labels(
    collection: Collection,
) -> None:
    case = collection.published_cases[0]
    arabic = Translation(
        lang="ar",
        path="content/cases/x.ar.md",
        original=case.path,
        status=CURRENT,
        fields={
            "title": "عنوان الحالة بالعربية",
            "summary": "ملخص الحالة.",
            "organization": {"name": "منظمة تجريبية"},
            "outcomes": [{"metric": "مقياس", "unit": "وحدة"} for _ in case.outcomes],
            "sources": [{"title": "مصدر"} for _ in case.sources],
        },
        body="## السياق\n\nنص.",
        rendered=RenderedText("<h2>السياق</h2>\n<p>نص الحالة بالعربية.</p>"),
    )
    translated = replace(case, translations=(arabic,))
    cases = tuple(translated if c is case else c for c in collection.cases)
    document = report_html.report_html(replace(collection, cases=cases), EDITION, "ar")
    assert '<html lang="ar" dir="rtl">' in document
    assert "عنوان الحالة بالعربية" in document and "نص الحالة بالعربية." in document
    assert case.title not in document
    with i18n.activate("ar"):
        country = i18n.country_name(case.countries[0])
        sector = i18n.label("sector", case.sectors[0])
        date_shown = i18n.long_date(EDITION.published)
    assert country in document and sector in document and date_shown in document
    # The report's own words come from the catalogue (translated: no English marked as such).
    assert '<h1 id="contents">المحتويات</h1>' in document
    # Items without a translation print as written.
    other = next(c for c in collection.published_cases if c is not case)
    assert other.title in document


def test_the_report_writes_its_own_words_from_one_table(collection: Collection) -> None:
    document = report_html.report_html(collection, EDITION)
    for key in ("contents", "foreword", "numbers", "cases", "guidelines", "country-index"):
        assert text(key) in document
    assert text("edited-by", editors="<bdi>X</bdi>") == "Edited by <bdi>X</bdi>"
    assert (
        count_text("cases", 1) == "published case" and count_text("cases", 2) == "published cases"
    )
    # The only English in the HTML outside contributed text comes from REPORT_TEXT: none of its
    # sentences is written anywhere else in the module.
    source = Path(report_html.__file__).read_text(encoding="utf-8")
    assert all(english not in source for english in REPORT_TEXT.values())
