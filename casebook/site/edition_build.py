"""An edition build (``casebook build --edition ID``): what it is compared with, how its cases
are cited, and the files it adds: its page, what's new and the PDF report in each language
(``edition_language_files``), the offline bundles in every language alike."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from casebook.collection import Collection
from casebook.editions import (
    LATEST_ALIAS,
    REPORT_FILE,
    Edition,
    EditionChanges,
    compare_cases,
    edition_url,
    find_edition,
    load_editions,
    previous_published,
    with_previous_pages,
)
from casebook.export import case_records
from casebook.parallel import call_in_process
from casebook.pages.case_pages import CitationContext
from casebook.site.outputs import download_files, edition_files


@dataclass(frozen=True)
class EditionBuild:
    """The edition being built and what it is compared with."""

    edition: Edition
    changes: EditionChanges
    downloads: tuple[Path, ...]


class EditionBuildError(Exception):
    pass


def edition_build(
    root: Path,
    collection: Collection,
    edition_id: str,
    branch: str,
    repository: Path,
    downloads_folder: Path | None,
) -> EditionBuild:
    """Raises ``EditionError`` for an unknown edition or an unreadable pages branch,
    ``EditionBuildError`` for a missing offline bundle or report font."""
    # Before any page is made: the reports are printed with fonts the machine must have.
    from casebook.report_pdf import fonts_problem  # WeasyPrint: only editions need it

    fonts = fonts_problem()
    if fonts:
        raise EditionBuildError(f"the edition's PDF reports cannot be printed: {fonts}")
    editions, _ = load_editions(root)  # its problems are in the collection's report already
    edition = find_edition(editions, edition_id)
    previous, records = previous_published(editions, edition.id, branch, repository)
    current = case_records(collection.published_cases, "")
    downloads = tuple(sorted(downloads_folder.glob("*.zip"))) if downloads_folder else ()
    if downloads_folder and not downloads:
        raise EditionBuildError(
            f"no offline bundle (.zip) in {downloads_folder}: run 'make offline' first"
        )
    changes = compare_cases(current, records, previous)
    # Which of the previous edition's pages exist in each language, for what's new's links.
    changes = with_previous_pages(changes, branch, repository)
    return EditionBuild(edition, changes, downloads)


def citation_context(
    site_name: str, root_url: str, edition: EditionBuild | None
) -> CitationContext:
    if edition is None:
        return CitationContext(site_name, f"{root_url}{LATEST_ALIAS}/")
    return CitationContext(
        site_name,
        edition_url(root_url, edition.edition.id),
        edition.edition.id,
        edition.edition.title,
        edition.edition.editors,
    )


def edition_site_files(edition: EditionBuild) -> dict[str, str | bytes]:
    """What every language's folder of an edition holds alike: the offline bundle(s)."""
    return download_files(edition.downloads)


def edition_language_files(
    collection: Collection, edition: EditionBuild, root_url: str, language: str, folder: str
) -> dict[str, str | bytes]:
    """The edition's page, what's new and PDF report in ``language`` (the active one), for its
    folder of the site (``folder``: "" for the default language, else "<tag>/"): each
    language's ``report.pdf`` is that language's report, its register leading to the cases'
    pages in that language."""
    # WeasyPrint takes a noticeable part of a second to import: only editions need it.
    from casebook.report_pdf import EditionInfo, render_report_pdf

    info = EditionInfo(
        id=edition.edition.id,
        title=edition.edition.title,
        published=edition.edition.published,
        editors=edition.edition.editors,
        foreword_html=edition.edition.foreword_html,
        url=edition_url(root_url, edition.edition.id) + folder,
    )

    def report_pdf() -> bytes:
        with tempfile.TemporaryDirectory(prefix="casebook-report-") as temporary:
            report = Path(temporary) / REPORT_FILE
            render_report_pdf(collection, info, report, language)
            return report.read_bytes()

    # In a process of its own: its layout's memory is the system's again once it is written.
    pdf = call_in_process(report_pdf)
    names = [path.name for path in edition.downloads]
    return edition_files(edition.edition, edition.changes, root_url, pdf, names, folder)
