"""The engine over every core: the docs tree split into shards, each built by its own process.

An engine renders one page at a time (MkDocs does; the theme's template is most of a large
build's time), so on a machine with several cores the build hands it the pages in shards: the
main tree keeps every page but some of the pages nothing links to (case pages, in practice),
which go to shard trees of their own. A shard tree holds its pages and, for each page the nav
names, a stand-in (title only), so that the engine renders the same nav on every page; the
stand-ins' output, the theme's assets and the 404 page of a shard are left where they are, and
only the shard's own pages are moved into the site. The configuration is the same but for the
folders, so a page comes out the same whichever process built it (tested:
``tests/test_shards.py`` builds a site whole and in shards and compares every file).

Only pages whose Markdown holds no link may move, and only those no page staying in the main
tree names: an engine checks a Markdown link against the pages of its own tree, and a shard's
tree has few. (The site's own pages are read for every ``something.md`` they name; what their
macros write links by HTML address, which no engine checks.) Nothing here depends on the
engine: a shard is a docs tree and a configuration, like the main one.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter

# A shard of fewer pages than this costs more to start than it saves.
MIN_PAGES_PER_SHARD = 400
# Markdown that makes the engine resolve a link or a file against its tree.
_LINKING = ("](", "]:", "href=", "src=")
# A Markdown page a text may name (a link, a reference, an autolink), read generously.
_NAMED_PAGE = re.compile(r"[^\s()<>\[\]\"'`]+\.md\b")


class ShardError(Exception):
    pass


@dataclass(frozen=True)
class Shard:
    """A docs tree (``folder/docs``) the engine builds into ``folder/site``; ``pages``: the
    source paths of the pages it builds for the site."""

    folder: Path
    pages: tuple[str, ...]
    files: Mapping[str, str | bytes] = field(repr=False)

    @property
    def docs_dir(self) -> Path:
        return self.folder / "docs"

    @property
    def site_dir(self) -> Path:
        return self.folder / "site"

    @property
    def built(self) -> tuple[str, ...]:
        """Where the engine writes the shard's pages (in ``site_dir``, and in the site)."""
        return tuple(page[: -len(".md")] + ".html" for page in self.pages)


def shard_count(pages: int, processes: int, nav: Any) -> int:
    """How many engine processes build ``pages`` pages on ``processes`` cores. One where the
    configuration has no ``nav``: an engine would make each shard's nav of its own pages."""
    if not nav:
        return 1
    return max(1, min(processes, pages // MIN_PAGES_PER_SHARD))


def can_move(markdown: str) -> bool:
    """Whether a page's Markdown may be built in a shard: it links to nothing."""
    return not any(sign in markdown for sign in _LINKING)


def nav_sources(nav: Any) -> set[str]:
    """The Markdown files a configuration's ``nav`` names."""
    return {path for _, path in nav_entries(nav) if path.endswith(".md")}


def nav_entries(nav: Any, title: str = "") -> list[tuple[str, str]]:
    """(title, path or address) of every entry of a configuration's ``nav``, in nav order; an
    untitled entry takes its section's title, else its file's name."""
    if isinstance(nav, str):
        return [(title or PurePosixPath(nav).stem, nav)]
    if isinstance(nav, Mapping):
        return [entry for key, value in nav.items() for entry in nav_entries(value, str(key))]
    if isinstance(nav, list):
        return [entry for item in nav for entry in nav_entries(item, title)]
    return []


def split_tree(
    files: Mapping[str, str | bytes],
    movable: Iterable[str],
    nav: Iterable[str],
    count: int,
    tree_dir: Path,
) -> tuple[dict[str, str | bytes], list[Shard]]:
    """``files`` (the whole docs tree) without the pages that move, and ``count - 1`` shards
    they move to, each about as many pages as the main tree keeps. ``movable``: pages that
    may move (``can_move``); ``nav``: the pages the nav names, which never move."""
    main = dict(files)
    may_move = set(movable)
    in_nav = set(nav)
    named = set(in_nav)
    for path, content in files.items():
        if path.endswith(".md") and path not in may_move:
            named |= _named_pages(path, content)
    candidates = sorted(
        page for page in may_move if page not in named and isinstance(files.get(page), str)
    )
    pages = sum(1 for path in files if path.endswith(".md"))
    share = min(pages // count, len(candidates) // max(count - 1, 1)) if count > 1 else 0
    stand_ins = {path: _stand_in(files[path]) for path in sorted(in_nav) if path in files}
    shards = []
    for number in range(1, count if share else 1):
        moved = candidates[(number - 1) * share : number * share]
        shard_files: dict[str, str | bytes] = dict(stand_ins)
        for page in moved:
            shard_files[page] = main.pop(page)
        shards.append(Shard(shard_folder(tree_dir, number), tuple(moved), shard_files))
    return main, shards


def shard_folder(tree_dir: Path, number: int) -> Path:
    return tree_dir.with_name(f"{tree_dir.name}-shard{number}")


def remove_unused_shards(tree_dir: Path, used: int) -> None:
    """Remove the shard folders of an earlier build that used more shards than this one."""
    number = used + 1
    while (folder := shard_folder(tree_dir, number)).exists():
        shutil.rmtree(folder)
        number += 1


def move_built_pages(shard: Shard, site_dir: Path) -> None:
    """Move the shard's pages, as the engine built them, into the site (none if one is
    missing)."""
    built = shard.built
    for page in built:
        if not (shard.site_dir / page).is_file():
            raise ShardError(f"the engine wrote no {page} (shard {shard.folder.name})")
    for page in built:
        target = site_dir / page
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(shard.site_dir / page, target)


def _named_pages(path: str, content: str | bytes) -> set[str]:
    """The pages a page's text may link to, resolved from its folder and from the root."""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    folder = posixpath.dirname(path)
    found = set()
    for match in _NAMED_PAGE.finditer(text):
        target = match.group(0).split("#", 1)[0]
        found.add(posixpath.normpath(posixpath.join(folder, target)).lstrip("/"))
        found.add(posixpath.normpath(target).lstrip("/"))
    return found


def _stand_in(content: str | bytes) -> str:
    """A nav page as a shard's tree holds it: its title, for an engine that names a nav entry
    by its page's title; the page itself is built by the main tree."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    title = frontmatter.loads(text).metadata.get("title") if text.startswith("---") else None
    return f"---\ntitle: {json.dumps(str(title))}\n---\n" if title else ""


def movable_pages(pages: Sequence[tuple[str, str]]) -> list[str]:
    """Of (source path, Markdown) pairs, the pages that may be built in a shard."""
    return [path for path, markdown in pages if can_move(markdown)]
