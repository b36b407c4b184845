"""Every word the edition's report writes itself (cover, contents, headings, fact names, notes),
in one table: ``casebook.report_html`` asks ``text`` and ``count_text`` for them and nothing
else, so a translation is this table's entries in the language's gettext catalogue
(``casebook.i18n``); until a catalogue has an entry, the report prints the English text.

Templates name their values (``{date}``): a translator may move them, never drop them.
"""

from __future__ import annotations

from collections.abc import Callable

from casebook import i18n
from casebook.i18n import N_, ngettext
from casebook.pages.fragments import escape

REPORT_TEXT = {
    "collection": N_("Digital Transformation Case Studies Collection"),
    "published": N_("Published {date}"),
    "edited-by": N_("Edited by {editors}"),
    "contents": N_("Contents"),
    "foreword": N_("Foreword"),
    "numbers": N_("The collection in numbers"),
    "cases": N_("Cases by region"),
    "guidelines": N_("Guidelines"),
    "country-index": N_("Index of countries"),
    "no-cases": N_("No cases are published in this edition."),
    "no-guidelines": N_("No guidelines are published in this edition."),
    "per-region-and-sector": N_("Cases per region and sector"),
    "per-technology": N_("Cases per technology"),
    "per-sdg": N_("Cases per sustainable development goal"),
    "charts": N_("Charts"),
    "countries": N_("Countries"),
    "organisation": N_("Organisation"),
    "organisation-type": N_("Organisation type"),
    "sectors": N_("Sectors"),
    "technologies": N_("Technologies"),
    "sdgs": N_("SDGs"),
    "started": N_("Started"),
    "stage": N_("Stage"),
    "contributor": N_("Contributor"),
    "licence": N_("Licence"),
    "instrument": N_("Instrument"),
    "audience": N_("Audience"),
    "updated": N_("Updated"),
    "example-case": N_("Illustrative example: describes no real organisation."),
    "example-guideline": N_("Illustrative example: describes no real policy."),
    "outcomes": N_("Outcomes"),
    "sources": N_("Sources"),
    "metric": N_("Metric"),
    "baseline": N_("Baseline"),
    "value": N_("Value"),
    "unit": N_("Unit"),
    "year": N_("Year"),
    "evidence": N_("Evidence from the collection"),
    "register": N_(
        "This edition holds {count} cases: too many to print in full. Each is listed here with "
        "its organisation, countries and year; its full text is on the edition's site, "
        "{address}, where every title below leads."
    ),
}

# Counts, singular and plural (a catalogue gives each language its own plural forms).
REPORT_COUNTS: dict[str, Callable[[int], tuple[str, str, str]]] = {
    "cases": lambda n: (
        "published case",
        "published cases",
        ngettext("published case", "published cases", n),
    ),
    "countries": lambda n: ("country", "countries", ngettext("country", "countries", n)),
    "regions": lambda n: (
        "world region",
        "world regions",
        ngettext("world region", "world regions", n),
    ),
    "sectors": lambda n: ("sector", "sectors", ngettext("sector", "sectors", n)),
    "technologies": lambda n: (
        "technology",
        "technologies",
        ngettext("technology", "technologies", n),
    ),
    "guidelines": lambda n: (
        "policy guideline",
        "policy guidelines",
        ngettext("policy guideline", "policy guidelines", n),
    ),
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
    singular, plural, translated = REPORT_COUNTS[key](count)
    return _marked(escape(translated)) if translated in (singular, plural) else escape(translated)


def _marked(english_html: str) -> str:
    if i18n.active().split("-", 1)[0] == i18n.SOURCE_LANGUAGE:
        return english_html
    return f'<bdi lang="{i18n.SOURCE_LANGUAGE}" dir="ltr">{english_html}</bdi>'
