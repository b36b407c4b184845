"""The page of one policy guideline, with its evidence from the collection."""

from __future__ import annotations

from collections.abc import Callable

from casebook.cases import Case
from casebook.guidelines import Guideline
from casebook.pages.case_pages import ILLUSTRATIVE_NOTE
from casebook.pages.markdown import GeneratedPage, front_matter, link, table, text
from casebook.pages.urls import case_uri, guideline_uri, term_uri
from casebook.vocabularies import label, sdg_title


def render_guideline_page(guideline: Guideline, case_of: Callable[[str], Case]) -> GeneratedPage:
    uri = guideline_uri(guideline.slug)
    parts = [
        front_matter(guideline.title, description=guideline.summary),
        f"# {text(guideline.title)}\n\n",
    ]
    if guideline.example:
        parts.append(ILLUSTRATIVE_NOTE)
    parts.append(f"**{text(guideline.summary)}**\n\n")
    rows = [
        ["**Instrument**", text(label("instrument", guideline.instrument))],
        ["**For**", ", ".join(text(label("policy-audience", a)) for a in guideline.audience)],
        ["**Updated**", guideline.updated.isoformat()],
    ]
    if guideline.sdgs:
        rows.append(
            [
                "**SDGs**",
                ", ".join(
                    link(f"SDG {g}: {text(sdg_title(g))}", uri, term_uri("sdg", g))
                    for g in guideline.sdgs
                ),
            ]
        )
    parts.append(
        '<div class="casebook-meta" markdown>\n\n' + table(["", ""], rows) + "\n</div>\n\n"
    )
    parts.append(guideline.body.strip() + "\n\n")
    parts.append("## Evidence from the collection\n\n")
    for slug in guideline.evidence:
        case = case_of(slug)
        parts.append(f"- {link(text(case.title), uri, case_uri(slug))}: {text(case.summary)}\n")
    return GeneratedPage(uri, "".join(parts))
