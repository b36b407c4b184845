"""Static SVG charts, made in Python: no JavaScript, no network, no plotting library.

Every chart is an accessible image: ``role="img"``, a ``<title>`` naming it and a ``<desc>``
listing every value, so a screen reader (or a reader of the page source) gets the whole chart
as text. Bars and text are painted with ``currentColor`` and carry ``casebook-chart-*``
classes, so a chart takes the page's text colour (light or dark theme) and a stylesheet may
restyle it. The viewBox has a fixed width and the root no fixed size, so it scales to its box.

The SVG is one line: put it on its own line inside a block element (``<figure>``, ``<div>``)
so Markdown passes it through untouched.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from casebook.aggregate import value_counts
from casebook.cases import Case

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 640
EMPTY_MESSAGE = "No cases yet"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Horizontal bars: the label sits above its bar, so long labels ("SDG 9 — Industry,
# Innovation and Infrastructure") keep the full width instead of squeezing the bars.
MARGIN = 8
TITLE_HEIGHT = 28
BAR_ROW_HEIGHT = 38
BAR_THICKNESS = 14
VALUE_SPACE = 48  # room right of the longest bar for its number
MAX_LABEL_CHARACTERS = 80  # about what fits in the width at 13px; <desc> keeps the full text

# Columns: a plot area with the year under each column.
COLUMN_PLOT_HEIGHT = 180
COLUMN_VALUE_SPACE = 18
MIN_WIDTH_FOR_VALUES = 16  # narrower columns leave their numbers to <desc> and the tooltips
MIN_WIDTH_FOR_LEVEL_LABELS = 36  # narrower columns turn their labels upright

# Characters XML 1.0 cannot carry at all (a YAML "\x01" escape could put one in a title).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def text_alternative(title: str, data: Sequence[tuple[str, int]]) -> str:
    """``"Cases per region: Africa 9, Asia 5."``, or ``"...: No cases yet."``."""
    if not data:
        return f"{title}: {EMPTY_MESSAGE}."
    return f"{title}: " + ", ".join(f"{label} {value}" for label, value in data) + "."


def _chart_id(kind: str, title: str, data: Sequence[tuple[str, int]]) -> str:
    # Stable across builds, distinct for different charts on one page.
    digest = hashlib.sha256(repr((kind, title, tuple(data))).encode("utf-8")).hexdigest()
    return f"casebook-chart-{digest[:10]}"


def _svg_root(
    kind: str,
    title: str,
    data: Sequence[tuple[str, int]],
    description: str | None,
    height: int,
) -> ET.Element:
    chart_id = _chart_id(kind, title, data)
    alternative = text_alternative(title, data)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title",
            "aria-describedby": f"{chart_id}-desc",
            "class": f"casebook-chart-svg casebook-chart-svg--{kind}",
            "font-family": FONT,
            "font-size": "13",
            "fill": "currentColor",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = _clean(title)
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = _clean(
        f"{description} {alternative}" if description else alternative
    )
    heading = ET.SubElement(
        svg,
        "text",
        {"x": str(MARGIN), "y": "18", "font-weight": "bold", "class": "casebook-chart-heading"},
    )
    heading.text = _clean(title)
    return svg


def _empty_message(svg: ET.Element, y: int) -> None:
    message = ET.SubElement(
        svg,
        "text",
        {
            "x": str(WIDTH // 2),
            "y": str(y),
            "text-anchor": "middle",
            "class": "casebook-chart-empty",
        },
    )
    message.text = EMPTY_MESSAGE


def _bar(svg: ET.Element, x: float, y: float, width: float, height: float, tip: str) -> None:
    rect = ET.SubElement(
        svg,
        "rect",
        {
            "x": _number(x),
            "y": _number(y),
            "width": _number(width),
            "height": _number(height),
            "class": "casebook-chart-bar",
        },
    )
    ET.SubElement(rect, "title").text = _clean(tip)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _to_string(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def bar_chart_svg(
    title: str, data: Sequence[tuple[str, int]], description: str | None = None
) -> str:
    """Horizontal bars, one per ``(label, value)`` in the given order (cases per SDG, region)."""
    data = [(label, int(value)) for label, value in data]
    top = TITLE_HEIGHT + MARGIN
    height = top + max(len(data), 1) * BAR_ROW_HEIGHT + MARGIN
    svg = _svg_root("bar", title, data, description, height)
    if not data:
        _empty_message(svg, top + BAR_ROW_HEIGHT // 2)
        return _to_string(svg)
    largest = max(value for _, value in data)
    track = WIDTH - 2 * MARGIN - VALUE_SPACE
    for row, (label, value) in enumerate(data):
        y = top + row * BAR_ROW_HEIGHT
        text = ET.SubElement(
            svg, "text", {"x": str(MARGIN), "y": str(y + 13), "class": "casebook-chart-label"}
        )
        text.text = _clean(_shorten(label, MAX_LABEL_CHARACTERS))
        bar_width = track * value / largest if largest > 0 else 0.0
        bar_y = y + 18
        _bar(svg, MARGIN, bar_y, bar_width, BAR_THICKNESS, f"{label}: {value}")
        figure = ET.SubElement(
            svg,
            "text",
            {
                "x": _number(MARGIN + bar_width + 6),
                "y": str(bar_y + BAR_THICKNESS - 2),
                "class": "casebook-chart-value",
            },
        )
        figure.text = str(value)
    return _to_string(svg)


def column_chart_svg(
    title: str, data: Sequence[tuple[str, int]], description: str | None = None
) -> str:
    """Vertical columns, one per ``(label, value)`` in the given order (cases per year)."""
    data = [(label, int(value)) for label, value in data]
    plot_top = TITLE_HEIGHT + MARGIN + COLUMN_VALUE_SPACE
    plot_left, plot_right = MARGIN, WIDTH - MARGIN
    slot = (plot_right - plot_left) / max(len(data), 1)
    upright = slot < MIN_WIDTH_FOR_LEVEL_LABELS
    longest_label = max((len(label) for label, _ in data), default=0)
    label_space = 8 + (7 * longest_label if upright else 14)
    baseline = plot_top + COLUMN_PLOT_HEIGHT
    height = baseline + label_space + MARGIN
    svg = _svg_root("column", title, data, description, height)
    ET.SubElement(
        svg,
        "line",
        {
            "x1": str(plot_left),
            "y1": str(baseline),
            "x2": str(plot_right),
            "y2": str(baseline),
            "stroke": "currentColor",
            "class": "casebook-chart-axis",
        },
    )
    if not data:
        _empty_message(svg, plot_top + COLUMN_PLOT_HEIGHT // 2)
        return _to_string(svg)
    largest = max(value for _, value in data)
    column_width = slot * 0.7
    for index, (label, value) in enumerate(data):
        centre = plot_left + slot * (index + 0.5)
        column_height = COLUMN_PLOT_HEIGHT * value / largest if largest > 0 else 0.0
        _bar(
            svg,
            centre - column_width / 2,
            baseline - column_height,
            column_width,
            column_height,
            f"{label}: {value}",
        )
        if slot >= MIN_WIDTH_FOR_VALUES:
            figure = ET.SubElement(
                svg,
                "text",
                {
                    "x": _number(centre),
                    "y": _number(baseline - column_height - 4),
                    "text-anchor": "middle",
                    "class": "casebook-chart-value",
                },
            )
            figure.text = str(value)
        label_y = baseline + 16
        attributes = {
            "x": _number(centre),
            "y": str(label_y),
            "text-anchor": "middle",
            "class": "casebook-chart-label",
        }
        if upright:
            attributes |= {
                "y": str(baseline + 8),
                "text-anchor": "end",
                "dominant-baseline": "middle",
                "transform": f"rotate(-90 {_number(centre)} {baseline + 8})",
            }
        ET.SubElement(svg, "text", attributes).text = _clean(label)
    return _to_string(svg)


def charts_for(cases: Sequence[Case]) -> dict[str, str]:
    """The three standard charts: ``sdg`` (all 17 goals), ``region`` (the five UN M49
    regions) and ``year`` (every year from the first case's start to the last's)."""
    return {
        "sdg": bar_chart_svg("Cases per SDG", value_counts(cases, "sdg", every_value=True)),
        "region": bar_chart_svg(
            "Cases per region", value_counts(cases, "region", every_value=True)
        ),
        "year": column_chart_svg(
            "Cases per starting year",
            value_counts(cases, "year", every_value=True),
            description="Each case counts in the year its initiative started.",
        ),
    }
