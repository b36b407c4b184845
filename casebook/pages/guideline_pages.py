"""The page of one policy guideline, with its evidence from the collection."""

from __future__ import annotations

from collections.abc import Callable

from casebook.cases import Case
from casebook.guidelines import Guideline
from casebook.pages import fragments
from casebook.pages.fragments import ILLUSTRATIVE_NOTE, escape, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta
from casebook.pages.urls import GUIDELINES_URI, case_uri, guideline_uri, term_uri
from casebook.vocabularies import label, sdg_title


def render_guideline_page(guideline: Guideline, case_of: Callable[[str], Case]) -> GeneratedPage:
    page = PageWriter(
        guideline_uri(guideline.slug), page_meta(guideline.title, description=guideline.summary)
    )
    uri = page.src_uri
    if not guideline.published:
        page.html(fragments.DRAFT_BANNER)
    page.html(fragments.breadcrumbs(uri, [("Guidelines", GUIDELINES_URI)], escape(guideline.title)))
    if guideline.example:
        page.html(ILLUSTRATIVE_NOTE)
    page.html(fragments.paragraph(f"<strong>{escape(guideline.summary)}</strong>"))
    rows = [
        ("Instrument", escape(label("instrument", guideline.instrument))),
        ("For", ", ".join(escape(label("policy-audience", a)) for a in guideline.audience)),
        ("Updated", guideline.updated.isoformat()),
    ]
    if guideline.sdgs:
        sdgs = ", ".join(
            page_link(f"SDG {g}: {escape(sdg_title(g))}", uri, term_uri("sdg", g))
            for g in guideline.sdgs
        )
        rows.append(("SDGs", sdgs))
    page.html(fragments.metadata_panel(rows))
    page.contributed(guideline.rendered)
    # Not "Evidence from the collection": guideline bodies have a section of that name (the
    # scaffold writes one), and the page printed the heading twice.
    page.heading("Cases cited as evidence", "casebook-evidence")
    page.html(
        fragments.bullet_list(
            f"{page_link(escape(case.title), uri, case_uri(case.slug))}"
            f"{fragments.draft_badge(case.published)}: {escape(case.summary)}"
            for case in map(case_of, guideline.evidence)
        )
    )
    return page.page()
