"""The page of one self-assessment: a questionnaire that works on paper, scored by its script.

Without JavaScript the page is a plain questionnaire (every dimension and question visible,
printable, with the scoring rules); ``assessment.js`` turns it into steps, scores the answers
(mirroring ``casebook.scoring``), recommends pages (mirroring ``casebook.recommend``), keeps the
answers where the browser allows it, and exports, prints and imports results. Its data is a
script file of its own (``assessment_data_files``): no inline script, no ``fetch``.
"""

from __future__ import annotations

import json
from typing import Any

from casebook import i18n
from casebook.aggregate import REGIONS
from casebook.assessments import RESULT_FORMAT, Assessment
from casebook.collection import Collection
from casebook.i18n import _
from casebook.pages import fragments
from casebook.pages.assessment_text import STRINGS, strings
from casebook.pages.fragments import escape, illustrative_note, page_href
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta
from casebook.pages.urls import assessment_uri
from casebook.recommend import (
    CASE_LIMIT,
    GUIDELINE_LIMIT,
    MODULE_LIMIT,
    TIERS,
    Catalogue,
    catalogue_of,
)
from casebook.scoring import WEAKEST_COUNT
from casebook.vocabularies import countries, vocabulary

SCRIPT = "assets/casebook/assessment.js"
STYLESHEET = "assets/casebook/assessment.css"


def say(key: str, **values: object) -> str:
    """A page string (``STRINGS``) in the language being built, its placeholders filled, as
    plain text."""
    return _(STRINGS[key]).format(**values)


def render_assessment_page(assessment: Assessment) -> GeneratedPage:
    uri = assessment_uri(assessment.slug)
    page = PageWriter(
        uri, page_meta(assessment.title, description=assessment.summary, hide=["toc"])
    )
    page.html(f'<link rel="stylesheet" href="{page_href(uri, STYLESHEET)}">')
    if not assessment.published:  # only a preview build gives a draft a page
        page.html(fragments.draft_banner())
    if assessment.example:
        page.html(illustrative_note())
    page.html(fragments.paragraph(f"<strong>{escape(assessment.summary)}</strong>"))
    page.contributed(assessment.rendered)
    page.html(_questionnaire(assessment))
    page.html(_result_section(), searchable=False)
    page.html(
        f'<script src="{page_href(uri, data_script(assessment.slug))}"></script>\n'
        f'<script src="{page_href(uri, SCRIPT)}"></script>',
        searchable=False,
    )
    return page.page()


def data_script(slug: str) -> str:
    """Where the page's data lives: a script file of the site's own, as every script on a page
    is (the Content-Security-Policy and the trust-boundary tests allow no inline script)."""
    return f"assets/casebook/assessment-{slug}.js"


def assessment_data_files(collection: Collection, include_drafts: bool = False) -> dict[str, str]:
    """The data script of every assessment the site shows (``window.casebookAssessmentData``):
    the published ones, and the drafts in a preview build. Recommendations come from the
    published collection only."""
    catalogue = catalogue_of(collection)
    return {
        data_script(a.slug): "window.casebookAssessmentData = "
        + json.dumps(
            assessment_data(a, catalogue, assessment_uri(a.slug)),
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        )
        + ";\n"
        for a in collection.site_assessments(include_drafts)
    }


def assessment_data(assessment: Assessment, catalogue: Catalogue, from_uri: str) -> dict[str, Any]:
    """What the script needs: the assessment, the catalogue (links relative to the page),
    labels, limits and the page's strings."""
    return {
        "format": RESULT_FORMAT,
        "assessment": {
            "slug": assessment.slug,
            "version": assessment.version,
            "title": assessment.title,
            "bands": [
                {"id": b.id, "label": b.label, "start": b.start, "description": b.description}
                for b in assessment.bands
            ],
            "dimensions": [
                {
                    "id": d.id,
                    "title": d.title,
                    "challenges": list(d.challenges),
                    "technologies": list(d.technologies),
                    "sectors": list(d.sectors),
                    "questions": [
                        {"id": q.id, "scores": [o.score for o in q.options]} for q in d.questions
                    ],
                }
                for d in assessment.dimensions
            ],
        },
        "catalogue": {
            "cases": [
                {
                    "slug": c.slug,
                    "title": c.title,
                    "href": page_href(from_uri, c.uri),
                    "sectors": list(c.sectors),
                    "regions": list(c.regions),
                    "challenges": list(c.challenges),
                    "technologies": list(c.technologies),
                }
                for c in catalogue.cases
            ],
            "modules": [
                {
                    "uri": m.uri,
                    "title": m.title,
                    "course": m.course_title,
                    "href": page_href(from_uri, m.uri),
                    "cases": list(m.cases),
                }
                for m in catalogue.modules
            ],
            "guidelines": [
                {
                    "uri": g.uri,
                    "title": g.title,
                    "href": page_href(from_uri, g.uri),
                    "evidence": list(g.evidence),
                }
                for g in catalogue.guidelines
            ],
        },
        "labels": {
            name: {term: i18n.label(name, term) for term in vocabulary(name).terms}
            for name in ("challenge", "technology", "sector")
        },
        "limits": {
            "weakest": WEAKEST_COUNT,
            "cases": CASE_LIMIT,
            "modules": MODULE_LIMIT,
            "guidelines": GUIDELINE_LIMIT,
        },
        "tiers": list(TIERS),
        "strings": strings(),
    }


def _questionnaire(assessment: Assessment) -> str:
    parts = [
        '<div class="casebook-assessment" data-assessment>',
        f'<p class="casebook-assessment-noscript" data-noscript>{escape(say("no_script"))}</p>',
        '<p class="casebook-assessment-storage" data-storage hidden></p>',
        '<nav class="casebook-assessment-steps" data-steps hidden '
        f'aria-label="{escape(say("steps_label"))}"><ol></ol></nav>',
        '<p class="casebook-assessment-position" data-position aria-live="polite" hidden></p>',
        # Not a <form>: nothing is submitted anywhere (and the page allows no form).
        '<div class="casebook-assessment-form" data-form>',
        _profile(),
    ]
    for number, dimension in enumerate(assessment.dimensions, start=1):
        parts.append(
            f'<section class="casebook-assessment-step" data-step="{escape(dimension.id)}" '
            f'aria-labelledby="ca-{escape(dimension.id)}">'
            f'<h2 id="ca-{escape(dimension.id)}" tabindex="-1">'
            f"{escape(say('dimension_heading', number=number, title=dimension.title))}</h2>"
            f"<p>{escape(dimension.description)}</p>"
            f'<p class="casebook-assessment-answered" data-answered hidden></p>'
        )
        for index, question in enumerate(dimension.questions, start=1):
            name = escape(question.id)
            options = "".join(
                f'<li><label><input type="radio" name="{name}" value="{value}"> '
                f"{escape(option.text)}</label></li>"
                for value, option in enumerate(question.options)
            )
            help_text = (
                f'<p class="casebook-assessment-help">{escape(question.help)}</p>'
                if question.help
                else ""
            )
            parts.append(
                f'<fieldset class="casebook-assessment-question" data-question="{name}">'
                f"<legend>{escape(say('question_legend', number=f'{number}.{index}', text=question.text))}</legend>"
                f'{help_text}<ul class="casebook-assessment-options">{options}</ul></fieldset>'
            )
        parts.append("</section>")
    parts += [
        '<div class="casebook-assessment-nav" data-nav hidden>'
        f'<button type="button" class="md-button" data-previous>{escape(say("previous"))}</button> '
        f'<button type="button" class="md-button md-button--primary" data-next>{escape(say("next"))}</button>'
        "</div>",
        "</div>",
        _scoring_rules(assessment),
        "</div>",
    ]
    return "\n".join(parts)


def _profile() -> str:
    sector_options = "".join(
        f'<option value="{escape(term)}">{escape(i18n.label("sector", term))}</option>'
        for term in vocabulary("sector").terms
    )
    other = say("other_countries")
    by_region: dict[str, list[tuple[str, str]]] = {}
    for entry in countries().values():
        group = entry.region if entry.region in REGIONS else other
        by_region.setdefault(group, []).append((i18n.country_name(entry.code), entry.code))
    groups = []
    for group in (*REGIONS, other):
        options = "".join(
            f'<option value="{code}" data-region="{escape(group if group in REGIONS else "")}">'
            f"{escape(name)}</option>"
            for name, code in sorted(by_region.get(group, []), key=lambda item: item[0].casefold())
        )
        shown = i18n.region_name(group) if group in REGIONS else group
        groups.append(f'<optgroup label="{escape(shown)}">{options}</optgroup>')
    choose = f'<option value="">{escape(say("choose"))}</option>'
    return (
        '<section class="casebook-assessment-step" data-step="profile" aria-labelledby="ca-profile">'
        f'<h2 id="ca-profile" tabindex="-1">{escape(say("profile_legend"))}</h2>'
        f"<p>{escape(say('profile_help'))}</p>"
        '<p class="casebook-assessment-field"><label for="ca-sector">'
        f'{escape(say("sector_label"))}</label> <select id="ca-sector" name="sector">'
        f"{choose}{sector_options}</select></p>"
        '<p class="casebook-assessment-field"><label for="ca-country">'
        f'{escape(say("country_label"))}</label> <select id="ca-country" name="country">'
        f"{choose}{''.join(groups)}</select></p>"
        "</section>"
    )


def _scoring_rules(assessment: Assessment) -> str:
    bands = "".join(
        f"<li>{escape(say('band_range', label=b.label, start=b.start, description=b.description))}</li>"
        for b in assessment.bands
    )
    return (
        '<details class="casebook-assessment-rules">'
        f"<summary>{escape(say('scoring_summary'))}</summary>"
        f"<p>{escape(say('scoring_rule'))}</p><ul>{bands}</ul></details>"
    )


def _result_section() -> str:
    return (
        '<section class="casebook-assessment-result" data-step="result" data-result hidden '
        'aria-labelledby="ca-result">'
        f'<h2 id="ca-result" tabindex="-1">{escape(say("result_heading"))}</h2>'
        '<p class="casebook-assessment-profile-line" data-result-profile></p>'
        "<p data-result-band></p>"
        "<div data-result-table></div>"
        '<figure class="casebook-assessment-chart" data-result-chart></figure>'
        "<p data-result-weakest></p>"
        '<div class="casebook-assessment-recommendations" data-recommendations></div>'
        '<div class="casebook-assessment-export" data-export>'
        f'<p><label for="ca-notes">{escape(say("notes_label"))}</label></p>'
        f'<p class="casebook-assessment-help" id="ca-notes-help">{escape(say("notes_help"))}</p>'
        '<textarea id="ca-notes" name="notes" rows="3" aria-describedby="ca-notes-help"></textarea>'
        f'<p><button type="button" class="md-button md-button--primary" data-download>{escape(say("download"))}</button> '
        f'<button type="button" class="md-button" data-print>{escape(say("print"))}</button> '
        f'<button type="button" class="md-button" data-clear>{escape(say("clear"))}</button></p>'
        "</div>"
        "</section>"
        '<section class="casebook-assessment-import" data-import hidden aria-labelledby="ca-import">'
        f'<h2 id="ca-import">{escape(say("import_heading"))}</h2>'
        f'<p><label for="ca-import-file">{escape(say("import_label"))}</label> '
        '<input type="file" id="ca-import-file" accept=".json,application/json" data-import-file></p>'
        '<p data-import-status role="status"></p>'
        "</section>"
    )
