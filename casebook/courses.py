"""Courses and their modules: models and the checks beyond their schemas."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casebook.documents import Document
from casebook.problems import Problem, error
from casebook.render import RenderedText

if TYPE_CHECKING:
    from casebook.translations import Translation

MODULE_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Module:
    course: str
    slug: str  # the file stem, e.g. "01-why-digital"
    number: int
    path: str
    title: str
    duration_minutes: int
    objectives: tuple[str, ...]
    cases: tuple[str, ...]
    guidelines: tuple[str, ...]
    quiz: tuple[QuizQuestion, ...]
    body: str
    rendered: RenderedText  # the body, rendered and sanitised once (casebook.render)
    # Its translations, by language (casebook.translations; the site uses localize()).
    translations: tuple[Translation, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Course:
    slug: str
    path: str
    title: str
    summary: str
    level: str
    audience: tuple[str, ...]
    language: str
    provider: str
    outcomes: tuple[str, ...]
    prerequisites: tuple[str, ...]
    license: str
    status: str
    example: bool
    body: str
    rendered: RenderedText  # the body, rendered and sanitised once (casebook.render)
    modules: tuple[Module, ...]
    # Its translations, by language (casebook.translations; the site uses localize()).
    translations: tuple[Translation, ...] = field(default=(), compare=False)

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def duration_minutes(self) -> int:
        """Always the sum of the modules: never typed by hand."""
        return sum(m.duration_minutes for m in self.modules)


def check_module(doc: Document) -> Iterator[Problem]:
    for index, item in enumerate(doc.front_matter.get("quiz") or []):
        if not isinstance(item, dict):
            continue
        answer, options = item.get("answer"), item.get("options")
        if isinstance(answer, int) and isinstance(options, list) and answer >= len(options):
            location = ("quiz", index, "answer")
            yield error(
                doc.display_path,
                doc.line_of(location),
                "quiz-answer-out-of-range",
                f"quiz[{index}].answer",
                f"answer {answer} points past the {len(options)} options: answers count from 0, "
                f"so use 0 to {len(options) - 1}",
            )


def module_from_document(doc: Document, course: str, stem: str, rendered: RenderedText) -> Module:
    fm = doc.front_matter
    match = MODULE_FILE.match(stem)
    assert match is not None  # file names are checked before models are built
    return Module(
        course=course,
        slug=stem,
        number=int(match.group(1)),
        path=doc.display_path,
        title=fm["title"],
        duration_minutes=fm["duration_minutes"],
        objectives=tuple(fm["objectives"]),
        cases=tuple(fm.get("cases", ())),
        guidelines=tuple(fm.get("guidelines", ())),
        quiz=tuple(
            QuizQuestion(q["question"], tuple(q["options"]), q["answer"], q["explanation"])
            for q in fm.get("quiz", ())
        ),
        body=doc.body,
        rendered=rendered,
    )


def course_from_document(
    doc: Document, slug: str, rendered: RenderedText, modules: tuple[Module, ...]
) -> Course:
    fm = doc.front_matter
    return Course(
        slug=slug,
        path=doc.display_path,
        title=fm["title"],
        summary=fm["summary"],
        level=fm["level"],
        audience=tuple(fm["audience"]),
        language=fm["language"],
        provider=fm["provider"],
        outcomes=tuple(fm["outcomes"]),
        prerequisites=tuple(fm.get("prerequisites", ())),
        license=fm["license"],
        status=fm["status"],
        example=bool(fm.get("example", False)),
        body=doc.body,
        rendered=rendered,
        modules=tuple(sorted(modules, key=lambda m: m.number)),
    )
