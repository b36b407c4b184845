"""The mkdocs-macros module: plain functions, testable without MkDocs."""

from __future__ import annotations

import pytest

from macros import download_link


@pytest.mark.parametrize(
    ("environment", "target"),
    [
        ({}, None),
        ({"CASEBOOK_OFFLINE": "true"}, "download.html"),
        ({"CASEBOOK_EDITION": "2026"}, "edition.html"),
        ({"CASEBOOK_OFFLINE": "false"}, None),
    ],
)
def test_download_link_only_where_the_bundles_are(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], target: str | None
) -> None:
    for name in ("CASEBOOK_OFFLINE", "CASEBOOK_EDITION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    link = download_link()
    assert (f'href="{target}"' in link) if target else link == ""
