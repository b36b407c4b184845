"""Open data: the published cases as CSV, JSON and an Atom feed.

``case_records`` builds one record per case (the structure); ``render_csv``, ``render_json``
and ``render_atom`` turn records or cases into text (the writers). Nothing here touches files.

The record, and so every format, has the columns of ``CSV_COLUMNS`` in that order. Changing
them breaks people's scripts: add columns at the end, never rename or remove one.

What a record holds, and what it leaves out:

* every front-matter field of a case, flattened: ``organization`` becomes
  ``organization_name`` and ``organization_type``; ``sources`` becomes the parallel lists
  ``source_titles`` and ``source_urls``; ``contributor`` becomes ``contributor_name`` and
  ``contributor_organization``;
* derived fields: ``country_names``, ``regions`` (UN M49) and ``url``;
* vocabulary fields hold terms (``"agriculture"``), not labels: terms are stable, labels are
  for pages and may be reworded;
* **not** the contributor's email: it is personal data, given for the editors to reach the
  contributor, and publishing it would expose it to harvesting without a reason the reader
  needs. Nor the case's body text, which is the page itself.

CSV (RFC 4180, UTF-8 without a byte-order mark, ``\\r\\n`` line ends, a header row):

* list columns are joined with ``;`` (``KE;RW``). Codes and terms never contain ``;``; a free
  text item (a source title) could, so use ``cases.json`` when you need exact lists;
* ``outcomes`` is always a compact JSON array (``[]`` when none) of ``{"metric", "value", "unit", "baseline", "year"}``
  objects, because metric names are free text that no separator can be trusted with;
* ``example`` is ``true`` or ``false``; missing values (``updated``, ``contributor_organization``)
  are empty cells;
* ``outcomes.csv`` has one row per outcome, for spreadsheet users: ``OUTCOME_COLUMNS``, the
  case's ``slug``, ``countries`` (joined with ``;``) and ``year`` (the year the initiative
  started), then the outcome's ``metric``, ``value``, ``unit``, ``baseline`` and
  ``outcome_year`` (empty cells when missing), in case then outcome order;
* a cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return) is written with a leading ``'``, as OWASP recommends: open data
  must not run code in the reader's spreadsheet.

JSON: ``{"count": n, "columns": [...], "cases": [record, ...]}`` with lists as arrays, numbers
as numbers, booleans as booleans and missing values as ``null``. ``<``, ``>``, ``&`` and the
line separators U+2028/U+2029 are written as ``\\u`` escapes (same data) so the file may be
inlined in a ``<script>`` element.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import TypedDict
from urllib.parse import urlsplit

from casebook.aggregate import newest_cases
from casebook.cases import Case
from casebook.vocabularies import country


class OutcomeRecord(TypedDict):
    metric: str
    value: float
    unit: str
    baseline: float | None
    year: int | None


class TranslationRecord(TypedDict):
    lang: str  # BCP 47
    title: str
    status: str  # current, or outdated (its original changed since)
    url: str


class CaseRecord(TypedDict):
    slug: str
    title: str
    summary: str
    countries: list[str]
    country_names: list[str]
    regions: list[str]
    organization_name: str
    organization_type: str
    sectors: list[str]
    technologies: list[str]
    sdgs: list[int]
    year: int
    stage: str
    challenges: list[str]
    outcomes: list[OutcomeRecord]
    source_titles: list[str]
    source_urls: list[str]
    contributor_name: str
    contributor_organization: str | None
    license: str
    status: str
    submitted: str
    updated: str | None
    example: bool
    url: str
    translations: list[TranslationRecord]


CSV_COLUMNS: tuple[str, ...] = (
    "slug",
    "title",
    "summary",
    "countries",
    "country_names",
    "regions",
    "organization_name",
    "organization_type",
    "sectors",
    "technologies",
    "sdgs",
    "year",
    "stage",
    "challenges",
    "outcomes",
    "source_titles",
    "source_urls",
    "contributor_name",
    "contributor_organization",
    "license",
    "status",
    "submitted",
    "updated",
    "example",
    "url",
    "translations",
)

# data/translations.csv: one row per translation of a case.
TRANSLATION_COLUMNS: tuple[str, ...] = ("slug", "lang", "title", "status", "url")

OUTCOME_COLUMNS: tuple[str, ...] = (
    "slug",
    "countries",
    "year",
    "metric",
    "value",
    "unit",
    "baseline",
    "outcome_year",
)

LIST_SEPARATOR = ";"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FEED_SIZE = 20
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"


def case_url(slug: str, base_url: str, lang: str | None = None) -> str:
    """``base_url + "cases/<slug>.html"`` (``<lang>/cases/...`` for a translation's page);
    ``base_url`` is ``""`` for a link relative to the
    site root, or the site's address (a missing final ``/`` is added)."""
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return f"{base_url}{lang + '/' if lang else ''}cases/{slug}.html"


def _outcome_record(case: Case) -> list[OutcomeRecord]:
    return [
        OutcomeRecord(metric=o.metric, value=o.value, unit=o.unit, baseline=o.baseline, year=o.year)
        for o in case.outcomes
    ]


def case_record(case: Case, base_url: str) -> CaseRecord:
    return CaseRecord(
        slug=case.slug,
        title=case.title,
        summary=case.summary,
        countries=list(case.countries),
        country_names=[country(code).name for code in case.countries],
        regions=list(case.regions),
        organization_name=case.organization_name,
        organization_type=case.organization_type,
        sectors=list(case.sectors),
        technologies=list(case.technologies),
        sdgs=list(case.sdgs),
        year=case.year,
        stage=case.stage,
        challenges=list(case.challenges),
        outcomes=_outcome_record(case),
        source_titles=[source.title for source in case.sources],
        source_urls=[source.url for source in case.sources],
        contributor_name=case.contributor.name,
        contributor_organization=case.contributor.organization,
        license=case.license,
        status=case.status,
        submitted=case.submitted.isoformat(),
        updated=case.updated.isoformat() if case.updated else None,
        example=case.example,
        url=case_url(case.slug, base_url),
        translations=[
            TranslationRecord(
                lang=t.lang,
                title=t.title,
                status=t.status,
                url=case_url(case.slug, base_url, t.lang),
            )
            for t in case.translations
        ],
    )


def case_records(cases: Sequence[Case], base_url: str) -> list[CaseRecord]:
    """One record per case, in the order given."""
    return [case_record(case, base_url) for case in cases]


# -- CSV -------------------------------------------------------------------------------------


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def _csv_cell(column: str, value: object) -> str:
    if column == "outcomes":
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif column == "translations" and isinstance(value, list):
        # The languages; data/translations.csv has a row for each, with its title and URL.
        text = LIST_SEPARATOR.join(str(t["lang"]) for t in value)
    elif value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = LIST_SEPARATOR.join(str(item) for item in value)
    else:
        text = str(value)
    return neutralise_formula(text)


def render_csv(records: Iterable[CaseRecord]) -> str:
    """The records as CSV text: write it as UTF-8 with ``newline=""`` to keep the ``\\r\\n``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        fields: Mapping[str, object] = record
        writer.writerow([_csv_cell(column, fields[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


def outcome_rows(records: Iterable[CaseRecord]) -> list[tuple[object, ...]]:
    """One row per outcome of every record, in ``OUTCOME_COLUMNS`` order."""
    return [
        (
            record["slug"],
            record["countries"],
            record["year"],
            outcome["metric"],
            outcome["value"],
            outcome["unit"],
            outcome["baseline"],
            outcome["year"],
        )
        for record in records
        for outcome in record["outcomes"]
    ]


def render_outcomes_csv(records: Iterable[CaseRecord]) -> str:
    """``outcomes.csv``: one row per outcome, with its case's slug, countries and year."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(OUTCOME_COLUMNS)
    for row in outcome_rows(records):
        writer.writerow(
            [
                _outcome_cell(column, value)
                for column, value in zip(OUTCOME_COLUMNS, row, strict=True)
            ]
        )
    return buffer.getvalue()


def render_translations_csv(records: Iterable[CaseRecord]) -> str:
    """``translations.csv``: one row per translation of a case, with its title and page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TRANSLATION_COLUMNS)
    for record in records:
        for translation in record["translations"]:
            fields: Mapping[str, object] = {"slug": record["slug"], **translation}
            writer.writerow([_csv_cell(column, fields[column]) for column in TRANSLATION_COLUMNS])
    return buffer.getvalue()


def _outcome_cell(column: str, value: object) -> str:
    # Numbers stay numbers (a baseline of -5 is not a formula); text is neutralised as in
    # cases.csv.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value)
    return _csv_cell(column, value)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# -- JSON ------------------------------------------------------------------------------------

_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def render_json(records: Sequence[CaseRecord]) -> str:
    """``{"count", "columns", "cases"}`` as JSON, one case per line, ending with a newline.

    Not ``indent``: it forces Python's slow pure-Python encoder (seconds at 10,000 cases)."""
    cases = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    head = json.dumps({"count": len(records), "columns": list(CSV_COLUMNS)}, ensure_ascii=False)
    text = head[:-1] + ', "cases": [\n' + cases + "\n]}"
    # Only string contents can hold these characters, so the replacement keeps the data.
    return _SCRIPT_UNSAFE.sub(lambda match: _SCRIPT_SAFE[match.group()], text) + "\n"


# -- Atom ------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (a YAML "\x01" escape could put one in a title).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(moment: datetime | date) -> str:
    """RFC 3339 in UTC; a date is its midnight UTC, a naive datetime is taken as UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(0, 0), tzinfo=UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text_element(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _xml_text(text)
    return element


def render_atom(cases: Sequence[Case], site_url: str, title: str, updated: datetime) -> str:
    """An Atom 1.0 feed of the newest ``FEED_SIZE`` cases (by submitted or updated date).

    ``site_url`` must be absolute (``https://example.org/casebook/``): Atom ids and links are
    absolute IRIs, and a feed reader has no page to resolve a relative one against. The output
    depends only on the arguments, so rebuilding an unchanged site gives the same bytes.
    """
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"the feed needs the site's absolute address (https://...), got '{site_url}': "
            "set site_url in mkdocs.yml"
        )
    site = site_url if site_url.endswith("/") else site_url + "/"
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
    _text_element(feed, "title", title)
    _text_element(feed, "id", site)
    ET.SubElement(feed, "link", {"rel": "self", "href": site + "feed.xml"})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": site})
    _text_element(feed, "updated", _timestamp(updated))
    # Atom requires an author; the collection speaks for its cases.
    _text_element(ET.SubElement(feed, "author"), "name", title)
    for case in newest_cases(cases, FEED_SIZE):
        url = case_url(case.slug, site)
        entry = ET.SubElement(feed, "entry")
        _text_element(entry, "id", url)
        _text_element(entry, "title", case.title, type="text")
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        for translation in case.translations:
            # Each translation's page, with its language and title (RFC 4287 4.2.7).
            link = {"rel": "alternate", "type": "text/html", "hreflang": translation.lang}
            link["href"] = case_url(case.slug, site, translation.lang)
            link["title"] = _xml_text(translation.title)
            ET.SubElement(entry, "link", link)
        _text_element(entry, "published", _timestamp(case.submitted))
        _text_element(entry, "updated", _timestamp(case.last_changed))
        _text_element(entry, "summary", case.summary, type="text")
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
