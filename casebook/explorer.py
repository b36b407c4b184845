"""The case explorer: one HTML fragment that lists every published case, with a filter panel.

Without JavaScript the fragment is a plain list of all cases and the filter panel is hidden
(``explorer.css``, by the ``scripting`` media feature, so that with scripts it shows from the
first paint and nothing moves); ``assets/casebook/explorer.js`` reads the same markup and adds
filtering, faceted
counts, sorting and a shareable URL hash. What the script relies on:

- the root ``div[data-casebook-explorer]``; inside it a "Skip to the results" link to the list
  (``#casebook-explorer-results``), the panel ``[data-explorer-panel]``, the text box ``input[type=search]``, ``[data-year-from]``,
  ``[data-year-to]``, the sort ``select[data-sort]``, the ``[data-clear]`` button and the
  ``[data-count]`` element of the live status line, with its ``[data-explorer-warning]`` (the
  script explains there a year range that can match nothing);
- the facets inside ``details[data-explorer-filters]`` whose summary holds
  ``[data-active-filters]`` (the script writes how many values are ticked);
- one ``fieldset[data-facet=KEY]`` per facet whose checkboxes carry the terms as ``value`` and
  sit inside a ``label`` that holds a ``[data-facet-count]`` element (values after the first
  ``FACET_VALUES_SHOWN`` inside a ``details.casebook-explorer__all``);
- rows ``ul[data-explorer-rows] > li[data-case]`` with ``data-KEY`` (space-separated terms) for
  every facet key and ``data-year``; each row holds the title link, the summary paragraph and a
  details paragraph whose first two spans are the organisation and the country names. Title,
  summary and organisation are the searched text; the country names are the country sort key;
- rows in title order, which is the script's "title" sort. Only the first ``page_size`` rows
  are in the HTML (what a reader without JavaScript sees, with a ``[data-explorer-nojs]``
  note); every case is in ``script[data-explorer-data]`` (see ``explorer_data``), from which
  the script builds a row, as the same markup, the first time it is shown (its list holds
  only the rows shown);
- ``data-page-size`` on the root and a hidden ``button[data-show-more]``: the script shows at
  most that many matching rows, and the button reveals the next batch.

The fragment is meant to be pasted into a Markdown page as a raw HTML block, so it starts with a
block-level tag at column 0 and never contains a blank line (which would end the block).
"""

from __future__ import annotations

import base64
import gzip
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from casebook import i18n
from casebook.cases import Case
from casebook.drafts import draft_badge
from casebook.i18n import N_, _, ngettext
from casebook.vocabularies import regions, vocabulary

ASSETS_DIR = Path(__file__).resolve().parent / "site" / "assets"
EXPLORER_ASSETS = ("explorer.css", "i18n.js", "explorer.js")

# Rows shown at once with JavaScript. Every row shown or hidden costs the browser a style pass
# (about 5 ms per thousand rows on a small machine, more under Material's stylesheet), so
# without a cap a keystroke that changes the matches of 10,000 cases takes 50-100 ms; with it,
# a keystroke touches at most two pages of rows. Low-end phones are slower still.
PAGE_SIZE = 100

SORT_OPTIONS = (  # (value, label): the label shown as _(label)
    ("title", N_("Title")),
    ("year-desc", N_("Year, newest first")),
    ("year-asc", N_("Year, oldest first")),
    ("country", N_("Country")),
)


@dataclass(frozen=True)
class Facet:
    """One filterable dimension: ``key`` names its data attribute, fieldset and URL hash key."""

    key: str
    legend: str
    terms_of: Callable[[Case], Sequence[str]]
    label: Callable[[str], str]
    sort_key: Callable[[str], tuple[int, str]]


@dataclass(frozen=True)
class FacetValue:
    term: str
    label: str
    count: int  # cases carrying the term


def region_term(region: str) -> str:
    """The URL-safe term of a UN M49 region, as in ``regions/<term>.html``."""
    return region.lower().replace(" ", "-")


def _region_label(term: str) -> str:
    english = {region_term(name): name for name in regions()}.get(term)
    return term if english is None else i18n.region_name(english)


def _vocabulary_facet(key: str, name: str, terms_of: Callable[[Case], Sequence[str]]) -> Facet:
    vocab = vocabulary(name)
    position = {term: index for index, term in enumerate(vocab.terms)}
    return Facet(
        key=key,
        legend=i18n.vocabulary_title(name),
        terms_of=terms_of,
        label=lambda term: i18n.label(name, term),
        sort_key=lambda term: (position.get(term, len(position)), term),
    )


def _by_label(label: Callable[[str], str]) -> Callable[[str], tuple[int, str]]:
    return lambda term: (0, label(term).casefold())


def _country_name(code: str) -> str:
    return i18n.country_name(code)


def _sdg_label(term: str) -> str:
    return _("{goal} — {title}").format(goal=term, title=i18n.sdg_title(int(term)))


def explorer_facets() -> tuple[Facet, ...]:
    """The facets in panel order; labels and legends come from the vocabularies."""
    return (
        Facet(
            "country", _("Country"), lambda c: c.countries, _country_name, _by_label(_country_name)
        ),
        Facet(
            "region",
            _("Region"),
            lambda c: [region_term(r) for r in c.regions],
            _region_label,
            _by_label(_region_label),
        ),
        _vocabulary_facet("sector", "sector", lambda c: c.sectors),
        _vocabulary_facet("technology", "technology", lambda c: c.technologies),
        Facet(
            "sdg",
            i18n.vocabulary_title("sdg"),
            lambda c: [str(goal) for goal in c.sdgs],
            _sdg_label,
            lambda term: (int(term), term),
        ),
        _vocabulary_facet("org-type", "organization-type", lambda c: (c.organization_type,)),
        _vocabulary_facet("stage", "stage", lambda c: (c.stage,)),
    )


def facet_terms(case: Case, facet: Facet) -> tuple[str, ...]:
    """The case's terms for a facet, each once, in the case's order."""
    return tuple(dict.fromkeys(facet.terms_of(case)))


def facet_values(cases: Sequence[Case], facet: Facet) -> tuple[FacetValue, ...]:
    """Only the terms that occur in ``cases``, with how many cases carry each, in facet order."""
    counts = Counter(term for case in cases for term in facet_terms(case, facet))
    return tuple(
        FacetValue(term, facet.label(term), counts[term])
        for term in sorted(counts, key=facet.sort_key)
    )


def sort_by_title(cases: Sequence[Case]) -> list[Case]:
    return sorted(cases, key=lambda case: (case.title.casefold(), case.slug))


def render_explorer(
    cases: Sequence[Case], case_url: Callable[[Case], str], *, page_size: int = PAGE_SIZE
) -> str:
    """The explorer fragment for ``cases``; ``case_url`` gives each case's link.

    With JavaScript at most ``page_size`` matching rows show at once, then a "Show more"
    button; without it every row shows.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    ordered = sort_by_title(cases)
    facets = explorer_facets()
    shown = ordered[:page_size]
    lines = [
        f'<div class="casebook-explorer" data-casebook-explorer data-page-size="{page_size}">',
        # Keyboard users reach the first result in one step instead of passing every control.
        '<p class="casebook-explorer__skip"><a href="#casebook-explorer-results">'
        + _text(_("Skip to the results"))
        + "</a></p>",
        *_render_panel(ordered, facets),
        '<p class="casebook-explorer__status" aria-live="polite">'
        + _text(ngettext("{shown} of {n} case", "{shown} of {n} cases", len(ordered))).format(
            shown=f"<span data-count>{i18n.number(len(ordered))}</span>",
            n=i18n.number(len(ordered)),
        )
        + '<span class="casebook-explorer__warning" data-explorer-warning></span></p>',
        '<ul class="casebook-explorer__list" id="casebook-explorer-results" tabindex="-1"'
        ' aria-label="' + _text(_("Cases")) + '" data-explorer-rows>',
        *(_render_row(case, facets, case_url(case)) for case in shown),
        "</ul>",
        *(
            [
                '<p class="casebook-explorer__nojs" data-explorer-nojs>'
                + _text(
                    _(
                        "These are the first {shown} of {n} cases by title. The whole list, "
                        "with its filters, needs JavaScript; every case is also listed on the "
                        "pages of its countries, sectors and technologies (Browse)."
                    ).format(shown=i18n.number(len(shown)), n=i18n.number(len(ordered)))
                )
                + "</p>"
            ]
            if len(shown) < len(ordered)
            else []
        ),
        '<script type="application/json" data-explorer-data>'
        + json.dumps(explorer_data(ordered, facets, case_url))
        + "</script>",
        '<p class="casebook-explorer__more"><button type="button" data-show-more hidden>'
        + _text(_("Show more"))
        + "</button></p>",
        "</div>",
    ]
    return "\n".join(lines)


def _text(value: object) -> str:
    """Escaped and on one line: a newline pair inside a value would end the raw HTML block."""
    return escape(" ".join(str(value).split()), quote=True)


def _render_panel(cases: Sequence[Case], facets: Sequence[Facet]) -> list[str]:
    years = sorted({case.year for case in cases})
    bounds = f' min="{years[0]}" max="{years[-1]}"' if years else ""
    lines = [
        # Shown from the first paint where scripts run (explorer.css: "scripting" media query),
        # so nothing below it moves when the script starts; hidden where they cannot.
        '<div class="casebook-explorer__panel" role="search"'
        ' aria-label="' + _text(_("Filter cases")) + '" data-explorer-panel>',
        '<div class="casebook-explorer__controls">',
        '<p class="casebook-explorer__field"><label for="casebook-explorer-q">'
        + _text(_("Search titles, summaries and organisations"))
        + "</label>"
        '<input type="search" id="casebook-explorer-q" autocomplete="off" spellcheck="false"></p>',
        '<p class="casebook-explorer__field"><label for="casebook-explorer-from">'
        + _text(_("From year"))
        + "</label>"
        f'<input type="number" id="casebook-explorer-from" data-year-from step="1"{bounds}></p>',
        '<p class="casebook-explorer__field"><label for="casebook-explorer-to">'
        + _text(_("To year"))
        + "</label>"
        f'<input type="number" id="casebook-explorer-to" data-year-to step="1"{bounds}></p>',
        '<p class="casebook-explorer__field"><label for="casebook-explorer-sort">'
        + _text(_("Sort by"))
        + "</label>"
        '<select id="casebook-explorer-sort" data-sort>'
        + "".join(
            f'<option value="{value}">{_text(_(label))}</option>' for value, label in SORT_OPTIONS
        )
        + "</select></p>",
        '<p class="casebook-explorer__field"><button type="button" data-clear>'
        + _text(_("Clear filters"))
        + "</button></p>",
        "</div>",
        # Folded at first, on every screen: seven lists of checkboxes would push the results a
        # screen and dozens of Tab presses away, and unfolding them later would move the page.
        '<details class="casebook-explorer__filters" data-explorer-filters>'
        "<summary>"
        + _text(_("Filter by country, region, sector, technology, SDG, organisation and stage"))
        + " <span data-active-filters></span></summary>",
        '<div class="casebook-explorer__facets">',
    ]
    for facet in facets:
        values = facet_values(cases, facet)
        if values:
            lines.extend(_render_facet(facet, values))
    lines += ["</div>", "</details>", "</div>"]
    return lines


# A facet lists its first values in the facet's order; the rest
# are one "Show all" away (a <details>: no hidden inner scrolling, works without JavaScript).
FACET_VALUES_SHOWN = 8


def _render_facet(facet: Facet, values: Sequence[FacetValue]) -> list[str]:
    options = [
        f'<label><input type="checkbox" name="{_text(facet.key)}" value="{_text(value.term)}">'
        f" <span>{_text(value.label)}</span>"
        f' <span class="casebook-explorer__n" data-facet-count>{i18n.number(value.count)}</span>'
        "</label>"
        for value in values
    ]
    shown, rest = options[:FACET_VALUES_SHOWN], options[FACET_VALUES_SHOWN:]
    more = (
        [
            '<details class="casebook-explorer__all">'
            "<summary>"
            + _text(
                _("Show all {n} ({more} more)").format(
                    n=i18n.number(len(options)), more=i18n.number(len(rest))
                )
            )
            + "</summary>",
            *rest,
            "</details>",
        ]
        if rest
        else []
    )
    return [
        f'<fieldset class="casebook-explorer__facet" data-facet="{_text(facet.key)}">'
        f"<legend>{_text(facet.legend)}</legend>",
        '<div class="casebook-explorer__options">',
        *shown,
        *more,
        "</div>",
        "</fieldset>",
    ]


def explorer_data(
    ordered: Sequence[Case], facets: Sequence[Facet], case_url: Callable[[Case], str]
) -> dict[str, str]:
    """Every case of the list, compactly: each text once, facet values as small integers.

    ``{"encoding": "gzip+base64", "data": ...}``, the data being this JSON, gzip-compressed:
    ``{"url": [before, after], "facets": [[key, [[term, label], ...]], ...], "rows": [[slug,
    title, summary, organisation, year, [value, ...] for each facet], ...]}``, rows in title
    order, a case's address being ``before + slug + after`` (or ``[slug, address]`` in place
    of the slug where it is not), a facet value its position in the facet's list. Compressed,
    because titles, summaries and organisations alone are some 3 MB at 10,000 cases; the
    browser unpacks it with ``DecompressionStream``, no library needed.
    """
    values = [facet_values(ordered, facet) for facet in facets]
    positions = [{value.term: i for i, value in enumerate(found)} for found in values]
    before, after = _url_template(ordered, case_url)
    rows = [
        [
            case.slug
            if case_url(case) == f"{before}{case.slug}{after}"
            else [case.slug, case_url(case)],
            " ".join(case.title.split()),
            " ".join(case.summary.split()),
            " ".join(case.organization_name.split()),
            case.year,
            *(
                [position[term] for term in facet_terms(case, facet)]
                for facet, position in zip(facets, positions, strict=True)
            ),
        ]
        for case in ordered
    ]
    payload = {
        "url": [before, after],
        "facets": [
            [facet.key, [[value.term, value.label] for value in found]]
            for facet, found in zip(facets, values, strict=True)
        ],
        "rows": rows,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same cases give the same bytes, build after build.
    packed = gzip.compress(text, compresslevel=9, mtime=0)
    return {"encoding": "gzip+base64", "data": base64.b64encode(packed).decode("ascii")}


def _url_template(ordered: Sequence[Case], case_url: Callable[[Case], str]) -> tuple[str, str]:
    if not ordered:
        return "", ""
    first = ordered[0]
    before, _slug, after = case_url(first).partition(first.slug)
    return before, after


def read_explorer_data(data: dict[str, Any]) -> dict[str, Any]:
    """``explorer_data``'s payload unpacked (what the browser does; for tests and tools)."""
    unpacked: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(data["data"])))
    return unpacked


def _render_row(case: Case, facets: Sequence[Facet], url: str) -> str:
    attributes = "".join(
        f' data-{facet.key}="{_text(" ".join(facet_terms(case, facet)))}"' for facet in facets
    )
    countries = ", ".join(i18n.country_name(code) for code in case.countries)
    stage = i18n.label("stage", case.stage)
    return (
        f'<li data-case="{_text(case.slug)}"{attributes} data-year="{case.year}">'
        f'<a href="{_text(url)}">{_text(case.title)}</a><p>{_text(case.summary)}</p>'
        f"<p><span>{_text(case.organization_name)}</span> · <span>{_text(countries)}</span>"
        f" · {case.year} · {_text(stage)}{draft_badge(case.published)}</p></li>"
    )


def render_standalone_page(
    cases: Sequence[Case], case_url: Callable[[Case], str], *, page_size: int = PAGE_SIZE
) -> str:
    """A whole HTML document around the fragment, for previews, browser tests and benchmarks;
    it expects copies of ``EXPLORER_ASSETS`` beside it."""
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{_text(i18n.active())}" dir="{i18n.direction()}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>" + _text(_("Case explorer")) + "</title>",
            '<link rel="stylesheet" href="explorer.css">',
            "</head>",
            "<body>",
            "<h1>" + _text(_("Case explorer")) + "</h1>",
            render_explorer(cases, case_url, page_size=page_size),
            '<script src="i18n.js"></script>',
            '<script src="explorer.js"></script>',
            "</body>",
            "</html>",
        ]
    )
