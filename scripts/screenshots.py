"""Screenshots of every kind of page at 1280 px and 390 px wide, for a reviewer to look at.

    python scripts/screenshots.py                 # builds the mini fixture site, all page kinds
    python scripts/screenshots.py --site site     # an existing build (kinds it lacks are skipped)

The fixture site is built as an edition with its offline bundles, so it has every kind of page
(edition, what's new, download included). PNGs go to build/screenshots/<kind>-<width>.png
(whole pages); every network request is refused, as from a downloaded copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini" / "content"
WIDTHS = (1280, 390)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--allow-file-access-from-files",
]
# One page of each kind: a fixed page, or the first page in a folder.
KINDS = {
    "home": "index.html",
    "explorer": "explorer.html",
    "browse": "browse.html",
    "case": "cases/",
    "country": "countries/",
    "region": "regions/",
    "sector": "sectors/",
    "technology": "technologies/",
    "sdg": "sdgs/",
    "courses": "courses.html",
    "course": "courses/*/index.html",
    "module": "courses/*/0*.html",
    "guidelines": "guidelines.html",
    "guideline": "guidelines/",
    "data": "data.html",
    "coverage": "coverage.html",
    "about": "about.html",
    "download": "download.html",
    "edition": "edition.html",
    "whats-new": "whats-new.html",
    "404": "404.html",
}
EDITION_MANIFEST = (
    "editions:\n  - id: 2025\n    title: 2025 edition\n    published: 2025-06-30\n"
    "    editors: [Ada Editor]\n"
)


def page_of_kind(site: Path, where: str) -> Path | None:
    if where.endswith("/"):
        found = sorted((site / where).glob("*.html"))
    elif "*" in where:
        found = sorted(site.glob(where))
    else:
        found = [site / where] if (site / where).is_file() else []
    return found[0] if found else None


def build_fixture_site(work: Path) -> Path:
    """The mini fixture as edition 2025, for file://, with its offline bundles."""
    from casebook.offline import write_offline_bundles

    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    shutil.copytree(MINI, content)
    (content / "editions.yml").write_text(EDITION_MANIFEST, encoding="utf-8")
    (content / "editions").mkdir()
    (content / "editions" / "2025.md").write_text("The first edition.\n", encoding="utf-8")
    site = work / "site"
    command = [
        sys.executable, "-m", "casebook.cli", "build", "--content", str(content), "--offline",
        "--edition", "2025", "-d", str(site), "--tree-dir", str(work / "docs"),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    write_offline_bundles(site, work / "dist")
    return site


def take_screenshots(site: Path, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:", "blob:", "about:"))
                    else route.abort()
                ),
            )
            page = context.new_page()
            for kind, where in KINDS.items():
                target = page_of_kind(site, where)
                if target is None:
                    print(f"no {kind} page in {site}: skipped", file=sys.stderr)
                    continue
                page.goto(target.as_uri())
                page.wait_for_load_state("load")
                path = out / f"{kind}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                written.append(path)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the fixture)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("CASEBOOK_CHROMIUM"))
    args = parser.parse_args()
    chromium = args.chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        parser.error("Chromium was not found: install it or pass --chromium")
    site = args.site or build_fixture_site(args.out / "fixture")
    written = take_screenshots(site.resolve(), args.out, chromium)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
