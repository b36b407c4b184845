"""Charts as data tables with bars: the numbers are text, bars scale, nothing is inline-styled."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from factories import make_case

from casebook.charts import BAR_UNITS, EMPTY_MESSAGE, bar_chart_html, charts_for

REGIONS = [("Africa", 9), ("Asia", 5), ("Europe", 0), ("Oceania", 1)]


def parse(chart: str) -> ET.Element:
    return ET.fromstring(chart)  # one element of well-formed markup


def rows(table: ET.Element) -> list[tuple[str, str]]:
    """(row header, number) of every body row: what a screen reader reads as the table."""
    return [
        ("".join(row.find("th").itertext()), row.findall("td")[-1].text or "")  # type: ignore[union-attr]
        for row in table.find("tbody")  # type: ignore[union-attr]
    ]


def fills(table: ET.Element) -> list[int]:
    return [
        int(rect.get("width", "-1"))
        for rect in table.iter("rect")
        if rect.get("class") == "casebook-bars__fill"
    ]


def test_a_chart_is_a_captioned_table_of_its_values() -> None:
    table = parse(bar_chart_html("Cases per region", REGIONS, label_title="Region"))
    assert table.tag == "table" and table.get("class") == "casebook-bars"
    assert "".join(table.find("caption").itertext()) == "Cases per region"  # type: ignore[union-attr]
    assert rows(table) == [(label, str(value)) for label, value in REGIONS]
    headers = [th.text for th in table.iter("th") if th.get("scope") == "col"]
    assert headers == ["Region", "Cases"]
    assert all(th.get("scope") == "row" for th in table.find("tbody").iter("th"))  # type: ignore[union-attr]


def test_bars_are_decorative_and_the_largest_fills_the_track() -> None:
    chart = bar_chart_html("Cases per region", REGIONS)
    table = parse(chart)
    assert fills(table) == [BAR_UNITS, round(BAR_UNITS * 5 / 9), 0, round(BAR_UNITS / 9)]
    svgs = list(table.iter("svg"))
    assert len(svgs) == len(REGIONS)
    assert all(svg.get("aria-hidden") == "true" for svg in svgs)


def test_no_style_attribute_and_no_fixed_size() -> None:
    chart = bar_chart_html("Cases per region", REGIONS)
    assert "style=" not in chart  # a strict Content-Security-Policy refuses inline styles
    assert not re.search(r'<(svg|table)[^>]* (width|height)="', chart)


def test_labels_titles_and_notes_are_escaped() -> None:
    chart = bar_chart_html('<b>"x"</b>', [("<script>", 1)], description="a & b")
    assert "<script>" not in chart and "<b>" not in chart
    assert "&lt;script&gt;" in chart and "a &amp; b" in chart
    parse(chart)


def test_without_data_the_chart_says_so() -> None:
    table = parse(bar_chart_html("Cases per year", []))
    assert EMPTY_MESSAGE in "".join(table.itertext())


def test_a_description_follows_the_title() -> None:
    table = parse(bar_chart_html("Cases per year", [("2020", 1)], description="Start years."))
    assert "".join(table.find("caption").itertext()) == "Cases per year Start years."  # type: ignore[union-attr]


def test_charts_for_gives_the_three_standard_charts() -> None:
    cases = [
        make_case("a", countries=("KE",), sdgs=(8, 9), year=2018),
        make_case("b", countries=("IN", "KE"), sdgs=(8,), year=2021),
    ]
    charts = charts_for(cases)
    assert list(charts) == ["sdg", "region", "year"]
    sdg, region, year = (parse(charts[key]) for key in ("sdg", "region", "year"))
    assert len(rows(sdg)) == 17
    assert ("SDG 8 — Decent Work and Economic Growth", "2") in rows(sdg)
    assert ("SDG 1 — No Poverty", "0") in rows(sdg)
    assert rows(region) == [
        ("Africa", "2"),
        ("Americas", "0"),
        ("Asia", "1"),
        ("Europe", "0"),
        ("Oceania", "0"),
    ]
    assert rows(year) == [("2018", "1"), ("2019", "0"), ("2020", "0"), ("2021", "1")]


def test_charts_for_no_cases_lists_the_regions_at_zero() -> None:
    charts = charts_for([])
    assert EMPTY_MESSAGE in "".join(parse(charts["year"]).itertext())
    assert ("Africa", "0") in rows(parse(charts["region"]))
