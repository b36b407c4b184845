"""Static SVG charts: accessible, escaped, scalable, and honest with no data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import pytest
from factories import make_case

from casebook.charts import (
    EMPTY_MESSAGE,
    WIDTH,
    bar_chart_svg,
    charts_for,
    column_chart_svg,
    text_alternative,
)

SVG = "{http://www.w3.org/2000/svg}"
Chart = Callable[..., str]
CHARTS = [pytest.param(bar_chart_svg, id="bar"), pytest.param(column_chart_svg, id="column")]
REGIONS = [("Africa", 9), ("Asia", 5), ("Europe", 0), ("Oceania", 1)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}rect")


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") == css_class]


def description(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    return desc.text or ""


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_is_an_accessible_image(chart: Chart) -> None:
    root = parse(chart("Cases per region", REGIONS))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Cases per region"
    assert desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert description(root) == "Cases per region: Africa 9, Asia 5, Europe 0, Oceania 1."


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_scale_from_a_fixed_width_view_box(chart: Chart) -> None:
    root = parse(chart("Cases", REGIONS))
    view_box = root.get("viewBox", "").split()
    assert view_box[:3] == ["0", "0", str(WIDTH)]
    assert int(view_box[3]) > 0
    assert root.get("width") == "100%"
    assert root.get("height") is None


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_paint_with_the_text_colour_only(chart: Chart) -> None:
    svg = chart("Cases", REGIONS)
    root = parse(svg)
    paints = {
        element.get(attribute)
        for element in root.iter()
        for attribute in ("fill", "stroke")
        if element.get(attribute) is not None
    }
    assert paints == {"currentColor"}
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(|hsl\(", svg)


@pytest.mark.parametrize("chart", CHARTS)
def test_a_bar_per_value_in_order_with_the_largest_filling_the_track(chart: Chart) -> None:
    root = parse(chart("Cases", REGIONS))
    rects = bars(root)
    assert len(rects) == len(REGIONS)
    assert [r.findtext(f"{SVG}title") for r in rects] == [
        "Africa: 9",
        "Asia: 5",
        "Europe: 0",
        "Oceania: 1",
    ]
    size = "width" if chart is bar_chart_svg else "height"
    lengths = [float(r.get(size, "nan")) for r in rects]
    assert lengths[2] == 0
    assert lengths[0] == max(lengths)
    assert lengths[1] / lengths[0] == pytest.approx(5 / 9, abs=0.01)
    assert texts(root, "casebook-chart-label") == ["Africa", "Asia", "Europe", "Oceania"]


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("data", [[], [("Africa", 0), ("Asia", 0)]], ids=["no-data", "all-zero"])
def test_charts_render_without_cases(chart: Chart, data: Sequence[tuple[str, int]]) -> None:
    root = parse(chart("Cases per region", data))
    if data:
        assert all(
            float(r.get("width", "1")) * float(r.get("height", "1")) == 0 for r in bars(root)
        )
    else:
        assert bars(root) == []
        assert texts(root, "casebook-chart-empty") == [EMPTY_MESSAGE]
        assert description(root) == f"Cases per region: {EMPTY_MESSAGE}."


@pytest.mark.parametrize("chart", CHARTS)
def test_labels_and_titles_are_escaped(chart: Chart) -> None:
    hostile = '<script>alert("x")</script> & co'
    svg = chart(hostile, [(hostile, 3)], description=hostile)
    assert "<script" not in svg
    root = parse(svg)
    assert root.findtext(f"{SVG}title") == hostile
    assert texts(root, "casebook-chart-label") == [hostile]
    assert description(root) == f"{hostile} {hostile}: {hostile} 3."


@pytest.mark.parametrize("chart", CHARTS)
def test_characters_xml_cannot_carry_are_dropped(chart: Chart) -> None:
    root = parse(chart("Cases\x01", [("Bad\x0bLabel", 1)]))
    assert root.findtext(f"{SVG}title") == "Cases"
    assert texts(root, "casebook-chart-label") == ["BadLabel"]


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_deterministic_and_ids_differ_between_charts(chart: Chart) -> None:
    assert chart("Cases", REGIONS) == chart("Cases", REGIONS)
    first = parse(chart("Cases per region", REGIONS)).get("aria-labelledby")
    second = parse(chart("Cases per SDG", REGIONS)).get("aria-labelledby")
    assert first != second


def test_a_description_comes_before_the_values() -> None:
    root = parse(bar_chart_svg("Cases", [("Asia", 2)], description="Counted by start year."))
    assert description(root) == "Counted by start year. Cases: Asia 2."


def test_long_bar_labels_are_shortened_on_screen_but_whole_in_the_description() -> None:
    label = "An uncommonly long label " * 6
    root = parse(bar_chart_svg("Cases", [(label, 1)]))
    shown = texts(root, "casebook-chart-label")[0]
    assert shown.endswith("…") and len(shown) <= 80
    assert label in description(root)


@pytest.mark.parametrize(("years", "upright"), [(5, False), (37, True)])
def test_column_labels_turn_upright_when_columns_are_narrow(years: int, upright: bool) -> None:
    data = [(str(2000 + i), i % 3) for i in range(years)]
    root = parse(column_chart_svg("Cases per year", data))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "casebook-chart-label"]
    assert len(labels) == years
    assert all(("transform" in t.attrib) is upright for t in labels)


def test_text_alternative_lists_every_value() -> None:
    assert text_alternative("Cases per year", [("2020", 2), ("2021", 0)]) == (
        "Cases per year: 2020 2, 2021 0."
    )


def test_charts_for_gives_the_three_standard_charts() -> None:
    cases = [
        make_case("a", countries=("KE",), sdgs=(8, 9), year=2018),
        make_case("b", countries=("IN", "KE"), sdgs=(8,), year=2021),
    ]
    charts = charts_for(cases)
    assert list(charts) == ["sdg", "region", "year"]
    sdg, region, year = (parse(charts[key]) for key in ("sdg", "region", "year"))
    assert len(bars(sdg)) == 17
    assert "SDG 8 — Decent Work and Economic Growth 2" in description(sdg)
    assert "SDG 1 — No Poverty 0" in description(sdg)
    assert description(region) == (
        "Cases per region: Africa 2, Americas 0, Asia 1, Europe 0, Oceania 0."
    )
    assert texts(year, "casebook-chart-label") == ["2018", "2019", "2020", "2021"]
    assert "2019 0, 2020 0, 2021 1." in description(year)


def test_charts_for_no_cases_says_so() -> None:
    charts = charts_for([])
    assert EMPTY_MESSAGE in description(parse(charts["year"]))
    assert "Africa 0" in description(parse(charts["region"]))
