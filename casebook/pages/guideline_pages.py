"""The page of one policy guideline, with its evidence from the collection."""

from __future__ import annotations

from collections.abc import Callable

from casebook import i18n
from casebook.cases import Case
from casebook.guidelines import Guideline
from casebook.i18n import _
from casebook.pages import fragments
from casebook.pages.fragments import escape, illustrative_note, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta
from casebook.pages.urls import GUIDELINES_URI, case_uri, guideline_uri, term_uri


def render_guideline_page(guideline: Guideline, case_of: Callable[[str], Case]) -> GeneratedPage:
    page = PageWriter(
        guideline_uri(guideline.slug), page_meta(guideline.title, description=guideline.summary)
    )
    uri = page.src_uri
    if not guideline.published:
        page.html(fragments.draft_banner())
    page.html(
        fragments.breadcrumbs(
            uri, [(escape(_("Guidelines")), GUIDELINES_URI)], escape(guideline.title)
        )
    )
    if guideline.example:
        page.html(illustrative_note())
    page.html(fragments.paragraph(f"<strong>{escape(guideline.summary)}</strong>"))
    rows = [
        (_("Instrument"), escape(i18n.label("instrument", guideline.instrument))),
        (
            _("For"),
            ", ".join(escape(i18n.label("policy-audience", a)) for a in guideline.audience),
        ),
        (_("Updated"), escape(fragments.shown_date(guideline.updated))),
    ]
    if guideline.sdgs:
        sdgs = ", ".join(
            page_link(
                escape(_("SDG {goal}: {title}").format(goal=g, title=i18n.sdg_title(g))),
                uri,
                term_uri("sdg", g),
            )
            for g in guideline.sdgs
        )
        rows.append((_("SDGs"), sdgs))
    page.html(fragments.metadata_panel(rows))
    page.contributed(guideline.rendered)
    # Not "Evidence from the collection": guideline bodies have a section of that name (the
    # scaffold writes one), and the page printed the heading twice.
    page.heading(_("Cases cited as evidence"), "casebook-evidence")
    page.html(fragments.summary_list(map(case_of, guideline.evidence), uri, case_uri))
    return page.page()
