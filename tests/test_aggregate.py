"""Counts, cross-tables, coverage and Markdown tables over cases."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import markdown
import pandas as pd
import pytest
from factories import make_case

from casebook.aggregate import (
    DIMENSIONS,
    REGIONS,
    TOTAL,
    Figures,
    cases_frame,
    coverage_frame,
    coverage_report,
    dimensions,
    escape_markdown_cell,
    headline_figures,
    newest_cases,
    outcomes_table,
    render_coverage_markdown,
    summary_table,
    to_markdown_table,
    value_counts,
)
from casebook.cases import Case, Outcome
from casebook.collection import Collection, load_collection
from casebook.courses import Course
from casebook.guidelines import Guideline
from casebook.render import RenderedText

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '=HYPERLINK("http://x") <script>alert(1)</script>'


# Four cases chosen so that every dimension has a multi-valued case and a tie to order.
CASES = (
    make_case(
        "a",
        countries=("KE", "RW"),
        sectors=("agriculture", "finance"),
        technologies=("mobile",),
        sdgs=(8, 2),
        year=2020,
        stage="pilot",
        organization_type="sme",
        challenges=("connectivity",),
    ),
    make_case(
        "b",
        countries=("IN",),
        sectors=("finance",),
        technologies=("ai", "mobile"),
        sdgs=(8,),
        year=2018,
        stage="scaling",
        organization_type="startup",
        challenges=(),
    ),
    make_case(
        "c",
        countries=("PE",),
        sectors=("tourism",),
        technologies=("e-commerce",),
        sdgs=(17, 9),
        year=2020,
        stage="mature",
        organization_type="ngo",
        challenges=("skills", "funding"),
    ),
    make_case(
        "d",
        countries=("ZA", "BR"),
        sectors=("agriculture",),
        technologies=("iot",),
        sdgs=(9,),
        year=2022,
        stage="pilot",
        organization_type="sme",
        challenges=("funding",),
    ),
)


@pytest.fixture(scope="module")
def real_cases() -> tuple[Case, ...]:
    collection, report = load_collection(ROOT / "content")
    assert report.problems == ()
    return collection.published_cases


def counts(table: pd.DataFrame) -> list[tuple[str, int]]:
    return [(str(label), int(n)) for label, n in table["Cases"].items()]


# -- cases_frame -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("country", [("a", "KE"), ("a", "RW"), ("b", "IN"), ("c", "PE"), ("d", "ZA"), ("d", "BR")]),
        (
            "region",
            [("a", "Africa"), ("b", "Asia"), ("c", "Americas"), ("d", "Africa"), ("d", "Americas")],
        ),
        ("sdg", [("a", 8), ("a", 2), ("b", 8), ("c", 17), ("c", 9), ("d", 9)]),
        ("challenge", [("a", "connectivity"), ("c", "skills"), ("c", "funding"), ("d", "funding")]),
        ("stage", [("a", "pilot"), ("b", "scaling"), ("c", "mature"), ("d", "pilot")]),
    ],
)
def test_cases_frame_has_a_row_per_case_and_value(
    dimension: str, expected: list[tuple[str, object]]
) -> None:
    frame = cases_frame(CASES)
    rows = frame[frame["dimension"] == dimension]
    assert list(zip(rows["slug"], rows["value"], strict=True)) == expected


def test_cases_frame_orders_values_within_a_dimension() -> None:
    frame = cases_frame(CASES)
    sdgs = frame[frame["dimension"] == "sdg"].sort_values("order")
    assert list(dict.fromkeys(sdgs["value"])) == [2, 8, 9, 17]
    assert list(frame.columns) == ["slug", "dimension", "value", "label", "order"]
    assert set(frame["dimension"]) == set(DIMENSIONS)


def test_dimensions_are_documented_in_order() -> None:
    assert tuple(dimensions()) == DIMENSIONS


# -- summary_table: one dimension ------------------------------------------------------------


@pytest.mark.parametrize(
    ("dimension", "expected", "total"),
    [
        ("region", [("Africa", 2), ("Americas", 2), ("Asia", 1)], 4),
        (
            "subregion",
            [
                ("Eastern Africa", 1),
                ("Southern Africa", 1),
                ("South America", 2),
                ("Southern Asia", 1),
            ],
            4,
        ),
        (
            "country",
            [
                ("Brazil", 1),
                ("India", 1),
                ("Kenya", 1),
                ("Peru", 1),
                ("Rwanda", 1),
                ("South Africa", 1),
            ],
            4,
        ),
        ("sector", [("Agriculture", 2), ("Finance", 2), ("Tourism", 1)], 4),
        (
            "technology",
            [
                ("Artificial intelligence", 1),
                ("Internet of Things", 1),
                ("Mobile", 2),
                ("E-commerce", 1),
            ],
            4,
        ),
        (
            "sdg",
            [
                ("SDG 2 — Zero Hunger", 1),
                ("SDG 8 — Decent Work and Economic Growth", 2),
                ("SDG 9 — Industry, Innovation and Infrastructure", 2),
                ("SDG 17 — Partnerships for the Goals", 1),
            ],
            4,
        ),
        ("organization_type", [("Startup", 1), ("SME", 2), ("NGO", 1)], 4),
        ("stage", [("Pilot", 2), ("Scaling", 1), ("Mature", 1)], 4),
        ("year", [("2018", 1), ("2020", 2), ("2022", 1)], 4),
        # Case b has no challenge: it is in no row, so not in the total either.
        ("challenge", [("Connectivity", 1), ("Skills", 1), ("Funding", 2)], 3),
    ],
)
def test_summary_table_counts_each_value_in_vocabulary_order(
    dimension: str, expected: list[tuple[str, int]], total: int
) -> None:
    table = summary_table(CASES, dimension)
    assert counts(table) == [*expected, (TOTAL, total)]
    assert list(table.columns) == ["Cases"]
    assert table.index.name == dimensions()[dimension].title
    assert table["Cases"].dtype == "int64"


def test_summary_table_total_counts_distinct_cases_not_the_sum() -> None:
    table = summary_table(CASES, "region")
    assert table.loc[TOTAL, "Cases"] == 4
    assert table.drop(TOTAL)["Cases"].sum() == 5  # case d is in Africa and in the Americas


def test_summary_table_with_no_cases_has_only_a_zero_total() -> None:
    assert counts(summary_table([], "region")) == [(TOTAL, 0)]


# -- summary_table: two dimensions -----------------------------------------------------------


def test_cross_table_counts_cases_in_every_cell_their_values_reach() -> None:
    table = summary_table(CASES, "sector", "region")
    expected = pd.DataFrame(
        [[2, 1, 0, 2], [1, 0, 1, 2], [0, 1, 0, 1], [2, 2, 1, 4]],
        index=pd.Index(["Agriculture", "Finance", "Tourism", TOTAL], name="Sector"),
        columns=pd.Index(["Africa", "Americas", "Asia", TOTAL], name="Region"),
    )
    pd.testing.assert_frame_equal(table, expected)


def test_cross_table_leaves_out_cases_without_a_value_in_one_dimension() -> None:
    table = summary_table(CASES, "challenge", "stage")
    assert list(table.index) == ["Connectivity", "Skills", "Funding", TOTAL]
    assert list(table.columns) == ["Pilot", "Mature", TOTAL]  # case b (scaling) has no challenge
    assert table.loc[TOTAL, TOTAL] == 3
    assert table.loc["Funding", "Pilot"] == 1
    assert table.loc["Funding", "Mature"] == 1


def test_cross_table_of_a_dimension_with_itself_is_a_co_occurrence_table() -> None:
    table = summary_table(CASES, "region", "region")
    assert table.loc["Africa", "Americas"] == 1  # case d
    assert table.loc["Africa", "Africa"] == 2
    assert table.loc[TOTAL, TOTAL] == 4


def test_cross_table_with_no_cases_has_only_totals() -> None:
    table = summary_table([], "sector", "region")
    assert list(table.index) == [TOTAL]
    assert list(table.columns) == [TOTAL]
    assert table.loc[TOTAL, TOTAL] == 0


@pytest.mark.parametrize(
    ("rows", "columns"),
    [("continent", None), ("Region", None), ("sector", "sectors"), ("", "region")],
)
def test_unknown_dimensions_name_the_valid_ones(rows: str, columns: str | None) -> None:
    with pytest.raises(ValueError, match="unknown dimension") as raised:
        summary_table(CASES, rows, columns)
    for name in DIMENSIONS:
        assert name in str(raised.value)


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_real_content_totals_are_distinct_published_cases(
    real_cases: tuple[Case, ...], dimension: str
) -> None:
    table = summary_table(real_cases, dimension)
    having_a_value = [c for c in real_cases if dimensions()[dimension].values_of(c)]
    assert table.loc[TOTAL, "Cases"] == len(having_a_value)
    cells = table.drop(TOTAL)["Cases"]
    assert (cells >= 1).all()
    assert (cells <= len(having_a_value)).all()
    assert cells.sum() >= len(having_a_value)


def test_real_content_cross_table_margins_agree_with_single_counts(
    real_cases: tuple[Case, ...],
) -> None:
    cross = summary_table(real_cases, "region", "sector")
    regions = summary_table(real_cases, "region")
    sectors = summary_table(real_cases, "sector")
    assert cross[TOTAL].to_dict() == regions["Cases"].to_dict()
    assert cross.loc[TOTAL].to_dict() == sectors["Cases"].to_dict() | {TOTAL: len(real_cases)}


# -- value_counts ----------------------------------------------------------------------------


def test_value_counts_can_list_values_without_cases() -> None:
    assert value_counts(CASES, "region") == (("Africa", 2), ("Americas", 2), ("Asia", 1))
    assert value_counts(CASES, "region", every_value=True) == (
        ("Africa", 2),
        ("Americas", 2),
        ("Asia", 1),
        ("Europe", 0),
        ("Oceania", 0),
    )
    assert len(value_counts(CASES, "sdg", every_value=True)) == 17


def test_value_counts_fill_the_years_between_cases() -> None:
    assert value_counts(CASES, "year", every_value=True) == (
        ("2018", 1),
        ("2019", 0),
        ("2020", 2),
        ("2021", 0),
        ("2022", 1),
    )
    assert value_counts([], "year", every_value=True) == ()


# -- outcomes --------------------------------------------------------------------------------


def test_outcomes_table_lists_every_outcome_with_its_case() -> None:
    cases = [
        make_case(
            "with-outcomes",
            title="Solar kiosks",
            countries=("KE", "RW"),
            outcomes=(
                Outcome("Kiosks", 40, "kiosks", baseline=3, year=2023),
                Outcome("Share online", 12.5, "percent"),
            ),
        ),
        make_case("without-outcomes"),
    ]
    table = outcomes_table(cases)
    assert list(table.columns) == [
        "Case",
        "Countries",
        "Metric",
        "Baseline",
        "Value",
        "Unit",
        "Year",
    ]
    assert table.iloc[0].tolist()[:3] == ["Solar kiosks", "Kenya, Rwanda", "Kiosks"]
    assert table["Value"].tolist() == [40.0, 12.5]
    assert table.loc[0, "Baseline"] == 3.0
    assert pd.isna(table.loc[1, "Baseline"])
    assert table["Year"].tolist()[0] == 2023
    assert table["Year"].isna().tolist() == [False, True]


def test_outcomes_table_of_real_content_has_one_row_per_outcome(
    real_cases: tuple[Case, ...],
) -> None:
    assert len(outcomes_table(real_cases)) == sum(len(c.outcomes) for c in real_cases)
    assert len(outcomes_table([])) == 0


# -- coverage --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "part", "missing", "few"),
    [
        (1, "regions", ["Europe", "Oceania"], [("Asia", 1)]),
        (2, "regions", ["Europe", "Oceania"], [("Africa", 2), ("Americas", 2), ("Asia", 1)]),
        (0, "regions", ["Europe", "Oceania"], []),
        (
            1,
            "organization_types",
            [
                "large-enterprise",
                "public-sector",
                "cooperative",
                "academia",
                "telecom-operator",
                "acceleration-centre",
            ],
            [("startup", 1), ("ngo", 1)],
        ),
        (
            1,
            "sectors",
            [
                "manufacturing",
                "health",
                "education",
                "commerce",
                "logistics",
                "energy",
                "public-services",
                "ict",
                "other",
            ],
            [("tourism", 1)],
        ),
        (
            1,
            "technologies",
            [
                "cloud",
                "5g",
                "broadband",
                "blockchain",
                "industrial-internet",
                "data-analytics",
                "digital-payments",
                "cybersecurity",
                "satellite",
                "other",
            ],
            [("ai", 1), ("iot", 1), ("e-commerce", 1)],
        ),
        (
            1,
            "sdgs",
            ["1", "3", "4", "5", "6", "7", "10", "11", "12", "13", "14", "15", "16"],
            [("2", 1), ("17", 1)],
        ),
    ],
)
def test_coverage_report_finds_missing_and_thin_values(
    threshold: int, part: str, missing: list[str], few: list[tuple[str, int]]
) -> None:
    coverage = getattr(coverage_report(CASES, threshold), part)
    assert [v.value for v in coverage.missing] == missing
    assert all(v.cases == 0 for v in coverage.missing)
    assert [(v.value, v.cases) for v in coverage.few] == few


def test_coverage_report_labels_values_for_editors() -> None:
    report = coverage_report(CASES)
    assert report.sdgs.missing[0].label == "SDG 1 — No Poverty"
    assert report.organization_types.few[0].label == "Startup"
    assert [d.dimension for d in report.dimensions] == [
        "region",
        "sector",
        "sdg",
        "technology",
        "organization_type",
    ]


def test_coverage_report_of_no_cases_misses_everything() -> None:
    report = coverage_report([])
    assert [v.label for v in report.regions.missing] == list(REGIONS)
    assert len(report.sdgs.missing) == 17
    assert all(d.few == () for d in report.dimensions)


def test_coverage_report_rejects_a_negative_threshold() -> None:
    with pytest.raises(ValueError, match="threshold"):
        coverage_report(CASES, -1)


def test_coverage_markdown_has_a_row_per_dimension() -> None:
    text = render_coverage_markdown(coverage_report(CASES))
    lines = text.splitlines()
    assert lines[0] == "| Dimension | No case yet | One case |"
    assert lines[2] == "| Region | Europe, Oceania | Asia (1) |"
    assert len(lines) == 2 + 5


@pytest.mark.parametrize("threshold", [0, 1, 2])
def test_coverage_markdown_is_the_pandas_table_written_without_pandas(threshold: int) -> None:
    report = coverage_report(CASES, threshold)
    assert render_coverage_markdown(report) == to_markdown_table(coverage_frame(report))


# -- headline figures and newest cases -------------------------------------------------------


def make_course(slug: str, status: str) -> Course:
    return Course(
        slug, f"content/courses/{slug}/index.md", "A course", "Summary", "beginner",
        ("students",), "en", "Provider", (), (), "CC-BY-4.0", status, False, "", RenderedText(""), (),
    )  # fmt: skip


def make_guideline(slug: str, status: str) -> Guideline:
    return Guideline(
        slug, f"content/guidelines/{slug}.md", "A guideline", "Summary", "capacity-building",
        ("policymakers",), (), (), status, date(2025, 1, 1), False, "", RenderedText(""),
    )  # fmt: skip


def test_headline_figures_count_published_items_only() -> None:
    draft = make_case("e", status="draft", countries=("FR",), sectors=("health",))
    collection = Collection(
        root=Path("content"),
        cases=(*CASES, draft),
        courses=(make_course("one", "published"), make_course("two", "draft")),
        guidelines=(
            make_guideline("g1", "published"),
            make_guideline("g2", "published"),
            make_guideline("g3", "draft"),
        ),
    )
    assert headline_figures(collection) == Figures(
        cases=4, countries=6, regions=3, sectors=3, technologies=4, courses=1, guidelines=2
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (10, ["updated-late", "b-tie", "c-tie", "submitted-only", "oldest"]),
        (2, ["updated-late", "b-tie"]),
        (0, []),
    ],
)
def test_newest_cases_by_last_change_then_slug(n: int, expected: list[str]) -> None:
    cases = [
        make_case("oldest", submitted=date(2024, 1, 1)),
        make_case("c-tie", submitted=date(2025, 3, 1)),
        make_case("updated-late", submitted=date(2023, 1, 1), updated=date(2025, 6, 1)),
        make_case("b-tie", submitted=date(2025, 1, 1), updated=date(2025, 3, 1)),
        make_case("submitted-only", submitted=date(2025, 2, 1)),
    ]
    assert [c.slug for c in newest_cases(cases, n)] == expected


# -- Markdown tables -------------------------------------------------------------------------


def test_markdown_table_shows_a_named_index_and_right_aligns_numbers() -> None:
    assert to_markdown_table(summary_table(CASES, "stage")) == (
        "| Stage | Cases |\n"
        "| --- | ---: |\n"
        "| Pilot | 2 |\n"
        "| Scaling | 1 |\n"
        "| Mature | 1 |\n"
        "| Total | 4 |\n"
    )


def test_markdown_table_hides_a_default_index_and_blanks_missing_numbers() -> None:
    frame = pd.DataFrame({"Name": ["a", "b"], "Value": [1.0, math.nan], "Share": [0.5, 2.0]})
    assert to_markdown_table(frame) == (
        "| Name | Value | Share |\n| --- | ---: | ---: |\n| a | 1 | 0.5 |\n| b |  | 2 |\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a&#124;b"),
        ("<b>", "&#60;b&#62;"),
        ("R&D", "R&amp;D"),
        ("&amp;", "&amp;amp;"),
        ("one\ntwo\r\nthree", "one two three"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript&#58;alert(1))"),
        ("{: onclick=x }", "&#123;&#58; onclick&#61;x &#125;"),
        ("`code|span`", "&#96;code&#124;span&#96;"),
        ("back\\|slash", "back&#92;&#124;slash"),
        ("**bold** _it_", "&#42;&#42;bold&#42;&#42; &#95;it&#95;"),
        ("SDG 9 — Industry, Innovation", "SDG 9 — Industry, Innovation"),
    ],
)
def test_markdown_cells_are_escaped(text: str, escaped: str) -> None:
    assert escape_markdown_cell(text) == escaped


def rendered_cells(table: str) -> list[str]:
    html = markdown.markdown(table, extensions=["tables", "attr_list", "md_in_html"])
    root = ET.fromstring(f"<root>{html}</root>")
    assert root.find(".//script") is None
    assert root.find(".//a") is None
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)
    return ["".join(cell.itertext()) for cell in root.iter("td")]


@pytest.mark.parametrize(
    "title",
    [
        HOSTILE,
        "a | b | c",
        "[click](javascript:alert(1))",
        'Pipes {: onclick="alert(1)" }',
        "`a|b` \\| **not bold** <img src=x onerror=alert(1)>",
    ],
)
def test_hostile_text_renders_as_itself_in_one_cell(title: str) -> None:
    frame = outcomes_table(
        [make_case("hostile", title=title, outcomes=(Outcome(title, 1, "units"),))]
    )
    cells = rendered_cells(to_markdown_table(frame))
    assert cells == [title, "Kenya", title, "", "1", "units", ""]


def test_outcomes_summary_counts_reporting_cases_and_outcomes_once_in_the_total() -> None:
    from casebook.aggregate import outcomes_summary

    two = (Outcome("Users", 10, "people"), Outcome("Sales", 5, "USD"))
    cases = [
        make_case("a", countries=("KE", "CN"), outcomes=two),
        make_case("b", countries=("KE",), outcomes=(Outcome("Users", 3, "people"),)),
        make_case("c", countries=("BR",), outcomes=()),
    ]
    table = outcomes_summary(cases, "region")
    assert table.column_titles == ("Cases reporting outcomes", "Outcomes reported")
    assert table.rows == (("Africa", (2, 3)), ("Asia", (1, 2)), ("Total", (2, 3)))


def test_m49_regions_are_country_converters_table() -> None:
    # Read as text (without importing country_converter, which imports pandas): the same
    # table as pandas reads it, with Namibia's "NA" a code rather than a missing value.
    import country_converter

    from casebook.vocabularies import _m49_table, country

    frame = pd.read_csv(
        Path(country_converter.__file__).with_name("country_data.tsv"),
        sep="\t",
        keep_default_na=False,
        usecols=["ISO2", "continent", "UNregion"],
    )
    expected = {
        code: ({"America": "Americas"}.get(continent, continent), subregion)
        for code, continent, subregion in frame.itertuples(index=False)
    }
    assert _m49_table() == expected
    assert (country("NA").region, country("NA").subregion) == ("Africa", "Southern Africa")
    assert country("KE").subregion == "Eastern Africa"
