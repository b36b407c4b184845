"""The site's own search: an index written after the site is built, read by the browser in
shards loaded with ``<script>`` elements (so it works from ``file://``), one per language.

``index_site(site_dir)`` is the whole build step: it reads the built pages (any engine's
output), and replaces ``site_dir/search/`` with the index (``casebook.search.index``).
``assets/casebook/search.js`` and ``search.css`` are the reader's side.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casebook.search.index import SEARCH_DIR, index_files
from casebook.search.pages import IndexedPage, read_page

__all__ = ["SEARCH_DIR", "IndexStats", "index_files", "index_site", "read_site_pages"]


@dataclass(frozen=True)
class IndexStats:
    pages: int
    files: int
    bytes: int
    languages: tuple[str, ...]


def read_site_pages(site_dir: Path, paths: Iterable[str] | None = None) -> Iterator[IndexedPage]:
    """The indexable pages of a built site (or of the given site paths), in path order."""
    if paths is None:
        paths = (
            path.relative_to(site_dir).as_posix()
            for path in site_dir.rglob("*.html")
            if path.is_file()
        )
    for path in sorted(p for p in paths if not p.startswith(f"{SEARCH_DIR}/")):
        page = read_page(path, (site_dir / path).read_text(encoding="utf-8"))
        if page is not None:
            yield page


def index_site(site_dir: Path) -> IndexStats:
    """Write the search index of the built site in ``site_dir`` to ``site_dir/search/``."""
    pages = list(read_site_pages(site_dir))
    files = index_files(pages)
    target = site_dir / SEARCH_DIR
    if target.exists():
        shutil.rmtree(target)
    folders = {str(Path(path).parent) for path in files}
    for folder in sorted(folders):
        (site_dir / folder).mkdir(parents=True, exist_ok=True)
    size = 0
    for path, text in files.items():
        data = text.encode("utf-8")
        (site_dir / path).write_bytes(data)
        size += len(data)
    return IndexStats(len(pages), len(files), size, tuple(sorted({page.lang for page in pages})))
