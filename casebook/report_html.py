"""The edition's report as one HTML document, for paper: what ``casebook.report_pdf`` lays out.

Structure: cover, contents, foreword, the collection in numbers (count tables and the site's
own SVG charts), every published case grouped by the UN M49 region of its first country and
ordered by title, the published guidelines, and an index of countries (``country_index_html``:
a document of its own, made once the rest is laid out and its pages known). Layout (pages,
running headers, page numbers, the contents' page numbers) lives in ``report.css``, never here.

An edition of more than ``FULL_TEXT_LIMIT`` cases prints a register instead of the cases' full
texts: one entry per case (title, organisation, countries, year) that leads to its page on the
edition's site. Laying out costs WeasyPrint about a fifth of a CPU-second per page, so 10,000
cases in full (some 14,000 pages) could not be printed in minutes, nor read on paper; the
register keeps the report a document people print and cite (docs/ARCHITECTURE.md).

Every contributed value is escaped (``fragments.escape``); contributed bodies are the sanitised
HTML the site shows (``case.rendered.html``: ``casebook.render``). One report per language is
one call: items in their translation (``casebook.translations.localize``), labels, countries,
regions and dates in the language (``casebook.i18n``), the report's own words from
``casebook.report_text``, and ``<html lang dir>``.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from casebook import aggregate, i18n
from casebook.cases import Case
from casebook.charts import charts_for
from casebook.collection import Collection
from casebook.guidelines import Guideline
from casebook.i18n import country_name, label, region_name, sdg_title
from casebook.pages import fragments
from casebook.pages.fragments import escape
from casebook.render import MEDIA
from casebook.report_text import count_text, plain_text, text
from casebook.translations import localize
from casebook.vocabularies import regions

CHART_COLOUR = '<svg color="#0b5394" '
# Above this many published cases, or this many elements in their bodies, the report prints a
# register, not the full texts. A case is about 1.4 pages (250 cases are some 350 pages, a
# minute or two of layout) and some 20 elements; elements bound what one contribution can cost,
# since WeasyPrint spends about 7 ms on a list item and a 128 KiB body may hold 30,000.
FULL_TEXT_LIMIT = 250
FULL_TEXT_ELEMENTS = 10_000


@dataclass(frozen=True)
class EditionInfo:
    """What the report needs to know about the edition it prints."""

    id: str
    title: str
    published: date
    editors: tuple[str, ...]
    foreword_html: str  # sanitised HTML, as the site shows the foreword
    url: str


def report_html(
    collection: Collection,
    edition: EditionInfo,
    language: str = "en",
    *,
    full_texts: bool | None = None,
) -> str:
    """The report as an HTML document in ``language`` (its direction follows), but for the
    country index's entries: its last part is the index's heading alone, and
    ``country_index_html`` gives the index once the pages of the cases are known. Cases in full
    when ``full_texts``, as a register when not; by default as ``fits_in_full`` says."""
    with i18n.activate(language):
        return _document(collection, edition, language, full_texts)


def country_index_html(
    collection: Collection,
    edition: EditionInfo,
    pages: Mapping[str, int],
    language: str = "en",
    *,
    full_texts: bool | None = None,
) -> str:
    """The report's last part, the index of countries, as a document of its own: each country
    with the pages of its cases, from ``pages`` (each case's id in ``report_html``'s document
    -> the number of the page it is on). Numbers written out rather than left to the layout's
    ``target-counter`` let the index name a page once: "6", never "6-6" or "6, 6"."""
    with i18n.activate(language):
        cases = tuple(localize(case, language) for case in collection.published_cases)
        if full_texts is None:
            full_texts = fits_in_full(cases)
        index = _country_index(cases_by_region(cases), pages, every_case=full_texts)
        return _html(language, edition, _part("countries", text("country-index"), index))


def _document(
    collection: Collection, edition: EditionInfo, language: str, full_texts: bool | None
) -> str:
    cases = tuple(localize(case, language) for case in collection.published_cases)
    guidelines = tuple(localize(g, language) for g in collection.published_guidelines)
    if full_texts is None:
        full_texts = fits_in_full(cases)
    by_region = cases_by_region(cases)
    cases_html = _regions(by_region) if full_texts else _register(by_region, edition)
    parts = [
        _cover(edition),
        _contents(by_region, guidelines, with_cases=full_texts),
        _part("foreword", text("foreword"), edition.foreword_html),
        _part("numbers", text("numbers"), _numbers(collection, cases, guidelines)),
        _part("cases", text("cases"), cases_html),
        _part(
            "guidelines",
            text("guidelines"),
            _guidelines(guidelines, cases, None if full_texts else edition.url),
        ),
        # Its entries: country_index_html, once the pages are laid out.
        _part("countries", text("country-index"), ""),
    ]
    return _html(language, edition, "\n".join(parts))


def _html(language: str, edition: EditionInfo, body_html: str) -> str:
    collection_name = plain_text("collection")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}" dir="{i18n.direction()}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{collection_name} — {escape(edition.title)}</title>\n"
        f'<meta name="author" content="{escape(", ".join(edition.editors))}">\n'
        f'<meta name="description" content="{collection_name}">\n'
        '<meta name="generator" content="Casebook">\n'
        "</head>\n<body>\n" + body_html + "\n</body>\n</html>\n"
    )


def fits_in_full(cases: Sequence[Case]) -> bool:
    """Whether ``cases`` are few and short enough to print in full (else: a register)."""
    elements = sum(_elements(case.rendered.html) for case in cases)
    return len(cases) <= FULL_TEXT_LIMIT and elements <= FULL_TEXT_ELEMENTS


def _elements(body_html: str) -> int:
    return body_html.count("<") - body_html.count("</")  # opening tags (and void ones)


def cases_by_region(cases: Iterable[Case]) -> dict[str, list[Case]]:
    """Cases under the region of their first country, regions in M49 order, titles sorted."""
    grouped: defaultdict[str, list[Case]] = defaultdict(list)
    for case in cases:
        grouped[case.regions[0]].append(case)
    order = {region: position for position, region in enumerate(regions())}
    return {
        region: sorted(grouped[region], key=lambda case: (case.title.casefold(), case.slug))
        for region in sorted(grouped, key=lambda region: (order.get(region, len(order)), region))
    }


# --- Parts ------------------------------------------------------------------------------------


def _cover(edition: EditionInfo) -> str:
    editors = ", ".join(edition.editors)
    published = text("published", date=value(i18n.long_date(edition.published)))
    return (
        '<section class="cover">\n'
        f'<p class="cover-collection">{text("collection")}</p>\n'
        f'<p class="cover-title">{value(edition.title)}</p>\n'
        f'<p class="cover-date">{published}</p>\n'
        + (
            f'<p class="cover-editors">{text("edited-by", editors=value(editors))}</p>\n'
            if editors
            else ""
        )
        + f'<p class="cover-url">{value(edition.url)}</p>\n'
        "</section>"
    )


def _contents(
    by_region: dict[str, list[Case]], guidelines: Sequence[Guideline], *, with_cases: bool
) -> str:
    """Parts, regions and guidelines with their pages; each case too when printed in full (a
    register's entries would make the contents as long as the register)."""
    regions_html = "".join(
        f"<li>{_entry(_region_id(region), escape(region_name(region)))}"
        + (
            "\n<ol>\n"
            + "".join(f"<li>{_entry(_case_id(case), value(case.title))}</li>\n" for case in cases)
            + "</ol>"
            if with_cases
            else ""
        )
        + "</li>\n"
        for region, cases in by_region.items()
    )
    guidelines_html = "".join(
        f"<li>{_entry(_guideline_id(g), value(g.title))}</li>\n" for g in guidelines
    )
    return (
        '<nav class="contents" aria-labelledby="contents">\n'
        f'<h1 id="contents">{text("contents")}</h1>\n<ol>\n'
        f"<li>{_entry('foreword', text('foreword'))}</li>\n"
        f"<li>{_entry('numbers', text('numbers'))}</li>\n"
        f"<li>{_entry('cases', text('cases'))}\n<ol>\n{regions_html}</ol></li>\n"
        f"<li>{_entry('guidelines', text('guidelines'))}\n<ol>\n{guidelines_html}</ol></li>\n"
        f"<li>{_entry('countries', text('country-index'))}</li>\n"
        "</ol>\n</nav>"
    )


def _entry(target: str, title_html: str) -> str:
    """A contents line: the title, and (by ``report.css``) a leader and the page number."""
    return f'<a href="#{target}">{title_html}</a>'


def _part(part_id: str, title_html: str, inner_html: str) -> str:
    return f'<section class="part" id="{part_id}">\n<h1>{title_html}</h1>\n{inner_html}\n</section>'


def _numbers(collection: Collection, cases: Sequence[Case], guidelines: Sequence[Guideline]) -> str:
    figures = aggregate.headline_figures(collection)
    items = [
        (figures.cases, "cases"),
        (figures.countries, "countries"),
        (figures.regions, "regions"),
        (figures.sectors, "sectors"),
        (figures.technologies, "technologies"),
        (len(guidelines), "guidelines"),
    ]
    figures_html = fragments.bullet_list(
        f"<strong>{escape(i18n.number(n))}</strong> {count_text(key, n)}" for n, key in items
    )
    tables = [
        ("per-region-and-sector", aggregate.count_table(cases, "region", "sector")),
        ("per-technology", aggregate.count_table(cases, "technology")),
        ("per-sdg", aggregate.count_table(cases, "sdg")),
    ]
    tables_html = "\n".join(
        f'<h2>{text(key)}</h2>\n<div class="count-table">\n{fragments.count_table(counts)}\n</div>'
        for key, counts in tables
    )
    # The charts paint with currentColor; WeasyPrint's SVG renderer reads it from the root's
    # color attribute only (stylesheets do not reach inside an inline SVG).
    charts_html = "\n".join(
        f'<figure class="casebook-chart">{svg.replace("<svg ", CHART_COLOUR, 1)}</figure>'
        for svg in charts_for(cases).values()
    )
    figures_html = figures_html.replace("<ul>", '<ul class="figures">', 1)
    return f"{figures_html}\n{tables_html}\n<h2>{text('charts')}</h2>\n{charts_html}"


def _regions(by_region: dict[str, list[Case]]) -> str:
    if not by_region:
        return f"<p>{text('no-cases')}</p>"
    return "\n".join(
        _region(region, "\n".join(_case(case) for case in cases))
        for region, cases in by_region.items()
    )


def _region(region: str, inner_html: str) -> str:
    return (
        f'<section class="region" id="{_region_id(region)}">\n'
        f"<h2>{escape(region_name(region))}</h2>\n{inner_html}\n</section>"
    )


def _register(by_region: dict[str, list[Case]], edition: EditionInfo) -> str:
    """Every case in one entry, region by region: its title (a link to its page on the
    edition's site), organisation, countries and year. One paragraph-like list item a case:
    what WeasyPrint lays out fastest (about 2.5 ms an entry, against 300 ms a case in full)."""
    if not by_region:
        return f"<p>{text('no-cases')}</p>"
    address = value(edition.url) if edition.url else text("collection")
    count = sum(len(cases) for cases in by_region.values())
    direction = i18n.direction()
    note = f'<p class="register-note">{text("register", count=escape(i18n.number(count)), address=address)}</p>'
    return note + "\n".join(
        _region(
            region,
            '<ol class="register">\n'
            + "".join(_register_entry(case, edition.url, direction) for case in cases)
            + "</ol>",
        )
        for region, cases in by_region.items()
    )


def _register_entry(case: Case, site_url: str, direction: str) -> str:
    # As few boxes as can be: every inline element costs WeasyPrint layout time and memory,
    # 10,000 times. The title's own element carries its direction (as a <bdi> would, drawn the
    # same): in an Arabic report of Latin titles that spares a tenth of the memory.
    written = written_direction(case.title)
    isolated = f' dir="{written}"' if written and written != direction else ""
    title = (
        f'<a href="{escape(site_url)}cases/{case.slug}.html"{isolated}>{escape(case.title)}</a>'
        if site_url
        else f"<strong{isolated}>{escape(case.title)}</strong>"
    )
    countries = escape(", ".join(country_name(code) for code in case.countries))
    organisation = value(case.organization_name, within=direction)
    if direction == "rtl" and written_direction(case.organization_name) == "ltr":
        # Isolated by Unicode's own marks (LRI ... PDI) rather than a <bdi>: drawn the same,
        # one inline box fewer (an Arabic register of Latin names: a fifth less CPU). Only
        # left to right inside right to left: its brackets are not mirrored, so whichever face
        # draws them, copied text stays exact; the marks draw nothing and are not copied.
        organisation = f"\u2066{escape(case.organization_name)}\u2069"
    return f'<li id="{_case_id(case)}">{title} · {organisation} · {countries} · {case.year}</li>\n'


def _case(case: Case) -> str:
    countries = ", ".join(country_name(code) for code in case.countries)
    person = case.contributor
    contributor = value(person.name) + (
        f" ({value(person.organization)})" if person.organization else ""
    )
    facts = [
        ("countries", escape(countries)),
        ("organisation", value(case.organization_name)),
        ("organisation-type", escape(label("organization-type", case.organization_type))),
        ("sectors", escape(", ".join(label("sector", s) for s in case.sectors))),
        ("technologies", escape(", ".join(label("technology", t) for t in case.technologies))),
        ("sdgs", escape(", ".join(sdg_title(goal) for goal in case.sdgs))),
        ("started", str(case.year)),
        ("stage", escape(label("stage", case.stage))),
        ("contributor", contributor),
        ("licence", escape(case.license)),
    ]
    parts = [
        f'<article class="case" id="{_case_id(case)}">',
        f"<h3>{value(case.title)}</h3>",
        f'<p class="summary">{value(case.summary)}</p>',
        _facts(facts),
        _body(case.rendered.html, case.body, shift=2, folder="cases"),
    ]
    if case.example:
        parts.insert(2, f'<p class="note">{text("example-case")}</p>')
    if case.outcomes:
        rows = [
            [
                value(o.metric),
                "" if o.baseline is None else _number(o.baseline),
                _number(o.value),
                value(o.unit),
                "" if o.year is None else str(o.year),
            ]
            for o in case.outcomes
        ]
        parts.append(f'<h4 class="generated">{text("outcomes")}</h4>')
        parts.append(
            fragments.table(
                [text(key) for key in ("metric", "baseline", "value", "unit", "year")],
                rows,
                [False, True, True, False, True],
            )
        )
    if case.sources:
        parts.append(f'<h4 class="generated">{text("sources")}</h4>')
        parts.append(
            fragments.bullet_list(fragments.web_link(value(s.title), s.url) for s in case.sources)
        )
    parts.append("</article>")
    return "\n".join(parts)


def _guidelines(
    guidelines: Sequence[Guideline], cases: Sequence[Case], case_site: str | None
) -> str:
    """The guidelines in full; ``case_site``: where their evidence leads when the cases are in
    a register (the edition's address: each case's full text), else to the case in the report."""
    if not guidelines:
        return f"<p>{text('no-guidelines')}</p>"
    published = {case.slug: case for case in cases}
    return "\n".join(_guideline(g, published, case_site) for g in guidelines)


def _guideline(guideline: Guideline, published: dict[str, Case], case_site: str | None) -> str:
    facts = [
        ("instrument", escape(label("instrument", guideline.instrument))),
        ("audience", escape(", ".join(label("policy-audience", a) for a in guideline.audience))),
        ("sdgs", escape(", ".join(sdg_title(goal) for goal in guideline.sdgs))),
        ("updated", value(i18n.long_date(guideline.updated))),
    ]
    evidence = [published[slug] for slug in guideline.evidence if slug in published]
    parts = [
        f'<article class="guideline" id="{_guideline_id(guideline)}">',
        f"<h2>{value(guideline.title)}</h2>",
        f'<p class="summary">{value(guideline.summary)}</p>',
        _facts(facts),
        _body(guideline.rendered.html, guideline.body, shift=1, folder="guidelines"),
    ]
    if guideline.example:
        parts.insert(2, f'<p class="note">{text("example-guideline")}</p>')
    # Only published cases: a draft's title must never reach print.
    if evidence:
        parts.append(f'<h3 class="generated">{text("evidence")}</h3>')
        parts.append(fragments.bullet_list(_evidence(case, case_site) for case in evidence))
    parts.append("</article>")
    return "\n".join(parts)


def _evidence(case: Case, case_site: str | None) -> str:
    """A case a guideline rests on: with the page it is printed on when in full; in a
    register, a link to its full text on the site. (A page number after a register entry would
    only lead to its title, and every page holding one is laid out three times by WeasyPrint.)"""
    if case_site is None:
        return f'<a class="page-ref" href="#{_case_id(case)}">{value(case.title)}</a>'
    if case_site:
        return f'<a href="{escape(case_site)}cases/{case.slug}.html">{value(case.title)}</a>'
    return value(case.title)


def _country_index(
    by_region: dict[str, list[Case]], pages: Mapping[str, int], *, every_case: bool
) -> str:
    """Each country with the pages of its cases, in the report's order, each page once and a
    link to the first of its cases there. A register gives, for each region a country's entries
    are in, the page or pages from its first entry there to its last: 10,000 page numbers would
    make an index longer than it helps."""
    runs: defaultdict[str, list[list[Case]]] = defaultdict(list)
    for cases in by_region.values():
        in_region: dict[str, list[Case]] = {}
        for case in cases:
            for code in case.countries:
                in_region.setdefault(code, []).append(case)
        for code, found in in_region.items():
            runs[code].append(found)
    if not runs:
        return f"<p>{text('no-cases')}</p>"
    names = sorted(runs, key=lambda code: (country_name(code).casefold(), code))

    def page_link(case: Case) -> str:
        return f'<a href="#{_case_id(case)}">{pages[_case_id(case)]}</a>'

    def run_pages(found: list[Case]) -> str:
        if every_case:
            first_on_page = {pages[_case_id(case)]: case for case in reversed(found)}
            return ", ".join(page_link(first_on_page[n]) for n in sorted(first_on_page))
        first, last = found[0], found[-1]
        if pages[_case_id(first)] == pages[_case_id(last)]:
            return page_link(first)
        return page_link(first) + "\N{EN DASH}" + page_link(last)

    items = (
        f'<span class="index-term">{escape(country_name(code))}</span> '
        + ", ".join(run_pages(found) for found in runs[code])
        for code in names
    )
    return fragments.bullet_list(items).replace("<ul>", '<ul class="country-index">', 1)


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{text(key)}</th><td>{cell}</td></tr>\n' for key, cell in rows
    )
    return f'<table class="facts">\n<tbody>\n{body}</tbody>\n</table>'


# --- Contributed text -------------------------------------------------------------------------


def value(text: str, *, within: str | None = None) -> str:
    """A contributed value, escaped and isolated in its own direction (``<bdi dir>``): an
    Arabic name in an English report, or a Latin one in an Arabic report, keeps its punctuation
    where its writer put it, and is drawn with its script's font first (``report.css``).
    ``within``: the direction of the text around it, where one is sure (no isolation needed
    for a value written the same way)."""
    direction = written_direction(text)
    if direction is None or direction == within:
        return escape(text)
    return f'<bdi dir="{direction}">{escape(text)}</bdi>'


def written_direction(text: str) -> str | None:
    """``rtl`` or ``ltr`` by the first strongly directional character (the Unicode
    bidirectional algorithm's rule for a paragraph), None for text without one."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _body(body_html: str, source: str, *, shift: int, folder: str) -> str:
    """A contributed body as the site shows it (sanitised HTML, ``casebook.render``), in the
    direction of its text, its headings ``shift`` levels down (under the case's or guideline's
    own heading) and its links to other cases and guidelines made links inside the report."""
    direction = written_direction(source)
    attribute = f' dir="{direction}"' if direction else ""
    inner = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", body_html)
    inner = _HREF.sub(lambda m: _report_href(m[1], folder), inner)
    # A translation's page is a folder deeper (``<lang>/cases/``): its pictures, the same.
    inner = _MEDIA_SRC.sub(f'src="../{MEDIA}/', inner)
    return f'<div class="body"{attribute}>\n{inner}\n</div>'


# The renderer's own tags and attributes (the sanitiser wrote them, always double-quoted).
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_HREF = re.compile(r'href="([^"]*)"')
_MEDIA_SRC = re.compile(rf'src="(?:\.\./)+{MEDIA}/')
_REPORT_PAGE = re.compile(r"(case|guideline)s/([a-z0-9-]+)\.html")


def _report_href(href: str, folder: str) -> str:
    """A link of a body as the report keeps it: the web and mail as they are; a case or a
    guideline of the collection as a link inside the report; any other page of the site (a
    course, a module) as plain text, since the report does not hold it."""
    if ":" in href.split("/", 1)[0] or href.startswith("#"):
        return f'href="{href}"'
    page = posixpath.normpath(posixpath.join(folder, href.split("#", 1)[0]))
    found = _REPORT_PAGE.fullmatch(page)
    return f'href="#{found[1]}-{found[2]}"' if found else 'data-site-page=""'


# --- Small helpers ----------------------------------------------------------------------------


def _case_id(case: Case) -> str:
    return f"case-{case.slug}"


def _guideline_id(guideline: Guideline) -> str:
    return f"guideline-{guideline.slug}"


def _region_id(region: str) -> str:
    folded = unicodedata.normalize("NFKD", region).encode("ascii", "ignore").decode()
    return "region-" + (re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "unknown")


def _number(amount: float) -> str:
    return html.escape(i18n.number(amount if float(amount).is_integer() else round(amount, 2)))
