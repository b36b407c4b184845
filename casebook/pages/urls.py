"""Where every generated page lives (source URIs; the site turns ``.md`` into ``.html``)."""

from __future__ import annotations

import re


def case_uri(slug: str) -> str:
    return f"cases/{slug}.md"


def guideline_uri(slug: str) -> str:
    return f"guidelines/{slug}.md"


def course_uri(course: str) -> str:
    return f"courses/{course}/index.md"


def module_uri(course: str, module: str) -> str:
    return f"courses/{course}/{module}.md"


def term_slug(term: str | int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(term).lower()).strip("-")


DIMENSION_FOLDERS = {
    "country": "countries",
    "region": "regions",
    "sector": "sectors",
    "technology": "technologies",
    "sdg": "sdgs",
}


def term_uri(dimension: str, term: str | int) -> str:
    return f"{DIMENSION_FOLDERS[dimension]}/{term_slug(term)}.md"


BROWSE_URI = "browse.md"
EXPLORER_URI = "explorer.md"
GUIDELINES_URI = "guidelines.md"
COURSES_URI = "courses.md"


def assessment_uri(slug: str) -> str:
    return f"assessments/{slug}.md"


CALL_FOR_CASES_URI = "call-for-cases.md"
