"""Counts and tables over cases: pure functions, no writing.

Callers pass the cases to count (normally ``Collection.published_cases``). Every function here
takes plain sequences and returns values or pandas DataFrames; turning them into pages, charts
or files is the job of ``casebook.charts``, ``casebook.export`` and the macro layer. pandas is
imported by the functions that return DataFrames: the site build uses the one-pass counters
(``count_table``, tested equal to ``summary_table``), and importing pandas costs a quarter of a
second on every build.

Cases are multi-valued (a case has several countries, sectors, SDGs...). A case therefore
counts once in *each* value it has, and a "Total" is always a count of distinct cases, never
the sum of the cells above it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from casebook import i18n
from casebook.cases import Case
from casebook.i18n import N_, _
from casebook.vocabularies import countries, country, vocabulary

if TYPE_CHECKING:
    import pandas as pd

    from casebook.collection import Collection

TOTAL = N_("Total")  # shown as _(TOTAL): in the language being built
CASES_COLUMN = N_("Cases")

# The five UN M49 regions people live in; Antarctica has no cases to tell.
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
# What ``casebook.vocabularies`` calls the region and sub-region of a country UN M49 leaves
# out; ``casebook.i18n.region_name`` shows them translated, the catalogue learns them here.
UNKNOWN_PLACES = (N_("Unknown region"), N_("Unknown sub-region"))

Value = str | int


@dataclass(frozen=True)
class Dimension:
    """One way of grouping cases: how to read a case's values, label and order them."""

    name: str
    title: str
    values_of: Callable[[Case], tuple[Value, ...]]
    label: Callable[[Value], str]
    every_value: Callable[[], tuple[Value, ...]]  # every value the dimension knows, in order
    sort_key: Callable[[Value], tuple[int, str]]


def _vocabulary_dimension(
    name: str, vocabulary_name: str, values_of: Callable[[Case], tuple[Value, ...]]
) -> Dimension:
    terms = vocabulary(vocabulary_name).terms

    def sort_key(value: Value) -> tuple[int, str]:
        # Terms outside the vocabulary cannot reach a validated case; they sort last anyway.
        return (terms.index(str(value)) if value in terms else len(terms), str(value))

    return Dimension(
        name=name,
        title=i18n.vocabulary_title(vocabulary_name),
        values_of=values_of,
        label=lambda value: i18n.label(vocabulary_name, value),
        every_value=lambda: terms,
        sort_key=sort_key,
    )


def sdg_label(goal: Value) -> str:
    """``"SDG 9 — Industry, Innovation and Infrastructure"``."""
    return _("SDG {goal} — {title}").format(goal=goal, title=i18n.sdg_title(int(goal)))


def _region_position(region: str) -> int:
    return REGIONS.index(region) if region in REGIONS else len(REGIONS)


@cache
def _subregion_positions() -> dict[str, int]:
    # A few territories put a sub-region under a second region (Christmas Island is
    # "Australia and New Zealand" in Asia): a sub-region sorts with its first region.
    positions: dict[str, int] = {}
    for entry in countries().values():
        position = _region_position(entry.region)
        if position < len(REGIONS):
            positions[entry.subregion] = min(position, positions.get(entry.subregion, position))
    return positions


def _subregion_sort_key(value: Value) -> tuple[int, str]:
    return (_subregion_positions().get(str(value), len(REGIONS)), str(value))


def _country_sort_key(value: Value) -> tuple[int, str]:
    return (0, i18n.country_name(str(value)).casefold())


def _all_countries() -> tuple[Value, ...]:
    return tuple(sorted(countries(), key=_country_sort_key))


def _all_subregions() -> tuple[Value, ...]:
    return tuple(sorted(_subregion_positions(), key=_subregion_sort_key))


def _subregions_of(case: Case) -> tuple[Value, ...]:
    return tuple(dict.fromkeys(country(code).subregion for code in case.countries))


def _numeric_sort_key(value: Value) -> tuple[int, str]:
    return (int(value), str(value))


DIMENSIONS = (
    "region",
    "subregion",
    "country",
    "sector",
    "technology",
    "sdg",
    "organization_type",
    "stage",
    "year",
    "challenge",
)


def dimensions() -> dict[str, Dimension]:
    """Every dimension by name, in the order of ``DIMENSIONS``, titled and labelled in the
    language being built."""
    return _dimensions(i18n.active())


def _region_label(value: Value) -> str:
    return i18n.region_name(str(value))


@cache
def _dimensions(language: str) -> dict[str, Dimension]:
    every = [
        Dimension(
            name="region",
            title=_("Region"),
            values_of=lambda case: case.regions,
            label=_region_label,
            every_value=lambda: REGIONS,
            sort_key=lambda value: (_region_position(str(value)), str(value)),
        ),
        Dimension(
            name="subregion",
            title=_("Sub-region"),
            values_of=_subregions_of,
            label=_region_label,
            every_value=_all_subregions,
            sort_key=_subregion_sort_key,
        ),
        Dimension(
            name="country",
            title=_("Country"),
            values_of=lambda case: case.countries,
            label=lambda value: i18n.country_name(str(value)),
            every_value=_all_countries,
            sort_key=_country_sort_key,
        ),
        _vocabulary_dimension("sector", "sector", lambda case: case.sectors),
        _vocabulary_dimension("technology", "technology", lambda case: case.technologies),
        Dimension(
            name="sdg",
            title=_("SDG"),
            values_of=lambda case: case.sdgs,
            label=sdg_label,
            every_value=lambda: tuple(range(1, 18)),
            sort_key=_numeric_sort_key,
        ),
        _vocabulary_dimension(
            "organization_type", "organization-type", lambda case: (case.organization_type,)
        ),
        _vocabulary_dimension("stage", "stage", lambda case: (case.stage,)),
        Dimension(
            name="year",
            title=_("Year"),
            values_of=lambda case: (case.year,),
            label=str,
            # Years have no vocabulary; ``value_counts`` fills the range between cases instead.
            every_value=lambda: (),
            sort_key=_numeric_sort_key,
        ),
        _vocabulary_dimension("challenge", "challenge", lambda case: case.challenges),
    ]
    return {d.name: d for d in every}


def dimension(name: str) -> Dimension:
    """The dimension called ``name``; a ``ValueError`` naming the valid ones otherwise."""
    try:
        return dimensions()[name]
    except KeyError:
        raise ValueError(
            f"unknown dimension '{name}': use one of {', '.join(DIMENSIONS)}"
        ) from None


# -- the long table --------------------------------------------------------------------------

FRAME_COLUMNS = ("slug", "dimension", "value", "label", "order")


def cases_frame(cases: Sequence[Case]) -> pd.DataFrame:
    """A tidy long table: one row per (case, dimension, value).

    Columns: ``slug``, ``dimension`` (a name from ``DIMENSIONS``), ``value`` (the raw term,
    code, goal or year), ``label`` (its display label) and ``order`` (its rank within the
    dimension, so sorting by ``order`` gives vocabulary order and years ascending).
    """
    import pandas as pd

    rows: list[tuple[str, str, Value, str, int]] = []
    for name in DIMENSIONS:
        spec = dimensions()[name]
        present = {value for case in cases for value in spec.values_of(case)}
        rank = {value: i for i, value in enumerate(sorted(present, key=spec.sort_key))}
        for case in cases:
            for value in spec.values_of(case):
                rows.append((case.slug, name, value, spec.label(value), rank[value]))
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def _members(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.loc[frame["dimension"] == name, ["slug", "order", "label"]]


def _distinct_cases_by_label(members: pd.DataFrame) -> pd.Series:
    """Distinct cases per label, in ``order``."""
    import pandas as pd

    if members.empty:
        return pd.Series([], index=pd.Index([], dtype=object), dtype="int64")
    counts = members.groupby(["order", "label"], sort=True)["slug"].nunique()
    return counts.droplevel("order")


def summary_table(cases: Sequence[Case], rows: str, columns: str | None = None) -> pd.DataFrame:
    """Count cases by one dimension, or cross-tabulate them by two.

    One dimension: a ``Cases`` column, one row per value present, and a ``Total`` row.
    Two dimensions: one column per value of ``columns``, plus a ``Total`` column and row.
    A case counts once in every cell its values reach, so cells may add up to more than the
    total: ``Total`` counts *distinct* cases in its row or column (the corner, distinct cases in
    the whole table). Only cases with a value in both dimensions appear in a cross-table (only
    ``challenge`` may be empty). Rows and columns carry display labels, in vocabulary order.

    >>> summary_table(cases, "region")                    # doctest: +SKIP
    >>> summary_table(cases, "sector", "region")          # doctest: +SKIP
    """
    import pandas as pd

    row_dimension = dimension(rows)
    column_dimension = dimension(columns) if columns is not None else None
    frame = cases_frame(cases)
    left = _members(frame, row_dimension.name)

    if column_dimension is None:
        table = _distinct_cases_by_label(left).to_frame(_(CASES_COLUMN))
        table.loc[_(TOTAL)] = left["slug"].nunique()
        table.index.name = row_dimension.title
        return table.astype("int64")

    right = _members(frame, column_dimension.name)
    pairs = left.merge(right, on="slug", suffixes=("_row", "_column"))
    row_totals = _distinct_cases_by_label(_side(pairs, "_row"))
    column_totals = _distinct_cases_by_label(_side(pairs, "_column"))
    cells = (
        pairs.groupby(["label_row", "label_column"])["slug"].nunique().unstack(fill_value=0)
        if not pairs.empty
        else pd.DataFrame()
    )
    # The totals are already in vocabulary order: lay the cells out the same way.
    table = cells.reindex(index=row_totals.index, columns=column_totals.index, fill_value=0)
    table[_(TOTAL)] = row_totals
    table.loc[_(TOTAL)] = [*column_totals.tolist(), pairs["slug"].nunique()]
    table.index.name = row_dimension.title
    table.columns.name = column_dimension.title
    return table.astype("int64")


def _side(pairs: pd.DataFrame, suffix: str) -> pd.DataFrame:
    """One dimension's half of the merged pairs, with the plain column names."""
    columns = ["slug", f"order{suffix}", f"label{suffix}"]
    return pairs[columns].set_axis(["slug", "order", "label"], axis=1)


@dataclass(frozen=True)
class CountTable:
    """``summary_table``'s numbers without pandas: one ``(label, counts)`` per row, the last
    row ``Total``; ``counts`` follow ``column_titles`` (``Cases``, or one per value of the
    column dimension and then ``Total``)."""

    row_title: str
    column_titles: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def count_table(cases: Sequence[Case], rows: str, columns: str | None = None) -> CountTable:
    """The same counts as ``summary_table(cases, rows, columns)``, with the same labels, order
    and distinct-case totals, in one pass over the cases: cheap enough to run once for every
    page of the site that shows a summary."""
    row_dimension = dimension(rows)
    column_dimension = dimension(columns) if columns is not None else None
    row_counts: Counter[Value] = Counter()
    column_counts: Counter[Value] = Counter()
    cells: Counter[tuple[Value, Value]] = Counter()
    total = 0
    for case in cases:
        row_values = set(row_dimension.values_of(case))
        column_values = set(column_dimension.values_of(case)) if column_dimension else {0}
        if not row_values or not column_values:
            continue  # a cross-table counts only cases with a value on both sides
        total += 1
        row_counts.update(row_values)
        if column_dimension is not None:
            column_counts.update(column_values)
            cells.update((r, c) for r in row_values for c in column_values)
    ordered_rows = sorted(row_counts, key=row_dimension.sort_key)
    if column_dimension is None:
        return CountTable(
            row_dimension.title,
            (_(CASES_COLUMN),),
            (
                *((row_dimension.label(v), (row_counts[v],)) for v in ordered_rows),
                (_(TOTAL), (total,)),
            ),
        )
    ordered_columns = sorted(column_counts, key=column_dimension.sort_key)
    return CountTable(
        row_dimension.title,
        (*(column_dimension.label(v) for v in ordered_columns), _(TOTAL)),
        (
            *(
                (
                    row_dimension.label(r),
                    (*(cells[(r, c)] for c in ordered_columns), row_counts[r]),
                )
                for r in ordered_rows
            ),
            (_(TOTAL), (*(column_counts[c] for c in ordered_columns), total)),
        ),
    )


def value_counts(
    cases: Sequence[Case], name: str, *, every_value: bool = False
) -> tuple[tuple[str, int], ...]:
    """``(label, cases)`` per value of a dimension, in vocabulary order.

    With ``every_value``, values with no case are listed too (every SDG, region, sector...;
    for years, every year between the first and the last case, so a time axis has no gaps).
    """
    spec = dimension(name)
    counts: Counter[Value] = Counter(value for case in cases for value in spec.values_of(case))
    values: Iterable[Value] = counts
    if every_value:
        values = set(spec.every_value()) | set(counts)
        if spec.name == "year" and counts:
            years = [int(v) for v in counts]
            values = set(range(min(years), max(years) + 1))
    return tuple((spec.label(v), counts[v]) for v in sorted(values, key=spec.sort_key))


# -- outcomes --------------------------------------------------------------------------------

# Column names of the data (English in every language); a page shows _(column).
OUTCOME_COLUMNS = (
    N_("Case"),
    N_("Countries"),
    N_("Metric"),
    N_("Baseline"),
    N_("Value"),
    N_("Unit"),
    N_("Year"),
)


def outcomes_table(cases: Sequence[Case]) -> pd.DataFrame:
    """Every reported outcome, in the order of the cases and of their outcomes.

    ``Baseline`` is missing (NaN) when the case gave none, ``Year`` is a nullable integer.
    The text columns are contributed: escape them when rendering (``to_markdown_table`` does).
    """
    import pandas as pd

    rows = [
        (
            case.title,
            ", ".join(country(code).name for code in case.countries),
            outcome.metric,
            math.nan if outcome.baseline is None else float(outcome.baseline),
            float(outcome.value),
            outcome.unit,
            outcome.year,
        )
        for case in cases
        for outcome in case.outcomes
    ]
    frame = pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))
    return frame.astype(
        {
            "Case": "object",
            "Countries": "object",
            "Metric": "object",
            "Baseline": "float64",
            "Value": "float64",
            "Unit": "object",
            "Year": "Int64",
        }
    )


def outcomes_summary(cases: Sequence[Case], rows: str = "region") -> CountTable:
    """Outcomes reported, by ``rows``: how many cases report at least one outcome, and how many
    outcomes they report. The total counts each case and outcome once. (Every outcome itself is
    in the open data; one page listing them all would grow with the collection.)"""
    row_dimension = dimension(rows)
    reporting: Counter[Value] = Counter()
    outcomes: Counter[Value] = Counter()
    total_cases = total_outcomes = 0
    for case in cases:
        if not case.outcomes:
            continue
        total_cases += 1
        total_outcomes += len(case.outcomes)
        for value in set(row_dimension.values_of(case)):
            reporting[value] += 1
            outcomes[value] += len(case.outcomes)
    ordered = sorted(reporting, key=row_dimension.sort_key)
    return CountTable(
        row_dimension.title,
        (_("Cases reporting outcomes"), _("Outcomes reported")),
        (
            *((row_dimension.label(v), (reporting[v], outcomes[v])) for v in ordered),
            (_(TOTAL), (total_cases, total_outcomes)),
        ),
    )


# -- coverage --------------------------------------------------------------------------------

COVERAGE_DIMENSIONS = ("region", "sector", "sdg", "technology", "organization_type")


@dataclass(frozen=True)
class ValueCount:
    value: str  # the raw term, code or goal number, as text (for links)
    label: str
    cases: int


@dataclass(frozen=True)
class DimensionCoverage:
    dimension: str
    title: str
    missing: tuple[ValueCount, ...]  # no case at all
    few: tuple[ValueCount, ...]  # at least one case, at most the threshold


@dataclass(frozen=True)
class CoverageReport:
    """Where the collection is thin, so editors can aim the next call for cases."""

    threshold: int
    regions: DimensionCoverage
    sectors: DimensionCoverage
    sdgs: DimensionCoverage
    technologies: DimensionCoverage
    organization_types: DimensionCoverage

    @property
    def dimensions(self) -> tuple[DimensionCoverage, ...]:
        return (self.regions, self.sectors, self.sdgs, self.technologies, self.organization_types)


def _coverage(cases: Sequence[Case], name: str, threshold: int) -> DimensionCoverage:
    spec = dimension(name)
    counts: Counter[Value] = Counter(value for case in cases for value in spec.values_of(case))
    every = [ValueCount(str(v), spec.label(v), counts[v]) for v in spec.every_value()]
    return DimensionCoverage(
        dimension=name,
        title=spec.title,
        missing=tuple(v for v in every if v.cases == 0),
        few=tuple(v for v in every if 0 < v.cases <= threshold),
    )


def coverage_report(cases: Sequence[Case], threshold: int = 1) -> CoverageReport:
    """Values with no case and values with ``threshold`` cases or fewer, in vocabulary order."""
    if threshold < 0:
        raise ValueError(f"threshold must be 0 or more, got {threshold}")
    regions, sectors, sdgs, technologies, organization_types = (
        _coverage(cases, name, threshold) for name in COVERAGE_DIMENSIONS
    )
    return CoverageReport(threshold, regions, sectors, sdgs, technologies, organization_types)


def _coverage_rows(report: CoverageReport) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """(header, rows) of the coverage table: the thin values as ``label (cases)``."""
    few_header = (
        _("One case")
        if report.threshold == 1
        else _("{n} cases or fewer").format(n=i18n.number(report.threshold))
    )
    rows: list[tuple[str, ...]] = [
        (
            coverage.title,
            ", ".join(v.label for v in coverage.missing) or "—",
            ", ".join(f"{v.label} ({v.cases})" for v in coverage.few) or "—",
        )
        for coverage in report.dimensions
    ]
    return (_("Dimension"), _("No case yet"), few_header), rows


def coverage_frame(report: CoverageReport) -> pd.DataFrame:
    """The report as a table: one row per dimension, the thin values as ``label (cases)``."""
    import pandas as pd

    header, rows = _coverage_rows(report)
    return pd.DataFrame(rows, columns=list(header)).set_index(header[0])


def render_coverage_markdown(report: CoverageReport) -> str:
    """The coverage table in Markdown, as ``to_markdown_table(coverage_frame(report))`` writes
    it (a test holds them equal), without pandas: the site's coverage page uses it."""
    header, rows = _coverage_rows(report)
    separator = "| " + " | ".join("---" for _ in header) + " |"
    return "\n".join([_markdown_row(header), separator, *map(_markdown_row, rows)]) + "\n"


# -- headline figures and newest cases -------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    cases: int
    countries: int
    regions: int
    sectors: int
    technologies: int
    courses: int
    guidelines: int


def headline_figures(collection: Collection) -> Figures:
    """The numbers for the home page: published items, and what their cases span."""
    cases = collection.published_cases
    return Figures(
        cases=len(cases),
        countries=len({code for case in cases for code in case.countries}),
        regions=len({region for case in cases for region in case.regions}),
        sectors=len({sector for case in cases for sector in case.sectors}),
        technologies=len({tech for case in cases for tech in case.technologies}),
        courses=len(collection.published_courses),
        guidelines=len(collection.published_guidelines),
    )


def newest_cases(cases: Sequence[Case], n: int) -> tuple[Case, ...]:
    """The ``n`` most recently submitted or updated cases, newest first, ties by slug."""
    ordered = sorted(cases, key=lambda case: case.slug)
    ordered.sort(key=lambda case: case.last_changed, reverse=True)  # stable: keeps slug order
    return tuple(ordered[: max(n, 0)])


# -- Markdown --------------------------------------------------------------------------------

# Cells may hold contributed text, and the table goes through Python-Markdown with attr_list,
# pymdownx and raw HTML enabled. Writing every character with an inline meaning there as a
# numeric entity makes the text render literally: no tag, no link (its "[" is gone), no
# `{: onclick=...}`, no emphasis, emoji or maths, no broken row. Entities rather than
# backslashes, so the result never depends on how a dialect counts backslashes before "|".
_MARKDOWN_ESCAPES = {character: f"&#{ord(character)};" for character in "\\`*_{}[]<>+|~^=:$"} | {
    "&": "&amp;"
}
_MARKDOWN_TRANSLATION = str.maketrans(_MARKDOWN_ESCAPES)


def escape_markdown_cell(text: str) -> str:
    """Text that shows as itself inside a Markdown table cell, on one line."""
    one_line = " ".join(text.splitlines()) if text else ""
    return one_line.translate(_MARKDOWN_TRANSLATION)


def _cell_text(value: object) -> str:
    import pandas as pd

    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def to_markdown_table(frame: pd.DataFrame) -> str:
    """A Markdown pipe table; every header and cell escaped. Numbers are right-aligned.

    The index becomes the first column unless it is the default 0, 1, 2... range.
    """
    import pandas as pd

    show_index = not isinstance(frame.index, pd.RangeIndex)
    headers = [str(c) for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    if show_index:
        headers = [str(frame.index.name or ""), *headers]
        numeric = [False, *numeric]
    lines = [
        _markdown_row(headers),
        "| " + " | ".join("---:" if right else "---" for right in numeric) + " |",
    ]
    for index, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [_cell_text(v) for v in row]
        if show_index:
            cells = [_cell_text(index), *cells]
        lines.append(_markdown_row(cells))
    return "\n".join(lines) + "\n"


def _markdown_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(escape_markdown_cell(cell) for cell in cells) + " |"
