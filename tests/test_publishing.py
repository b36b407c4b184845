"""Deploying the working collection (`casebook deploy`, `make deploy-main`) into a temporary git
repository: version main, and a complete branch root (index.html, 404.html) after every deploy,
not only after an edition; the placeholder addresses refused before anything is written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casebook.editions import Edition
from casebook.pages_branch import BranchFile, commit_files
from casebook.publishing import PublishedEdition, render_publication_report, write_root_files

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
SITE_URL = "https://dt-cases.github.io/casebook/"
REPOSITORY = "https://github.com/dt-cases/casebook"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
}


def git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **IDENTITY},
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


def project(base: Path) -> Path:
    """A repository with one commit on main, and beside it the real configuration, pages and
    macros module, and the mini content."""
    repo = base / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    for folder in ("pages", "macros"):
        (base / folder).symlink_to(ROOT / folder, target_is_directory=True)
    shutil.copytree(MINI, base / "content")
    return repo


def deploy(
    repo: Path, *, site_url: str = SITE_URL, repository: str = REPOSITORY
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CASEBOOK_EDITION", "CASEBOOK_SITE_URL", "CASEBOOK_REPOSITORY")
    }
    env.update(IDENTITY, CASEBOOK_SITE_URL=site_url, CASEBOOK_REPOSITORY=repository)
    command = [sys.executable, "-m", "casebook.cli", "deploy"]
    command += ["--content", str(repo.parent / "content")]
    command += ["--config-file", str(repo.parent / "mkdocs.yml")]
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, encoding="utf-8"
    )


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    repo = project(tmp_path_factory.mktemp("deploy"))
    done = deploy(repo)
    assert done.returncode == 0, done.stderr
    return repo, done.stdout


def test_the_working_collection_is_version_main(deployed: tuple[Path, str]) -> None:
    repo, _ = deployed
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert versions == [{"version": "main", "title": "Working collection", "aliases": []}]
    assert "Solar irrigation pumps" in git(repo, "show", "gh-pages:main/index.html")
    assert git(repo, "branch", "--show-current").strip() == "main"  # the checkout is untouched
    assert git(repo, "status", "--porcelain") == ""


def test_before_any_edition_the_branch_root_leads_to_the_working_collection(
    deployed: tuple[Path, str],
) -> None:
    repo, _ = deployed
    index = git(repo, "show", "gh-pages:index.html")
    assert '<meta http-equiv="refresh" content="0; url=main/index.html">' in index
    assert '<a href="main/index.html">the working collection</a>' in index
    assert '<a href="main/editions.html">all editions</a>' in index
    assert git(repo, "cat-file", "-e", "gh-pages:main/editions.html") == ""  # it exists
    missing = git(repo, "show", "gh-pages:404.html")
    assert '<a href="/casebook/main/index.html">Go to the working collection</a>' in missing
    assert "All editions" not in missing  # there are none yet
    assert "<script" not in index + missing and "style=" not in index + missing


def test_deploying_says_what_it_did(deployed: tuple[Path, str]) -> None:
    _, output = deployed
    lines = output.splitlines()
    assert lines[0] == "deployed the working collection on gh-pages, not pushed"
    assert re.fullmatch(r"  version   main/: \d+ files, [\d.]+ (MB|KB)", lines[1])
    assert lines[2] == "  root      leads to main (no edition published yet)"
    assert lines[3] == "  files written:"
    assert [line.split()[0] for line in lines[4:6]] == ["index.html", "404.html"]
    assert lines[6:] == [f"  address   {SITE_URL}main/", "next: git push origin gh-pages"]


def test_after_an_edition_the_root_leads_to_the_latest_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a deploy writes once the branch holds an edition (as ``casebook edition publish``
    leaves it: version 2026 with the alias latest, beside main)."""
    repo = tmp_path
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    git(repo, "branch", "gh-pages")
    versions = [
        {"version": "main", "title": "Working collection", "aliases": []},
        {"version": "2026", "title": "2026 edition", "aliases": ["latest"]},
    ]
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    commit_files("gh-pages", {"versions.json": json.dumps(versions).encode()}, "mike", repo)
    written = write_root_files("gh-pages", repo, SITE_URL, "Root pages")
    assert [f.path for f in written] == ["index.html", "404.html"]
    index = git(repo, "show", "gh-pages:index.html")
    assert '<a href="latest/index.html">the latest edition</a>' in index
    missing = git(repo, "show", "gh-pages:404.html")
    assert '<a href="/casebook/latest/index.html">Go to the latest edition</a>' in missing
    assert '<li><a href="/casebook/2026/index.html">2026 edition</a></li>' in missing
    assert "/casebook/main/" not in missing  # the working collection is not an edition


@pytest.mark.parametrize(
    ("site_url", "repository", "reason"),
    [
        (
            "https://casebook.example.org/",
            REPOSITORY,
            "the site address is the placeholder https://casebook.example.org/: an edition's "
            "citations, feed, open-data addresses and PDF cover carry it for good; set "
            "CASEBOOK_SITE_URL (or site_url in mkdocs.yml) to the address the site is served "
            "from, e.g. CASEBOOK_SITE_URL=https://<owner>.github.io/<repository>/",
        ),
        (
            SITE_URL,
            "https://github.com/casebook-collection/casebook",
            "the source repository is the placeholder "
            'https://github.com/casebook-collection/casebook: the site\'s "Submit a case" '
            "links, footer and call for cases would send contributors there; set "
            "CASEBOOK_REPOSITORY (or extra.repository in mkdocs.yml) to the project's GitHub "
            "repository, e.g. CASEBOOK_REPOSITORY=https://github.com/<owner>/<name>",
        ),
    ],
    ids=["site-address", "repository"],
)
def test_the_placeholders_are_refused_before_anything_is_written(
    tmp_path: Path, site_url: str, repository: str, reason: str
) -> None:
    repo = project(tmp_path)
    done = deploy(repo, site_url=site_url, repository=repository)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"casebook: refusing to deploy the site: {reason}\n"
    assert git(repo, "branch", "--list", "gh-pages") == ""  # no branch, no commit


def test_the_publication_report_lists_every_languages_report() -> None:
    files = tuple(
        BranchFile(path, 2048)
        for path in (
            "2026/ar/index.html",
            "2026/ar/report.pdf",
            "2026/data/cases.csv",
            "2026/fr/data/cases.csv",
            "2026/fr/report.pdf",
            "2026/index.html",
            "2026/report.pdf",
        )
    )
    done = PublishedEdition(
        Edition("2026", "2026 edition", date(2026, 6, 30), ("Ada Editor",), "Foreword."),
        "https://example.org/casebook/2026/",
        "gh-pages",
        None,
        files,
        (),
        pushed=False,
    )
    written = [line.split()[0] for line in render_publication_report(done).splitlines()[4:-2]]
    assert written == [
        "2026/ar/report.pdf",
        "2026/data/cases.csv",
        "2026/fr/report.pdf",
        "2026/report.pdf",
    ]
