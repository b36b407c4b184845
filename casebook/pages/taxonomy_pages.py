"""A page for every country, region, sector, technology and SDG that has cases, and Browse.

No page exists for a value without published cases, so no link can point at an empty page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from casebook.aggregate import count_table, sdg_label
from casebook.cases import Case
from casebook.pages import fragments
from casebook.pages.fragments import escape, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, front_matter
from casebook.pages.urls import BROWSE_URI, EXPLORER_URI, case_uri, term_uri
from casebook.vocabularies import country, label, vocabulary

# Listing pages repeat case titles and summaries: searching finds the cases themselves. Their
# slots are therefore not searchable either (filled after indexing, which skips some work).
_NOT_INDEXED = {"exclude": True}
DIMENSIONS = ("country", "region", "sector", "technology", "sdg")
_TITLES = {
    "country": "Countries",
    "region": "Regions",
    "sector": "Sectors",
    "technology": "Technologies",
    "sdg": "Sustainable Development Goals",
}


def terms_of(case: Case, dimension: str) -> tuple[str | int, ...]:
    values: dict[str, tuple[str | int, ...]] = {
        "country": case.countries,
        "region": case.regions,
        "sector": case.sectors,
        "technology": case.technologies,
        "sdg": case.sdgs,
    }
    return values[dimension]


def term_label(dimension: str, term: str | int) -> str:
    if dimension == "country":
        return country(str(term)).name
    if dimension == "region":
        return str(term)
    if dimension == "sdg":
        return sdg_label(int(term))
    return label(dimension, term)


def group_by_term(cases: Sequence[Case], dimension: str) -> dict[str | int, list[Case]]:
    groups: dict[str | int, list[Case]] = defaultdict(list)
    for case in cases:
        for term in terms_of(case, dimension):
            groups[term].append(case)
    return dict(sorted(groups.items(), key=lambda item: _order(dimension, item[0])))


def _order(dimension: str, term: str | int) -> tuple[int, str]:
    if dimension in ("sector", "technology"):
        return (vocabulary(dimension).terms.index(str(term)), "")
    if dimension == "sdg":
        return (int(term), "")
    return (0, term_label(dimension, term))


def render_term_pages(cases: Sequence[Case]) -> Iterator[GeneratedPage]:
    for dimension in DIMENSIONS:
        for term, members in group_by_term(cases, dimension).items():
            yield render_term_page(dimension, term, members)


def render_term_page(dimension: str, term: str | int, cases: Sequence[Case]) -> GeneratedPage:
    name = term_label(dimension, term)
    # All HTML: the page has no Markdown to render.
    page = PageWriter(term_uri(dimension, term), front_matter(name, search=_NOT_INDEXED))
    uri = page.src_uri
    flag = f"{country(str(term)).flag} " if dimension == "country" else ""
    page.html(f"<h1>{flag}{escape(name)}</h1>", searchable=False)
    if dimension == "country":
        place = country(str(term))
        page.html(
            fragments.paragraph(
                f"UN region: {page_link(escape(place.region), uri, term_uri('region', place.region))} "
                f"({escape(place.subregion)})."
            ),
            searchable=False,
        )
    if dimension == "region":
        countries = group_by_term(cases, "country")
        page.html(
            fragments.paragraph(
                "Countries: "
                + ", ".join(
                    page_link(escape(term_label("country", code)), uri, term_uri("country", code))
                    + f" ({len(members)})"
                    for code, members in countries.items()
                    if country(str(code)).region == term
                )
                + "."
            ),
            searchable=False,
        )
    count = len(cases)
    page.html(
        fragments.paragraph(
            f"<strong>{count} published case{'s' * (count != 1)}.</strong> "
            f"Filter them further in the {page_link('case explorer', uri, EXPLORER_URI)}."
        ),
        searchable=False,
    )
    rows, columns = (
        ("sector", "technology") if dimension in ("country", "region", "sdg") else ("region", None)
    )
    page.heading("Summary", "summary", searchable=False)
    page.html(fragments.count_table(count_table(cases, rows, columns)), searchable=False)
    page.heading("Cases", "cases", searchable=False)
    page.html(
        fragments.bullet_list(
            f"{page_link(escape(case.title), uri, case_uri(case.slug))} ({case.year}): "
            f"{escape(case.summary)}"
            for case in sorted(cases, key=lambda c: c.title.casefold())
        ),
        searchable=False,
    )
    return page.page()


def render_browse_page(cases: Sequence[Case]) -> GeneratedPage:
    page = PageWriter(BROWSE_URI, front_matter("Browse the collection", search=_NOT_INDEXED))
    page.html(
        fragments.paragraph(
            f"{len(cases)} published cases. For combined filters use the "
            f"{page_link('case explorer', BROWSE_URI, EXPLORER_URI)}."
        ),
        searchable=False,
    )
    for dimension in DIMENSIONS:
        groups = group_by_term(cases, dimension)
        title = _TITLES[dimension]
        page.heading(title, title.lower().replace(" ", "-"), searchable=False)
        rows = [
            [
                page_link(
                    escape(term_label(dimension, term)), BROWSE_URI, term_uri(dimension, term)
                ),
                str(len(members)),
            ]
            for term, members in groups.items()
        ]
        column = title.rstrip("s") if dimension != "sdg" else "Goal"
        page.html(fragments.table([column, "Cases"], rows), searchable=False)
    return page.page()
