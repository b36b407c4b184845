"""Where readers find the editions: the "Editions" page (in the nav of every build), the note on
the working collection's home page that links to the latest edition, and the note on every page
of an edition that says which edition it belongs to and where the latest is.

Editions live beside each other on the pages branch (``<site>/<id>/``, the alias
``<site>/latest/``), so links between them are absolute addresses from the site's root; links
inside the edition being built stay relative (they work from ``file://``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from casebook.editions import (
    CASES_JSON,
    DOWNLOADS_FOLDER,
    EDITION_URI,
    LATEST_ALIAS,
    REPORT_FILE,
    WHATS_NEW_URI,
    Edition,
    edition_url,
)
from casebook.pages import fragments
from casebook.pages.fragments import escape, page_href
from casebook.pages.markdown import GeneratedPage, PageWriter, page_meta

EDITIONS_URI = "editions.md"
OFFLINE_BUNDLE = "casebook-offline.zip"


@dataclass(frozen=True)
class EditionsView:
    """The editions as one build shows them.

    ``editions``: the manifest, oldest first; ``current``: the edition being built (None: the
    working collection); ``deployed``: the versions on the pages branch, None when this build
    cannot see the branch (then every listed edition counts as published); ``root_url``: the
    site's root address, ending in ``/``.
    """

    editions: tuple[Edition, ...]
    root_url: str
    current: Edition | None = None
    deployed: Collection[str] | None = None

    @property
    def published(self) -> tuple[Edition, ...]:
        """The editions readers can open, oldest first (up to the current one in an edition)."""
        shown = self.editions
        if self.current is not None:
            ids = [e.id for e in shown]
            shown = shown[: ids.index(self.current.id) + 1]
        return tuple(
            e for e in shown if self.deployed is None or e.id in self.deployed or e == self.current
        )

    @property
    def latest(self) -> Edition | None:
        published = self.published
        return published[-1] if published else None

    def latest_url(self) -> str:
        return f"{self.root_url}{LATEST_ALIAS}/index.html"


def render_editions_page(view: EditionsView) -> GeneratedPage:
    """``editions.md``: each edition, newest first, with its date, PDF, data, offline copy and
    what's new."""
    # In the nav: its rendering of the nav must not be shared (casebook_generated is for
    # pages outside the nav).
    page = PageWriter(EDITIONS_URI, page_meta("Editions", casebook_generated=False))
    page.html("<h1>Editions</h1>")
    intro = (
        "An edition is a frozen copy of the collection, with its report (PDF), its open data "
        "and an offline copy. Its pages and files never change: cite an edition for a "
        "reference that stays as you read it."
    )
    if view.current is None:
        intro += " This site is the working collection, which changes as cases are added."
    page.html(fragments.paragraph(intro))
    latest = view.latest
    if view.current is not None:
        # A frozen page cannot know later editions: it says where the newest always is.
        page.html(
            fragments.paragraph(
                "This page lists the editions up to this one. The newest edition is always at "
                f"{_link(escape(view.root_url + LATEST_ALIAS + '/'), view.latest_url())}."
            )
        )
    elif latest is not None:
        page.html(
            fragments.paragraph(
                f"<strong>Latest edition:</strong> {_link(escape(latest.title), view.latest_url())} "
                f"(published {latest.published.isoformat()})."
            )
        )
    published = view.published
    for edition in reversed(view.editions if view.current is None else published):
        page.heading(edition.title, f"edition-{edition.id}")
        if edition not in published:
            page.html(
                fragments.paragraph(
                    f"Planned for {edition.published.isoformat()}; not published yet."
                )
            )
            continue
        base = "" if edition == view.current else edition_url(view.root_url, edition.id)
        editors = ", ".join(escape(name) for name in edition.editors)
        note = " This is the edition you are reading." if edition == view.current else ""
        page.html(
            fragments.paragraph(
                f"Published {edition.published.isoformat()}. Edited by {editors}.{note}"
            )
        )
        data = CASES_JSON.rsplit("/", 1)[0]
        page.html(
            fragments.bullet_list(
                [
                    _link("Read this edition", f"{base}index.html"),
                    _link("Foreword and files", f"{base}{_html(EDITION_URI)}"),
                    _link("Report (PDF)", f"{base}{REPORT_FILE}"),
                    "Open data: "
                    + ", ".join(
                        _link(name, f"{base}{data}/{name}")
                        for name in ("cases.csv", "outcomes.csv", "cases.json")
                    ),
                    _link("Offline copy (zip)", f"{base}{DOWNLOADS_FOLDER}/{OFFLINE_BUNDLE}"),
                    _link("What's new", f"{base}{_html(WHATS_NEW_URI)}"),
                ]
            )
        )
    if not view.editions:
        page.html(fragments.paragraph("No edition has been published yet."))
    return page.page()


def render_latest_edition_note(view: EditionsView) -> str:
    """For the working collection's home page: where the latest edition is ("" if none)."""
    latest = view.latest
    if latest is None:
        return ""
    return fragments.paragraph(
        f"To cite a copy that never changes, use the latest edition: "
        f"{_link(escape(latest.title), view.latest_url())} (published "
        f"{latest.published.isoformat()}). {_link('All editions', _html(EDITIONS_URI))}."
    )


def render_edition_note(view: EditionsView, page_uri: str) -> str:
    """On every page of an edition: which edition it is, and where the latest one is."""
    edition = view.current
    if edition is None:
        return ""
    return (
        '<p class="casebook-edition-note">'
        f"This page belongs to the {_link(escape(edition.title), page_href(page_uri, EDITION_URI))}"
        f" (published {edition.published.isoformat()}), which never changes. "
        f"{_link('Latest edition', view.latest_url())} · "
        f"{_link('All editions', page_href(page_uri, EDITIONS_URI))}</p>"
    )


def _html(uri: str) -> str:
    return uri[:-3] + ".html" if uri.endswith(".md") else uri


def _link(label_html: str, address: str) -> str:
    return fragments.web_link(label_html, address)
