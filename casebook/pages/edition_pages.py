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
from casebook.i18n import _
from casebook.pages import fragments
from casebook.pages.fragments import escape, page_href, shown_date
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
    page = PageWriter(EDITIONS_URI, page_meta(_("Editions"), casebook_generated=False))
    page.html("<h1>" + escape(_("Editions")) + "</h1>")
    intro = _(
        "An edition is a frozen copy of the collection, with its report (PDF), its open data "
        "and an offline copy. Its pages and files never change: cite an edition for a "
        "reference that stays as you read it."
    )
    if view.current is None:
        intro += " " + _("This site is the working collection, which changes as cases are added.")
    page.html(fragments.paragraph(escape(intro)))
    latest = view.latest
    if view.current is not None:
        # A frozen page cannot know later editions: it says where the newest always is.
        page.html(
            fragments.paragraph(
                escape(
                    _(
                        "This page lists the editions up to this one. The newest edition is "
                        "always at {address}."
                    )
                ).format(
                    address=_link(escape(view.root_url + LATEST_ALIAS + "/"), view.latest_url())
                )
            )
        )
    elif latest is not None:
        page.html(
            fragments.paragraph(
                escape(_("{label} {edition} (published {date}).")).format(
                    label="<strong>" + escape(_("Latest edition:")) + "</strong>",
                    edition=_link(escape(latest.title), view.latest_url()),
                    date=escape(shown_date(latest.published)),
                )
            )
        )
    published = view.published
    for edition in reversed(view.editions if view.current is None else published):
        page.heading(edition.title, f"edition-{edition.id}")
        if edition not in published:
            page.html(
                fragments.paragraph(
                    escape(
                        _("Planned for {date}; not published yet.").format(
                            date=shown_date(edition.published)
                        )
                    )
                )
            )
            continue
        base = "" if edition == view.current else edition_url(view.root_url, edition.id)
        editors = ", ".join(escape(name) for name in edition.editors)
        published_text = escape(_("Published {date}. Edited by {editors}.")).format(
            date=escape(shown_date(edition.published)), editors=editors
        )
        if edition == view.current:
            published_text += " " + escape(_("This is the edition you are reading."))
        page.html(fragments.paragraph(published_text))
        data = CASES_JSON.rsplit("/", 1)[0]
        page.html(
            fragments.bullet_list(
                [
                    _link(escape(_("Read this edition")), f"{base}index.html"),
                    _link(escape(_("Foreword and files")), f"{base}{_html(EDITION_URI)}"),
                    _link(escape(_("Report (PDF)")), f"{base}{REPORT_FILE}"),
                    escape(_("Open data: {files}")).format(
                        files=", ".join(
                            _link(name, f"{base}{data}/{name}")
                            for name in ("cases.csv", "outcomes.csv", "cases.json")
                        )
                    ),
                    _link(
                        escape(_("Offline copy (zip)")),
                        f"{base}{DOWNLOADS_FOLDER}/{OFFLINE_BUNDLE}",
                    ),
                    _link(escape(_("What's new")), f"{base}{_html(WHATS_NEW_URI)}"),
                ]
            )
        )
    if not view.editions:
        page.html(fragments.paragraph(escape(_("No edition has been published yet."))))
    return page.page()


def render_latest_edition_note(view: EditionsView) -> str:
    """For the working collection's home page: where the latest edition is ("" if none)."""
    latest = view.latest
    if latest is None:
        return ""
    return fragments.paragraph(
        escape(
            _(
                "To cite a copy that never changes, use the latest edition: {edition} "
                "(published {date}). {all_editions}."
            )
        ).format(
            edition=_link(escape(latest.title), view.latest_url()),
            date=escape(shown_date(latest.published)),
            all_editions=_link(escape(_("All editions")), _html(EDITIONS_URI)),
        )
    )


def render_edition_note(view: EditionsView, page_uri: str) -> str:
    """On every page of an edition: which edition it is, and where the latest one is."""
    edition = view.current
    if edition is None:
        return ""
    sentence = escape(
        _("This page belongs to the {edition} (published {date}), which never changes.")
    ).format(
        edition=_link(escape(edition.title), page_href(page_uri, EDITION_URI)),
        date=escape(shown_date(edition.published)),
    )
    return (
        f'<p class="casebook-edition-note">{sentence} '
        + _link(escape(_("Latest edition")), view.latest_url())
        + " · "
        + _link(escape(_("All editions")), page_href(page_uri, EDITIONS_URI))
        + "</p>"
    )


def _html(uri: str) -> str:
    return uri[:-3] + ".html" if uri.endswith(".md") else uri


def _link(label_html: str, address: str) -> str:
    return fragments.web_link(label_html, address)
