"""Markdown blocks that editors place in trusted pages with one macro call.

Plain functions of the collection, so each can be tested without MkDocs; ``macros/`` only
registers them. Links are relative to the site root, where the trusted pages live. The tables
that grow with the collection are raw HTML blocks (``casebook.pages.fragments``): Markdown's
inline processing of every cell of a 20,000-row table costs seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from casebook import aggregate, i18n, survey
from casebook.charts import charts_for
from casebook.collection import Collection
from casebook.i18n import _, ngettext
from casebook.pages import fragments
from casebook.pages.course_pages import duration
from casebook.pages.edition_pages import EditionsView, render_latest_edition_note
from casebook.pages.markdown import table, text
from casebook.pages.preview import render_preview_notice
from casebook.pages.urls import (
    CALL_FOR_CASES_URI,
    assessment_uri,
    case_uri,
    course_uri,
    guideline_uri,
)
from casebook.repository_address import contributing_url, issue_form_url

HOME = "index.md"


def figures(collection: Collection) -> str:
    f = aggregate.headline_figures(collection)
    cells = [
        ngettext("{n} published case", "{n} published cases", f.cases),
        ngettext("{n} country", "{n} countries", f.countries),
        ngettext("{n} world region", "{n} world regions", f.regions),
        ngettext("{n} sector", "{n} sectors", f.sectors),
        ngettext("{n} technology", "{n} technologies", f.technologies),
        ngettext("{n} course", "{n} courses", f.courses),
        ngettext("{n} policy guideline", "{n} policy guidelines", f.guidelines),
    ]
    numbers = (f.cases, f.countries, f.regions, f.sectors, f.technologies, f.courses, f.guidelines)
    # A card shows its number: a form a language writes without it ("one course") gets it.
    items = "".join(
        "<li>"
        + fragments.escape(cell if "{n}" in cell else "{n} " + cell).format(
            n=f"<strong>{i18n.number(n)}</strong>"
        )
        + "</li>"
        for cell, n in zip(cells, numbers, strict=True)
    )
    return f'<ul class="casebook-figures">{items}</ul>\n'


def newest_cases(collection: Collection, count: int = 5) -> str:
    item = _("{case} ({countries}, {date}): {summary}")
    lines = [
        "- "
        + item.format(
            case=fragments.page_link(text(case.title), HOME, case_uri(case.slug)),
            countries=text(", ".join(i18n.country_name(code) for code in case.countries)),
            date=fragments.shown_date(case.last_changed),
            summary=text(case.summary),
        )
        for case in aggregate.newest_cases(collection.published_cases, count)
    ]
    return "\n".join(lines) + "\n" if lines else _("No cases yet.") + "\n"


def course_list(collection: Collection, include_drafts: bool = False) -> str:
    rows = [
        [
            fragments.page_link(text(course.title), HOME, course_uri(course.slug))
            + fragments.draft_badge(course.published),
            text(i18n.label("level", course.level)),
            duration(course.duration_minutes),
            i18n.number(len(course.modules)),
        ]
        for course in collection.site_courses(include_drafts)
    ]
    if not rows:
        return _("No courses yet.") + "\n"
    return table([_("Course"), _("Level"), _("Duration"), _("Modules")], rows)


def guideline_list(collection: Collection, include_drafts: bool = False) -> str:
    rows = [
        [
            fragments.page_link(text(g.title), HOME, guideline_uri(g.slug))
            + fragments.draft_badge(g.published),
            text(i18n.label("instrument", g.instrument)),
            text(g.summary),
        ]
        for g in collection.site_guidelines(include_drafts)
    ]
    if not rows:
        return _("No guidelines yet.") + "\n"
    return table([_("Guideline"), _("Instrument"), _("Summary")], rows)


def assessment_list(collection: Collection, include_drafts: bool = False) -> str:
    """List items (for the end of a Markdown list) linking each published self-assessment, and
    each draft one, marked, in a preview build."""
    return "".join(
        f"- {fragments.page_link(text(a.title), HOME, assessment_uri(a.slug))}"
        f"{fragments.draft_badge(a.published)}: {text(a.summary)}\n"
        for a in collection.site_assessments(include_drafts)
    )


def call_for_cases_link(collection: Collection) -> str:
    """A list item linking the Call for cases page, where the content has a call."""
    if collection.call is None:
        return ""
    return (
        "- "
        + _("{call}: what the collection still lacks, and how to submit a case about it.").format(
            call=fragments.page_link(
                fragments.escape(collection.call.title), HOME, CALL_FOR_CASES_URI
            )
        )
        + "\n"
    )


def summary_table(collection: Collection, rows: str, columns: str | None = None) -> str:
    counts = aggregate.count_table(collection.published_cases, rows, columns)
    row_title = i18n.in_sentence(aggregate.dimension(rows).title)
    label = (
        _("Cases by {rows} and {columns}").format(
            rows=row_title, columns=i18n.in_sentence(aggregate.dimension(columns).title)
        )
        if columns
        else _("Cases by {dimension}").format(dimension=row_title)
    )
    return fragments.count_table(counts, label) + "\n"


def outcomes_summary(collection: Collection, rows: str = "region") -> str:
    """Cases and outcomes reported per value of ``rows`` (see ``aggregate.outcomes_summary``)."""
    counts = aggregate.outcomes_summary(collection.published_cases, rows)
    return fragments.count_table(
        counts,
        _("Outcomes reported by {dimension}").format(dimension=i18n.in_sentence(counts.row_title)),
    )


def outcomes_table(collection: Collection) -> str:
    """Every reported outcome, as ``aggregate.outcomes_table`` lists them."""
    columns = aggregate.OUTCOME_COLUMNS
    header = [fragments.escape(_(column)) for column in columns]
    rows = (
        [
            fragments.escape(case.title),
            fragments.escape(", ".join(i18n.country_name(code) for code in case.countries)),
            fragments.escape(outcome.metric),
            "" if outcome.baseline is None else _plain_number(outcome.baseline),
            _plain_number(outcome.value),
            fragments.escape(outcome.unit),
            "" if outcome.year is None else str(outcome.year),
        ]
        for case in collection.published_cases
        for outcome in case.outcomes
    )
    numeric = [column in ("Baseline", "Value", "Year") for column in columns]
    return fragments.table(header, rows, numeric, label=_("Every outcome reported")) + "\n"


def _plain_number(value: float) -> str:
    """As ``aggregate.to_markdown_table`` writes a number: no separators, no trailing .0."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def chart(collection: Collection, name: str) -> str:
    charts = charts_for(collection.published_cases)
    if name not in charts:
        raise ValueError(f"unknown chart '{name}': choose one of {', '.join(sorted(charts))}")
    return f'<figure class="casebook-chart">{charts[name]}</figure>\n'


def coverage(collection: Collection) -> str:
    report = aggregate.coverage_report(collection.published_cases)
    return aggregate.render_coverage_markdown(report)


def survey_summary(collection: Collection, csv_path: Path) -> str:
    """The section for a summary written by ``casebook survey summarize`` (its CSV): the
    editor's file, read when the page is built."""
    try:
        text = csv_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise survey.SurveyError(
            f"cannot read the survey summary {csv_path}: {exc.strerror}"
        ) from None
    rows = survey.read_summary_csv(text, str(csv_path))
    slugs = {row["assessment"] for row in rows}
    assessments = {a.slug: a for a in collection.assessments}
    if len(slugs) > 1 or not slugs <= set(assessments):
        raise survey.SurveyError(
            f"{csv_path} summarises {', '.join(sorted(slugs))}: not one assessment of this site"
        )
    if not slugs:
        return "<p>" + fragments.escape(_("No results yet.")) + "</p>\n"
    return survey.render_survey_section(rows, assessments[slugs.pop()])


def contribute_links(repository: str) -> str:
    """ "Submit a case" (the repository's issue form) and how to contribute (CONTRIBUTING.md),
    for ``repository``, the address of the source repository (``extra.repository``, made one
    setting by ``casebook.repository_address``)."""
    if not repository.startswith("https://"):
        raise ValueError(f"extra.repository must be an https:// address, not {repository!r}")
    root = repository.rstrip("/")
    return (
        f'<p><a class="md-button md-button--primary" '
        f'href="{fragments.escape(issue_form_url(root))}">'
        + fragments.escape(_("Submit a case"))
        + "</a> "
        f'<a class="md-button" href="{fragments.escape(contributing_url(root))}">'
        + fragments.escape(_("How to contribute"))
        + "</a></p>\n"
    )


def preview_notice(
    collection: Collection, include_drafts: bool = False, changed_files: Sequence[str] = ()
) -> str:
    """In a preview build (``include_drafts``): that drafts are included and marked, and the
    files a pull request changes, linked to their pages. Nothing in any other build."""
    if not include_drafts:
        return ""
    return render_preview_notice(collection, changed_files) + "\n"


def latest_edition(editions: EditionsView | None) -> str:
    """In the working collection: a link to the latest edition, to cite. Nothing in an edition
    (each of its pages says which edition it is) or before the first edition."""
    if editions is None or editions.current is not None:
        return ""
    note = render_latest_edition_note(editions)
    return note + "\n" if note else ""
