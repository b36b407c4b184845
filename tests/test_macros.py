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


def test_the_macros_plugin_renders_only_pages_that_ask(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from mkdocs_macros.plugin import MacrosPlugin

    from casebook.engines.mkdocs_macros import TrustedMacrosPlugin

    monkeypatch.setattr(MacrosPlugin, "on_page_markdown", lambda *a, **k: "rendered")
    plugin = TrustedMacrosPlugin()
    source = "{{ 6 * 7 }}"
    for meta, expected in [
        ({"render_macros": False}, source),
        ({}, source),
        ({"render_macros": "true"}, source),  # only the YAML boolean
        ({"render_macros": True}, "rendered"),
    ]:
        page = SimpleNamespace(meta=meta)
        assert plugin.on_page_markdown(source, page, None) == expected  # type: ignore[arg-type]
