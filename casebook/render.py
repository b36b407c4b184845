"""Contributed Markdown to inert HTML, once: render with cmark-gfm, then sanitise
(``casebook.sanitize``). Validation and every output use the same result, so the validator and
the build can never disagree about what a contribution shows.

cmark-gfm is GitHub's C implementation of CommonMark with GitHub's tables: it is built to run
in time linear in its input (the CommonMark project tests it against pathological inputs), and
it is what PyPI renders READMEs with before sanitising them with nh3, the same pair as here.
Raw HTML is let through the renderer on purpose: one policy, the sanitiser's, decides.

Relative links are resolved against the collection: a link to a page becomes the address of
its built page, an image the address of its published copy under ``media/``; anything else is
a problem with the line it is on.
"""

from __future__ import annotations

import html as html_text
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from cmarkgfm.cmark import Options

from casebook import cmark
from casebook.addresses import relative
from casebook.problems import Problem, error
from casebook.sanitize import ID_PREFIX, Removal, Sanitizer

MEDIA = "media"  # published images live under media/<path in content/>
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
# GitHub's tables, ~~strikethrough~~ and bare www. links; not its tag filter (the sanitiser
# decides about HTML, and says so) nor task lists (a checkbox is a form control).
_EXTENSIONS = ["table", "strikethrough", "autolink"]
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_VALIDATE_UTF8


def markdown_to_html(text: str) -> str:
    """The renderer alone: unsanitised HTML, never to be shown as it is."""
    return cmark.markdown_to_html(text, _OPTIONS, _EXTENSIONS)


@dataclass(frozen=True)
class PageTarget:
    """A page of the collection a link may lead to."""

    site_uri: str  # the built page, e.g. "cases/kenya-iot-soil-sensors.html"
    published: bool


@dataclass(frozen=True)
class SiteMap:
    """What relative links in the collection may lead to: content pages (by resolved path)
    and images (resolved paths)."""

    root: Path  # content/, resolved
    pages: Mapping[Path, PageTarget] = field(default_factory=dict)
    images: frozenset[Path] = frozenset()


@dataclass(frozen=True)
class RenderedText:
    """Sanitised HTML of one contributed text, its level-two headings (id, plain-text title)
    for the page's contents, the images it shows (resolved paths) and what was wrong with it."""

    html: str
    headings: tuple[tuple[str, str], ...] = ()
    images: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()
    # The text's language where it differs from the page's: an original shown on a page of
    # another language (``casebook.localized``), so screen readers and hyphenation follow it.
    lang: str | None = None
    direction: str = "ltr"


def media_uri(image: Path, root: Path) -> str:
    """Where a published image lives in the site."""
    return f"{MEDIA}/{image.relative_to(root).as_posix()}"


def render_markdown(
    text: str,
    *,
    source: Path,
    display_path: str,
    first_line: int,
    page_uri: str,
    published: bool,
    site: SiteMap,
) -> RenderedText:
    """``text`` (from ``source``, its first line at ``first_line`` of the file) as it will
    appear on the built page ``page_uri``; ``published``: whether that page is public (its
    links may then lead only to public pages)."""
    links = _LinkResolver(source, page_uri, published, site)
    sanitizer = Sanitizer(links.resolve)
    raw = markdown_to_html(text)
    if nesting_depth(raw) > MAX_NESTING:
        # An HTML parser's time grows with the square of the nesting (the sanitiser's too):
        # such a text is refused before it is parsed, and nothing of it is shown.
        return RenderedText("", problems=(_too_deep(text, display_path, first_line),))
    strict = sanitizer.clean(raw)
    cleaned, headings = _with_heading_ids(strict)
    problems: tuple[Problem, ...] = ()
    # Without a "<" the text holds no HTML of its own, and the renderer writes only elements
    # the policy allows, but for "# " headings: no need to clean it a second time to compare.
    changed = ("<" in text and strict != sanitizer.keep_all(raw)) or "<h1>" in raw
    if changed or sanitizer.removals or sanitizer.warnings:
        problems = tuple(_locate(text, sanitizer, changed, display_path, first_line, links))
    return RenderedText(cleaned, headings, tuple(dict.fromkeys(links.images)), problems)


# -- nesting --------------------------------------------------------------------------------

MAX_NESTING = 64
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


# A tag of the renderer's output; one pass, no nested quantifier.
_TAG_OF = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")


def nesting_depth(html: str, limit: int = MAX_NESTING) -> int:
    """How deep the elements of ``html`` nest, counted in one pass over its tags and stopped
    once past ``limit`` (an unclosed tag counts as open: a browser nests what follows in it)."""
    depth = deepest = 0
    for match in _TAG_OF.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def _too_deep(text: str, display_path: str, first_line: int) -> Problem:
    # The part where the nesting, carried over from the parts before it, passes the limit.
    line, carried = first_line, 0
    for offset, chunk in _chunks(text):
        html = markdown_to_html(chunk)
        if carried + nesting_depth(html) > MAX_NESTING:
            line = first_line + offset
            break
        carried += html.count("<") - 2 * html.count("</") - html.count("/>")

    return error(
        display_path,
        line,
        "nested-too-deep",
        "",
        f"quotes, lists or HTML elements are nested more than {MAX_NESTING} levels deep here: "
        "flatten them",
    )


# -- where a problem is ---------------------------------------------------------------------


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(line offset, text) of the blank-line-separated parts of ``text`` outside fenced code:
    each is checked alone to find the line a problem is on."""
    lines = text.split("\n")
    start, in_fence = 0, False
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) < 4 and stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and not line.strip():
            if index > start:
                yield start, "\n".join(lines[start:index])
            start = index + 1
    if start < len(lines) and any(line.strip() for line in lines[start:]):
        yield start, "\n".join(lines[start:])


def _locate(
    text: str,
    whole: Sanitizer,
    changed: bool,
    display_path: str,
    first_line: int,
    links: _LinkResolver,
) -> Iterator[Problem]:
    """Every problem of the text with its line. A removed link or image is found by its
    address in the text; a removed element or attribute by sanitising each part alone."""
    seen: set[tuple[int, str, str]] = set()

    def report(line: int, removal: Removal) -> Iterator[Problem]:
        if (line, removal.code, removal.message) not in seen:
            seen.add((line, removal.code, removal.message))
            yield error(display_path, line, removal.code, "", removal.message)

    unplaced = []
    for removal in (*whole.removals, *whole.warnings):
        at = text.find(removal.needle) if removal.needle else -1
        if at == -1:
            unplaced.append(removal)
        else:
            yield from report(first_line + text.count("\n", 0, at), removal)
    if not changed and not unplaced:
        return
    in_parts: dict[tuple[str, str], int] = {}  # problems by the part they were seen in
    found_markup = False
    for offset, chunk in _chunks(text):
        sanitizer = Sanitizer(links.resolve)
        raw = markdown_to_html(chunk)
        strict = sanitizer.clean(raw)
        for removal in (*sanitizer.removals, *sanitizer.warnings):
            line = first_line + offset + _line_in(chunk, removal.needle)
            in_parts.setdefault((removal.code, removal.message), line)
        if changed and (("<" in chunk and strict != sanitizer.keep_all(raw)) or "<h1>" in raw):
            found_markup = True
            removal = _removed_markup(strict, sanitizer.keep_all(raw))
            yield from report(first_line + offset + _line_in(chunk, removal.needle), removal)
    for removal in unplaced:
        yield from report(in_parts.get((removal.code, removal.message), first_line), removal)
    if changed and not found_markup:  # a construct that spans parts (a block with blank lines)
        yield from report(first_line, _removed_markup("", "<"))


def _line_in(chunk: str, needle: str) -> int:
    at = chunk.lower().find(needle.lower()) if needle else -1
    return chunk.count("\n", 0, at) if at > 0 else 0


def _removed_markup(strict: str, loose: str) -> Removal:
    """What the policy removed, told from where the two cleanings first differ."""
    at = next(
        (i for i, (a, b) in enumerate(zip(strict, loose, strict=False)) if a != b),
        min(len(strict), len(loose)),
    )
    start = loose.rfind("<", 0, at + 1)
    end = loose.find(">", start)
    if start == -1 or end == -1:
        return Removal(
            "active-html",
            "the text holds HTML that is not allowed (scripts, styles, event handlers, frames, "
            "forms and the like are removed): write it in plain Markdown",
            "",
        )
    tag = loose[start + 1 : end].split(None, 1)[0].strip("/").lower() if end > start + 1 else ""
    if tag == "h1":
        return Removal(
            "heading-level", "a '# ' heading is the page's title: start sections with '## '", "# "
        )
    if start + len(tag) + 1 <= at < end:
        attribute = loose[at:end].lstrip().split("=", 1)[0].split(None, 1)[0].strip("/>")
        if attribute:
            return Removal(
                "active-html",
                f"the attribute '{attribute}' on <{tag}> is not allowed (event handlers, styles, "
                "ids and classes are removed): remove it",
                attribute,
            )
    return Removal(
        "active-html",
        f"the HTML element <{tag}> is not allowed (scripts, styles, frames, forms, embedded "
        "objects and the like are removed): write it in plain Markdown",
        f"<{tag}",
    )


# -- heading ids ----------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")  # on the sanitiser's own serialisation only: tags are well formed
_NOT_SLUG = re.compile(r"[^\w\- ]")


def _with_heading_ids(cleaned: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Ids for the headings that have none (as GitHub makes them, with the contribution
    prefix), and the level-two headings for the page's contents."""
    if "<h" not in cleaned:
        return cleaned, ()
    parts: list[str] = []
    headings: list[tuple[str, str]] = []
    used: dict[str, int] = {}
    position = 0
    while (start := cleaned.find("<h", position)) != -1:
        level = cleaned[start + 2 : start + 3]
        close = cleaned.find(f"</h{level}>", start)
        opening_end = cleaned.find(">", start)
        if level not in "23456" or not level or close == -1 or opening_end == -1:
            parts.append(cleaned[position : start + 2])
            position = start + 2
            continue
        opening = cleaned[start : opening_end + 1]
        title = html_text.unescape(_TAG.sub("", cleaned[opening_end + 1 : close])).strip()
        if opening == f"<h{level}>":
            slug = _NOT_SLUG.sub("", title.lower()).replace(" ", "-") or "section"
            count = used.get(slug, 0)
            used[slug] = count + 1
            anchor = ID_PREFIX + (slug if count == 0 else f"{slug}-{count}")
            opening = f'<h{level} id="{anchor}">'
        else:
            anchor = opening.partition('id="')[2].partition('"')[0]
        if level == "2":
            headings.append((anchor, title))
        parts.append(cleaned[position:start] + opening)
        position = opening_end + 1
    parts.append(cleaned[position:])
    return "".join(parts), tuple(headings)


# -- links within the collection ------------------------------------------------------------


class _LinkResolver:
    """Relative links of one text: pages and images of the collection, nothing else."""

    def __init__(self, source: Path, page_uri: str, published: bool, site: SiteMap) -> None:
        self.folder = source.resolve().parent
        self.page_uri = page_uri
        self.published = published
        self.site = site
        self.images: list[Path] = []
        self._resolved: dict[tuple[str, str], str | Removal] = {}
        self._image_paths: dict[str, Path] = {}

    def resolve(self, tag: str, url: str) -> str | Removal:
        """The address a link or image of the text gets, or why it is removed (each distinct
        address is resolved once: the file system is asked at most once for it)."""
        key = (tag, url)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(tag, url)
        outcome = self._resolved[key]
        if tag == "img" and isinstance(outcome, str) and not outcome.startswith("#"):
            self.images.append(self._image_paths[outcome])
        return outcome

    def _resolve(self, tag: str, url: str) -> str | Removal:
        path_part, _, fragment = url.partition("#")
        path_part = unquote(path_part.partition("?")[0])
        if path_part.startswith("//") or path_part.startswith("\\\\"):
            return Removal(
                "unsafe-url",
                f"'{url}' leads to another site: write its full https:// address",
                url,
            )
        if path_part.startswith(("/", "\\")) or "\\" in path_part:
            return Removal(
                "unsafe-path",
                f"'{url}' is an absolute path: link to pages of the collection with a relative "
                "path (../cases/other-case.md) or to an https:// address",
                url,
            )
        if "\x00" in path_part or "\ufffd" in path_part:
            return Removal("unsafe-url", "a link holds an invisible NUL character: retype it", "")
        if not path_part:
            return Removal("broken-link", f"'{url}' leads nowhere: write the page's file name", url)
        target = Path(posixpath.normpath((self.folder / path_part).as_posix()))
        if not target.is_relative_to(self.site.root):
            return Removal(
                "unsafe-path",
                f"'{url}' points outside the content folder: link only to pages and images "
                "inside content/",
                url,
            )
        if tag == "img":
            return self._image(url, target)
        page = self.site.pages.get(target)
        if page is None:
            return Removal(*self._not_a_page(url, target), url)
        if self.published and not page.published:
            return Removal(
                "unpublished-link",
                f"'{url}' is a draft: a published page cannot link to it; publish it first "
                "or remove the link",
                url,
            )
        address = relative(self.page_uri, page.site_uri)
        return address + ("#" + ID_PREFIX + fragment if fragment else "")

    def _image(self, url: str, target: Path) -> str | Removal:
        if target not in self.site.images:
            if PurePosixPath(url).suffix.lower() not in IMAGE_SUFFIXES:
                return Removal(
                    "not-a-page",
                    f"'{url}' is not an image: pictures are png, jpg, gif or webp files",
                    url,
                )
            return Removal(
                "broken-link",
                f"the image '{url}' does not exist: put the file next to the page",
                url,
            )
        address = relative(self.page_uri, media_uri(target, self.site.root))
        self._image_paths[address] = target
        return address

    def _not_a_page(self, url: str, target: Path) -> tuple[str, str]:
        if target.is_dir():
            return "not-a-page", f"'{url}' is a folder: link to a page (a .md file) inside it"
        if target in self.site.images:
            return (
                "not-a-page",
                f"'{url}' is an image: show it with ![description]({url}) instead of linking to it",
            )
        if not target.exists():
            return "broken-link", f"'{url}' does not exist in the collection"
        return (
            "not-a-page",
            f"'{url}' is not a page that is built: link to a case, course, module or guideline",
        )
