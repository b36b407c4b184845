"""Course pages and module pages: outcomes, ordered modules, objectives, links, self-check quiz."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from casebook.cases import Case
from casebook.courses import Course, Module
from casebook.guidelines import Guideline
from casebook.pages.case_pages import ILLUSTRATIVE_NOTE
from casebook.pages.markdown import (
    GeneratedPage,
    attribute,
    front_matter,
    link,
    relative,
    table,
    text,
)
from casebook.pages.urls import case_uri, course_uri, guideline_uri, module_uri
from casebook.vocabularies import label

# Quiz feedback and progress: loaded by course and module pages only, by a relative path so the
# page works from file://.
COURSE_SCRIPT = "assets/casebook/course.js"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def render_course_pages(
    course: Course,
    course_of: Callable[[str], Course],
    case_of: Callable[[str], Case],
    guideline_of: Callable[[str], Guideline],
) -> Iterator[GeneratedPage]:
    yield render_course_page(course, course_of)
    for index in range(len(course.modules)):
        yield render_module_page(course, index, case_of, guideline_of)


def render_course_page(course: Course, course_of: Callable[[str], Course]) -> GeneratedPage:
    uri = course_uri(course.slug)
    parts = [front_matter(course.title, description=course.summary), f"# {text(course.title)}\n\n"]
    if course.example:
        parts.append(ILLUSTRATIVE_NOTE)
    parts.append(f"**{text(course.summary)}**\n\n")
    prerequisites = (
        ", ".join(
            link(text(course_of(slug).title), uri, course_uri(slug))
            for slug in course.prerequisites
        )
        or "None"
    )
    rows = [
        ["**Level**", text(label("level", course.level))],
        ["**For**", ", ".join(text(label("learner-audience", a)) for a in course.audience)],
        ["**Language**", text(course.language)],
        ["**Provider**", text(course.provider)],
        ["**Duration**", f"{duration(course.duration_minutes)} in {len(course.modules)} modules"],
        ["**Prerequisites**", prerequisites],
        ["**Licence**", text(label("license", course.license))],
    ]
    parts.append(
        '<div class="casebook-meta" markdown>\n\n' + table(["", ""], rows) + "\n</div>\n\n"
    )
    parts.append("## What you will be able to do\n\n")
    parts.extend(f"- {text(outcome)}\n" for outcome in course.outcomes)
    parts.append("\n" + course.body.strip() + "\n\n## Modules\n\n")
    modules = " ".join(module.slug for module in course.modules)
    parts.append(
        f'<div class="casebook-progress" data-course="{attribute(course.slug)}" '
        f'data-modules="{attribute(modules)}" hidden></div>\n\n'
    )
    for module in course.modules:
        parts.append(
            f"{module.number}. {link(text(module.title), uri, module_uri(course.slug, module.slug))} "
            f"({duration(module.duration_minutes)})\n"
        )
    parts.append("\n" + _course_script(uri))
    return GeneratedPage(uri, "".join(parts))


def render_module_page(
    course: Course,
    index: int,
    case_of: Callable[[str], Case],
    guideline_of: Callable[[str], Guideline],
) -> GeneratedPage:
    module = course.modules[index]
    uri = module_uri(course.slug, module.slug)
    total = len(course.modules)
    parts = [
        front_matter(module.title),
        f"# {text(module.title)}\n\n",
        f'<p class="casebook-module-position">Module {index + 1} of {total} · '
        f"{duration(module.duration_minutes)} · part of the course "
        f'<a href="index.html">{attribute(course.title)}</a></p>\n\n',
        "## Objectives\n\n",
    ]
    parts.extend(f"- {text(objective)}\n" for objective in module.objectives)
    parts.append("\n" + module.body.strip() + "\n\n")
    if module.cases:
        parts.append("## Cases to study\n\n")
        for slug in module.cases:
            case = case_of(slug)
            parts.append(f"- {link(text(case.title), uri, case_uri(slug))}: {text(case.summary)}\n")
        parts.append("\n")
    if module.guidelines:
        parts.append("## Related policy guidelines\n\n")
        for slug in module.guidelines:
            guideline = guideline_of(slug)
            parts.append(
                f"- {link(text(guideline.title), uri, guideline_uri(slug))}: {text(guideline.summary)}\n"
            )
        parts.append("\n")
    if module.quiz:
        parts.append("## Check your understanding\n\n" + render_quiz(module) + "\n")
    parts.append(
        f'<div class="casebook-module-done" data-course="{attribute(course.slug)}" '
        f'data-module="{attribute(module.slug)}" hidden></div>\n\n'
    )
    parts.append(_pager(course, index, uri))
    parts.append("\n" + _course_script(uri))
    return GeneratedPage(uri, "".join(parts))


def _course_script(uri: str) -> str:
    return f'<script src="{relative(uri, COURSE_SCRIPT)}"></script>\n'


def render_quiz(module: Module) -> str:
    """Questions as plain HTML: readable and answerable without JavaScript (the answer sits in a
    <details>); the quiz script adds instant feedback."""
    blocks = []
    for number, question in enumerate(module.quiz):
        name = f"quiz-{attribute(module.slug)}-{number}"
        options = "".join(
            f'<li><label><input type="radio" name="{name}" value="{i}"> {attribute(option)}</label></li>'
            for i, option in enumerate(question.options)
        )
        answer = attribute(question.options[question.answer])
        blocks.append(
            f'<div class="casebook-quiz" data-answer="{question.answer}">'
            f'<p class="casebook-quiz-question"><strong>Question {number + 1}.</strong> {attribute(question.question)}</p>'
            f'<ul class="casebook-quiz-options">{options}</ul>'
            f'<p class="casebook-quiz-feedback" aria-live="polite"></p>'
            f"<details><summary>Show the answer</summary><p><strong>{answer}</strong>: "
            f"{attribute(question.explanation)}</p></details></div>"
        )
    return "\n".join(blocks) + "\n"


def _pager(course: Course, index: int, uri: str) -> str:
    links = []
    if index > 0:
        previous = course.modules[index - 1]
        links.append(
            "← Previous: " + link(text(previous.title), uri, module_uri(course.slug, previous.slug))
        )
    links.append(link("Course overview", uri, course_uri(course.slug)))
    if index + 1 < len(course.modules):
        following = course.modules[index + 1]
        links.append(
            "Next: "
            + link(text(following.title), uri, module_uri(course.slug, following.slug))
            + " →"
        )
    return '<nav class="casebook-pager" markdown>\n\n' + " · ".join(links) + "\n\n</nav>\n"
