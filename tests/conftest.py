"""Shared fixtures: small content trees and a real Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Chromium must not phone home: on a closed network its background services hang or spam.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
]


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CASEBOOK_CHROMIUM"),
        "chromium",
        "chromium-browser",
        "google-chrome",
    ):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright. Missing browser: loud skip, or a
    failure under CI, never a silent pass."""
    executable = find_chromium()
    if executable is None:
        message = (
            "NO BROWSER: Chromium was not found, so the browser tests did NOT run. "
            "Install it (apt-get install -y chromium) or set CASEBOOK_CHROMIUM."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    """A page whose every non-file request is refused and recorded in ``page.outgoing``."""
    context = browser.new_context()
    outgoing: list[str] = []

    def refuse(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outgoing.append(url)
            route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.outgoing = outgoing
    yield page
    context.close()
