"""What generated pages tell readers: where they are, where to go next, names that agree, and
markup a strict Content-Security-Policy accepts. Pages are rendered without MkDocs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import make_case

from casebook.aggregate import CountTable, count_table
from casebook.collection import Collection, load_collection
from casebook.connections import case_connections, related_cases
from casebook.explorer import explorer_facets, facet_values, render_explorer
from casebook.pages import fragments, site_pages
from casebook.pages.titles import document_title, shorten_title
from casebook.pages.urls import case_uri, course_uri, guideline_uri, module_uri, term_uri
from casebook.vocabularies import country, language_name

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def mini() -> Collection:
    collection, _ = load_collection(MINI)
    return collection


@pytest.fixture(scope="module")
def pages(mini: Collection) -> dict[str, str]:
    return {page.src_uri: page.markdown for page in site_pages(mini)}


def test_no_generated_page_has_a_style_attribute_or_inline_script(pages: dict[str, str]) -> None:
    for uri, text in pages.items():
        assert " style=" not in text, uri
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", text), uri
        assert not re.search(r"\son[a-z]+=", text), uri


def test_breadcrumbs_on_case_term_guideline_course_and_module_pages(
    pages: dict[str, str],
) -> None:
    expected = {
        case_uri("kenya-solar-irrigation"): ["Home", "Cases"],
        term_uri("country", "KE"): ["Home", "Browse", "Countries"],
        term_uri("sdg", 7): ["Home", "Browse", "Sustainable Development Goals"],
        guideline_uri("solar-sandbox"): ["Home", "Guidelines"],
        course_uri("intro-course"): ["Home", "Courses"],
        module_uri("intro-course", "01-why"): ["Home", "Courses", "Introduction to digital tools"],
    }
    for uri, trail in expected.items():
        crumbs = re.search(
            r'<nav class="casebook-breadcrumbs" aria-label="Breadcrumb">.*?</nav>', pages[uri]
        )
        assert crumbs, uri
        assert re.findall(r"<a [^>]*>([^<]*)</a>", crumbs.group()) == trail, uri
        assert '<span aria-current="page">' in crumbs.group()
    term = pages[term_uri("country", "KE")]
    assert 'href="../browse.html#countries"' in term


def test_a_case_page_leads_to_its_guidelines_modules_and_related_cases(
    pages: dict[str, str],
) -> None:
    kenya = pages[case_uri("kenya-solar-irrigation")]
    assert "Where this case leads" in kenya
    assert 'href="../guidelines/solar-sandbox.html"' in kenya
    assert 'href="../courses/intro-course/01-why.html"' in kenya


def test_related_cases_share_the_most_terms_and_never_the_case_itself() -> None:
    base = make_case("base", countries=("KE",), sectors=("agriculture",), technologies=("iot",))
    close = make_case("close", countries=("KE",), sectors=("agriculture",), technologies=("iot",))
    some = make_case("some", countries=("KE",), sectors=("energy",), technologies=("cloud",))
    none = make_case("none", countries=("CN",), sectors=("energy",), technologies=("cloud",))
    related = related_cases([base, close, some, none])
    assert [c.slug for c in related["base"]] == ["close", "some"]
    assert "base" not in [c.slug for c in related["close"]][1:]
    assert all(case.slug not in [c.slug for c in related[case.slug]] for case in (base, none))
    connections = case_connections([base, close], [], [])
    assert connections["base"].guidelines == () and connections["base"].modules == ()


def test_term_pages_open_the_explorer_with_their_filter(pages: dict[str, str]) -> None:
    links = {
        term_uri("country", "KE"): "../explorer.html#country=KE",
        term_uri("region", "Africa"): "../explorer.html#region=africa",
        term_uri("sector", "agriculture"): "../explorer.html#sector=agriculture",
        term_uri("technology", "iot"): "../explorer.html#technology=iot",
        term_uri("sdg", 7): "../explorer.html#sdg=7",
    }
    for uri, href in links.items():
        assert f'href="{href}"' in pages[uri], uri


def test_browse_column_headings_are_words(pages: dict[str, str]) -> None:
    browse = pages["browse.md"]
    headings = re.findall(r"<th(?: [^>]*)?>([^<]*)</th>", browse)
    assert {"Country", "Region", "Sector", "Technology", "Goal"} <= set(headings)
    assert "Countrie" not in headings and "Technologie" not in headings


def test_a_guideline_page_names_its_evidence_once(pages: dict[str, str]) -> None:
    guideline = pages[guideline_uri("solar-sandbox")]
    assert guideline.count("Evidence from the collection") <= 1
    assert guideline.count("Cases cited as evidence") == 1


def test_the_course_page_names_its_language(pages: dict[str, str]) -> None:
    course = pages[course_uri("intro-course")]
    assert "<td>English</td>" in course
    assert language_name("pt-BR") == "Portuguese (Brazil)"
    assert language_name("sw") == "Swahili"
    assert language_name("qq") == "qq"


def test_the_module_pager_is_a_labelled_navigation(pages: dict[str, str]) -> None:
    module = pages[module_uri("intro-course", "01-why")]
    assert '<nav class="casebook-pager" aria-label="Modules of this course">' in module


def test_quiz_options_are_radio_buttons_in_a_named_fieldset(pages: dict[str, str]) -> None:
    module = pages[module_uri("intro-course", "01-why")]
    quiz = module[module.index('<div class="casebook-quiz-score"') :]
    assert "<li>" not in quiz.split("</fieldset>")[0]
    assert re.search(r"<fieldset class=\"casebook-quiz-options\"><legend", quiz)
    assert "<details><summary>Show the answer</summary><p><strong>Sunlight</strong>" in quiz


def test_wide_tables_scroll_in_a_focusable_labelled_box() -> None:
    counts = CountTable(
        "Region", ("Agriculture", "Energy", "Total"), (("Africa", (1, 1, 1)), ("Total", (1, 1, 1)))
    )
    made = fragments.count_table(counts, "Cases by region and sector")
    assert made.startswith(
        '<div class="casebook-scroll" tabindex="0" role="region" aria-label="Cases by region and sector">'
    )


@pytest.mark.parametrize(
    ("rows", "differs"),
    [
        ((("A", (1,)), ("B", (1,)), ("Total", (2,))), False),
        ((("A", (1,)), ("B", (1,)), ("Total", (1,))), True),
    ],
)
def test_a_total_that_is_not_the_sum_says_why(rows: tuple, differs: bool) -> None:  # type: ignore[type-arg]
    made = fragments.count_table(CountTable("Sector", ("Cases",), rows))
    assert (fragments.total_note() in made) is differs


def test_cross_table_row_totals_are_checked_too() -> None:
    counts = CountTable(
        "Region",
        ("Agriculture", "Energy", "Total"),
        (("Africa", (1, 1, 1)), ("Total", (1, 1, 1))),
    )
    assert fragments.totals_differ(counts)


def test_a_real_cross_table_with_a_multi_valued_case_explains_its_total(mini: Collection) -> None:
    counts = count_table(mini.published_cases, "region", "sector")
    assert fragments.total_note() in fragments.count_table(counts)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Home", "Home - Casebook"),
        ("A short case", "A short case - Casebook"),
        ("x" * 59, "x" * 59),
        (
            "An industrial internet platform for textile SMEs in Vietnam and China today",
            "An industrial internet platform for textile SMEs in Vietnam\u2026",
        ),
    ],
)
def test_document_titles_fit_what_search_engines_show(page: str, expected: str) -> None:
    assert document_title(page, "Casebook") == expected
    assert len(document_title(page, "Digital Transformation Case Studies Collection")) <= 60


def test_shorten_title_rewrites_the_themes_title() -> None:
    site = "Digital Transformation Case Studies Collection"
    html = f"<head><title>Solar &amp; pumps for smallholders in Kenya - {site}</title></head>"
    assert shorten_title(html, site) == (
        "<head><title>Solar &amp; pumps for smallholders in Kenya</title></head>"
    )
    assert shorten_title(f"<title>Data - {site}</title>", site) == f"<title>Data - {site}</title>"


def test_country_names_are_the_same_in_the_explorer_term_pages_and_case_panels(
    mini: Collection, pages: dict[str, str]
) -> None:
    name = country("VN").name
    assert name == "Vietnam"
    (facet,) = [f for f in explorer_facets() if f.key == "country"]
    labels = {value.term: value.label for value in facet_values(mini.published_cases, facet)}
    assert labels["VN"] == name
    assert f"# {name}\n" in pages[term_uri("country", "VN")]  # the page's one <h1>, as Markdown
    assert f">{name}</a>" in pages[case_uri("china-textile-platform")]
    assert f"<span>{name}</span>" in render_explorer(mini.published_cases, lambda c: "x")


def test_the_collection_writes_country_names_as_the_site_does() -> None:
    """Titles and summaries contributors wrote use the site's names for countries they cover."""
    collection, _ = load_collection(CONTENT)
    official = {
        code: entry
        for code in {c for case in collection.cases for c in case.countries}
        if (entry := _iso_name(code)) != country(code).name
    }
    for case in collection.cases:
        for code in case.countries:
            if code in official:
                assert official[code] not in f"{case.title} {case.summary}", case.path


def _iso_name(code: str) -> str:
    import pycountry

    return str(pycountry.countries.get(alpha_2=code).name)


def test_the_home_page_names_countries_as_everywhere_else(mini: Collection) -> None:
    from casebook.pages.blocks import newest_cases

    newest = newest_cases(mini)
    assert "(China, Vietnam, " in newest and "(CN, VN" not in newest


def test_contribute_links_open_the_issue_form_and_the_guide() -> None:
    from casebook.pages.blocks import contribute_links

    links = contribute_links("https://github.com/org/repo/")
    assert 'href="https://github.com/org/repo/issues/new?template=submit-a-case.yml"' in links
    assert 'href="https://github.com/org/repo/blob/main/CONTRIBUTING.md"' in links
    assert (
        Path(__file__).resolve().parent.parent / ".github/ISSUE_TEMPLATE/submit-a-case.yml"
    ).is_file()
    with pytest.raises(ValueError, match="https://"):
        contribute_links("javascript:alert(1)")
