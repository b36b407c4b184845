"""Course pages and module pages: outcomes, ordered modules, objectives, links, self-check quiz."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from babel import Locale

from casebook import i18n
from casebook.cases import Case
from casebook.courses import Course, Module
from casebook.guidelines import Guideline
from casebook.i18n import _, ngettext
from casebook.pages import fragments
from casebook.pages.fragments import escape, illustrative_note, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, attribute, page_meta
from casebook.pages.urls import COURSES_URI, case_uri, course_uri, guideline_uri, module_uri
from casebook.vocabularies import language_name

# Quiz feedback and progress: loaded by course and module pages only, by a relative path so the
# page works from file://.
COURSE_SCRIPT = "assets/casebook/course.js"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{rest:02d}")


def _language_shown(tag: str) -> str:
    """The course's language as the page's language names it (CLDR's names, through Babel);
    in English, and for a tag CLDR does not know, ``vocabularies.language_name``."""
    if i18n.active().split("-", 1)[0] != i18n.SOURCE_LANGUAGE:
        try:
            name = Locale.parse(tag.replace("-", "_")).get_display_name(i18n.locale())
        except (ValueError, LookupError):
            name = None
        if name:
            return name
    return language_name(tag)


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
    page = PageWriter(course_uri(course.slug), page_meta(course.title, description=course.summary))
    uri = page.src_uri
    if not course.published:
        page.html(fragments.draft_banner())
    page.html(
        fragments.breadcrumbs(uri, [(escape(_("Courses")), COURSES_URI)], escape(course.title))
    )
    if course.example:
        page.html(illustrative_note())
    page.html(fragments.paragraph(f"<strong>{escape(course.summary)}</strong>"))
    prerequisites = ", ".join(
        page_link(escape(course_of(slug).title), uri, course_uri(slug))
        + fragments.draft_badge(course_of(slug).published)
        for slug in course.prerequisites
    ) or escape(_("None"))
    modules_count = len(course.modules)
    rows = [
        (_("Level"), escape(i18n.label("level", course.level))),
        (_("For"), ", ".join(escape(i18n.label("learner-audience", a)) for a in course.audience)),
        (_("Language"), escape(_language_shown(course.language))),
        (_("Provider"), escape(course.provider)),
        (
            _("Duration"),
            escape(
                ngettext(
                    "{duration} in {n} module", "{duration} in {n} modules", modules_count
                ).format(duration=duration(course.duration_minutes), n=i18n.number(modules_count))
            ),
        ),
        (_("Prerequisites"), prerequisites),
        (_("Licence"), escape(i18n.label("license", course.license))),
    ]
    page.html(fragments.metadata_panel(rows))
    page.heading(_("What you will be able to do"), "casebook-outcomes")
    page.html(fragments.bullet_list(escape(outcome) for outcome in course.outcomes))
    page.contributed(course.rendered)
    page.heading(_("Modules"), "casebook-modules")
    modules = " ".join(module.slug for module in course.modules)
    page.html(
        f'<div class="casebook-progress" data-course="{attribute(course.slug)}" '
        f'data-modules="{attribute(modules)}" hidden></div>'
    )
    # Each module's item names its quiz length: the script writes the learner's progress there.
    page.html(
        fragments.numbered_list(
            f"{page_link(escape(module.title), uri, module_uri(course.slug, module.slug))} "
            f"({escape(duration(module.duration_minutes))})"
            f' <span class="casebook-progress__module" data-module="{attribute(module.slug)}"'
            f' data-questions="{len(module.quiz)}"></span>'
            for module in course.modules
        )
    )
    page.html(_course_script(uri))
    return page.page()


def render_module_page(
    course: Course,
    index: int,
    case_of: Callable[[str], Case],
    guideline_of: Callable[[str], Guideline],
) -> GeneratedPage:
    module = course.modules[index]
    page = PageWriter(module_uri(course.slug, module.slug), page_meta(module.title))
    uri = page.src_uri
    total = len(course.modules)
    if not course.published:
        page.html(fragments.draft_banner())
    page.html(
        fragments.breadcrumbs(
            uri,
            [(escape(_("Courses")), COURSES_URI), (escape(course.title), course_uri(course.slug))],
            escape(module.title),
        )
    )
    position = escape(
        _("Module {number} of {total} · {duration} · part of the course {course}")
    ).format(
        number=i18n.number(index + 1),
        total=i18n.number(total),
        duration=escape(duration(module.duration_minutes)),
        course=page_link(escape(course.title), uri, course_uri(course.slug)),
    )
    page.html(f'<p class="casebook-module-position">{position}</p>')
    page.heading(_("Objectives"), "casebook-objectives")
    page.html(fragments.bullet_list(escape(objective) for objective in module.objectives))
    page.contributed(module.rendered)
    if module.cases:
        page.heading(_("Cases to study"), "casebook-cases")
        page.html(fragments.summary_list(map(case_of, module.cases), uri, case_uri))
    if module.guidelines:
        page.heading(_("Related policy guidelines"), "casebook-guidelines")
        page.html(fragments.summary_list(map(guideline_of, module.guidelines), uri, guideline_uri))
    if module.quiz:
        page.heading(_("Check your understanding"), "casebook-quiz")
        page.html(render_quiz(course, module))
    page.html(
        f'<div class="casebook-module-done" data-course="{attribute(course.slug)}" '
        f'data-module="{attribute(module.slug)}" hidden></div>'
    )
    page.html(_pager(course, index, uri))
    page.html(_course_script(uri))
    return page.page()


def _course_script(uri: str) -> str:
    return f'<script src="{fragments.page_href(uri, COURSE_SCRIPT)}"></script>'


def render_quiz(course: Course, module: Module) -> str:
    """Questions as plain HTML: readable and answerable without JavaScript (the answer sits in a
    <details>); the quiz script (``COURSE_SCRIPT``) marks an answer right or wrong once, offers
    "Try again", keeps the score and saves answers in the browser.

    Each question is a fieldset of radio buttons named by its legend: one control per option.
    """
    blocks = [
        f'<div class="casebook-quiz-score" data-course="{attribute(course.slug)}" '
        f'data-module="{attribute(module.slug)}" data-questions="{len(module.quiz)}" hidden></div>'
    ]
    question_label = escape(_("Question {number}."))
    show_answer = escape(_("Show the answer"))
    for number, question in enumerate(module.quiz):
        name = f"quiz-{attribute(module.slug)}-{number}"
        options = "".join(
            f'<label class="casebook-quiz-option"><input type="radio" name="{name}" value="{i}"> '
            f"<span>{attribute(option)}</span></label>"
            for i, option in enumerate(question.options)
        )
        answer = attribute(question.options[question.answer])
        blocks.append(
            f'<div class="casebook-quiz" data-question="{number}" data-answer="{question.answer}">'
            f'<fieldset class="casebook-quiz-options"><legend class="casebook-quiz-question">'
            f"<strong>{question_label.format(number=i18n.number(number + 1))}</strong> "
            f"{attribute(question.question)}</legend>"
            f"{options}</fieldset>"
            f'<div class="casebook-quiz-feedback" aria-live="polite"></div>'
            f"<details><summary>{show_answer}</summary><p>"
            + escape(_("{answer}: {explanation}")).format(
                answer=f"<strong>{answer}</strong>", explanation=attribute(question.explanation)
            )
            + "</p></details></div>"
        )
    return "\n".join(blocks)


def _pager(course: Course, index: int, uri: str) -> str:
    links = []
    if index > 0:
        previous = course.modules[index - 1]
        links.append(
            escape(_("← Previous: {module}")).format(
                module=page_link(
                    escape(previous.title), uri, module_uri(course.slug, previous.slug)
                )
            )
        )
    links.append(page_link(escape(_("Course overview")), uri, course_uri(course.slug)))
    if index + 1 < len(course.modules):
        following = course.modules[index + 1]
        links.append(
            escape(_("Next: {module} →")).format(
                module=page_link(
                    escape(following.title), uri, module_uri(course.slug, following.slug)
                )
            )
        )
    return (
        '<nav class="casebook-pager" aria-label="'
        + escape(_("Modules of this course"))
        + '">\n'
        + fragments.paragraph(" · ".join(links))
        + "\n</nav>"
    )
