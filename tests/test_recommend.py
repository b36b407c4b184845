"""Recommendations from the weakest dimensions: which cases, modules and guidelines, in order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casebook.assessments import Assessment
from casebook.collection import load_collection
from casebook.recommend import (
    CASE_LIMIT,
    CaseEntry,
    Catalogue,
    GuidelineEntry,
    ModuleEntry,
    catalogue_of,
    recommend,
    terms_of,
)

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


@pytest.fixture(scope="module")
def mini() -> Assessment:
    collection, _ = load_collection(MINI, today=date(2026, 11, 22))
    return collection.assessments[0]


def case(
    slug: str,
    sectors: tuple[str, ...] = ("commerce",),
    regions: tuple[str, ...] = ("Asia",),
    challenges: tuple[str, ...] = (),
    technologies: tuple[str, ...] = (),
) -> CaseEntry:
    return CaseEntry(
        slug, slug.title(), f"cases/{slug}.md", sectors, regions, challenges, technologies
    )


CATALOGUE = Catalogue(
    cases=(
        case("a-elsewhere-skills", challenges=("skills",)),
        case("b-africa-skills", regions=("Africa",), challenges=("skills",)),
        case("c-agri-asia-mobile", sectors=("agriculture",), technologies=("mobile",)),
        case(
            "d-agri-africa-both",
            sectors=("agriculture",),
            regions=("Africa",),
            challenges=("skills",),
            technologies=("mobile",),
        ),
        case(
            "e-agri-africa-one",
            sectors=("agriculture",),
            regions=("Africa",),
            challenges=("skills",),
        ),
        case("f-unrelated", sectors=("agriculture",), regions=("Africa",), challenges=("funding",)),
        case("g-energy-sector", sectors=("energy",), regions=("Africa",)),
        case("h-affordability", challenges=("affordability",)),
    ),
    modules=(
        ModuleEntry("courses/c/01-one.md", "One", "C", ("f-unrelated",)),
        ModuleEntry("courses/c/02-two.md", "Two", "C", ("a-elsewhere-skills",)),
        ModuleEntry(
            "courses/c/03-three.md", "Three", "C", ("b-africa-skills", "d-agri-africa-both")
        ),
    ),
    guidelines=(
        GuidelineEntry("guidelines/x.md", "X", ("f-unrelated",)),
        GuidelineEntry("guidelines/y.md", "Y", ("h-affordability",)),
        GuidelineEntry("guidelines/z.md", "Z", ("c-agri-asia-mobile", "e-agri-africa-one")),
    ),
)

# (id, weakest dimensions, sector, region, cases in order with their tiers, modules, guidelines)
ROWS = [
    (
        "skills, agriculture in Africa",
        ("skills",),
        "agriculture",
        "Africa",
        [
            ("d-agri-africa-both", "sector-and-region"),  # two terms beat one in a tier
            ("e-agri-africa-one", "sector-and-region"),
            ("b-africa-skills", "region"),
            ("c-agri-asia-mobile", "sector"),
            ("a-elsewhere-skills", "elsewhere"),
        ],
        ["courses/c/03-three.md", "courses/c/02-two.md"],
        ["guidelines/z.md"],
    ),
    (
        "power points to a challenge and a sector",
        ("power",),
        "commerce",
        "Asia",
        [("h-affordability", "sector-and-region"), ("g-energy-sector", "elsewhere")],
        [],
        ["guidelines/y.md"],
    ),
    ("no weak dimension, nothing to recommend", (), "commerce", "Asia", [], [], []),
    (
        "an unknown region only changes the tiers",
        ("skills",),
        "health",
        "",
        [
            ("d-agri-africa-both", "elsewhere"),
            ("a-elsewhere-skills", "elsewhere"),
            ("b-africa-skills", "elsewhere"),
            ("c-agri-asia-mobile", "elsewhere"),
            ("e-agri-africa-one", "elsewhere"),
        ],
        ["courses/c/03-three.md", "courses/c/02-two.md"],
        ["guidelines/z.md"],
    ),
]


@pytest.mark.parametrize(
    ("weakest", "sector", "region", "cases", "modules", "guidelines"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_recommendations(
    mini: Assessment,
    weakest: tuple[str, ...],
    sector: str,
    region: str,
    cases: list[tuple[str, str]],
    modules: list[str],
    guidelines: list[str],
) -> None:
    found = recommend(mini, weakest, sector, region, CATALOGUE)
    assert [(m.case.slug, m.tier) for m in found.cases] == cases
    assert [m.uri for m in found.modules] == modules
    assert [g.uri for g in found.guidelines] == guidelines


def test_terms_come_from_the_weakest_dimensions(mini: Assessment) -> None:
    terms = terms_of(mini, ("skills", "power"))
    assert (terms.challenges, terms.technologies, terms.sectors) == (
        ("affordability", "skills"),
        ("mobile",),
        ("energy",),
    )


def test_matched_terms_are_named(mini: Assessment) -> None:
    found = recommend(mini, ("skills",), "agriculture", "Africa", CATALOGUE)
    assert found.cases[0].matched == ("challenge:skills", "technology:mobile")


def test_cases_are_limited(mini: Assessment) -> None:
    many = Catalogue(tuple(case(f"s{n}", challenges=("skills",)) for n in range(9)), (), ())
    found = recommend(mini, ("skills",), "commerce", "Asia", many)
    assert [m.case.slug for m in found.cases] == [f"s{n}" for n in range(CASE_LIMIT)]


def test_catalogue_holds_published_items_only() -> None:
    collection, _ = load_collection(MINI, today=date(2026, 11, 22))
    catalogue = catalogue_of(collection)
    assert [c.slug for c in catalogue.cases] == ["china-textile-platform", "kenya-solar-irrigation"]
    assert [m.uri for m in catalogue.modules] == [
        "courses/intro-course/01-why.md",
        "courses/intro-course/02-how.md",
    ]
    assert [g.uri for g in catalogue.guidelines] == ["guidelines/solar-sandbox.md"]
    kenya = catalogue.cases[1]
    assert (kenya.regions, kenya.challenges) == (("Africa",), ("affordability",))
