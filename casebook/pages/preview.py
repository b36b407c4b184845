"""What the home page of a preview build says: that drafts are included and marked, and which
files the pull request changes, each linked to the page built from it.

The list of changed files arrives from the edge (a file a workflow writes, one path a line,
relative to the project folder); paths are contributors' choices, so they are escaped text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from casebook import i18n
from casebook.collection import Collection
from casebook.drafts import draft_badge, draft_label
from casebook.i18n import _
from casebook.pages import fragments
from casebook.pages.fragments import escape, page_link
from casebook.pages.urls import (
    assessment_uri,
    case_uri,
    course_uri,
    guideline_uri,
    module_uri,
)

HOME = "index.md"


def read_changed_files(text: str) -> tuple[str, ...]:
    """One path a line, as ``git diff --name-only`` writes them; blank lines ignored."""
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _pages(collection: Collection) -> Iterator[tuple[str, str, str, bool]]:
    """(source path, title, page URI, published) of every item a preview shows."""
    for case in collection.site_cases(include_drafts=True):
        yield case.path, case.title, case_uri(case.slug), case.published
    for guideline in collection.site_guidelines(include_drafts=True):
        yield guideline.path, guideline.title, guideline_uri(guideline.slug), guideline.published
    for course in collection.site_courses(include_drafts=True):
        yield course.path, course.title, course_uri(course.slug), course.published
        for module in course.modules:
            uri = module_uri(course.slug, module.slug)
            yield module.path, module.title, uri, course.published
    for assessment in collection.site_assessments(include_drafts=True):
        yield (
            assessment.path,
            assessment.title,
            assessment_uri(assessment.slug),
            assessment.published,
        )


def render_preview_notice(collection: Collection, changed_files: Sequence[str]) -> str:
    """The notice at the top of a preview's home page (HTML, no blank line)."""
    # Changed files are named from the project folder (content/cases/x.md); the collection's
    # own paths from wherever it was loaded: both are matched by their place in the tree.
    root = collection.root.resolve()
    pages = {
        f"{root.name}/{Path(path).resolve().relative_to(root).as_posix()}": (title, uri, published)
        for path, title, uri, published in _pages(collection)
    }
    parts = [
        '<div class="admonition warning casebook-preview" role="note">',
        '<p class="admonition-title">' + escape(_("Preview build: drafts included")) + "</p>",
        fragments.paragraph(
            escape(
                _(
                    "This preview shows drafts beside the published collection. Each one says "
                    "{draft} on its page and in every list. Drafts are never in the open data, "
                    "the feed, the editions or the offline copies."
                )
            ).format(draft=f"<strong>{draft_label()}</strong>")
        ),
    ]
    if changed_files:
        count = len(changed_files)
        parts.append(
            fragments.paragraph(
                "<strong>"
                + escape(_("Files this pull request changes ({n}):").format(n=i18n.number(count)))
                + "</strong>"
            )
        )
        parts.append(fragments.bullet_list(_changed_item(path, pages) for path in changed_files))
    drafts = [(t, u) for t, u, published in pages.values() if not published]
    if drafts:
        parts.append(
            fragments.paragraph(
                "<strong>"
                + escape(_("Drafts in this preview ({n}):").format(n=i18n.number(len(drafts))))
                + "</strong>"
            )
        )
        parts.append(
            fragments.bullet_list(page_link(escape(title), HOME, uri) for title, uri in drafts)
        )
    parts.append("</div>")
    return "\n".join(parts)


def _changed_item(path: str, pages: dict[str, tuple[str, str, bool]]) -> str:
    shown = f"<code>{escape(path)}</code>"
    page = pages.get(path)
    if page is None:
        return shown
    title, uri, published = page
    return f"{shown}: {page_link(escape(title), HOME, uri)}{draft_badge(published)}"
