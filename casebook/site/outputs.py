"""Downloadable files of the site: open data computed by ``casebook.export``, and the pages
and files of an edition (``casebook.editions``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path

from casebook.collection import Collection
from casebook.editions import (
    DOWNLOADS_FOLDER,
    REPORT_FILE,
    Edition,
    EditionChanges,
    render_edition_page,
    render_whats_new_page,
)
from casebook.export import (
    case_records,
    render_atom,
    render_csv,
    render_json,
    render_outcomes_csv,
    render_translations_csv,
)
from casebook.i18n import _
from casebook.pages.assessment_pages import assessment_data_files


def data_files(collection: Collection, site_url: str, shown: Collection) -> dict[str, str | bytes]:
    """Open data from the originals; the assessment pages' scripts from ``shown``, the
    collection as the language being built reads it (casebook.localized)."""
    cases = collection.published_cases
    records = case_records(cases, site_url)
    newest = max((c.last_changed for c in cases), default=None)
    updated = (
        datetime.combine(newest, time(), tzinfo=UTC) if newest else datetime(1970, 1, 1, tzinfo=UTC)
    )
    return {
        "data/cases.csv": render_csv(records).encode("utf-8"),  # bytes: keep the CSV's \r\n as is
        "data/cases.json": render_json(records),
        "data/outcomes.csv": render_outcomes_csv(records).encode("utf-8"),
        "data/translations.csv": render_translations_csv(records).encode("utf-8"),
        "feed.xml": render_atom(
            cases,
            site_url,
            _("New cases in the Digital Transformation Case Studies Collection"),
            updated,
        ),
        **assessment_data_files(shown),  # each self-assessment page's data script
    }


def edition_files(
    edition: Edition,
    changes: EditionChanges,
    root_url: str,
    report_pdf: bytes,
    downloads: Sequence[str],
    folder: str = "",
) -> dict[str, str | bytes]:
    """What an edition adds to each language's folder (``folder``: "" for the default
    language, else "<tag>/"), in the language being built: its page (linking the offline
    bundles named ``downloads``), what's new and the PDF report."""
    edition_page = render_edition_page(edition, downloads)
    whats_new = render_whats_new_page(edition, changes, root_url, folder)
    return {
        edition_page.src_uri: edition_page.markdown,
        whats_new.src_uri: whats_new.markdown,
        REPORT_FILE: report_pdf,
    }


def download_files(downloads: Sequence[Path]) -> dict[str, str | bytes]:
    """An edition's offline bundle(s), the same in every language's folder."""
    return {f"{DOWNLOADS_FOLDER}/{path.name}": path.read_bytes() for path in downloads}
