"""Every generated page of the site, from one loaded collection."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from casebook.cases import Case
from casebook.collection import Collection
from casebook.connections import Connections, case_connections
from casebook.explorer import render_explorer
from casebook.i18n import _
from casebook.pages.assessment_pages import render_assessment_page
from casebook.pages.call_page import render_call_page
from casebook.pages.case_pages import CitationContext, render_case_page
from casebook.pages.course_pages import render_course_pages
from casebook.pages.guideline_pages import render_guideline_page
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta, text
from casebook.pages.taxonomy_pages import taxonomy_page_makers
from casebook.pages.urls import EXPLORER_URI
from casebook.parallel import map_in_processes

Converted = TypeVar("Converted")


def site_pages(
    collection: Collection,
    citation: CitationContext | None = None,
    include_drafts: bool = False,
    repository: str = "",
    processes: int | None = 1,
) -> list[GeneratedPage]:
    """Drafts are validated but never published: only published items get pages, unless
    ``include_drafts`` (a preview build), where drafts get pages that say they are drafts.
    ``repository``: the source repository (``casebook.repository_address``), whose issue form
    the call for cases links. The case pages are written by up to ``processes`` processes
    (``casebook.parallel``; None: one per core)."""
    return site_pages_as(
        collection, lambda page: page, citation, include_drafts, repository, processes
    )


def site_pages_as(
    collection: Collection,
    convert: Callable[[GeneratedPage], Converted],
    citation: CitationContext | None = None,
    include_drafts: bool = False,
    repository: str = "",
    processes: int | None = 1,
) -> list[Converted]:
    """``site_pages`` with ``convert`` applied to each page, where the page was made: a case
    page made in another process comes back converted (the build's docs-tree page), not as
    a page to be sent to a process again."""
    # As in ``load_collection``: the pages are tens of thousands of objects that all stay alive
    # and form no reference cycles, so the cyclic garbage collector would only rescan them
    # (with the collection's own objects: about 8% of the time at 10,000 cases).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _site_pages(collection, convert, citation, include_drafts, repository, processes)
    finally:
        if collecting:
            gc.enable()


def _site_pages(
    collection: Collection,
    convert: Callable[[GeneratedPage], Converted],
    citation: CitationContext | None,
    include_drafts: bool,
    repository: str,
    processes: int | None,
) -> list[Converted]:
    cases = collection.site_cases(include_drafts)
    courses = {c.slug: c for c in collection.courses}
    guidelines = collection.site_guidelines(include_drafts)
    site_courses = collection.site_courses(include_drafts)
    connections = case_connections(cases, guidelines, site_courses)
    # Every page as a call that makes it (a course makes several), dealt out to the processes
    # (``casebook.parallel``): the other pages first, so that the larger ones (explorer,
    # browse, the terms') are shared between them.
    makers: list[Callable[[], Iterable[GeneratedPage]]] = [
        _one(render_guideline_page, g, collection.case) for g in guidelines
    ]
    makers += [
        partial(render_course_pages, c, courses.__getitem__, collection.case, collection.guideline)
        for c in site_courses
    ]
    makers += [_one(make) for make in taxonomy_page_makers(cases)]
    makers.append(_one(render_explorer_page, collection, include_drafts))
    makers += [_one(render_assessment_page, a) for a in collection.site_assessments(include_drafts)]
    if collection.call is not None:
        # Open or closed as of the day the site is built.
        makers.append(
            _one(
                render_call_page,
                collection.call,
                collection.published_cases,
                date.today(),
                repository,
            )
        )
    others = len(makers)
    # Each case's connections are worked out where its page is made: on every core.
    makers += [partial(_case_page, case, citation, connections) for case in cases]
    made = map_in_processes(lambda make: [convert(page) for page in make()], makers, processes)
    # Case pages first, as the site has always listed them.
    return [page for pages in made[others:] + made[:others] for page in pages]


def _case_page(
    case: Case, citation: CitationContext | None, connections: Connections
) -> list[GeneratedPage]:
    return [render_case_page(case, citation, connections[case.slug])]


def _one(
    render: Callable[..., GeneratedPage], *arguments: Any
) -> Callable[[], list[GeneratedPage]]:
    """A call that makes the one page ``render(*arguments)`` makes."""
    return lambda: [render(*arguments)]


def render_explorer_page(collection: Collection, include_drafts: bool = False) -> GeneratedPage:
    page = PageWriter(
        EXPLORER_URI, page_meta(_("Case explorer"), hide=["toc"], search={"exclude": True})
    )
    page.markdown(f"# {text(_('Case explorer'))}\n\n")
    # Not indexed (the cases are), so filled in after the search plugin has read the page:
    # its 7 MB at 10,000 cases then skip the search plugin's pass over the page's HTML.
    page.html('<link rel="stylesheet" href="assets/casebook/explorer.css">', searchable=False)
    page.html(
        render_explorer(
            collection.site_cases(include_drafts), lambda case: f"cases/{case.slug}.html"
        ),
        searchable=False,
    )
    page.html('<script src="assets/casebook/explorer.js"></script>', searchable=False)
    return page.page()
