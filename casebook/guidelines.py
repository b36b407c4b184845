"""Policy guidelines: the model and the checks beyond its schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from casebook.documents import Document
from casebook.problems import Problem
from casebook.render import RenderedText

if TYPE_CHECKING:
    from casebook.translations import Translation
from casebook.rules import check_dates, parse_date


@dataclass(frozen=True)
class Guideline:
    slug: str
    path: str
    title: str
    summary: str
    instrument: str
    audience: tuple[str, ...]
    evidence: tuple[str, ...]
    sdgs: tuple[int, ...]
    status: str
    updated: date
    example: bool
    body: str
    rendered: RenderedText  # the body, rendered and sanitised once (casebook.render)
    # Its translations, by language (casebook.translations; the site uses localize()).
    translations: tuple[Translation, ...] = field(default=(), compare=False)

    @property
    def published(self) -> bool:
        return self.status == "published"


def check_guideline(doc: Document, today: date) -> Iterator[Problem]:
    yield from check_dates(doc, today, "updated")


def guideline_from_document(doc: Document, slug: str, rendered: RenderedText) -> Guideline:
    fm = doc.front_matter
    updated = parse_date(fm["updated"])
    assert updated is not None  # guaranteed by the schema's date format
    return Guideline(
        slug=slug,
        path=doc.display_path,
        title=fm["title"],
        summary=fm["summary"],
        instrument=fm["instrument"],
        audience=tuple(fm["audience"]),
        evidence=tuple(fm["evidence"]),
        sdgs=tuple(fm.get("sdgs", ())),
        status=fm["status"],
        updated=updated,
        example=bool(fm.get("example", False)),
        body=doc.body,
        rendered=rendered,
    )
