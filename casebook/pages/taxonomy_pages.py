"""A page for every country, region, sector, technology and SDG that has cases, and Browse.

No page exists for a value without published cases, so no link can point at an empty page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from casebook.aggregate import sdg_label, summary_table, to_markdown_table
from casebook.cases import Case
from casebook.pages.markdown import GeneratedPage, front_matter, link, table, text
from casebook.pages.urls import BROWSE_URI, EXPLORER_URI, case_uri, term_uri
from casebook.vocabularies import country, label, vocabulary

# Listing pages repeat case titles and summaries: searching finds the cases themselves.
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
    uri = term_uri(dimension, term)
    name = term_label(dimension, term)
    heading = f"{country(str(term)).flag} {text(name)}" if dimension == "country" else text(name)
    parts = [front_matter(name, search=_NOT_INDEXED), f"# {heading}\n\n"]
    if dimension == "country":
        place = country(str(term))
        parts.append(
            f"UN region: {link(text(place.region), uri, term_uri('region', place.region))} "
            f"({text(place.subregion)}).\n\n"
        )
    if dimension == "region":
        countries = group_by_term(cases, "country")
        parts.append(
            "Countries: "
            + ", ".join(
                link(text(term_label("country", code)), uri, term_uri("country", code))
                + f" ({len(members)})"
                for code, members in countries.items()
                if country(str(code)).region == term
            )
            + ".\n\n"
        )
    count = len(cases)
    parts.append(
        f"**{count} published case{'s' * (count != 1)}.** "
        f"Filter them further in the {link('case explorer', uri, EXPLORER_URI)}.\n\n"
    )
    rows, columns = (
        ("sector", "technology") if dimension in ("country", "region", "sdg") else ("region", None)
    )
    if dimension == "region":
        rows, columns = "sector", "technology"
    parts.append("## Summary\n\n" + to_markdown_table(summary_table(cases, rows, columns)) + "\n\n")
    parts.append("## Cases\n\n")
    for case in sorted(cases, key=lambda c: c.title.casefold()):
        parts.append(
            f"- {link(text(case.title), uri, case_uri(case.slug))} ({case.year}): {text(case.summary)}\n"
        )
    return GeneratedPage(uri, "".join(parts))


def render_browse_page(cases: Sequence[Case]) -> GeneratedPage:
    parts = [
        front_matter("Browse the collection", search=_NOT_INDEXED),
        "# Browse the collection\n\n",
        f"{len(cases)} published cases. For combined filters use the "
        f"{link('case explorer', BROWSE_URI, EXPLORER_URI)}.\n\n",
    ]
    for dimension in DIMENSIONS:
        groups = group_by_term(cases, dimension)
        parts.append(f"## {_TITLES[dimension]}\n\n")
        rows = [
            [
                link(text(term_label(dimension, term)), BROWSE_URI, term_uri(dimension, term)),
                str(len(members)),
            ]
            for term, members in groups.items()
        ]
        parts.append(
            table([_TITLES[dimension].rstrip("s") if dimension != "sdg" else "Goal", "Cases"], rows)
            + "\n"
        )
    return GeneratedPage(BROWSE_URI, "".join(parts))
