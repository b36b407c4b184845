"""What leads on from a case: the guidelines that cite it, the course modules that use it and a
few related cases. Computed once for the whole collection at build time (pure functions).

Related cases share the most countries, sectors and technologies with the case. Scoring every
pair would be quadratic (10,000 cases: 50 million pairs), so candidates come from the case's
rarest terms first: a shared country or technology that few cases have says more than a
sector that thousands share, and the candidates stay few however large the collection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from casebook.cases import Case
from casebook.courses import Course, Module
from casebook.guidelines import Guideline

RELATED_COUNT = 3
# Cases looked at per case before scoring: enough to find the best few, bounded at any size.
CANDIDATE_LIMIT = 60


@dataclass(frozen=True)
class CaseConnections:
    guidelines: tuple[Guideline, ...] = ()
    modules: tuple[tuple[Course, Module], ...] = ()
    related: tuple[Case, ...] = ()


def _terms(case: Case) -> tuple[tuple[str, str], ...]:
    return (
        *(("country", code) for code in case.countries),
        *(("sector", sector) for sector in case.sectors),
        *(("technology", technology) for technology in case.technologies),
    )


def related_cases(cases: Sequence[Case], count: int = RELATED_COUNT) -> dict[str, tuple[Case, ...]]:
    """For every case, up to ``count`` others sharing the most terms (ties: title order)."""
    ordered = sorted(cases, key=lambda c: (c.title.casefold(), c.slug))
    position = {case.slug: index for index, case in enumerate(ordered)}
    terms = {case.slug: _terms(case) for case in ordered}  # made once: scoring asks often
    members: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in ordered:
        for term in terms[case.slug]:
            members[term].append(case)
    result: dict[str, tuple[Case, ...]] = {}
    for case in ordered:
        own = set(terms[case.slug])
        candidates: dict[str, Case] = {}
        for term in sorted(own, key=lambda t: (len(members[t]), t)):
            for other in members[term]:
                if other.slug != case.slug:
                    candidates.setdefault(other.slug, other)
                if len(candidates) >= CANDIDATE_LIMIT:
                    break
            if len(candidates) >= CANDIDATE_LIMIT:
                break
        scored = sorted(
            candidates.values(),
            key=lambda other: (-len(own.intersection(terms[other.slug])), position[other.slug]),
        )
        result[case.slug] = tuple(scored[:count])
    return result


def case_connections(
    cases: Sequence[Case], guidelines: Sequence[Guideline], courses: Sequence[Course]
) -> dict[str, CaseConnections]:
    """``cases``, ``guidelines`` and ``courses``: the published ones (a page links only to
    pages that exist). Every case of ``cases`` has an entry."""
    citing: dict[str, list[Guideline]] = defaultdict(list)
    for guideline in guidelines:
        for slug in dict.fromkeys(guideline.evidence):
            citing[slug].append(guideline)
    using: dict[str, list[tuple[Course, Module]]] = defaultdict(list)
    for course in courses:
        for module in course.modules:
            for slug in dict.fromkeys(module.cases):
                using[slug].append((course, module))
    related = related_cases(cases)
    return {
        case.slug: CaseConnections(
            tuple(sorted(citing[case.slug], key=lambda g: g.title.casefold())),
            tuple(using[case.slug]),
            related[case.slug],
        )
        for case in cases
    }
