"""What leads on from a case: the guidelines that cite it, the course modules that use it and a
few related cases. The collection is indexed once at build time; each case's connections are
worked out from the index where its page is made (pure).

Related cases share the most countries, sectors and technologies with the case. Scoring every
pair would be quadratic (10,000 cases: 50 million pairs), so candidates come from the case's
rarest terms first: a shared country or technology that few cases have says more than a
sector that thousands share, and the candidates stay few however large the collection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
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
    index = _RelatedIndex(cases)
    return {case.slug: index.related(case, count) for case in index.ordered}


class _RelatedIndex:
    """The cases by term, made once: each case's related cases are then found on their own,
    wherever the case's page is made."""

    def __init__(self, cases: Sequence[Case]) -> None:
        self.ordered = sorted(cases, key=lambda c: (c.title.casefold(), c.slug))
        self.position = {case.slug: index for index, case in enumerate(self.ordered)}
        self.terms = {case.slug: _terms(case) for case in self.ordered}  # scoring asks often
        self.members: dict[tuple[str, str], list[Case]] = defaultdict(list)
        for case in self.ordered:
            for term in self.terms[case.slug]:
                self.members[term].append(case)

    def related(self, case: Case, count: int = RELATED_COUNT) -> tuple[Case, ...]:
        members, terms, position = self.members, self.terms, self.position
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
        return tuple(scored[:count])


class Connections(Mapping[str, CaseConnections]):
    """Every case's connections by slug, each worked out when it is asked for: the build asks
    in the processes that make the case pages, so the cores share the work."""

    def __init__(
        self, cases: Sequence[Case], guidelines: Sequence[Guideline], courses: Sequence[Course]
    ) -> None:
        self._cases = {case.slug: case for case in cases}
        self._citing: dict[str, list[Guideline]] = defaultdict(list)
        for guideline in guidelines:
            for slug in dict.fromkeys(guideline.evidence):
                self._citing[slug].append(guideline)
        self._using: dict[str, list[tuple[Course, Module]]] = defaultdict(list)
        for course in courses:
            for module in course.modules:
                for slug in dict.fromkeys(module.cases):
                    self._using[slug].append((course, module))
        self._related = _RelatedIndex(cases)

    def __getitem__(self, slug: str) -> CaseConnections:
        case = self._cases[slug]
        return CaseConnections(
            tuple(sorted(self._citing.get(slug, ()), key=lambda g: g.title.casefold())),
            tuple(self._using.get(slug, ())),
            self._related.related(case),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._cases)

    def __len__(self) -> int:
        return len(self._cases)


def case_connections(
    cases: Sequence[Case], guidelines: Sequence[Guideline], courses: Sequence[Course]
) -> Connections:
    """``cases``, ``guidelines`` and ``courses``: the published ones (a page links only to
    pages that exist). Every case of ``cases`` has an entry."""
    return Connections(cases, guidelines, courses)
