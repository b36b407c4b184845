"""The pages branch's root files, and committing files to a branch without touching the
checkout."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from casebook.pages_branch import (
    PublishedVersion,
    branch_files,
    commit_files,
    render_root_index,
    render_root_not_found,
)

IDENTITY = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **IDENTITY},
    ).stdout


def test_the_root_index_leads_to_the_default_version_without_script() -> None:
    page = render_root_index("Cases & <more>", "latest")
    assert '<meta http-equiv="refresh" content="0; url=latest/index.html">' in page
    assert '<a href="latest/index.html">the latest edition</a>' in page
    assert "<title>Cases &amp; &lt;more&gt;</title>" in page
    assert "<script" not in page and "style=" not in page


@pytest.mark.parametrize(
    ("site_url", "root"),
    [
        ("https://dt-cases.github.io/casebook/", "/casebook/"),
        ("https://dt-cases.github.io/casebook", "/casebook/"),
        ("https://cases.org/", "/"),
    ],
)
def test_the_root_404_links_from_the_site_root_path(site_url: str, root: str) -> None:
    page = render_root_not_found(
        "Cases", site_url, "latest", [PublishedVersion("2026", "2026 <edition>")]
    )
    assert f'<a href="{root}latest/index.html">Go to the latest edition</a>' in page
    assert f'<li><a href="{root}2026/index.html">2026 &lt;edition&gt;</a></li>' in page
    assert "<script" not in page and "style=" not in page


def test_committing_files_leaves_the_checkout_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path
    git(repo, "init", "-q", "-b", "main")
    (repo / "notes.txt").write_text("work in progress\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", "start")
    git(repo, "branch", "gh-pages")
    (repo / "notes.txt").write_text("uncommitted change\n", encoding="utf-8")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    commit_files("gh-pages", {"index.html": b"<p>hi</p>\n", "a/b.txt": b"x"}, "Root", repo)
    assert git(repo, "show", "gh-pages:index.html") == "<p>hi</p>\n"
    assert git(repo, "log", "-1", "--format=%s", "gh-pages").strip() == "Root"
    assert [(f.path, f.size) for f in branch_files("gh-pages", "", repo)] == [
        ("a/b.txt", 1),
        ("index.html", 10),
        ("notes.txt", 17),
    ]
    assert [f.path for f in branch_files("gh-pages", "a", repo)] == ["a/b.txt"]
    assert git(repo, "branch", "--show-current").strip() == "main"
    assert (repo / "notes.txt").read_text(encoding="utf-8") == "uncommitted change\n"
    assert git(repo, "status", "--porcelain").strip() == "M notes.txt"
