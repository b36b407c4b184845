"""The pages branch (``gh-pages``) beyond what mike writes: the files at its root, committed
with git's plumbing (the working tree and the current branch are never touched), and what a
folder of the branch holds, for the report of a publication.

GitHub Pages serves the branch as the site: ``index.html`` at the root leads readers to the
default version, and ``404.html`` answers every missing address at any depth, so its links are
absolute paths from the site's root (``/casebook/latest/...``), never relative.
"""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT_INDEX = "index.html"
ROOT_NOT_FOUND = "404.html"


class PagesBranchError(Exception):
    """git refused an operation on the pages branch."""


def _git(
    args: Sequence[str],
    cwd: Path,
    *,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise PagesBranchError(
            f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}"
        )
    return done.stdout.decode("utf-8", errors="replace")


# -- The root pages (pure) -------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedVersion:
    version: str
    title: str


def render_root_index(site_title: str, default: str, label: str = "the latest edition") -> str:
    """``index.html`` at the branch's root: leads to the default version, called ``label``
    (relative links, so a checkout of the branch opened from disk works too). No script: a
    meta refresh and a link."""
    target = f"{default}/index.html"
    title = html.escape(site_title)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n'
        f'<link rel="canonical" href="{html.escape(target)}">\n'
        "</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p>Go to <a href="{html.escape(target)}">{html.escape(label)}</a>, or see '
        f'<a href="{html.escape(default)}/editions.html">all editions</a>.</p>\n'
        "</body>\n</html>\n"
    )


def render_root_not_found(
    site_title: str,
    site_url: str,
    default: str,
    versions: Sequence[PublishedVersion],
    label: str = "the latest edition",
) -> str:
    """``404.html`` at the branch's root. GitHub Pages serves it at the missing address, at any
    depth: links are absolute paths from the site's root (the path of ``site_url``)."""
    root = urlsplit(site_url).path or "/"
    root = root if root.endswith("/") else root + "/"
    title = html.escape(site_title)
    items = "".join(
        f'<li><a href="{html.escape(root + v.version)}/index.html">{html.escape(v.title)}</a></li>\n'
        for v in versions
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Page not found · {title}</title>\n"
        "</head>\n<body>\n"
        "<h1>Page not found</h1>\n"
        f"<p>This address is not part of the {title}.</p>\n"
        f'<p><a href="{html.escape(root + default)}/index.html">Go to {html.escape(label)}</a></p>\n'
        + (f"<h2>All editions</h2>\n<ul>\n{items}</ul>\n" if items else "")
        + "</body>\n</html>\n"
    )


# -- The branch (git) ------------------------------------------------------------------------


def commit_files(branch: str, files: Mapping[str, bytes], message: str, cwd: Path) -> None:
    """Add or replace ``files`` (path -> bytes) on ``branch`` in one commit on top of it,
    through a private index: the working tree, the index and HEAD stay as they are."""
    parent = _git(["rev-parse", "--verify", f"refs/heads/{branch}"], cwd).strip()
    with tempfile.TemporaryDirectory(prefix="casebook-index-") as folder:
        index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        _git(["read-tree", parent], cwd, env=index)
        for path, data in sorted(files.items()):
            blob = _git(["hash-object", "-w", "--stdin"], cwd, stdin=data).strip()
            _git(["update-index", "--add", "--cacheinfo", f"100644,{blob},{path}"], cwd, env=index)
        tree = _git(["write-tree"], cwd, env=index).strip()
    commit = _git(["commit-tree", tree, "-p", parent, "-m", message], cwd).strip()
    _git(["update-ref", f"refs/heads/{branch}", commit, parent], cwd)


@dataclass(frozen=True)
class BranchFile:
    path: str
    size: int


def branch_files(branch: str, folder: str, cwd: Path) -> tuple[BranchFile, ...]:
    """Every file under ``folder`` on ``branch`` (all of the branch for ""), with its size."""
    listing = _git(
        ["ls-tree", "-r", "-l", "-z", branch, "--", folder]
        if folder
        else ["ls-tree", "-r", "-l", "-z", branch],
        cwd,
    )
    files = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        size = meta.split()[3]
        files.append(BranchFile(path, int(size) if size.isdigit() else 0))
    return tuple(files)


def push(branch: str, cwd: Path, remote: str = "origin") -> None:
    _git(["push", remote, f"refs/heads/{branch}:refs/heads/{branch}"], cwd)
