"""Small model factories shared by the unit tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from casebook.cases import Case, Contributor
from casebook.render import RenderedText


def make_case(slug: str = "a-case", **changes: Any) -> Case:
    """A valid published case; ``changes`` override any field."""
    fields: dict[str, Any] = {
        "slug": slug,
        "path": f"content/cases/{slug}.md",
        "title": f"The case called {slug}",
        "summary": "A small made-up case for tests.",
        "countries": ("KE",),
        "organization_name": "Test organisation",
        "organization_type": "sme",
        "sectors": ("agriculture",),
        "technologies": ("mobile",),
        "sdgs": (8,),
        "year": 2020,
        "stage": "pilot",
        "challenges": (),
        "outcomes": (),
        "sources": (),
        "contributor": Contributor("Ann Author"),
        "license": "CC-BY-4.0",
        "status": "published",
        "submitted": date(2025, 1, 1),
        "updated": None,
        "example": False,
        "body": "",
        "rendered": RenderedText(""),
    }
    return Case(**(fields | changes))
