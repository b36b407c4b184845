"""The "Call for cases" page: whether the call is open, what the collection lacks (from the
coverage report) with a pre-filled "Submit a case" link for each gap, and what a case needs to
be accepted, in plain words. Every part is generated HTML; nothing contributed is on it."""

from __future__ import annotations

from datetime import date

from casebook import i18n
from casebook.aggregate import REGIONS
from casebook.calls import Call, Gap, GapList, gaps, submit_url
from casebook.cases import REQUIRED_SECTIONS, Case
from casebook.i18n import N_, _, ngettext
from casebook.pages import fragments
from casebook.pages.fragments import escape
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta
from casebook.pages.urls import CALL_FOR_CASES_URI
from casebook.vocabularies import country, vocabulary

GAP_HEADINGS = {  # shown as _(heading)
    "region": N_("Regions"),
    "country": N_("Countries with no case yet"),
    "sector": N_("Sectors"),
    "technology": N_("Technologies"),
    "sdg": N_("Sustainable Development Goals"),
}


def _when(day: date) -> str:
    if i18n.active().split("-", 1)[0] == i18n.SOURCE_LANGUAGE:
        return f"{day.day} {day:%B %Y}"  # as the page always wrote it
    return i18n.long_date(day)


def render_call_page(
    call: Call, cases: tuple[Case, ...], today: date, repository: str
) -> GeneratedPage:
    """``repository``: the site's source repository, whose issue form the links open."""
    page = PageWriter(CALL_FOR_CASES_URI, page_meta(call.title, hide=["toc"]))
    status = call.status(today)
    page.html(_status(call, status))
    page.html(
        fragments.paragraph(
            escape(
                _(
                    "The collection grows from the experience of the people who lived it. Below "
                    "is what it still lacks: regions, countries, sectors, technologies and "
                    "Sustainable Development Goals with {cases}. A case about any of them is "
                    "especially welcome."
                )
                if status == "open"
                else _(
                    "Below is what the collection still lacks: regions, countries, sectors, "
                    "technologies and Sustainable Development Goals with {cases}."
                )
            ).format(cases=escape(_cases(call.threshold)))
        )
    )
    page.heading(_("What a case needs to be accepted"), "acceptance")
    page.html(_acceptance())
    page.heading(_("What the collection lacks"), "gaps")
    for gap_list in gaps(cases, call.threshold):
        page.html(_gap_list(repository, gap_list, status == "open"))
    return page.page()


def _cases(threshold: int) -> str:
    if threshold == 0:
        return _("no published case yet")
    return ngettext(
        "{n} published case or fewer", "{n} published cases or fewer", threshold
    ).format(n=i18n.number(threshold))


def _status(call: Call, status: str) -> str:
    if status == "open":
        title, text, kind = (
            _("The call is open"),
            _("Submit a case until {closes}. Editors review submissions as they come.").format(
                closes=_when(call.closes)
            ),
            "success",
        )
    elif status == "upcoming":
        title, text, kind = (
            _("The call is not open yet"),
            _("It opens on {opens} and closes on {closes}.").format(
                opens=_when(call.opens), closes=_when(call.closes)
            ),
            "info",
        )
    else:
        title, text, kind = (
            _("This call is closed"),
            _(
                "It closed on {closes}. Thank you to everyone who submitted a case. "
                "Submissions are not being collected now; the next call will be announced here."
            ).format(closes=_when(call.closes)),
            "warning",
        )
    return (
        f'<div class="admonition {kind} casebook-call-status" data-call-status="{status}">\n'
        f'<p class="admonition-title">{escape(title)}</p>\n<p>{escape(text)}</p>\n</div>'
    )


def _acceptance() -> str:
    sections = _(", ").join(
        _("“{name}”").format(name=i18n.section_name("case", name)) for name in REQUIRED_SECTIONS
    )
    licences = _(" or ").join(i18n.label("license", term) for term in vocabulary("license").terms)
    items = [
        (
            _("About a real initiative in a developing country"),
            _(
                "a business, startup, public body or other organisation that adopted a digital "
                "technology, told by someone who knows it first-hand or from public sources."
            ),
        ),
        (
            _("Four sections"),
            _(
                "{sections}. Say what the situation was, what was done and by whom, what "
                "changed, and what others should know before trying it."
            ).format(sections=sections),
        ),
        (
            _("Evidence"),
            _(
                "at least one public source readers can check (a report, an article, an "
                "official page), and the results in numbers where you have them, with the year "
                "they were measured. Estimates are welcome if you say they are estimates."
            ),
        ),
        (
            _("A licence that lets others reuse it"),
            _("{licences}. You keep the credit as the contributor.").format(licences=licences),
        ),
        (
            _("Public and fair"),
            _(
                "everything in a case is published. Do not include personal data of customers "
                "or staff, and do not include anything you may not share."
            ),
        ),
        (
            _("Plain words"),
            _(
                "write for readers who are not specialists. An editor may ask questions in the "
                "issue and will send you the text before it is published."
            ),
        ),
    ]
    return fragments.bullet_list(
        escape(_("{topic}: {explanation}")).format(
            topic=f"<strong>{escape(topic)}</strong>", explanation=escape(explanation)
        )
        for topic, explanation in items
    )


def _gap_list(repository: str, gap_list: GapList, open_call: bool) -> str:
    heading = f"<h3>{escape(_(GAP_HEADINGS[gap_list.dimension]))}</h3>"
    if not gap_list.gaps:
        return heading + "\n<p>" + escape(_("None: every one has a case.")) + "</p>"
    if gap_list.dimension == "country":
        groups = []
        for region in REGIONS:
            members = [g for g in gap_list.gaps if country(g.value).region == region]
            if members:
                groups.append(
                    f"<details><summary>{escape(i18n.region_name(region))} "
                    f"({i18n.number(len(members))})</summary>\n"
                    + _table(repository, members, open_call, with_count=False)
                    + "\n</details>"
                )
        return heading + "\n" + "\n".join(groups)
    return heading + "\n" + _table(repository, list(gap_list.gaps), open_call, with_count=True)


def _table(repository: str, members: list[Gap], open_call: bool, *, with_count: bool) -> str:
    rows = []
    for gap in members:
        cells = [escape(gap.label)]
        if with_count:
            cells.append(escape(_("No case yet")) if gap.cases == 0 else i18n.number(gap.cases))
        if open_call:
            about = _("Submit a case about {subject}").format(subject=gap.label)
            this = escape(_("Submit a case about this"))
            cells.append(
                f'<a href="{escape(submit_url(repository, gap))}" aria-label="{escape(about)}">{this}</a>'
            )
        rows.append(cells)
    header = [
        "",
        *([escape(_("Published cases"))] if with_count else []),
        *([escape(_("Submit"))] if open_call else []),
    ]
    return fragments.table(header, rows)
