"""The collection as the readers of one language see it, and what each page says of its
translation.

Every page exists in every language. A page whose item has a translation shows it
(``current``, or ``outdated`` when the original changed after the translation was made); a page
without one shows the original's text under the language's own interface (``fallback``). The
default language's pages are the originals: always ``current``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from casebook.assessments import Assessment
from casebook.cases import Case
from casebook.collection import Collection
from casebook.courses import Course, Module
from casebook.guidelines import Guideline
from casebook.languages import text_direction
from casebook.translations import (
    CURRENT,
    FALLBACK,
    OUTDATED,
    Translatable,
    localize,
    translation_of,
    translation_status,
)

_Item = TypeVar("_Item", Case, Course, Module, Guideline, Assessment)

STATUSES = (CURRENT, FALLBACK, OUTDATED)


def localize_collection(collection: Collection, lang: str) -> Collection:
    """``collection`` with every case, course (and its modules), guideline and assessment in ``lang``
    where translated; the facts are always the original's."""
    default = default_language(collection)
    if lang == default:
        return collection
    original = Original(default, text_direction(default))
    courses = []
    for course in collection.courses:
        shown = localize(course, lang)
        modules = tuple(
            original.mark(translated, module, lang)
            for translated, module in zip(shown.modules, course.modules, strict=True)
        )
        courses.append(replace(original.mark(shown, course, lang), modules=modules))
    return replace(
        collection,
        cases=tuple(original.mark(localize(c, lang), c, lang) for c in collection.cases),
        courses=tuple(courses),
        guidelines=tuple(original.mark(localize(g, lang), g, lang) for g in collection.guidelines),
        assessments=tuple(
            original.mark(localize(a, lang), a, lang) for a in collection.assessments
        ),
        _case_index={},
    )


@dataclass(frozen=True)
class Original:
    """The originals' language: an item shown untranslated keeps it on its text."""

    lang: str
    direction: str

    def mark(self, shown: _Item, item: Translatable, lang: str) -> _Item:
        if translation_of(item, lang) is not None:
            return shown
        rendered = replace(shown.rendered, lang=self.lang, direction=self.direction)
        return replace(shown, rendered=rendered)


def default_language(collection: Collection) -> str:
    return collection.languages.default.tag if collection.languages else "en"


def site_languages(collection: Collection) -> tuple[str, ...]:
    """The languages the site is built in, the default first."""
    return collection.languages.tags if collection.languages else ("en",)


def page_status(item: Translatable, lang: str, default: str) -> str:
    """What the page of ``item`` in ``lang`` shows: ``current``, ``outdated`` or ``fallback``."""
    if lang == default:
        return CURRENT
    return translation_status(item, lang)
