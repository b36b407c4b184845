"""Every string the self-assessment page writes, in one place.

The page's HTML (``casebook.pages.assessment_pages``) and its script
(``casebook/site/assets/assessment.js``, which receives this table in the page's data) read
their words from here only, so a translation (issue 15) replaces this one table. Placeholders
are ``{name}``; the script fills them the same way.
"""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # The questionnaire (also what a reader without JavaScript prints and fills in by hand).
    "profile_legend": "About your business",
    "profile_help": "Recommendations come from cases of your sector and region first.",
    "sector_label": "Sector",
    "country_label": "Country",
    "choose": "Choose…",
    "other_countries": "Other",
    "dimension_heading": "{number}. {title}",
    "question_legend": "{number}. {text}",
    "scoring_summary": "How the scores are worked out",
    "scoring_rule": (
        "Each answer earns points; a dimension's score is its points as a share of the most it "
        "could earn, from 0 to 100, and the overall score is the average of the dimension "
        "scores. The bands are:"
    ),
    "band_range": "{label}: from {start}. {description}",
    "no_script": (
        "Without JavaScript this page is a questionnaire to print and fill in by hand; the "
        "scoring rules are below. With JavaScript it scores your answers as you go."
    ),
    # Steps (JavaScript only).
    "steps_label": "Steps of the self-assessment",
    "step_profile": "Your business",
    "step_result": "Your result",
    "step_position": "Step {current} of {total}: {title}",
    "previous": "Previous",
    "next": "Next",
    "see_result": "See my result",
    "answered": "{answered} of {total} answered",
    # Storage (JavaScript only).
    "storage_on": "Your answers are kept in this browser, on this device only, until you clear them.",
    "storage_off": (
        "This browser does not let the page keep your answers: they are lost when you reload "
        "or close the page. Download your result to keep it."
    ),
    "clear": "Clear my answers",
    "cleared": "Your answers were cleared.",
    # The result.
    "result_heading": "Your result",
    "result_profile": "{sector} · {country} · {date}",
    "result_incomplete": "Answer every question of a dimension to see its score.",
    "dimension_column": "Dimension",
    "score_column": "Score (0 to 100)",
    "band_column": "Band",
    "overall": "Overall",
    "not_answered": "not yet answered",
    "band_sentence": "Overall score {score} of 100: {band}. {description}",
    "chart_title": "Your scores per dimension, from 0 to 100",
    "chart_description": "{items}.",
    "chart_item": "{title} {score}",
    "weakest": "Your weakest dimensions: {dimensions}.",
    "no_weakest": "No dimension is below the top band: there is nothing to single out.",
    "recommendations_heading": "What to read next",
    "recommendations_intro": (
        "Cases, course modules and policy guidelines of this collection about what your weakest "
        "dimensions point to: {terms}."
    ),
    "cases_heading": "Cases",
    "modules_heading": "Course modules",
    "guidelines_heading": "Policy guidelines",
    "nothing_found": "Nothing in the collection yet.",
    "tier_sector-and-region": "your sector and region",
    "tier_region": "your region",
    "tier_sector": "your sector",
    "tier_elsewhere": "another sector and region",
    "case_item": "{tier}; about {terms}",
    "module_item": "part of {course}",
    "term_list_separator": ", ",
    # Export, print and import.
    "notes_label": "Notes (optional)",
    "notes_help": (
        "Only if you want to: anything you type here goes into the downloaded file. Leave it "
        "empty to keep the file free of personal details."
    ),
    "download": "Download my result (JSON)",
    "print": "Print a one-page summary",
    "import_heading": "Open a saved result",
    "import_label": "A result file you downloaded before",
    "import_done": "Opened the result of {date}.",
    "import_not_json": "This file is not a saved result: it is not JSON.",
    "import_foreign": "This file is not a result of this self-assessment.",
    "import_version": (
        "This result answers version {found} of the self-assessment; this page has version "
        "{expected}, whose questions differ."
    ),
    "import_bad_answers": "This result holds answers this self-assessment does not have.",
    "import_unreadable": "The file could not be read.",
}
