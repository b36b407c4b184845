"""The edition's report as one HTML document, for paper: what ``casebook.report_pdf`` lays out.

Structure: cover, contents, foreword, the collection in numbers (count tables and the site's
own SVG charts), every published case grouped by the UN M49 region of its first country and
ordered by title, the published guidelines, and an index of countries. Layout (pages, running
headers, page numbers, the contents' page numbers) lives in ``report.css``, never here.

Every contributed value is escaped (``fragments.escape``); contributed bodies are the sanitised
HTML the site shows (``case.rendered.html``: ``casebook.render``). The document is parameterised by language and direction (``<html lang dir>``), so
one report per language is one call.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from casebook import aggregate
from casebook.cases import Case
from casebook.charts import charts_for
from casebook.collection import Collection
from casebook.guidelines import Guideline
from casebook.pages import fragments
from casebook.pages.fragments import escape
from casebook.vocabularies import country, label, regions, sdg_title

COLLECTION_NAME = "Digital Transformation Case Studies Collection"

CHART_COLOUR = '<svg color="#0b5394" '

# Languages written right to left (BCP 47 primary subtags).
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


@dataclass(frozen=True)
class EditionInfo:
    """What the report needs to know about the edition it prints."""

    id: str
    title: str
    published: date
    editors: tuple[str, ...]
    foreword_html: str  # sanitised HTML, as the site shows the foreword
    url: str


def text_direction(language: str) -> str:
    """``rtl`` for a language written right to left, else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def report_html(collection: Collection, edition: EditionInfo, language: str = "en") -> str:
    """The whole report as an HTML document in ``language`` (its direction follows)."""
    cases = collection.published_cases
    by_region = cases_by_region(cases)
    guidelines = collection.published_guidelines
    parts = [
        _cover(edition),
        _contents(by_region, guidelines),
        _part("foreword", "Foreword", edition.foreword_html),
        _part("numbers", "The collection in numbers", _numbers(collection)),
        _part("cases", "Cases by region", _regions(by_region)),
        _part("guidelines", "Guidelines", _guidelines(guidelines, collection)),
        _part("countries", "Index of countries", _country_index(cases)),
    ]
    title = f"{COLLECTION_NAME} — {edition.title}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}" dir="{text_direction(language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta name="author" content="{escape(", ".join(edition.editors))}">\n'
        f'<meta name="description" content="{escape(COLLECTION_NAME)}">\n'
        '<meta name="generator" content="Casebook">\n'
        "</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )


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
    return (
        '<section class="cover">\n'
        f'<p class="cover-collection">{escape(COLLECTION_NAME)}</p>\n'
        f'<p class="cover-title">{value(edition.title)}</p>\n'
        f'<p class="cover-date">Published {_format_date(edition.published)}</p>\n'
        + (f'<p class="cover-editors">Edited by {value(editors)}</p>\n' if editors else "")
        + f'<p class="cover-url">{escape(edition.url)}</p>\n'
        "</section>"
    )


def _contents(by_region: dict[str, list[Case]], guidelines: Sequence[Guideline]) -> str:
    regions_html = "".join(
        f"<li>{_entry(_region_id(region), region)}\n<ol>\n"
        + "".join(f"<li>{_entry(_case_id(case), case.title)}</li>\n" for case in cases)
        + "</ol></li>\n"
        for region, cases in by_region.items()
    )
    guidelines_html = "".join(f"<li>{_entry(_guideline_id(g), g.title)}</li>\n" for g in guidelines)
    return (
        '<nav class="contents" aria-labelledby="contents">\n'
        '<h1 id="contents">Contents</h1>\n<ol>\n'
        f"<li>{_entry('foreword', 'Foreword')}</li>\n"
        f"<li>{_entry('numbers', 'The collection in numbers')}</li>\n"
        f"<li>{_entry('cases', 'Cases by region')}\n<ol>\n{regions_html}</ol></li>\n"
        f"<li>{_entry('guidelines', 'Guidelines')}\n<ol>\n{guidelines_html}</ol></li>\n"
        f"<li>{_entry('countries', 'Index of countries')}</li>\n"
        "</ol>\n</nav>"
    )


def _entry(target: str, title: str) -> str:
    """A contents line: the title, and (by ``report.css``) a leader and the page number."""
    return f'<a href="#{target}">{value(title)}</a>'


def _part(part_id: str, title: str, inner_html: str) -> str:
    return (
        f'<section class="part" id="{part_id}">\n<h1>{escape(title)}</h1>\n{inner_html}\n</section>'
    )


def _numbers(collection: Collection) -> str:
    cases = collection.published_cases
    figures = aggregate.headline_figures(collection)
    items = [
        (figures.cases, "published case", "published cases"),
        (figures.countries, "country", "countries"),
        (figures.regions, "world region", "world regions"),
        (figures.sectors, "sector", "sectors"),
        (figures.technologies, "technology", "technologies"),
        (figures.guidelines, "policy guideline", "policy guidelines"),
    ]
    figures_html = fragments.bullet_list(
        f"<strong>{n}</strong> {one if n == 1 else many}" for n, one, many in items
    )
    tables = [
        ("Cases per region and sector", aggregate.count_table(cases, "region", "sector")),
        ("Cases per technology", aggregate.count_table(cases, "technology")),
        ("Cases per sustainable development goal", aggregate.count_table(cases, "sdg")),
    ]
    tables_html = "\n".join(
        f'<h2>{escape(title)}</h2>\n<div class="count-table">\n'
        f"{fragments.count_table(counts)}\n</div>"
        for title, counts in tables
    )
    # The charts paint with currentColor; WeasyPrint's SVG renderer reads it from the root's
    # color attribute only (stylesheets do not reach inside an inline SVG).
    charts_html = "\n".join(
        f'<figure class="casebook-chart">{svg.replace("<svg ", CHART_COLOUR, 1)}</figure>'
        for svg in charts_for(cases).values()
    )
    figures_html = figures_html.replace("<ul>", '<ul class="figures">', 1)
    return f"{figures_html}\n{tables_html}\n<h2>Charts</h2>\n{charts_html}"


def _regions(by_region: dict[str, list[Case]]) -> str:
    if not by_region:
        return "<p>No cases are published in this edition.</p>"
    return "\n".join(
        f'<section class="region" id="{_region_id(region)}">\n<h2>{escape(region)}</h2>\n'
        + "\n".join(_case(case) for case in cases)
        + "\n</section>"
        for region, cases in by_region.items()
    )


def _case(case: Case) -> str:
    countries = ", ".join(country(code).name for code in case.countries)
    person = case.contributor
    contributor = value(person.name) + (
        f" ({value(person.organization)})" if person.organization else ""
    )
    facts = [
        ("Countries", escape(countries)),
        ("Organisation", value(case.organization_name)),
        ("Organisation type", escape(label("organization-type", case.organization_type))),
        ("Sectors", escape(", ".join(label("sector", s) for s in case.sectors))),
        ("Technologies", escape(", ".join(label("technology", t) for t in case.technologies))),
        ("SDGs", escape(", ".join(sdg_title(goal) for goal in case.sdgs))),
        ("Started", str(case.year)),
        ("Stage", escape(label("stage", case.stage))),
        ("Contributor", contributor),
        ("Licence", escape(case.license)),
    ]
    parts = [
        f'<article class="case" id="{_case_id(case)}">',
        f"<h3>{value(case.title)}</h3>",
        f'<p class="summary">{value(case.summary)}</p>',
        _facts(facts),
        _body(case.rendered.html, case.body, shift=2, folder="cases"),
    ]
    if case.example:
        parts.insert(2, '<p class="note">Illustrative example: describes no real organisation.</p>')
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
        parts.append('<h4 class="generated">Outcomes</h4>')
        parts.append(
            fragments.table(
                ["Metric", "Baseline", "Value", "Unit", "Year"],
                rows,
                [False, True, True, False, True],
            )
        )
    if case.sources:
        parts.append('<h4 class="generated">Sources</h4>')
        parts.append(
            fragments.bullet_list(fragments.web_link(value(s.title), s.url) for s in case.sources)
        )
    parts.append("</article>")
    return "\n".join(parts)


def _guidelines(guidelines: Sequence[Guideline], collection: Collection) -> str:
    if not guidelines:
        return "<p>No guidelines are published in this edition.</p>"
    published = {case.slug: case for case in collection.published_cases}
    return "\n".join(_guideline(g, published) for g in guidelines)


def _guideline(guideline: Guideline, published: dict[str, Case]) -> str:
    facts = [
        ("Instrument", escape(label("instrument", guideline.instrument))),
        ("Audience", escape(", ".join(label("policy-audience", a) for a in guideline.audience))),
        ("SDGs", escape(", ".join(sdg_title(goal) for goal in guideline.sdgs))),
        ("Updated", _format_date(guideline.updated)),
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
        parts.insert(2, '<p class="note">Illustrative example: describes no real policy.</p>')
    # Only published cases: a draft's title must never reach print.
    if evidence:
        parts.append('<h3 class="generated">Evidence from the collection</h3>')
        parts.append(
            fragments.bullet_list(
                f'<a class="page-ref" href="#{_case_id(case)}">{value(case.title)}</a>'
                for case in evidence
            )
        )
    parts.append("</article>")
    return "\n".join(parts)


def _country_index(cases: Sequence[Case]) -> str:
    """Each country with the pages of its cases (``report.css`` prints the page numbers)."""
    by_country: defaultdict[str, list[Case]] = defaultdict(list)
    for case in cases:
        for code in case.countries:
            by_country[code].append(case)
    if not by_country:
        return "<p>No cases are published in this edition.</p>"
    names = sorted(by_country, key=lambda code: (country(code).name.casefold(), code))
    items = (
        f'<span class="index-term">{escape(country(code).name)}</span> '
        + ", ".join(
            f'<a class="page-ref" href="#{_case_id(case)}" title="{escape(case.title)}"></a>'
            for case in by_country[code]
        )
        for code in names
    )
    return fragments.bullet_list(items).replace("<ul>", '<ul class="country-index">', 1)


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(name)}</th><td>{cell}</td></tr>\n' for name, cell in rows
    )
    return f'<table class="facts">\n<tbody>\n{body}</tbody>\n</table>'


# --- Contributed text -------------------------------------------------------------------------


def value(text: str) -> str:
    """A contributed value, escaped and isolated in its own direction (``<bdi dir>``): an
    Arabic name in an English report, or a Latin one in an Arabic report, keeps its punctuation
    where its writer put it, and is drawn with its script's font first (``report.css``)."""
    direction = written_direction(text)
    if direction is None:
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
    return f'<div class="body"{attribute}>\n{inner}\n</div>'


# The renderer's own tags and attributes (the sanitiser wrote them, always double-quoted).
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_HREF = re.compile(r'href="([^"]*)"')
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


def _format_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _number(amount: float) -> str:
    return html.escape(f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}")
