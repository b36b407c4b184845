"""Downloadable data files of the site, computed by ``casebook.export``."""

from __future__ import annotations

from datetime import UTC, datetime, time

from casebook.collection import Collection
from casebook.export import case_records, render_atom, render_csv, render_json


def data_files(collection: Collection, site_url: str) -> dict[str, str | bytes]:
    cases = collection.published_cases
    records = case_records(cases, site_url)
    newest = max((c.last_changed for c in cases), default=None)
    updated = (
        datetime.combine(newest, time(), tzinfo=UTC) if newest else datetime(1970, 1, 1, tzinfo=UTC)
    )
    return {
        "data/cases.csv": render_csv(records).encode("utf-8"),  # bytes: keep the CSV's \r\n as is
        "data/cases.json": render_json(records),
        "feed.xml": render_atom(
            cases,
            site_url,
            "New cases in the Digital Transformation Case Studies Collection",
            updated,
        ),
    }
