"""Every string the self-assessment page writes, in one place.

The page's HTML (``casebook.pages.assessment_pages``) and its script
(``casebook/site/assets/assessment.js``, which receives this table in the page's data) read
their words from here only. Each is marked ``N_`` for the catalogue (``casebook.i18n``) and
translated where it is used (``strings()``). Placeholders are ``{name}``; the script fills them
the same way.
"""

from __future__ import annotations

from casebook.i18n import N_, _

STRINGS: dict[str, str] = {
    # The questionnaire (also what a reader without JavaScript prints and fills in by hand).
    "profile_legend": N_("About your business"),
    "profile_help": N_("Recommendations come from cases of your sector and region first."),
    "sector_label": N_("Sector"),
    "country_label": N_("Country"),
    "choose": N_("Choose…"),
    "other_countries": N_("Other"),
    "dimension_heading": N_("{number}. {title}"),
    "question_legend": N_("{number}. {text}"),
    "scoring_summary": N_("How the scores are worked out"),
    "scoring_rule": N_(
        "Each answer earns points; a dimension's score is its points as a share of the most it "
        "could earn, from 0 to 100, and the overall score is the average of the dimension "
        "scores. The bands are:"
    ),
    "band_range": N_("{label}: from {start}. {description}"),
    "no_script": N_(
        "Without JavaScript this page is a questionnaire to print and fill in by hand; the "
        "scoring rules are below. With JavaScript it scores your answers as you go."
    ),
    # Steps (JavaScript only).
    "steps_label": N_("Steps of the self-assessment"),
    "step_profile": N_("Your business"),
    "step_result": N_("Your result"),
    "step_position": N_("Step {current} of {total}: {title}"),
    "previous": N_("Previous"),
    "next": N_("Next"),
    "see_result": N_("See my result"),
    "answered": N_("{answered} of {total} answered"),
    # Storage (JavaScript only).
    "storage_on": N_(
        "Your answers are kept in this browser, on this device only, until you clear them."
    ),
    "storage_off": N_(
        "This browser does not let the page keep your answers: they are lost when you reload "
        "or close the page. Download your result to keep it."
    ),
    "clear": N_("Clear my answers"),
    "cleared": N_("Your answers were cleared."),
    # The result.
    "result_heading": N_("Your result"),
    "result_profile": N_("{sector} · {country} · {date}"),
    "result_incomplete": N_("Answer every question of a dimension to see its score."),
    "dimension_column": N_("Dimension"),
    "score_column": N_("Score (0 to 100)"),
    "band_column": N_("Band"),
    "overall": N_("Overall"),
    "not_answered": N_("not yet answered"),
    "band_sentence": N_("Overall score {score} of 100: {band}. {description}"),
    "chart_title": N_("Your scores per dimension, from 0 to 100"),
    "chart_description": N_("{items}."),
    "chart_item": N_("{title} {score}"),
    "weakest": N_("Your weakest dimensions: {dimensions}."),
    "no_weakest": N_("No dimension is below the top band: there is nothing to single out."),
    "recommendations_heading": N_("What to read next"),
    "recommendations_intro": N_(
        "Cases, course modules and policy guidelines of this collection about what your weakest "
        "dimensions point to: {terms}."
    ),
    "cases_heading": N_("Cases"),
    "modules_heading": N_("Course modules"),
    "guidelines_heading": N_("Policy guidelines"),
    "nothing_found": N_("Nothing in the collection yet."),
    "tier_sector-and-region": N_("your sector and region"),
    "tier_region": N_("your region"),
    "tier_sector": N_("your sector"),
    "tier_elsewhere": N_("another sector and region"),
    "case_item": N_("{tier}; about {terms}"),
    "module_item": N_("part of {course}"),
    "term_list_separator": N_(", "),
    # Export, print and import.
    "notes_label": N_("Notes (optional)"),
    "notes_help": N_(
        "Only if you want to: anything you type here goes into the downloaded file. Leave it "
        "empty to keep the file free of personal details."
    ),
    "download": N_("Download my result (JSON)"),
    "print": N_("Print a one-page summary"),
    "import_heading": N_("Open a saved result"),
    "import_label": N_("A result file you downloaded before"),
    "import_done": N_("Opened the result of {date}."),
    "import_not_json": N_("This file is not a saved result: it is not JSON."),
    "import_foreign": N_("This file is not a result of this self-assessment."),
    "import_version": N_(
        "This result answers version {found} of the self-assessment; this page has version "
        "{expected}, whose questions differ."
    ),
    "import_bad_answers": N_("This result holds answers this self-assessment does not have."),
    "import_unreadable": N_("The file could not be read."),
}


def strings() -> dict[str, str]:
    """``STRINGS`` in the language being built."""
    return {key: _(english) for key, english in STRINGS.items()}
