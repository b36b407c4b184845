"""A page for every country, region, sector, technology and SDG that has cases, and Browse.

No page exists for a value without published cases, so no link can point at an empty page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from operator import attrgetter
from urllib.parse import quote

from casebook import aggregate, i18n
from casebook.aggregate import count_table, sdg_label
from casebook.cases import Case
from casebook.explorer import region_term
from casebook.i18n import N_, _, ngettext
from casebook.pages import fragments
from casebook.pages.fragments import escape, page_href, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta, text
from casebook.pages.urls import BROWSE_URI, EXPLORER_URI, case_uri, term_uri
from casebook.vocabularies import country, vocabulary

# Listing pages repeat case titles and summaries: searching finds the cases themselves. Their
# slots are therefore not searchable either (filled after indexing, which skips some work).
_NOT_INDEXED = {"exclude": True}
DIMENSIONS = ("country", "region", "sector", "technology", "sdg")
# Shown as _(title); the English title also names the Browse page's anchors, in every language.
_TITLES = {
    "country": N_("Countries"),
    "region": N_("Regions"),
    "sector": N_("Sectors"),
    "technology": N_("Technologies"),
    "sdg": N_("Sustainable Development Goals"),
}
# The heading of a Browse table's first column: one term of the dimension.
_SINGULAR = {
    "country": N_("Country"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "technology": N_("Technology"),
    "sdg": N_("Goal"),
}


# How each dimension reads a case's terms: a table made once, since grouping reads the terms
# of every case for every dimension.
_TERMS_OF: dict[str, Callable[[Case], tuple[str | int, ...]]] = {
    "country": attrgetter("countries"),
    "region": attrgetter("regions"),
    "sector": attrgetter("sectors"),
    "technology": attrgetter("technologies"),
    "sdg": attrgetter("sdgs"),
}


def terms_of(case: Case, dimension: str) -> tuple[str | int, ...]:
    return _TERMS_OF[dimension](case)


def term_label(dimension: str, term: str | int) -> str:
    if dimension == "country":
        return i18n.country_name(str(term))
    if dimension == "region":
        return i18n.region_name(str(term))
    if dimension == "sdg":
        return sdg_label(int(term))
    return i18n.label(dimension, term)


def group_by_term(cases: Sequence[Case], dimension: str) -> dict[str | int, list[Case]]:
    read_terms = _TERMS_OF[dimension]
    groups: dict[str | int, list[Case]] = defaultdict(list)
    for case in cases:
        for term in read_terms(case):
            groups[term].append(case)
    return dict(sorted(groups.items(), key=lambda item: _order(dimension, item[0])))


def _order(dimension: str, term: str | int) -> tuple[int, str]:
    if dimension in ("sector", "technology"):
        return (vocabulary(dimension).terms.index(str(term)), "")
    if dimension == "sdg":
        return (int(term), "")
    return (0, term_label(dimension, term))


# Each dimension's terms, in page order, with their cases.
_Groups = dict[str, dict[str | int, list[Case]]]


def render_taxonomy_pages(cases: Sequence[Case]) -> Iterator[GeneratedPage]:
    """``render_term_pages`` then ``render_browse_page``, grouping the cases once for both."""
    return (make() for make in taxonomy_page_makers(cases))


def taxonomy_page_makers(cases: Sequence[Case]) -> list[Callable[[], GeneratedPage]]:
    """``render_taxonomy_pages`` as one call a page, in the same order, for processes to share
    (``casebook.parallel``)."""
    ordered = _by_title(cases)
    groups = _groups(ordered)
    items = _CaseItems(ordered)
    makers: list[Callable[[], GeneratedPage]] = [
        partial(_render_term_page, dimension, term, members, items)
        for dimension, terms in groups.items()
        for term, members in terms.items()
    ]
    makers.append(partial(_browse_page, _case_count(cases), groups))
    return makers


def render_term_pages(cases: Sequence[Case]) -> Iterator[GeneratedPage]:
    ordered = _by_title(cases)
    return _term_pages(ordered, _groups(ordered))


def _groups(cases: Sequence[Case]) -> _Groups:
    return {dimension: group_by_term(cases, dimension) for dimension in DIMENSIONS}


def _term_pages(ordered: Sequence[Case], groups: _Groups) -> Iterator[GeneratedPage]:
    """``groups``: of ``ordered``, the cases in title order. Grouping keeps that order, so every
    page's members come out sorted (a stable sort, as sorting each page's members would be)."""
    items = _CaseItems(ordered)
    for dimension, terms in groups.items():
        for term, members in terms.items():
            yield _render_term_page(dimension, term, members, items)


def _by_title(cases: Sequence[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: c.title.casefold())


class _CaseItems:
    """Each case's list item (``link (year): summary``), made once for all the term pages
    whose links to cases read alike.

    A case is listed on the page of each of its countries, regions, sectors, technologies and
    SDGs; all of them link to it by the same relative address.
    """

    def __init__(self, cases: Sequence[Case]) -> None:
        """``cases``: every case that the pages list."""
        self._cases = cases
        self._made: dict[str, dict[str, str]] = {}

    def items(self, cases: Sequence[Case], uri: str) -> list[str]:
        """The items of ``cases`` on the page ``uri``."""
        # Pages whose link to the cases folder reads alike link alike to every case in it
        # (slugs are file names: no "/").
        where = page_href(uri, case_uri(""))
        made = self._made.get(where)
        if made is None:
            template = escape(_("{case} ({year}): {summary}"))
            made = self._made[where] = {
                case.slug: _case_item(case, uri, template) for case in self._cases
            }
        return [made[case.slug] for case in cases]


def _case_item(case: Case, uri: str, template: str) -> str:
    """``template``: the item's message, translated and escaped (made once for all items)."""
    link = page_link(escape(case.title), uri, case_uri(case.slug))
    return template.format(
        case=link + fragments.draft_badge(case.published),
        year=case.year,
        summary=escape(case.summary),
    )


def _case_count(cases: Sequence[Case]) -> str:
    """ "3 published cases", or in a preview "4 cases (1 draft — not published)"."""
    count = len(cases)
    drafts = sum(1 for case in cases if not case.published)
    if not drafts:
        return escape(
            ngettext("{n} published case", "{n} published cases", count).format(
                n=i18n.number(count)
            )
        )
    cases_text = ngettext("{n} case", "{n} cases", count).format(n=i18n.number(count))
    drafts_text = (
        _("{cases}, {drafts} of them a draft")
        if drafts == 1
        else _("{cases}, {drafts} of them drafts")
    ).format(cases=cases_text, drafts=i18n.number(drafts))
    return escape(drafts_text) + fragments.draft_badge(False)


def render_term_page(dimension: str, term: str | int, cases: Sequence[Case]) -> GeneratedPage:
    ordered = _by_title(cases)
    return _render_term_page(dimension, term, ordered, _CaseItems(ordered))


def _render_term_page(
    dimension: str, term: str | int, cases: Sequence[Case], items: _CaseItems
) -> GeneratedPage:
    """``cases``: the term's cases in title order; ``items`` may serve several pages."""
    name = term_label(dimension, term)
    # All HTML: the page has no Markdown to render.
    page = PageWriter(term_uri(dimension, term), page_meta(name, search=_NOT_INDEXED))
    uri = page.src_uri
    title = _TITLES[dimension]
    page.html(
        fragments.breadcrumbs(
            uri,
            [
                (escape(_("Browse")), BROWSE_URI),
                (escape(_(title)), f"{BROWSE_URI}#{_anchor(title)}"),
            ],
            escape(name),
        ),
        searchable=False,
    )
    # The page's one <h1>, in its Markdown, so that the theme does not add the title again.
    page.markdown(f"# {text(name)}\n\n")
    if dimension == "country":
        place = country(str(term))
        page.html(
            fragments.paragraph(
                escape(_("UN region: {region} ({subregion}).")).format(
                    region=page_link(
                        escape(i18n.region_name(place.region)),
                        uri,
                        term_uri("region", place.region),
                    ),
                    subregion=escape(i18n.region_name(place.subregion)),
                )
            ),
            searchable=False,
        )
    if dimension == "region":
        countries = group_by_term(cases, "country")
        page.html(
            fragments.paragraph(
                escape(_("Countries: {countries}.")).format(
                    countries=", ".join(
                        page_link(
                            escape(term_label("country", code)), uri, term_uri("country", code)
                        )
                        + f" ({i18n.number(len(members))})"
                        for code, members in countries.items()
                        if country(str(code)).region == term
                    )
                )
            ),
            searchable=False,
        )
    page.html(
        fragments.paragraph(
            f"<strong>{_case_count(cases)}.</strong> "
            + escape(
                _(
                    "Filter them further in the {link}case explorer{end}, which opens with this filter set."
                )
            ).format(
                link=f'<a href="{page_href(uri, EXPLORER_URI)}#{explorer_filter(dimension, term)}">',
                end="</a>",
            )
        ),
        searchable=False,
    )
    rows, columns = (
        ("sector", "technology") if dimension in ("country", "region", "sdg") else ("region", None)
    )
    page.heading(_("Summary"), "summary", searchable=False)
    row_title = count_dimension_title(rows)
    table_label = (
        _("{name}: cases by {rows} and {columns}").format(
            name=name, rows=row_title, columns=count_dimension_title(columns)
        )
        if columns
        else _("{name}: cases by {rows}").format(name=name, rows=row_title)
    )
    page.html(
        fragments.count_table(count_table(cases, rows, columns), table_label), searchable=False
    )
    page.heading(_("Cases"), "cases", searchable=False)
    page.html(fragments.bullet_list(items.items(cases, uri)), searchable=False)
    return page.page()


def count_dimension_title(name: str) -> str:
    """A dimension of a term page's summary (``sector``) as its table's label names it."""
    return i18n.in_sentence(aggregate.dimension(name).title)


def _anchor(title: str) -> str:
    return title.lower().replace(" ", "-")


def explorer_filter(dimension: str, term: str | int) -> str:
    """The explorer's URL hash (``casebook/site/assets/explorer.js``) that ticks one term."""
    value = region_term(str(term)) if dimension == "region" else str(term)
    return f"{dimension}={quote(value, safe='')}"


def render_browse_page(cases: Sequence[Case]) -> GeneratedPage:
    return _browse_page(_case_count(cases), _groups(cases))


def _browse_page(count: str, groups: _Groups) -> GeneratedPage:
    """``groups``: of the cases ``count`` counts (``_case_count``), in any order."""
    page = PageWriter(BROWSE_URI, page_meta(_("Browse the collection"), search=_NOT_INDEXED))
    page.html(
        fragments.paragraph(
            escape(_("{count}. For combined filters use the {explorer}.")).format(
                count=count,
                explorer=page_link(escape(_("case explorer")), BROWSE_URI, EXPLORER_URI),
            )
        ),
        searchable=False,
    )
    for dimension, terms in groups.items():
        english = _TITLES[dimension]
        title = _(english)
        page.heading(title, _anchor(english), searchable=False)
        rows = [
            [
                page_link(
                    escape(term_label(dimension, term)), BROWSE_URI, term_uri(dimension, term)
                ),
                i18n.number(len(members)),
            ]
            for term, members in terms.items()
        ]
        header = [escape(_(_SINGULAR[dimension])), escape(_("Cases"))]
        page.html(
            fragments.table(header, rows, [False, True], label=title),
            searchable=False,
        )
    return page.page()
