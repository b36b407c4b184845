"""The docs tree an engine builds: plain Markdown files, data files, assets and images.

Each generated page (``casebook.pages.GeneratedPage``) becomes one Markdown file any engine
reads alike: its front matter, its Markdown, and the headings a slot holds as Markdown ``## ``
headings, so that every engine lists them in the page's contents. The HTML of the slots stays
out of the engine's hands: the file holds a marker and the HTML is kept here
(``TreePage.fragments``), for ``casebook.finish`` to put into the built page. The engine's
Markdown renderer would only parse that HTML to copy it (Python-Markdown's raw-HTML pass cost
more than rendering the bare Markdown of the same case), and the site's search reads the
finished pages (``casebook.search``), so it sees every slot; those it must leave out
(``Slot.searchable``) are marked ``data-search-exclude``.

A page whose Markdown is nothing but headings (a case, a country...) needs no markers at all:
each fragment goes before the heading it came before, or after the last one
(``TreePage.before_heading``). Even a marker is a raw HTML block that costs the engine
Markdown time on every page (a third of the Markdown time of a case's page); every engine
writes a Markdown heading as an ``<h1>``/``<h2>`` element, and the finishing step checks that
it finds exactly the headings the page has before it puts anything between them.
"""

from __future__ import annotations

import hashlib
import html as html_text
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from casebook.pages.markdown import (
    GeneratedPage,
    Slot,
    front_matter_text,
    slot_marker,
    slot_pattern,
    text,
    top_level_h2,
)
from casebook.parallel import map_in_processes

_ID = re.compile(r'\bid="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
# A Markdown block that is one heading of level 1 or 2, and the start of what an engine makes
# of it.
_HEADING_BLOCK = re.compile(r"(#{1,2}) [^\n]*\S")
_BUILT_HEADING = re.compile(r"<h([12])\b")


FRAGMENTS_KEY = "casebook_fragments"


@dataclass(frozen=True)
class TreePage:
    """A page as its Markdown file, and the HTML to put in place of its markers once built
    (``fragments[i]`` replaces ``slot_marker(i)``)."""

    src_uri: str
    markdown: str
    fragments: tuple[str, ...] = ()
    # Without markers (a page of headings only): the level of each of its headings, and for
    # each fragment the heading it goes before (``len(heading_levels)``: after the last).
    heading_levels: tuple[int, ...] = ()
    before_heading: tuple[int, ...] = ()

    @property
    def output_uri(self) -> str:
        """Where the engine writes it (``use_directory_urls: false``)."""
        return self.src_uri[:-3] + ".html"


def tree_page(page: GeneratedPage) -> TreePage:
    parts: list[str | list[str]] = []  # Markdown, or the HTML of one fragment
    placed = page.place_slots(page.body, "\n\n")
    position = 0
    for marker in slot_pattern().finditer(placed):
        _add_markdown(parts, placed[position : marker.start()])
        _add_slot(parts, page.slots[int(marker.group(1))])
        position = marker.end()
    _add_markdown(parts, placed[position:])
    fragments: list[str] = []
    blocks: list[str] = []
    levels: list[int] = []
    before: list[int] = []
    headings_only = all(
        not isinstance(part, str) or _HEADING_BLOCK.fullmatch(part) for part in parts
    ) and any(isinstance(part, str) for part in parts)
    for part in parts:
        if isinstance(part, str):
            blocks.append(part)
            levels.append(len(part) - len(part.lstrip("#")))
        else:
            fragments.append("\n".join(part))
            before.append(len(levels))
            if not headings_only:
                blocks.append(slot_marker(len(fragments) - 1))
    # One blank line between blocks: Python-Markdown pays for every further one, on every page.
    body = "\n\n".join(blocks) + "\n" if blocks else ""
    meta = dict(page.meta or {})
    if fragments:
        # The file changes whenever its fragments do: an engine that caches by source (Zensical)
        # then writes the page again, with markers for the finishing step to fill.
        meta[FRAGMENTS_KEY] = hashlib.sha256("\0".join(fragments).encode()).hexdigest()[:16]
    head = front_matter_text(meta) if meta else ""
    if not headings_only or not fragments:
        return TreePage(page.src_uri, head + body, tuple(fragments))
    return TreePage(page.src_uri, head + body, tuple(fragments), tuple(levels), tuple(before))


def _add_markdown(parts: list[str | list[str]], markdown: str) -> None:
    """Markdown between slots, as one block (blank lines around it are the join's): blank
    text is left out, so that the HTML on either side of it goes into one fragment."""
    if markdown.strip():
        parts.append(markdown.strip("\n"))


def _add_slot(parts: list[str | list[str]], slot: Slot) -> None:
    """A slot as Markdown: its headings (``Slot.headings``, the ``<h2>`` no other element
    holds) as ``## `` lines, the HTML between them as fragments filled in after the build
    (consecutive HTML, from one slot or several, is one fragment: every marker costs the engine
    Markdown time). A heading's own id stays an anchor at the end of the fragment before it,
    so links to it still work; the engine gives the Markdown heading its own id."""
    if not slot.headings:
        _add_html(parts, slot.html, slot.searchable)
        return
    titles = dict(slot.headings)
    start = 0
    for found in top_level_h2(slot.html):
        anchor = _ID.search(found.group().split(">", 1)[0])
        before = slot.html[start : found.start()].strip()
        if anchor:  # with the HTML before it: one marker, not one more raw HTML block
            before += f'\n<div id="{anchor.group(1)}"></div>'
        _add_html(parts, before, slot.searchable)
        title = titles.get(anchor.group(1)) if anchor else None
        if title is None:
            title = html_text.unescape(_TAGS.sub("", found.group())).strip()
        parts.append(f"## {text(title)}")
        start = found.end()
    _add_html(parts, slot.html[start:], slot.searchable)


def _add_html(parts: list[str | list[str]], html: str, searchable: bool) -> None:
    html = html.strip()
    if not html:
        return
    if searchable and "<h1" in html:
        # The page's title as HTML: the engine must see it, or its theme adds the title again.
        parts.append(html)
        return
    # Marked for the site's search (casebook.search), which reads the built pages.
    fragment = html if searchable else f"<div data-search-exclude>{html}</div>"
    if parts and isinstance(parts[-1], list):
        parts[-1].append(fragment)
    else:
        parts.append([fragment])


def fill_fragments(built_html: str, fragments: tuple[str, ...]) -> str:
    """The engine's HTML of a page with its markers replaced by their fragments."""
    if not fragments:
        return built_html
    return slot_pattern().sub(lambda marker: fragments[int(marker.group(1))], built_html)


def fill_around_headings(built_html: str, page: TreePage, content_start: int) -> str | None:
    """The engine's HTML of a page without markers (``TreePage.before_heading``), its
    fragments put around the headings the engine made of its Markdown; ``content_start``:
    where the page's content starts in it. None when this is not the engine's own output of
    ``page``: its headings are not the page's (a theme may add a title of its own before
    them), or something already stands where a fragment goes (a page finished before)."""
    found = _built_headings(built_html, content_start)
    if found is None:
        return None
    levels = tuple(level for level, _, _ in found)
    if levels[:1] == (1,) and levels[1:] == page.heading_levels and page.heading_levels[:1] != (1,):
        del found[0]  # the theme's title
    elif levels != page.heading_levels:
        return None
    for number in set(page.before_heading):
        if 0 < number < len(found) and built_html[found[number - 1][2] : found[number][1]].strip():
            return None
    if page.fragments[0] in built_html:
        return None
    parts: list[str] = []
    position = 0
    for fragment, number in zip(page.fragments, page.before_heading, strict=True):
        at = found[number][1] if number < len(found) else found[-1][2]
        parts += [
            built_html[position:at],
            fragment + "\n" if number < len(found) else "\n" + fragment,
        ]
        position = at
    return "".join(parts) + built_html[position:]


def _built_headings(built_html: str, content_start: int) -> list[tuple[int, int, int]] | None:
    """(level, start, end) of each <h1> and <h2> element of the page's content, in one pass
    (each search goes on after the heading before it ends); None when one is not closed."""
    end = built_html.find("</article>", content_start)
    end = len(built_html) if end < 0 else end
    found: list[tuple[int, int, int]] = []
    at = content_start
    while heading := _BUILT_HEADING.search(built_html, at, end):
        closing = f"</h{heading.group(1)}>"
        close = built_html.find(closing, heading.end(), end)
        if close < 0:
            return None
        at = close + len(closing)
        found.append((int(heading.group(1)), heading.start(), at))
    return found


def has_marker(built_html: str) -> bool:
    return slot_pattern().search(built_html) is not None


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> int:
    """Make ``folder`` hold exactly ``files`` (relative POSIX path -> content), and no folder
    left empty. Files whose content is unchanged are not touched, so an engine's cache and a
    preview see only what changed. Returns how many files were written."""
    return write_trees([(folder, files)])


def write_trees(
    trees: Sequence[tuple[Path, Mapping[str, str | bytes]]], processes: int | None = 1
) -> int:
    """``write_tree`` for each (folder, files) of ``trees``, their files written by up to
    ``processes`` processes (a file system makes files in different folders at once)."""
    for folder, _ in trees:
        folder.mkdir(parents=True, exist_ok=True)
    items = [(folder / relative, content) for folder, files in trees for relative, content in files.items()]  # fmt: skip
    written = sum(map_in_processes(_write_if_changed, items, processes))
    for folder, files in trees:
        for stale in files_under(folder):
            if stale not in files:
                (folder / stale).unlink()
        for current, _, _ in os.walk(folder, topdown=False):
            if current != str(folder) and not os.listdir(current):
                os.rmdir(current)  # a folder only stale files were in
    return written


def _write_if_changed(item: tuple[Path, str | bytes]) -> int:
    path, content = item
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return 0
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1


def files_under(folder: Path) -> Iterable[str]:
    """Every file under ``folder``, as a relative POSIX path (os.walk: pathlib's rglob and
    relative_to cost more than reading the files on 10,000 pages)."""
    for directory, _folders, names in os.walk(folder):
        base = Path(directory).relative_to(folder).as_posix()
        for name in names:
            yield name if base == "." else f"{base}/{name}"
