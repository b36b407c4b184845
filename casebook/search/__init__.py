"""The site's own search: an index written after the site is built, read by the browser in
shards loaded with ``<script>`` elements (so it works from ``file://``), one per language.

``index_site(site_dir)`` is the whole step: it reads the built pages (any engine's output),
and replaces ``site_dir/search/`` with the index (``casebook.search.index``). The build reads
each page as it finishes it (``read_page``, handed to ``casebook.finish``) and writes the
index of what it read (``write_index``), so the site is not read twice.
``assets/casebook/search.js`` and ``search.css`` are the reader's side.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casebook.docs_tree import files_under, write_trees
from casebook.search.index import SEARCH_DIR, index_files
from casebook.search.pages import IndexedPage, read_page

__all__ = [
    "SEARCH_DIR",
    "IndexStats",
    "index_files",
    "index_site",
    "read_page",
    "read_site_pages",
    "write_index",
]


@dataclass(frozen=True)
class IndexStats:
    pages: int
    files: int
    bytes: int
    languages: tuple[str, ...]


def read_site_pages(site_dir: Path, paths: Iterable[str] | None = None) -> Iterator[IndexedPage]:
    """The indexable pages of a built site (or of the given site paths), in path order."""
    if paths is None:
        paths = (path for path in files_under(site_dir) if path.endswith(".html"))
    root = str(site_dir)
    for path in sorted(p for p in paths if not p.startswith(f"{SEARCH_DIR}/")):
        with open(os.path.join(root, path), encoding="utf-8") as file:
            page = read_page(path, file.read())
        if page is not None:
            yield page


def index_site(site_dir: Path) -> IndexStats:
    """Write the search index of the built site in ``site_dir`` to ``site_dir/search/``."""
    return write_index(site_dir, read_site_pages(site_dir))


def write_index(
    site_dir: Path, read: Iterable[IndexedPage], processes: int | None = 1
) -> IndexStats:
    """Make ``site_dir/search/`` the index of ``read`` (pages of that site), its files written
    by up to ``processes`` processes (the build's last step: every core is free). A previous
    index there is updated in place (``write_tree``: unchanged files untouched, the others
    overwritten, those no longer part of it removed): on some file systems making a file
    costs ten times writing over one."""
    pages = sorted(read, key=lambda page: page.path)
    prefix = f"{SEARCH_DIR}/"
    files = {
        path.removeprefix(prefix): text.encode("utf-8") for path, text in index_files(pages).items()
    }
    target = site_dir / SEARCH_DIR
    if target.exists() and not target.is_dir():
        target.unlink()
    write_trees([(target, files)], processes)
    size = sum(len(data) for data in files.values())
    return IndexStats(len(pages), len(files), size, tuple(sorted({page.lang for page in pages})))
