"""Finishing the engine's output: what must not pass through Markdown or the search index.

A generated page's parts that search does not index (``Slot.searchable``) reach the engine
as markers (``casebook.docs_tree``); here they go into the built pages. Every HTML page of the
site, whichever engine wrote it (the 404 page too), then gets its Content-Security-Policy
(``casebook.csp``). Each page is read and written once; what else must read every finished
page (the site's search) is handed each page's text as it is written (``read``), rather than
reading the site again. Pages are finished over every core (``casebook.parallel``): the
output is the same whatever their number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from casebook.csp import add_content_security_policy
from casebook.docs_tree import (
    TreePage,
    files_under,
    fill_around_headings,
    fill_fragments,
    has_marker,
)
from casebook.page_languages import PageLanguages
from casebook.pages.titles import shorten_title
from casebook.parallel import map_in_processes

_POLICY = '<meta http-equiv="Content-Security-Policy"'
# Where a page's content starts, in both engines' theme (Material's layout).
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
# A page of the site's own (an engine's "not found" page) has no place in an edition's pages.
_NOT_FOUND = "404.html"

# The note a page opens with (``casebook.pages.edition_pages.render_edition_note``), given the
# page's path in the site ("" for none).
PageNote = Callable[[str], str]
Read = TypeVar("Read")


class FinishError(Exception):
    pass


def finish_site(
    site_dir: Path,
    pages: Iterable[TreePage],
    *,
    policy: bool = True,
    site_name: str = "",
    page_note: PageNote | None = None,
    languages: PageLanguages | None = None,
    read: Callable[[str, str], Read | None] | None = None,
    processes: int | None = None,
    uris: Iterable[str] | None = None,
) -> list[Read]:
    """Put each page's fragments in place of its markers; with ``policy``, give every HTML
    page its Content-Security-Policy; with ``site_name``, keep its <title> to what a search
    engine shows (``casebook.pages.titles``); with ``page_note``, open every page's content
    with its note (in an edition: which edition it is); with ``languages``, give it its
    language, switcher links and translation status (``casebook.page_languages``).

    ``read(uri, html)`` is called on every finished page, in path order; its results are
    returned (a page ``read`` returns None for is left out of them).

    ``uris``: the pages to finish (paths in ``site_dir``, which are the pages' paths in the
    site), instead of every HTML page there: the build finishes each engine process's output
    as soon as that process ends, while others still run."""
    fragments = {page.output_uri: page for page in pages if page.fragments}
    chosen = None if uris is None else sorted(uris)
    for uri in fragments.keys() | set(chosen or ()):
        if not (site_dir / uri).is_file():
            raise FinishError(f"the engine wrote no {uri}")
    every_page = policy or page_note is not None or languages is not None or read is not None
    if chosen is None:
        chosen = html_pages(site_dir) if every_page else []
    jobs: list[tuple[Path, str, TreePage | None, str]] = []
    for uri in chosen:
        path = site_dir / uri
        note = page_note(uri) if page_note and uri != _NOT_FOUND else ""
        if languages is not None:
            note += languages.notice(uri)
        jobs.append((path, uri, fragments.pop(uri, None), note))
    jobs += [(site_dir / uri, uri, page, "") for uri, page in fragments.items()]

    def finish(job: tuple[Path, str, TreePage | None, str]) -> Read | None:
        path, uri, page, note = job
        text = _finish_page(path, uri, page, policy, site_name, note, languages)
        return read(uri, text) if read is not None else None

    return [found for found in map_in_processes(finish, jobs, processes) if found is not None]


def html_pages(site_dir: Path) -> list[str]:
    """Every HTML page in ``site_dir``, as paths in it, in path order."""
    return sorted(path for path in files_under(site_dir) if path.endswith(".html"))


def _finish_page(
    path: Path,
    uri: str,
    page: TreePage | None,
    policy: bool,
    site_name: str,
    note: str,
    languages: PageLanguages | None,
) -> str:
    """The finished page (also written to ``path``)."""
    built = text = path.read_text(encoding="utf-8")
    if languages is not None:
        text = languages.finish(text, uri)
    if site_name:
        text = shorten_title(text, site_name)
    if note and note not in text:  # an engine's cache may keep a finished page
        article = _ARTICLE.search(text)
        if article is None:
            raise FinishError(f"{path.name}: no page content to open with its note")
        text = text[: article.end()] + note + text[article.end() :]
    if page is not None:
        filled: str | None = None
        if page.before_heading:
            article = _ARTICLE.search(text)
            filled = fill_around_headings(text, page, article.end()) if article else None
        elif has_marker(text):
            filled = fill_fragments(text, page.fragments)
        if filled is not None:
            text = filled
        elif page.fragments[0] not in text:
            # Neither markers nor this build's fragments: an engine cache served a page older
            # than its source. Never publish it half-old.
            raise FinishError(f"{page.output_uri} was not rebuilt: delete the docs tree and build")
    # An engine that kept a finished page from the previous build (Zensical's cache) kept
    # its policy too.
    if policy and _POLICY not in text[: text.find("</head>")]:
        text = add_content_security_policy(text)
    if text != built:
        path.write_text(text, encoding="utf-8")
    return text
