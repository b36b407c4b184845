"""Cases: the model, and the checks a case needs beyond its schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from casebook.documents import Document
from casebook.problems import Problem, error, warning
from casebook.render import RenderedText

if TYPE_CHECKING:
    from casebook.translations import Translation
from casebook.rules import check_dates, check_sections, parse_date
from casebook.vocabularies import country

REQUIRED_SECTIONS = ("Context", "Solution", "Results", "Lessons learned")


@dataclass(frozen=True)
class Outcome:
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Contributor:
    name: str
    organization: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Case:
    slug: str
    path: str
    title: str
    summary: str
    countries: tuple[str, ...]
    organization_name: str
    organization_type: str
    sectors: tuple[str, ...]
    technologies: tuple[str, ...]
    sdgs: tuple[int, ...]
    year: int
    stage: str
    challenges: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    sources: tuple[Source, ...]
    contributor: Contributor
    license: str
    status: str
    submitted: date
    updated: date | None
    example: bool
    body: str
    # The body as readers see it: rendered and sanitised once (casebook.render).
    rendered: RenderedText
    # Its translations, by language (casebook.translations; the site uses localize()).
    translations: tuple[Translation, ...] = field(default=(), compare=False)

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def regions(self) -> tuple[str, ...]:
        """UN M49 regions of the case's countries, in first-seen order."""
        return _regions_of(self.countries)

    @property
    def last_changed(self) -> date:
        return self.updated or self.submitted


# Pages, counts and exports ask a large site's cases for their regions hundreds of thousands of
# times, and cases share their countries. Cached by countries rather than on each case: a
# ``functools.cached_property`` would give every case a dict of its own, and so more objects
# for the cycle collector to scan on every pass.
@lru_cache(maxsize=4096)
def _regions_of(countries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(country(code).region for code in countries))


def check_case(doc: Document, today: date) -> Iterator[Problem]:
    """Checks the schema cannot express: dates, the year's upper bound, sources, body sections."""
    fm = doc.front_matter
    yield from check_dates(doc, today, "submitted", "updated")
    year = fm.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and year > today.year + 1:
        yield error(
            doc.display_path,
            doc.line_of(("year",)),
            "out-of-range",
            "year",
            f"{year} is out of range; expected 1990 to {today.year + 1}",
        )
    if not fm.get("sources"):
        yield warning(
            doc.display_path,
            doc.line_of(("sources",)),
            "missing-sources",
            "sources",
            "the case lists no sources: add at least one (title and url) so readers can check it",
        )
    yield from check_sections(doc, REQUIRED_SECTIONS)


def case_from_document(doc: Document, slug: str, rendered: RenderedText) -> Case:
    """Build the model from a document that passed every check."""
    fm: dict[str, Any] = doc.front_matter
    org, person = fm["organization"], fm["contributor"]
    submitted = parse_date(fm["submitted"])
    assert submitted is not None  # guaranteed by the schema's date format
    return Case(
        slug=slug,
        path=doc.display_path,
        title=fm["title"],
        summary=fm["summary"],
        countries=tuple(fm["countries"]),
        organization_name=org["name"],
        organization_type=org["type"],
        sectors=tuple(fm["sectors"]),
        technologies=tuple(fm["technologies"]),
        sdgs=tuple(fm["sdgs"]),
        year=fm["year"],
        stage=fm["stage"],
        challenges=tuple(fm.get("challenges", ())),
        outcomes=tuple(
            Outcome(o["metric"], o["value"], o["unit"], o.get("baseline"), o.get("year"))
            for o in fm.get("outcomes", ())
        ),
        sources=tuple(Source(s["title"], s["url"]) for s in fm.get("sources", ())),
        contributor=Contributor(person["name"], person.get("organization"), person.get("email")),
        license=fm["license"],
        status=fm["status"],
        submitted=submitted,
        updated=parse_date(fm.get("updated")),
        example=bool(fm.get("example", False)),
        body=doc.body,
        rendered=rendered,
    )
