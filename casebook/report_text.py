"""Every word the edition's report writes itself (cover, contents, headings, fact names, notes),
in one table: ``casebook.report_html`` asks ``text`` and ``count_text`` for them and nothing
else, so a translation is this table's entries in the language's gettext catalogue
(``casebook.i18n``); until a catalogue has an entry, the report prints the English text.

Templates name their values (``{date}``): a translator may move them, never drop them.
"""

from __future__ import annotations

from casebook import i18n
from casebook.pages.fragments import escape

REPORT_TEXT = {
    "collection": "Digital Transformation Case Studies Collection",
    "published": "Published {date}",
    "edited-by": "Edited by {editors}",
    "contents": "Contents",
    "foreword": "Foreword",
    "numbers": "The collection in numbers",
    "cases": "Cases by region",
    "guidelines": "Guidelines",
    "country-index": "Index of countries",
    "no-cases": "No cases are published in this edition.",
    "no-guidelines": "No guidelines are published in this edition.",
    "per-region-and-sector": "Cases per region and sector",
    "per-technology": "Cases per technology",
    "per-sdg": "Cases per sustainable development goal",
    "charts": "Charts",
    "countries": "Countries",
    "organisation": "Organisation",
    "organisation-type": "Organisation type",
    "sectors": "Sectors",
    "technologies": "Technologies",
    "sdgs": "SDGs",
    "started": "Started",
    "stage": "Stage",
    "contributor": "Contributor",
    "licence": "Licence",
    "instrument": "Instrument",
    "audience": "Audience",
    "updated": "Updated",
    "example-case": "Illustrative example: describes no real organisation.",
    "example-guideline": "Illustrative example: describes no real policy.",
    "outcomes": "Outcomes",
    "sources": "Sources",
    "metric": "Metric",
    "baseline": "Baseline",
    "value": "Value",
    "unit": "Unit",
    "year": "Year",
    "evidence": "Evidence from the collection",
    "register": (
        "This edition holds {count} cases: too many to print in full. Each is listed here with "
        "its organisation, countries and year; its full text is on the edition's site, "
        "{address}, where every title below leads."
    ),
}

# Counts, singular and plural (a catalogue gives each language its own plural forms).
REPORT_COUNTS = {
    "cases": ("published case", "published cases"),
    "countries": ("country", "countries"),
    "regions": ("world region", "world regions"),
    "sectors": ("sector", "sectors"),
    "technologies": ("technology", "technologies"),
    "guidelines": ("policy guideline", "policy guidelines"),
}


def text(key: str, **values_html: str) -> str:
    """The report's text ``key`` in the active language, as HTML: the template escaped, then
    ``values_html`` (already HTML) put in its named places. Still in English in a report in
    another language, it says so (``lang``) and keeps its own direction."""
    english = REPORT_TEXT[key]
    translated = i18n._(english)
    template = escape(translated)
    filled = template.format(**values_html) if values_html else template
    return _marked(filled) if translated == english else filled


def plain_text(key: str) -> str:
    """The report's text ``key`` in the active language, escaped, for an attribute or title."""
    return escape(i18n._(REPORT_TEXT[key]))


def count_text(key: str, count: int) -> str:
    """The noun of ``key`` for ``count`` things (``"published cases"``), as HTML."""
    singular, plural = REPORT_COUNTS[key]
    translated = i18n.ngettext(singular, plural, count)
    return _marked(escape(translated)) if translated in (singular, plural) else escape(translated)


def _marked(english_html: str) -> str:
    if i18n.active().split("-", 1)[0] == i18n.SOURCE_LANGUAGE:
        return english_html
    return f'<bdi lang="{i18n.SOURCE_LANGUAGE}" dir="ltr">{english_html}</bdi>'
