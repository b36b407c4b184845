"""What an SME should read next, from its weakest dimensions: cases, course modules, guidelines.

Pure functions over a ``Catalogue`` (the published collection, reduced to what matching needs;
the assessment page ships the same catalogue to its script, which mirrors ``recommend``, and a
browser test holds the two equal).

* The **terms** are the challenges, technologies and sectors the weakest dimensions point to.
* A **case** is relevant when it names one of those terms. Relevant cases from the SME's sector
  and region come first, then its region, then its sector, then the rest; within a tier, more
  terms matched first, then by slug.
* A **course module** is relevant when it studies relevant cases: most of them first.
* A **guideline** is relevant when its evidence includes relevant cases: most of them first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casebook.assessments import Assessment

if TYPE_CHECKING:
    from casebook.collection import Collection

CASE_LIMIT = 5
MODULE_LIMIT = 3
GUIDELINE_LIMIT = 3

# Tiers of a relevant case, best first.
TIERS = ("sector-and-region", "region", "sector", "elsewhere")


@dataclass(frozen=True)
class CaseEntry:
    slug: str
    title: str
    uri: str  # the page's source URI, relative to the site root
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    challenges: tuple[str, ...]
    technologies: tuple[str, ...]


@dataclass(frozen=True)
class ModuleEntry:
    uri: str
    title: str
    course_title: str
    cases: tuple[str, ...]  # case slugs


@dataclass(frozen=True)
class GuidelineEntry:
    uri: str
    title: str
    evidence: tuple[str, ...]  # case slugs


@dataclass(frozen=True)
class Catalogue:
    cases: tuple[CaseEntry, ...]
    modules: tuple[ModuleEntry, ...]
    guidelines: tuple[GuidelineEntry, ...]


def catalogue_of(collection: Collection) -> Catalogue:
    """The published items that recommendations may link to."""
    # Imported here: the pages package imports this module (the assessment page).
    from casebook.pages.urls import case_uri, guideline_uri, module_uri

    return Catalogue(
        cases=tuple(
            CaseEntry(
                c.slug,
                c.title,
                case_uri(c.slug),
                c.sectors,
                c.regions,
                c.challenges,
                c.technologies,
            )
            for c in collection.published_cases
        ),
        modules=tuple(
            ModuleEntry(module_uri(course.slug, m.slug), m.title, course.title, m.cases)
            for course in collection.published_courses
            for m in course.modules
        ),
        guidelines=tuple(
            GuidelineEntry(guideline_uri(g.slug), g.title, g.evidence)
            for g in collection.published_guidelines
        ),
    )


@dataclass(frozen=True)
class Terms:
    challenges: tuple[str, ...]
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class CaseMatch:
    case: CaseEntry
    tier: str  # one of TIERS
    matched: tuple[str, ...]  # the terms it names, as "challenge:skills", "technology:ai"


@dataclass(frozen=True)
class Recommendations:
    terms: Terms
    cases: tuple[CaseMatch, ...]
    modules: tuple[ModuleEntry, ...]
    guidelines: tuple[GuidelineEntry, ...]

    @property
    def uris(self) -> tuple[str, ...]:
        """Every recommended page, cases then modules then guidelines."""
        return (
            *(m.case.uri for m in self.cases),
            *(m.uri for m in self.modules),
            *(g.uri for g in self.guidelines),
        )


def terms_of(assessment: Assessment, dimensions: Sequence[str]) -> Terms:
    """The terms the given dimensions point to, each once, in the dimensions' order."""
    chosen = [d for d in assessment.dimensions if d.id in dimensions]
    return Terms(
        challenges=tuple(dict.fromkeys(t for d in chosen for t in d.challenges)),
        technologies=tuple(dict.fromkeys(t for d in chosen for t in d.technologies)),
        sectors=tuple(dict.fromkeys(t for d in chosen for t in d.sectors)),
    )


def _matched(case: CaseEntry, terms: Terms) -> tuple[str, ...]:
    return (
        *(f"challenge:{t}" for t in terms.challenges if t in case.challenges),
        *(f"technology:{t}" for t in terms.technologies if t in case.technologies),
        *(f"sector:{t}" for t in terms.sectors if t in case.sectors),
    )


def _tier(case: CaseEntry, sector: str, region: str) -> str:
    same_sector, same_region = sector in case.sectors, region in case.regions
    if same_sector and same_region:
        return TIERS[0]
    if same_region:
        return TIERS[1]
    return TIERS[2] if same_sector else TIERS[3]


def recommend(
    assessment: Assessment,
    weakest: Sequence[str],
    sector: str,
    region: str,
    catalogue: Catalogue,
) -> Recommendations:
    """Recommendations for an SME of ``sector`` in ``region`` (a UN M49 region, or "")."""
    terms = terms_of(assessment, weakest)
    relevant = []
    for case in catalogue.cases:
        matched = _matched(case, terms)
        if matched:
            relevant.append(CaseMatch(case, _tier(case, sector, region), matched))
    relevant.sort(key=lambda m: (TIERS.index(m.tier), -len(m.matched), m.case.slug))
    relevant_slugs = {m.case.slug for m in relevant}

    def studied(slugs: tuple[str, ...]) -> int:
        return sum(1 for slug in slugs if slug in relevant_slugs)

    modules = sorted(
        (m for m in catalogue.modules if studied(m.cases)),
        key=lambda m: (-studied(m.cases), m.uri),
    )
    guidelines = sorted(
        (g for g in catalogue.guidelines if studied(g.evidence)),
        key=lambda g: (-studied(g.evidence), g.uri),
    )
    return Recommendations(
        terms,
        tuple(relevant[:CASE_LIMIT]),
        tuple(modules[:MODULE_LIMIT]),
        tuple(guidelines[:GUIDELINE_LIMIT]),
    )
