"""The "Call for cases" page: whether the call is open, what the collection lacks (from the
coverage report) with a pre-filled "Submit a case" link for each gap, and what a case needs to
be accepted, in plain words. Every part is generated HTML; nothing contributed is on it."""

from __future__ import annotations

from datetime import date

from casebook.aggregate import REGIONS
from casebook.calls import Call, Gap, GapList, gaps, submit_url
from casebook.cases import REQUIRED_SECTIONS, Case
from casebook.pages import fragments
from casebook.pages.fragments import escape
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta
from casebook.pages.urls import CALL_FOR_CASES_URI
from casebook.vocabularies import country, vocabulary

GAP_HEADINGS = {
    "region": "Regions",
    "country": "Countries with no case yet",
    "sector": "Sectors",
    "technology": "Technologies",
    "sdg": "Sustainable Development Goals",
}


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def render_call_page(call: Call, cases: tuple[Case, ...], today: date) -> GeneratedPage:
    page = PageWriter(CALL_FOR_CASES_URI, page_meta(call.title, hide=["toc"]))
    status = call.status(today)
    page.html(_status(call, status))
    page.html(
        fragments.paragraph(
            "The collection grows from the experience of the people who lived it. Below is what "
            "it still lacks: regions, countries, sectors, technologies and Sustainable "
            f"Development Goals with {_cases(call.threshold)}. A case about any of them is "
            "especially welcome."
            if status == "open"
            else "Below is what the collection still lacks: regions, countries, sectors, "
            "technologies and Sustainable Development Goals with "
            f"{_cases(call.threshold)}."
        )
    )
    page.heading("What a case needs to be accepted", "acceptance")
    page.html(_acceptance())
    page.heading("What the collection lacks", "gaps")
    for gap_list in gaps(cases, call.threshold):
        page.html(_gap_list(call, gap_list, status == "open"))
    return page.page()


def _cases(threshold: int) -> str:
    if threshold == 0:
        return "no published case yet"
    return f"{threshold} published case{'s' * (threshold != 1)} or fewer"


def _status(call: Call, status: str) -> str:
    if status == "open":
        title, text, kind = (
            "The call is open",
            f"Submit a case until {_when(call.closes)}. Editors review submissions as they come.",
            "success",
        )
    elif status == "upcoming":
        title, text, kind = (
            "The call is not open yet",
            f"It opens on {_when(call.opens)} and closes on {_when(call.closes)}.",
            "info",
        )
    else:
        title, text, kind = (
            "This call is closed",
            f"It closed on {_when(call.closes)}. Thank you to everyone who submitted a case. "
            "Submissions are not being collected now; the next call will be announced here.",
            "warning",
        )
    return (
        f'<div class="admonition {kind} casebook-call-status" data-call-status="{status}">\n'
        f'<p class="admonition-title">{escape(title)}</p>\n<p>{escape(text)}</p>\n</div>'
    )


def _acceptance() -> str:
    sections = ", ".join(f"“{name}”" for name in REQUIRED_SECTIONS)
    licences = " or ".join(escape(label) for label in vocabulary("license").labels.values())
    items = [
        "<strong>About a real initiative in a developing country</strong>: a business, startup, "
        "public body or other organisation that adopted a digital technology, told by someone "
        "who knows it first-hand or from public sources.",
        f"<strong>Four sections</strong>: {escape(sections)}. Say what the situation was, what "
        "was done and by whom, what changed, and what others should know before trying it.",
        "<strong>Evidence</strong>: at least one public source readers can check (a report, "
        "an article, an official page), and the results in numbers where you have them, "
        "with the year they were measured. Estimates are welcome if you say they are estimates.",
        f"<strong>A licence that lets others reuse it</strong>: {licences}. You keep the "
        "credit as the contributor.",
        "<strong>Public and fair</strong>: everything in a case is published. Do not include "
        "personal data of customers or staff, and do not include anything you may not share.",
        "<strong>Plain words</strong>: write for readers who are not specialists. An editor "
        "may ask questions in the issue and will send you the text before it is published.",
    ]
    return fragments.bullet_list(items)


def _gap_list(call: Call, gap_list: GapList, open_call: bool) -> str:
    heading = f"<h3>{escape(GAP_HEADINGS[gap_list.dimension])}</h3>"
    if not gap_list.gaps:
        return heading + "\n<p>None: every one has a case.</p>"
    if gap_list.dimension == "country":
        groups = []
        for region in REGIONS:
            members = [g for g in gap_list.gaps if country(g.value).region == region]
            if members:
                groups.append(
                    f"<details><summary>{escape(region)} ({len(members)})</summary>\n"
                    + _table(call, members, open_call, with_count=False)
                    + "\n</details>"
                )
        return heading + "\n" + "\n".join(groups)
    return heading + "\n" + _table(call, list(gap_list.gaps), open_call, with_count=True)


def _table(call: Call, members: list[Gap], open_call: bool, *, with_count: bool) -> str:
    rows = []
    for gap in members:
        cells = [escape(gap.label)]
        if with_count:
            cells.append("No case yet" if gap.cases == 0 else str(gap.cases))
        if open_call:
            cells.append(
                f'<a href="{escape(submit_url(call, gap))}" '
                f'aria-label="Submit a case about {escape(gap.label)}">Submit a case about this</a>'
            )
        rows.append(cells)
    header = ["", *(["Published cases"] if with_count else []), *(["Submit"] if open_call else [])]
    return fragments.table(header, rows)
