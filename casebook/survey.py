"""The survey loop: read exported self-assessment results, check them, summarise them.

SMEs download their result from the assessment page (``assessment.js``) and may share the file
with an acceleration centre. An editor collects the files and runs
``casebook survey summarize FILES...``, which

1. reads every file (folders are read whole) and checks it: JSON, a result of this site's
   assessment and version, known sector and country, answers the assessment can score, and
   scores that match the answers. A file that fails is reported as a ``Problem`` and left out
   of the summary; nothing is dropped without a word;
2. summarises the accepted results: respondents, and per dimension (and overall) the score
   distribution of all respondents and by region, sector and country. A group with fewer
   respondents than the threshold (default 5) is never shown on its own, so no SME can be
   picked out; such groups are counted together as one "suppressed" row;
3. writes the summary as CSV; ``render_survey_section`` turns that CSV into the page section an
   editor places with the ``survey_summary`` macro.

Reading and summarising are pure; ``write_summary_csv`` is the only writer.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from casebook import i18n
from casebook.assessments import RESULT_FORMAT, Assessment
from casebook.charts import bar_chart_html
from casebook.collection import display_path
from casebook.disclosure import groups_to_hide
from casebook.i18n import N_, _, ngettext
from casebook.pages import fragments
from casebook.problems import Problem, error
from casebook.scoring import check_answers, score_answers
from casebook.vocabularies import country, is_country_code, suggest_term, vocabulary

DEFAULT_THRESHOLD = 5
MAX_FILE_BYTES = 1024 * 1024
GROUPINGS = ("all", "region", "sector", "country")
OVERALL = "overall"
SUPPRESSED = "(suppressed)"
CSV_COLUMNS = (
    "assessment",
    "version",
    "group_by",
    "group",
    "dimension",
    "respondents",
    "scored",
    "mean",
    "median",
    "min",
    "max",
)


@dataclass(frozen=True)
class Response:
    """One accepted result file."""

    path: str
    date: date
    sector: str
    country: str
    region: str
    scores: Mapping[str, int | None]  # dimension id (and "overall") -> score, None if open
    bands: Mapping[str, str | None]


# -- reading and checking ----------------------------------------------------------------


def result_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and every file inside the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def read_responses(
    paths: Iterable[Path], assessment: Assessment
) -> tuple[tuple[Response, ...], tuple[Problem, ...]]:
    """Every readable, valid result of ``assessment`` among ``paths``, and a problem for each
    file left out."""
    responses, problems = [], []
    for path in result_files(paths):
        shown = display_path(path)
        response, found = _read_one(path, shown, assessment)
        problems.extend(found)
        if response is not None and not found:
            responses.append(response)
    return tuple(responses), tuple(sorted(problems))


def _read_one(
    path: Path, shown: str, assessment: Assessment
) -> tuple[Response | None, list[Problem]]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [
            error(shown, 1, "unreadable-file", "", f"cannot read the file: {exc.strerror}")
        ]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                shown, 1, "not-a-result", "", "the file is larger than any exported result (1 MB)"
            )
        ]
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [error(shown, 1, "not-json", "", "the file is not UTF-8 text, so not JSON")]
    except json.JSONDecodeError as exc:
        return None, [
            error(shown, exc.lineno, "not-json", "", f"the file is not valid JSON: {exc.msg}")
        ]
    if not isinstance(record, dict) or record.get("format") != RESULT_FORMAT:
        return None, [
            error(
                shown,
                1,
                "not-a-result",
                "format",
                f'this is not a self-assessment result: exported results say "format": "{RESULT_FORMAT}"',
            )
        ]
    return _check_record(record, shown, assessment)


def _check_record(
    record: dict[str, Any], shown: str, assessment: Assessment
) -> tuple[Response | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(code: str, field: str, message: str) -> None:
        problems.append(error(shown, 1, code, field, message))

    about = record.get("assessment")
    slug = about.get("slug") if isinstance(about, dict) else None
    version = about.get("version") if isinstance(about, dict) else None
    if slug != assessment.slug:
        problem(
            "other-assessment",
            "assessment.slug",
            f"this is a result of '{slug}', not of '{assessment.slug}'",
        )
        return None, problems
    if version != assessment.version:
        problem(
            "other-version",
            "assessment.version",
            f"this result answers version {version}; the assessment is at version "
            f"{assessment.version}, whose questions differ",
        )
        return None, problems
    when = record.get("date")
    try:
        answered_on = date.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        answered_on = None
    if answered_on is None:
        problem("bad-date", "date", f"{json.dumps(when)} is not a date written YYYY-MM-DD")
    sector = record.get("sector")
    sectors = vocabulary("sector").terms
    if sector not in sectors:
        hint = suggest_term(sector, sectors)
        problem(
            "not-in-vocabulary",
            "sector",
            f"{json.dumps(sector)} is not a known sector"
            + (f": {hint}" if hint else f"; expected one of: {', '.join(sectors)}"),
        )
    code = record.get("country")
    if not is_country_code(code):
        problem(
            "unknown-country",
            "country",
            f"{json.dumps(code)} is not an ISO 3166-1 alpha-2 country code",
        )
    answers = record.get("answers")
    if not isinstance(answers, dict):
        problem(
            "bad-answers", "answers", "the answers are missing or not a set of question: option"
        )
        return None, problems
    reasons = check_answers(assessment, answers)
    for reason in reasons:
        problem("bad-answers", "answers", reason)
    if problems:
        return None, problems
    assert answered_on is not None and isinstance(sector, str) and isinstance(code, str)
    result = score_answers(assessment, answers)
    scores: dict[str, int | None] = {d.dimension: d.score for d in result.dimensions}
    scores[OVERALL] = result.overall
    stated = record.get("scores")
    expected = {
        "dimensions": {d.dimension: d.score for d in result.dimensions},
        "overall": result.overall,
        "band": result.band,
    }
    if stated != expected:
        problem(
            "scores-mismatch",
            "scores",
            "the scores in the file are not the ones its answers give: it was changed after "
            "export, or made by another tool",
        )
        return None, problems
    bands: dict[str, str | None] = {d.dimension: d.band for d in result.dimensions}
    bands[OVERALL] = result.band
    return Response(shown, answered_on, sector, code, country(code).region, scores, bands), []


# -- summarising ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    dimension: str  # a dimension id, or "overall"
    scored: int  # respondents with a score for it
    mean: float | None  # None when fewer than the threshold have a score
    median: float | None
    low: int | None
    high: int | None
    bands: tuple[int, ...] | None  # respondents per band, lowest band first


@dataclass(frozen=True)
class Group:
    group_by: str  # one of GROUPINGS
    group: str  # a region, sector term, country code; "all"; or SUPPRESSED
    respondents: int
    distributions: tuple[Distribution, ...]  # empty for the suppressed row


@dataclass(frozen=True)
class Summary:
    assessment: str
    version: int
    threshold: int
    respondents: int
    bands: tuple[str, ...]  # band ids, lowest first
    groups: tuple[Group, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (*CSV_COLUMNS, *(f"band_{band}" for band in self.bands))


def _distribution(
    dimension: str,
    responses: Sequence[Response],
    threshold: int,
    band_ids: tuple[str, ...],
    shown: bool = True,
) -> Distribution:
    """``shown``: whether the figures may be shown (``casebook.disclosure``); else counts."""
    values = [s for r in responses if (s := r.scores[dimension]) is not None]
    if not shown or len(values) < threshold or not values:
        return Distribution(dimension, len(values), None, None, None, None, None)
    in_band = [r.bands[dimension] for r in responses if r.bands[dimension] is not None]
    return Distribution(
        dimension,
        len(values),
        round(statistics.fmean(values), 1),
        float(statistics.median(values)),
        min(values),
        max(values),
        tuple(in_band.count(band) for band in band_ids),
    )


def _key(response: Response, group_by: str) -> str:
    return {
        "all": "all",
        "region": response.region,
        "sector": response.sector,
        "country": response.country,
    }[group_by]


def summarize(
    responses: Sequence[Response], assessment: Assessment, threshold: int = DEFAULT_THRESHOLD
) -> Summary:
    """Score distributions of all respondents and by region, sector and country.

    Groups of fewer than ``threshold`` respondents are not shown; they are counted together in
    one suppressed row per grouping. So that no small set of respondents can be worked out by
    adding and subtracting shown figures (a total minus shown groups, a region minus a sector
    inside it, a region minus its one shown country), more groups are hidden until every set
    of respondents alike in every grouping's shown group or hidden lot is empty or not small
    (``casebook.disclosure``). The same holds for each dimension's figures over the
    respondents scored in it: a shown group whose figures for a dimension would break the rule
    shows counts only."""
    if threshold < 1:
        raise ValueError(f"the threshold must be 1 or more, got {threshold}")
    dimensions = (*(d.id for d in assessment.dimensions), OVERALL)
    band_ids = tuple(b.id for b in assessment.bands)
    profiles = [tuple(_key(r, group_by) for group_by in GROUPINGS) for r in responses]
    hidden = groups_to_hide(profiles, threshold)
    # Per dimension, over the respondents with a score in it (the hidden groups stay hidden).
    figures_hidden = {
        d: groups_to_hide(
            [p for p, r in zip(profiles, responses, strict=True) if r.scores[d] is not None],
            threshold,
            hidden,
        )
        for d in dimensions
    }
    groups: list[Group] = []
    for position, group_by in enumerate(GROUPINGS):
        members: dict[str, list[Response]] = defaultdict(list)
        for response in responses:
            members[_key(response, group_by)].append(response)
        hidden_here = hidden[position] if hidden else frozenset()
        for name in sorted(members, key=lambda value: _group_order(group_by, value)):
            if name in hidden_here:
                continue
            people = members[name]
            distributions = []
            for d in dimensions:
                shown = bool(figures_hidden[d]) and name not in figures_hidden[d][position]
                distributions.append(_distribution(d, people, threshold, band_ids, shown))
            groups.append(Group(group_by, name, len(people), tuple(distributions)))
        if hidden_here:
            groups.append(
                Group(group_by, SUPPRESSED, sum(len(members[n]) for n in hidden_here), ())
            )
    return Summary(
        assessment.slug, assessment.version, threshold, len(responses), band_ids, tuple(groups)
    )


def _group_order(group_by: str, value: str) -> tuple[int, str]:
    if group_by == "sector":
        terms = vocabulary("sector").terms
        return (terms.index(value) if value in terms else len(terms), value)
    if group_by == "country":
        return (0, country(value).name.casefold())
    return (0, value)


# -- CSV -----------------------------------------------------------------------------------


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def summary_csv(summary: Summary) -> str:
    """The summary as CSV: one row per group and dimension, one row per suppressed grouping."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(summary.columns)
    blank_bands = [""] * len(summary.bands)
    for group in summary.groups:
        head = [summary.assessment, summary.version, group.group_by, group.group]
        if not group.distributions:
            writer.writerow([*head, "", group.respondents, "", "", "", "", "", *blank_bands])
        for d in group.distributions:
            writer.writerow(
                [
                    *head,
                    d.dimension,
                    group.respondents,
                    d.scored,
                    _number(d.mean),
                    _number(d.median),
                    _number(d.low),
                    _number(d.high),
                    *(blank_bands if d.bands is None else d.bands),
                ]
            )
    return out.getvalue()


def write_summary_csv(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(summary_csv(summary), encoding="utf-8")


class SurveyError(ValueError):
    """A summary CSV that cannot be read back (the macro reports it and the build stops)."""


def read_summary_csv(text: str, source: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ())[: len(CSV_COLUMNS)] != CSV_COLUMNS:
        raise SurveyError(
            f"{source} is not a survey summary written by 'casebook survey summarize'"
        )
    return list(reader)


# -- the page section ------------------------------------------------------------------------


def render_survey_section(rows: Sequence[Mapping[str, str]], assessment: Assessment) -> str:
    """The trusted HTML section for a summary read back from its CSV: respondents, a chart of
    the mean score per dimension, and a table per grouping. Every value is escaped."""
    escape = fragments.escape
    titles = {d.id: d.title for d in assessment.dimensions} | {OVERALL: _("Overall")}
    bands = [(f"band_{b.id}", b.label) for b in assessment.bands]
    total = sum(
        int(r["respondents"])
        for r in rows
        if r["group_by"] == "all" and r["dimension"] in ("", OVERALL)
    )
    parts = [
        '<section class="casebook-survey">',
        "<p>"
        + escape(
            ngettext(
                "{n} respondent to {assessment} (version {version}).",
                "{n} respondents to {assessment} (version {version}).",
                total,
            )
        ).format(
            n=f"<strong>{i18n.number(total)}</strong>",
            assessment=f"<em>{escape(assessment.title)}</em>",
            version=assessment.version,
        )
        + "</p>",
    ]
    means = [
        (titles.get(r["dimension"], r["dimension"]), round(float(r["mean"])))
        for r in rows
        if r["group_by"] == "all" and r["group"] == "all" and r["mean"]
    ]
    if means:
        parts.append(
            bar_chart_html(
                _("Mean score per dimension, all respondents (0 to 100)"),
                means,
                description=_("Each bar is the mean of the respondents' scores, rounded."),
                label_title=_("Dimension"),
                value_title=_("Mean score"),
            )
        )
    for group_by in GROUPINGS:
        chosen = [r for r in rows if r["group_by"] == group_by]
        if not chosen:
            continue
        parts.append(f"<h3>{escape(_(GROUPING_TITLES[group_by]))}</h3>")
        body = []
        for r in chosen:
            name = _group_label(group_by, r["group"])
            if r["group"] == SUPPRESSED:
                body.append(
                    [escape(name), "", escape(r["respondents"]), "", "", "", *("" for _b in bands)]
                )
                continue
            spread = _("{low} to {high}").format(low=r["min"], high=r["max"]) if r["min"] else "—"
            body.append(
                [
                    escape(name),
                    escape(titles.get(r["dimension"], r["dimension"])),
                    escape(r["scored"]),
                    escape(r["mean"] or "—"),
                    escape(r["median"] or "—"),
                    escape(spread),
                    *(escape(r.get(key) or "—") for key, _label in bands),
                ]
            )
        header = [
            escape(_(title))
            for title in (
                N_("Group"),
                N_("Dimension"),
                N_("Respondents"),
                N_("Mean"),
                N_("Median"),
                N_("Range"),
            )
        ]
        parts.append(fragments.table([*header, *(escape(label) for _key, label in bands)], body))
    parts.append(
        "<p>"
        + escape(
            _(
                "Groups with too few respondents to keep anyone anonymous are not shown on "
                "their own: they are counted together as “suppressed”. A dash means too few of "
                "a group's respondents answered every question of that dimension."
            )
        )
        + "</p>"
    )
    parts.append("</section>")
    return "\n".join(parts) + "\n"


GROUPING_TITLES = {  # shown as _(title)
    "all": N_("All respondents"),
    "region": N_("By region"),
    "sector": N_("By sector"),
    "country": N_("By country"),
}


def _group_label(group_by: str, value: str) -> str:
    if value == SUPPRESSED:
        return _("Suppressed (small groups)")
    if group_by == "all":
        return _("All")
    if group_by == "sector" and value in vocabulary("sector").terms:
        return i18n.label("sector", value)
    if group_by == "country" and is_country_code(value):
        return i18n.country_name(value)
    if group_by == "region":
        return i18n.region_name(value)
    return value
