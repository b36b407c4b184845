"""Editions: the manifest, the comparison, and two editions published with mike into a
temporary git repository (the project's own branches are never touched)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from casebook.collection import load_collection
from casebook.editions import (
    Edition,
    compare_cases,
    is_edition_file,
    load_editions,
    render_whats_new_page,
    site_root_url,
)
from casebook.export import case_records
from casebook.report_pdf import EditionInfo, render_report_pdf
from casebook.site.edition_build import edition_build

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
SITE_URL = "https://dt-cases.github.io/casebook/"  # not the placeholder: publishing refuses it
REPOSITORY = "https://github.com/dt-cases/casebook"  # nor the placeholder repository
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
}

MANIFEST_2025 = """\
editions:
  - id: 2025
    title: 2025 edition
    published: 2025-06-30
    editors: [Ada Editor, Ben Editor]
"""
MANIFEST_2026 = (
    MANIFEST_2025
    + """\
  - id: "2026"
    title: 2026 edition
    published: 2026-03-31
    editors: [Ada Editor]
"""
)
NEW_CASE_TITLE = "Mobile clinic booking for rural Ghana"


# -- The manifest ----------------------------------------------------------------------------


def write_editions(content: Path, manifest: str, forewords: dict[str, str]) -> None:
    (content / "editions.yml").write_text(manifest, encoding="utf-8")
    (content / "editions").mkdir(exist_ok=True)
    for edition_id, text in forewords.items():
        (content / "editions" / f"{edition_id}.md").write_text(text, encoding="utf-8")


def test_manifest_loads_editions_oldest_first(tmp_path: Path) -> None:
    write_editions(tmp_path, MANIFEST_2026, {"2025": "First.\n", "2026": "Second.\n"})
    editions, problems = load_editions(tmp_path)
    assert problems == ()
    assert [(e.id, e.published, e.editors, e.foreword) for e in editions] == [
        ("2025", date(2025, 6, 30), ("Ada Editor", "Ben Editor"), "First.\n"),
        ("2026", date(2026, 3, 31), ("Ada Editor",), "Second.\n"),
    ]


def test_no_manifest_means_no_editions(tmp_path: Path) -> None:
    assert load_editions(tmp_path) == ((), ())


@pytest.mark.parametrize(
    ("manifest", "forewords", "expected"),
    [
        pytest.param(
            "editions:\n  - id: 2025\n    title: 2025 edition\n    published: 2025-13-01\n"
            "    editors: [Ada]\n",
            {"2025": "x\n"},
            [("content/editions.yml", 4, "bad-date")],
            id="bad-date",
        ),
        pytest.param(
            "editions:\n  - id: 2025\n    title: 2025 edition\n    published: 2025-01-01\n"
            "    editors: [Ada]\n    foreword: here\n",
            {"2025": "x\n"},
            [("content/editions.yml", 6, "unknown-field")],
            id="unknown-field",
        ),
        pytest.param(
            "editions:\n  - id: Edition 1\n    title: 2025 edition\n    published: 2025-01-01\n"
            "    editors: [Ada]\n",
            {},
            [("content/editions.yml", 2, "bad-slug")],
            id="bad-id",
        ),
        pytest.param(
            "editions:\n  - id: latest\n    title: 2025 edition\n    published: 2025-01-01\n"
            "    editors: [Ada]\n",
            {"latest": "x\n"},
            [
                ("content/editions.yml", 2, "reserved-edition-id"),
                ("content/editions/latest.md", 1, "unexpected-file"),
            ],
            id="reserved-id",
        ),
        pytest.param(
            MANIFEST_2025 + "  - id: 2025\n    title: Again\n    published: 2025-07-01\n"
            "    editors: [Ada]\n",
            {"2025": "x\n"},
            [("content/editions.yml", 6, "duplicate-edition")],
            id="duplicate",
        ),
        pytest.param(
            MANIFEST_2026.replace("2026-03-31", "2024-01-01"),
            {"2025": "x\n", "2026": "y\n"},
            [("content/editions.yml", 6, "editions-out-of-order")],
            id="out-of-order",
        ),
        pytest.param(
            MANIFEST_2025,
            {},
            [("content/editions/2025.md", 1, "missing-foreword")],
            id="missing-foreword",
        ),
        pytest.param(
            MANIFEST_2025,
            {"2025": "x\n", "2030": "orphan\n"},
            [("content/editions/2030.md", 1, "unexpected-file")],
            id="orphan-foreword",
        ),
        pytest.param(
            MANIFEST_2025,
            {"2025": "Hello <script>alert(1)</script>\n"},
            [("content/editions/2025.md", 1, "active-html")],  # the sanitiser's removal
            id="active-html-in-foreword",
        ),
        pytest.param(
            "editions:\n  - id: 2025\n    id: 2026\n",
            {},
            [("content/editions.yml", 3, "yaml-duplicate-key")],
            id="duplicate-key",
        ),
    ],
)
def test_manifest_problems(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    manifest: str,
    forewords: dict[str, str],
    expected: list[tuple[str, int, str]],
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    write_editions(content, manifest, forewords)
    monkeypatch.chdir(tmp_path)
    _, problems = load_editions(Path("content"))
    assert [(p.path, p.line, p.code) for p in problems] == expected


def test_the_collection_leaves_edition_files_to_the_editions_module(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    write_editions(content, MANIFEST_2025, {"2025": "Welcome.\n"})
    _, report = load_collection(content)
    assert report.problems == ()
    (content / "editions" / "2025.md").unlink()
    _, report = load_collection(content)
    assert [p.code for p in report.problems] == ["missing-foreword"]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("editions.yml",), True),
        (("editions", "2026.md"), True),
        (("editions", "notes.txt"), False),
        (("cases", "editions.yml"), False),
        (("editions", "old", "2020.md"), False),
    ],
)
def test_is_edition_file(parts: tuple[str, ...], expected: bool) -> None:
    assert is_edition_file(parts) is expected


@pytest.mark.parametrize(
    ("site_url", "version", "expected"),
    [
        ("https://x.org/", None, "https://x.org/"),
        ("https://x.org/2026", "2026", "https://x.org/"),
        ("https://x.org/casebook/2026", "2026", "https://x.org/casebook/"),
        ("https://x.org/casebook", None, "https://x.org/casebook/"),
    ],
)
def test_site_root_url_undoes_mikes_version_suffix(
    site_url: str, version: str | None, expected: str
) -> None:
    assert site_root_url(site_url, version) == expected


# -- Comparison ------------------------------------------------------------------------------


def test_compare_cases_counts_added_updated_withdrawn(tmp_path: Path) -> None:
    collection, _ = load_collection(MINI)
    before = [dict(r) for r in case_records(collection.published_cases, "https://x.org/2025/")]
    now = case_records(collection.published_cases, "https://x.org/2026/")
    previous = Edition("2025", "2025 edition", date(2025, 6, 30), ("Ada",), "")
    # Only the edition in the url differs: nothing changed.
    same = compare_cases(now, before, previous)
    assert (same.added, same.updated, same.withdrawn, same.unchanged) == ((), (), (), 2)
    before[0]["summary"] = "An older summary."
    before[1]["slug"] = "gone-case"
    changed = compare_cases(now, before, previous)
    assert [c.slug for c in changed.updated] == ["china-textile-platform"]
    assert [c.slug for c in changed.added] == ["kenya-solar-irrigation"]
    assert [c.slug for c in changed.withdrawn] == ["gone-case"]
    assert changed.total == 2 and changed.previous == previous


def test_first_edition_says_everything_is_new() -> None:
    collection, _ = load_collection(MINI)
    edition = Edition("2025", "2025 edition", date(2025, 6, 30), ("Ada",), "")
    changes = compare_cases(case_records(collection.published_cases, ""), None, None)
    page = render_whats_new_page(edition, changes, SITE_URL)
    assert changes.previous is None and len(changes.added) == 2
    assert "This is the first edition of the collection: all 2 cases are new." in page.markdown


def test_whats_new_links_the_previous_editions_pages_in_its_own_language(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    write_editions(content, MANIFEST_2026, {"2025": "First.\n", "2026": "Second.\n"})
    collection, _ = load_collection(content)
    # The 2025 edition on the pages branch: one case since withdrawn, its page in English and
    # Arabic; French has the edition's home page but not that case's; no Chinese at all.
    records = [dict(r) for r in case_records(collection.published_cases, f"{SITE_URL}2025/")]
    records[0]["slug"] = "gone-case"
    pages = tmp_path / "pages"
    pages.mkdir()
    git(pages, "init", "-q", "-b", "gh-pages")
    files = {
        "2025/data/cases.json": json.dumps({"cases": records}),
        "2025/index.html": "",
        "2025/cases/gone-case.html": "",
        "2025/ar/index.html": "",
        "2025/ar/cases/gone-case.html": "",
        "2025/fr/index.html": "",
        "2025/assets/casebook.css": "",
    }
    for name, text in files.items():
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_text(text, encoding="utf-8")
    git(pages, "add", ".")
    git(pages, "commit", "-q", "-m", "the 2025 edition")
    built = edition_build(content, collection, "2026", "gh-pages", pages, None)
    changes = built.changes
    assert [c.slug for c in changes.withdrawn] == ["gone-case"]
    assert changes.previous_pages == {
        "index.html",
        "cases/gone-case.html",
        "ar/index.html",
        "ar/cases/gone-case.html",
        "fr/index.html",
    }
    for folder, case_page, home in [
        ("", "2025/cases/gone-case.html", "2025/"),
        ("ar/", "2025/ar/cases/gone-case.html", "2025/ar/"),
        ("fr/", "2025/cases/gone-case.html", "2025/fr/"),
        ("zh/", "2025/cases/gone-case.html", "2025/"),
    ]:
        page = render_whats_new_page(built.edition, changes, SITE_URL, folder).markdown
        assert f"]({SITE_URL}{case_page})" in page, folder
        assert f"2025 edition]({SITE_URL}{home})" in page, folder


# -- Two editions published with mike ------------------------------------------------------


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, encoding="utf-8"
    )


def git(repo: Path, *args: str) -> str:
    done = run(["git", *args], repo, {**os.environ, **GIT_IDENTITY})
    assert done.returncode == 0, done.stderr
    return done.stdout


def git_bytes(repo: Path, spec: str) -> bytes:
    return subprocess.run(["git", "show", spec], cwd=repo, capture_output=True, check=True).stdout


def tree(repo: Path, folder: str) -> dict[str, str]:
    """Every file under ``folder`` on gh-pages with its blob id (equal ids: equal bytes)."""
    listing = git(repo, "ls-tree", "-r", "gh-pages", "--", folder)
    entries = (line.split(None, 3) for line in listing.splitlines())
    return {path: blob for _, _, blob, path in entries}


def publish(
    repo: Path,
    content: Path,
    edition: str,
    downloads: Path,
    engine: str = "mkdocs",
    *,
    site_url: str = SITE_URL,
    repository: str = REPOSITORY,
    config: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "CASEBOOK_SITE_URL": site_url,
        "CASEBOOK_REPOSITORY": repository,
        "ENGINE": engine,
    }
    command = [
        sys.executable,
        "-m",
        "casebook.cli",
        "edition",
        "publish",
        edition,
        "--content",
        str(content),
        "--config-file",
        str(config or repo.parent / "mkdocs.yml"),
        "--downloads",
        str(downloads),
    ]
    return run(command, repo, env)


def second_edition_content(first: Path, second: Path) -> None:
    """Add a case, update one, withdraw one (and drop the module's reference to it)."""
    shutil.copytree(first, second)
    kenya = second / "cases" / "kenya-solar-irrigation.md"
    kenya.write_text(
        kenya.read_text(encoding="utf-8")
        .replace("updated: 2025-02-01", "updated: 2025-09-01")
        .replace("value: 1200", "value: 2400"),
        encoding="utf-8",
    )
    (second / "cases" / "china-textile-platform.md").unlink()
    module = second / "courses" / "intro-course" / "02-how.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "cases: [china-textile-platform]", "cases: [kenya-solar-irrigation]"
        ),
        encoding="utf-8",
    )
    ghana = (
        kenya.read_text(encoding="utf-8")
        .replace("Solar irrigation pumps for smallholders", NEW_CASE_TITLE)
        .replace("countries: [KE]", "countries: [GH]")
        .replace("Jua Maji (fixture)", "Kliniki (fixture)")
    )
    (second / "cases" / "ghana-mobile-clinic.md").write_text(ghana, encoding="utf-8")
    write_editions(second, MANIFEST_2026, {"2026": "The second edition.\n"})


@pytest.fixture(scope="module", params=("mkdocs", "zensical"))
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, object]]:
    """Two editions published with mike, built by each engine in turn."""
    engine: str = request.param
    base = tmp_path_factory.mktemp(f"editions-{engine}")
    repo = base / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    # A project beside the repository: the real configuration, pages and macros module. Its
    # site/ is the working site: publishing must build elsewhere and leave it alone.
    (base / "site").mkdir()
    (base / "site" / "index.html").write_text("the working site\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    for folder in ("pages", "macros"):
        (base / folder).symlink_to(ROOT / folder, target_is_directory=True)
    downloads = base / "dist"
    downloads.mkdir()
    (downloads / "casebook-offline.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    first = base / "content-2025"
    shutil.copytree(MINI, first)
    write_editions(first, MANIFEST_2025, {"2025": "The **first** edition.\n"})
    done = publish(repo, first, "2025", downloads, engine)
    assert done.returncode == 0, done.stderr
    first_output = done.stdout
    first_tree = tree(repo, "2025")
    second = base / "content-2026"
    second_edition_content(first, second)
    done = publish(repo, second, "2026", downloads, engine)
    assert done.returncode == 0, done.stderr
    yield {
        "repo": repo,
        "first_tree": first_tree,
        "second": second,
        "downloads": downloads,
        "base": base,
        "outputs": (first_output, done.stdout),
    }


def test_versions_json_lists_both_editions_with_latest_on_the_second(
    published: dict[str, object],
) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert versions == [
        {"version": "2026", "title": "2026 edition", "aliases": ["latest"]},
        {"version": "2025", "title": "2025 edition", "aliases": []},
    ]
    assert git(repo, "ls-tree", "gh-pages", "latest").split()[0] == "120000"  # a symlink
    assert git(repo, "show", "gh-pages:latest") == "2026"
    assert git(repo, "branch", "--show-current").strip() == "main"


def test_first_edition_is_byte_for_byte_unchanged(published: dict[str, object]) -> None:
    repo, before = published["repo"], published["first_tree"]
    assert isinstance(repo, Path) and isinstance(before, dict)
    assert len(before) > 20 and "2025/report.pdf" in before
    assert tree(repo, "2025") == before


def _published_paths(published: dict[str, object]) -> tuple[Path, Path, Path]:
    """The repository, the second edition's content and the downloads folder."""
    repo, second, downloads = published["repo"], published["second"], published["downloads"]
    assert isinstance(repo, Path) and isinstance(second, Path) and isinstance(downloads, Path)
    return repo, second, downloads


def _listing_a_2027_edition(second: Path, tmp_path: Path) -> Path:
    """A copy of ``second`` whose manifest lists a third edition, 2027, not yet published."""
    third = tmp_path / "content-2027"
    shutil.copytree(second, third)
    write_editions(
        third,
        MANIFEST_2026 + '  - id: "2027"\n    title: 2027 edition\n    published: 2027-03-31\n'
        "    editors: [Ada Editor]\n",
        {"2027": "The third edition.\n"},
    )
    return third


def test_a_published_edition_is_never_overwritten(published: dict[str, object]) -> None:
    repo, second, downloads = _published_paths(published)
    head = git(repo, "rev-parse", "gh-pages")
    done = publish(repo, second, "2025", downloads)
    assert done.returncode == 2
    # Refused before anything is built: not even the address line of a publication.
    assert done.stdout == ""
    assert done.stderr == (
        "casebook: edition '2025' is already published on gh-pages: published editions are "
        "frozen; add a new edition to content/editions.yml instead\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == head


@pytest.mark.parametrize(
    ("site_url", "reason"),
    [
        (
            "https://casebook.example.org/",
            "the site address is the placeholder https://casebook.example.org/: an edition's "
            "citations, feed, open-data addresses and PDF cover carry it for good; ",
        ),
        ("", "the site address is not set: "),
    ],
    ids=["placeholder", "unset"],
)
def test_the_placeholder_address_is_refused_and_nothing_written(
    published: dict[str, object], tmp_path: Path, site_url: str, reason: str
) -> None:
    repo, second, downloads = _published_paths(published)
    third = _listing_a_2027_edition(second, tmp_path)
    head = git(repo, "rev-parse", "gh-pages")
    config = repo.parent / "mkdocs.yml"
    # Unset: a configuration with no site_url, and no CASEBOOK_SITE_URL.
    if not site_url:
        config = tmp_path / "mkdocs.yml"
        config.write_text("site_name: x\n", encoding="utf-8")
    done = publish(repo, third, "2027", downloads, site_url=site_url, config=config)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"casebook: refusing to publish edition '2027': {reason}set CASEBOOK_SITE_URL (or "
        f"site_url in {config.name}) to the address the site is served from, e.g. "
        "CASEBOOK_SITE_URL=https://<owner>.github.io/<repository>/\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == head
    assert not list(repo.parent.glob("mike-mkdocs*.yml"))


def test_the_placeholder_repository_is_refused_and_nothing_written(
    published: dict[str, object], tmp_path: Path
) -> None:
    repo, second, downloads = _published_paths(published)
    third = _listing_a_2027_edition(second, tmp_path)
    head = git(repo, "rev-parse", "gh-pages")
    placeholder = "https://github.com/casebook-collection/casebook"
    done = publish(repo, third, "2027", downloads, repository=placeholder)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"casebook: refusing to publish edition '2027': the source repository is the "
        f'placeholder {placeholder}: the site\'s "Submit a case" links, footer and call for '
        "cases would send contributors there; set CASEBOOK_REPOSITORY (or extra.repository in "
        "mkdocs.yml) to the project's GitHub repository, e.g. "
        "CASEBOOK_REPOSITORY=https://github.com/<owner>/<name>\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == head


def test_publishing_leaves_the_working_site_alone(published: dict[str, object]) -> None:
    base = published["base"]
    assert isinstance(base, Path)
    assert [p.name for p in (base / "site").iterdir()] == ["index.html"]
    assert (base / "site" / "index.html").read_text(encoding="utf-8") == "the working site\n"


def test_publishing_says_what_it_did(published: dict[str, object]) -> None:
    first, second = published["outputs"]  # type: ignore[misc]
    lines = second.splitlines()
    assert lines[0] == f"edition 2026 will carry the address {SITE_URL}2026/"
    assert lines[1] == "published edition 2026 (2026 edition) on gh-pages, not pushed"
    assert re.fullmatch(r"  version   2026/: \d+ files, [\d.]+ (MB|KB)", lines[2])
    assert lines[3] == "  alias     latest -> 2026 (was 2025); default version: latest"
    assert "  alias     latest -> 2025 (new); default version: latest" in first.splitlines()
    assert lines[4] == "  files written:"
    written = [line.split()[0] for line in lines[5:-2]]
    assert written == [
        "2026/data/cases.csv",
        "2026/data/cases.json",
        "2026/data/outcomes.csv",
        "2026/downloads/casebook-offline.zip",
        "2026/report.pdf",
        "index.html",
        "404.html",
    ]
    assert all(re.search(r"\d+ (bytes|KB|MB)$", line) for line in lines[5:-2])
    assert lines[-2] == f"  address   {SITE_URL}2026/"
    assert lines[-1] == "next: git push origin gh-pages"


def test_the_branch_root_leads_to_the_latest_edition(published: dict[str, object]) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    index = git(repo, "show", "gh-pages:index.html")
    assert '<meta http-equiv="refresh" content="0; url=latest/index.html">' in index
    assert '<a href="latest/index.html">the latest edition</a>' in index
    assert "<script" not in index
    # 404.html answers at any depth on GitHub Pages: links from the site's root path.
    missing = git(repo, "show", "gh-pages:404.html")
    assert '<a href="/casebook/latest/index.html">Go to the latest edition</a>' in missing
    assert '<a href="/casebook/2026/index.html">2026 edition</a>' in missing
    assert '<a href="/casebook/2025/index.html">2025 edition</a>' in missing
    assert 'href="latest' not in missing and 'href="../' not in missing


def test_the_editions_page_lists_each_edition_with_its_files(
    published: dict[str, object],
) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    page = git(repo, "show", "gh-pages:2026/editions.html")
    assert re.search(r"<h2[^>]*>2026 edition", page) and re.search(r"<h2[^>]*>2025 edition", page)
    # The edition being read links to its own files relatively, the others by address.
    for link in [
        'href="report.pdf"',
        'href="data/outcomes.csv"',
        'href="downloads/casebook-offline.zip"',
        'href="whats-new.html"',
        f'href="{SITE_URL}2025/report.pdf"',
        f'href="{SITE_URL}2025/data/cases.csv"',
        f'href="{SITE_URL}2025/downloads/casebook-offline.zip"',
        f'href="{SITE_URL}2025/whats-new.html"',
    ]:
        assert link in page, link
    assert "Published 2025-06-30. Edited by Ada Editor, Ben Editor." in page
    assert "This is the edition you are reading." in page
    # The 2025 edition, frozen before 2026 existed, lists only itself.
    assert "2026 edition" not in git(repo, "show", "gh-pages:2025/editions.html")
    # In the nav of every page, and the working collection's home page links to the latest.
    # (Zensical writes a link from the site's top folder as "./editions.html".)
    nav_link = re.compile(r'<a href="(\./|(\.\./)*)editions\.html" class="md-nav__link">')
    assert nav_link.search(git(repo, "show", "gh-pages:2026/cases/ghana-mobile-clinic.html"))
    assert nav_link.search(git(repo, "show", "gh-pages:2026/index.html"))


def test_every_page_of_an_edition_says_which_edition_it_is(published: dict[str, object]) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    for path, edition_link in [
        ("2025/index.html", "edition.html"),
        ("2025/cases/kenya-solar-irrigation.html", "../edition.html"),
        ("2026/explorer.html", "edition.html"),
    ]:
        page = git(repo, "show", f"gh-pages:{path}")
        edition = path.split("/")[0]
        assert (
            f'This page belongs to the <a href="{edition_link}">{edition} edition</a>'
        ) in page, path
        assert f'<a href="{SITE_URL}latest/index.html">Latest edition</a>' in page, path


def test_whats_new_page_lists_added_updated_and_withdrawn(published: dict[str, object]) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    page = git(repo, "show", "gh-pages:2026/whats-new.html")
    assert "1 added, 1 updated, 1 withdrawn; 2 cases in this edition." in page
    assert re.search(r"<h2[^>]*>Added \(1\)", page) and NEW_CASE_TITLE in page
    assert re.search(r"<h2[^>]*>Updated \(1\)", page)
    assert 'href="cases/kenya-solar-irrigation.html">Solar irrigation pumps' in page
    assert re.search(r"<h2[^>]*>Withdrawn \(1\)", page)
    assert f'href="{SITE_URL}2025/cases/china-textile-platform.html"' in page
    first = git(repo, "show", "gh-pages:2025/whats-new.html")
    assert "This is the first edition of the collection: all 2 cases are new." in first


def test_each_edition_carries_its_data_bundle_and_citations(
    published: dict[str, object],
) -> None:
    repo = published["repo"]
    assert isinstance(repo, Path)
    for edition, slugs in [
        ("2025", ["china-textile-platform", "kenya-solar-irrigation"]),
        ("2026", ["ghana-mobile-clinic", "kenya-solar-irrigation"]),
    ]:
        data = json.loads(git(repo, "show", f"gh-pages:{edition}/data/cases.json"))
        assert [r["slug"] for r in data["cases"]] == slugs
        assert data["cases"][0]["url"] == f"{SITE_URL}{edition}/cases/{slugs[0]}.html"
        assert git(repo, "show", f"gh-pages:{edition}/data/cases.csv").count("\n") == 3
        bundle = git_bytes(repo, f"gh-pages:{edition}/downloads/casebook-offline.zip")
        assert bundle.startswith(b"PK")
        case_page = git(repo, "show", f"gh-pages:{edition}/cases/kenya-solar-irrigation.html")
        assert "Cite this case" in case_page
        assert f"@misc{{kenya-solar-irrigation-{edition}," in case_page
        assert f"{SITE_URL}{edition}/cases/kenya-solar-irrigation.html" in case_page
        # Both engines' themes offer mike's version selector (it reads ../versions.json).
        assert re.search(r'"version":\s*\{"provider":\s*"mike"', case_page)
    assert "Ada Editor &amp; Ben Editor (Eds.)" in git(
        repo, "show", "gh-pages:2025/cases/kenya-solar-irrigation.html"
    )


def test_the_pdf_report_holds_every_case(published: dict[str, object]) -> None:
    repo, second = published["repo"], published["second"]
    assert isinstance(repo, Path) and isinstance(second, Path)
    reader = PdfReader(io.BytesIO(git_bytes(repo, "gh-pages:2026/report.pdf")))
    collection, _ = load_collection(second)
    edition = load_editions(second)[0][-1]
    expected = render_report_pdf(
        collection,
        EditionInfo(
            edition.id,
            edition.title,
            edition.published,
            edition.editors,
            edition.foreword_html,
            f"{SITE_URL}2026/",
        ),
        second.parent / "report-again.pdf",
    )
    assert len(reader.pages) == expected.pages >= 4
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "2026 edition" in text
    for case in collection.published_cases:
        assert case.title in text, case.title
    assert "An industrial internet platform" not in text  # withdrawn in 2026
