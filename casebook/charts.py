"""Charts as data tables with bars: no JavaScript, no network, no plotting library.

A chart is an HTML ``<table>``: its caption names it, each row is a label (a row header), a bar
and the number. So the chart *is* its data table and its text alternative, its labels are page
text at body size on any screen, and it fills the content width. Each bar is a tiny inline SVG
(decorative, ``aria-hidden``) whose rectangle is sized by SVG attributes, not a ``style``
attribute, which a strict Content-Security-Policy would refuse. Colours come from the
stylesheet (``casebook.css``: the site's primary colour, 6.6:1 on white).

Earlier the charts were one SVG image each, drawn 640 units wide: scaled to a phone, its 13-unit
labels were 7 pixels high.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from casebook import i18n
from casebook.aggregate import value_counts
from casebook.cases import Case
from casebook.i18n import N_, _

EMPTY_MESSAGE = N_("No cases yet.")  # shown as _(EMPTY_MESSAGE)
# The SVG bar's coordinate width: a bar of value v is v / largest of it.
BAR_UNITS = 1000


def _bar(value: int, largest: int) -> str:
    width = round(BAR_UNITS * value / largest) if largest > 0 else 0
    return (
        f'<svg class="casebook-bars__svg" viewBox="0 0 {BAR_UNITS} 10" '
        'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        f'<rect class="casebook-bars__track" width="{BAR_UNITS}" height="10"/>'
        f'<rect class="casebook-bars__fill" width="{width}" height="10"/></svg>'
    )


def bar_chart_html(
    title: str,
    data: Sequence[tuple[str, int]],
    description: str | None = None,
    *,
    label_title: str = "",
    value_title: str | None = None,
) -> str:
    """A bar per ``(label, value)`` in the given order; the longest bar is the largest value.
    ``description`` (plain text) follows the title in the caption; ``label_title`` and
    ``value_title`` (by default "Cases") head the label and number columns. One line of
    HTML."""
    if value_title is None:
        value_title = _("Cases")
    rows = [(str(label), int(value)) for label, value in data]
    caption = f"<strong>{escape(title)}</strong>"
    if description:
        caption += f' <span class="casebook-bars__note">{escape(description)}</span>'
    head = (
        f'<table class="casebook-bars"><caption>{caption}</caption>'
        '<thead><tr><th scope="col">'
        f'{escape(label_title)}</th><td aria-hidden="true"></td>'
        f'<th scope="col" class="casebook-bars__value">{escape(value_title)}</th></tr></thead>'
    )
    if not rows:
        empty = escape(_(EMPTY_MESSAGE))
        return head + f'<tbody><tr><td colspan="3">{empty}</td></tr></tbody></table>'
    largest = max(value for _, value in rows)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td class="casebook-bars__bar">{_bar(value, largest)}</td>'
        f'<td class="casebook-bars__value">{i18n.number(value)}</td></tr>'
        for label, value in rows
    )
    return f"{head}<tbody>{body}</tbody></table>"


def charts_for(cases: Sequence[Case]) -> dict[str, str]:
    """The three standard charts: ``sdg`` (all 17 goals), ``region`` (the five UN M49
    regions) and ``year`` (every year from the first case's start to the last's)."""
    return {
        "sdg": bar_chart_html(
            _("Cases per SDG"), value_counts(cases, "sdg", every_value=True), label_title=_("Goal")
        ),
        "region": bar_chart_html(
            _("Cases per region"),
            value_counts(cases, "region", every_value=True),
            label_title=_("Region"),
        ),
        "year": bar_chart_html(
            _("Cases per starting year"),
            value_counts(cases, "year", every_value=True),
            description=_("Each case counts in the year its initiative started."),
            label_title=_("Year"),
        ),
    }
