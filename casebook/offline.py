"""Offline bundles: zips of the built site that work opened from disk, with no network.

``make offline`` builds the site (it works from file:// as built: plain ``.html`` addresses,
and the site's own search loads its index with ``<script>`` elements), then ``casebook offline
SITE`` calls :func:`write_offline_bundles`, which writes

- ``dist/casebook-offline.zip``: every page of the site and every file the pages load or link;
- ``dist/course-<slug>.zip`` per published course: the course page, its modules, the cases and
  guidelines they link, and the files those pages load, plus a start page;
- ``SITE/download.html``, the Download page, and ``SITE/downloads/*.zip``, so the built site
  can be published with its bundles.

Decisions:

- **Bundles are link closures of the built HTML.** A bundle names its pages; it holds them
  and every file they load (``src``, ``<link rel=stylesheet|icon>``, ``url()`` in CSS).
  Files nothing references (source maps, the sitemap, the site's own search index) are left
  out. The whole-site bundle also keeps the
  non-page files its pages link (open data, feed); a course bundle does not.
- **A link to a page outside the bundle becomes plain text**: the ``<a>`` becomes a ``<span
  class="casebook-offline-missing">`` with a note in its ``title``; ``<link rel=prev|next>``
  tags to such pages are dropped. No link in a bundle points at a file it does not hold.
- **Search stays in every bundle, limited to it**: each bundle carries its own ``search/``
  index (``casebook.search.index_files`` over the bundle's pages), so a result never leads out
  of the bundle.
- **The Download page is written after the build**, because the sizes exist only then. Its
  frame is the built ``404.html`` (the site's theme, no table of contents, no active nav item)
  with root-absolute URLs made relative. Course zips are written first; the whole-site zip
  holds the Download page, which states the whole-site zip's size, so that zip is written
  until the size shown (rounded, e.g. "2.4 MB") no longer changes: one or two passes.
- **Zips are reproducible**: sorted entries, fixed timestamps, one top folder named after
  the bundle.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from babel.numbers import format_decimal

from casebook import i18n
from casebook.i18n import N_, SOURCE_LANGUAGE, _, activate, ngettext
from casebook.search import SEARCH_DIR, index_files
from casebook.search.pages import read_page

FULL_BUNDLE = "casebook-offline"
DOWNLOAD_PAGE = "download.html"
DOWNLOADS_DIR = "downloads"
SHELL_PAGE = "404.html"  # the theme's frame without a table of contents or an active nav item
MISSING_CLASS = "casebook-offline-missing"
MISSING_NOTE = N_("Not in this download: this page is on the full site")  # shown as _(...)
COURSE_PAGE = re.compile(r"courses/([^/]+)/index\.html")
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
STABLE_SIZE_PASSES = 5

# Tags whose URL attribute is loaded with the page, and <link> relations that do the same.
_LOADED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "input": ("src",),
    "object": ("data",),
}
_LOADED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "manifest"}
_FOLLOWED = {"a": "href", "area": "href", "link": "href"}
_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)|@import\s+["']([^"']+)["']"""
)


class OfflineError(Exception):
    """The site cannot be bundled (not built for offline use, a page loads from the network)."""


# ---------------------------------------------------------------------------------------------
# Reading one page: its references, with where they sit in the text


@dataclass(frozen=True)
class Reference:
    """One URL in a page. ``loaded`` references are fetched with the page (scripts, styles,
    images); the others are followed by the reader (links). ``start``/``end`` span the start
    tag; ``close`` spans the matching ``</a>`` of a link; implicit references (from Material's
    ``__config``) have no span."""

    tag: str
    attribute: str
    url: str
    loaded: bool
    start: int = -1
    end: int = -1
    close: tuple[int, int] | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class ParsedPage:
    references: tuple[Reference, ...]
    title: str  # text of the first <h1>, without its permalink
    config: Mapping[str, Any]  # Material's __config, or {}


class _PageParser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.references: list[Reference] = []
        self._open_link: Reference | None = None
        self._in_config = False
        self._config_text: list[str] = []
        self._h1: list[str] | None = None
        self._h1_done = False
        self._in_permalink = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        values = dict(attrs)
        for attribute in _LOADED.get(tag, ()):
            if value := values.get(attribute):
                urls = _srcset_urls(value) if attribute == "srcset" else [value]
                for url in urls:
                    self._add(Reference(tag, attribute, url, True, start, end, None, tuple(attrs)))
        if tag in _FOLLOWED and (value := values.get(_FOLLOWED[tag])) is not None:
            rels = set((values.get("rel") or "").lower().split())
            loaded = tag == "link" and bool(rels & _LOADED_LINK_RELS)
            reference = Reference(tag, "href", value, loaded, start, end, None, tuple(attrs))
            if tag == "a":
                self._open_link = reference
            else:
                self._add(reference)
        if tag == "script" and values.get("id") == "__config":
            self._in_config = True
        if tag == "h1" and not self._h1_done:
            self._h1 = []
        if tag == "a" and self._h1 is not None and "headerlink" in (values.get("class") or ""):
            self._in_permalink = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a" and self._open_link is not None:  # <a href=.../>: an empty link
            end = self._open_link.end
            self._add(replace(self._open_link, close=(end, end)))
            self._open_link = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_permalink = False
            if self._open_link is not None:
                start = self._offset()
                close = (start, self._text.index(">", start) + 1)
                self._add(replace(self._open_link, close=close))
                self._open_link = None
        elif tag == "script":
            self._in_config = False
        elif tag == "h1" and self._h1 is not None:
            self._h1_done = True

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self._config_text.append(data)
        if self._h1 is not None and not self._h1_done and not self._in_permalink:
            self._h1.append(data)

    def _add(self, reference: Reference) -> None:
        self.references.append(reference)

    def result(self) -> ParsedPage:
        try:
            config = json.loads("".join(self._config_text)) if self._config_text else {}
        except json.JSONDecodeError:
            config = {}
        references = list(self.references)
        if self._open_link is not None:  # an <a> never closed: keep it, unrewritable
            references.append(self._open_link)
        title = " ".join("".join(self._h1 or []).split())
        return ParsedPage(tuple(references), title, config if isinstance(config, dict) else {})


def parse_page(text: str) -> ParsedPage:
    parser = _PageParser(text)
    parser.feed(text)
    parser.close()
    return parser.result()


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str) -> list[str]:
    """URLs a stylesheet loads (``url()`` and ``@import``), ``data:`` ones included."""
    return [next(group for group in match.groups() if group) for match in _CSS_URL.finditer(css)]


def resolve(page: str, url: str) -> str | None:
    """The site path a URL in ``page`` points at, or None when it leaves the site's files
    (another scheme or host) or stays on the page (``#fragment``). A root-absolute path or one
    climbing above the root comes back starting with "/" or "../": it is never a bundle file."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        return path
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined + "/" if path.endswith("/") else joined


def is_network_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp", "ws", "wss"}


# ---------------------------------------------------------------------------------------------
# The site as a link graph


@dataclass(frozen=True)
class PageLinks:
    loads: frozenset[str]  # site paths fetched with the page
    follows: frozenset[str]  # site paths it links to
    network: tuple[str, ...]  # absolute URLs it would fetch: never allowed offline
    title: str


def page_links(page: str, parsed: ParsedPage) -> PageLinks:
    loads: set[str] = set()
    follows: set[str] = set()
    network: list[str] = []
    for reference in parsed.references:
        if reference.loaded and is_network_url(reference.url):
            network.append(reference.url)
        target = resolve(page, reference.url)
        if target is None:
            continue
        (loads if reference.loaded else follows).add(target)
    return PageLinks(frozenset(loads), frozenset(follows), tuple(network), parsed.title)


@dataclass(frozen=True)
class Site:
    """What bundling needs to know of a built site: its files and the links of its pages."""

    files: frozenset[str]
    pages: Mapping[str, PageLinks]
    stylesheets: Mapping[str, tuple[str, ...]]  # CSS file -> site paths it loads


def site_from_texts(
    files: Iterable[str],
    pages: Mapping[str, str],
    stylesheets: Mapping[str, str],
) -> Site:
    """A :class:`Site` from file names, page HTML and stylesheet text (pure; see read_site)."""
    return Site(
        files=frozenset(files),
        pages={path: page_links(path, parse_page(text)) for path, text in pages.items()},
        stylesheets={
            path: tuple(
                target
                for url in css_urls(text)
                if (target := resolve(path, url)) is not None and not url.startswith("data:")
            )
            for path, text in stylesheets.items()
        },
    )


def with_page(site: Site, path: str, text: str) -> Site:
    return Site(
        files=site.files | {path},
        pages={**site.pages, path: page_links(path, parse_page(text))},
        stylesheets=site.stylesheets,
    )


def loaded_closure(
    pages: Iterable[str],
    links_of: Callable[[str], PageLinks],
    stylesheet_loads: Callable[[str], Sequence[str]],
) -> frozenset[str]:
    """Every file the pages fetch, following stylesheets into what they import."""
    found: set[str] = set()
    pending = [target for page in pages for target in links_of(page).loads]
    while pending:
        target = pending.pop()
        if target in found:
            continue
        found.add(target)
        if target.endswith(".css"):
            pending.extend(stylesheet_loads(target))
    return frozenset(found)


def offline_problems(site: Site) -> list[str]:
    """Why the site cannot be bundled: every reason, sorted."""
    return [
        f"{page}: loads {url} from the network"
        for page, links in sorted(site.pages.items())
        for url in links.network
    ]


# ---------------------------------------------------------------------------------------------
# Bundle plans


@dataclass(frozen=True)
class BundlePlan:
    """What one zip holds. ``pages`` are the site pages in it; ``files`` every site file in it
    (pages included). A course bundle has no site home page, so it gets a generated
    ``index.html`` that opens ``start``."""

    name: str
    title: str
    description: str
    pages: frozenset[str]
    files: frozenset[str]
    start: str

    @property
    def generated_home(self) -> bool:
        return "index.html" not in self.files

    @property
    def targets(self) -> frozenset[str]:
        """Every path a link inside the bundle may point at."""
        return self.files | {"index.html"}


def _bundle_files(site: Site, pages: frozenset[str], linked_files: Iterable[str]) -> frozenset[str]:
    loads = loaded_closure(pages, site.pages.__getitem__, lambda css: site.stylesheets.get(css, ()))
    files = set(pages) | {path for path in loads if path in site.files}
    files.update(path for path in linked_files if path in site.files)
    # The site's index covers pages the bundle lacks: the bundle gets its own (bundle_bytes).
    return frozenset(path for path in files if not path.startswith(f"{SEARCH_DIR}/"))


def published_courses(site: Site) -> list[str]:
    return sorted(match.group(1) for path in site.pages if (match := COURSE_PAGE.fullmatch(path)))


def plan_full_bundle(site: Site) -> BundlePlan:
    """Every page (but the 404 page, whose links only work on a server), what the pages load,
    and the data files they link; never the downloads themselves."""
    pages = frozenset(
        path
        for path in site.pages
        if path != SHELL_PAGE and not path.startswith(DOWNLOADS_DIR + "/")
    )
    linked = {
        target
        for page in pages
        for target in site.pages[page].follows
        if not target.endswith(".html") and not target.startswith(DOWNLOADS_DIR + "/")
    }
    counts = _page_counts(pages)
    description = _(
        "The whole site: {cases}, {courses}, {guidelines}, the case explorer and the open data"
    ).format(
        cases=_cases(counts["cases"]),
        courses=ngettext("{n} course", "{n} courses", counts["courses"]).format(
            n=i18n.number(counts["courses"])
        ),
        guidelines=_guidelines(counts["guidelines"]),
    )
    return BundlePlan(
        FULL_BUNDLE,
        _("The whole collection"),
        description,
        pages,
        _bundle_files(site, pages, linked),
        "index.html",
    )


def plan_course_bundle(site: Site, course: str) -> BundlePlan:
    """The course page, the module pages it links in its own folder, and the case and
    guideline pages those link."""
    home = f"courses/{course}/index.html"
    if home not in site.pages:
        raise OfflineError(f"no course page '{home}' in the built site")
    folder = f"courses/{course}/"
    modules = {
        target
        for target in site.pages[home].follows
        if target.startswith(folder) and target in site.pages and "/" not in target[len(folder) :]
    }
    course_pages = {home} | modules
    studied = {
        target
        for page in course_pages
        for target in site.pages[page].follows
        if target in site.pages and target.startswith(("cases/", "guidelines/"))
    }
    pages = frozenset(course_pages | studied)
    counts = _page_counts(pages)
    title = site.pages[home].title or course
    description = _("The course, its {modules}, {cases} and {guidelines}").format(
        modules=ngettext("{n} module", "{n} modules", len(modules)).format(
            n=i18n.number(len(modules))
        ),
        cases=_cases(counts["cases"]),
        guidelines=_guidelines(counts["guidelines"]),
    )
    return BundlePlan(
        f"course-{course}", title, description, pages, _bundle_files(site, pages, ()), home
    )


def _page_counts(pages: Iterable[str]) -> dict[str, int]:
    pages = list(pages)
    return {
        "cases": sum(p.startswith("cases/") for p in pages),
        "guidelines": sum(p.startswith("guidelines/") for p in pages),
        "courses": sum(COURSE_PAGE.fullmatch(p) is not None for p in pages),
    }


def _cases(count: int) -> str:
    return ngettext("{n} case", "{n} cases", count).format(n=i18n.number(count))


def _guidelines(count: int) -> str:
    return ngettext("{n} guideline", "{n} guidelines", count).format(n=i18n.number(count))


# ---------------------------------------------------------------------------------------------
# Rewriting pages for a bundle


def rewrite_links(text: str, page: str, targets: frozenset[str]) -> str:
    """``text`` with every link to a site path outside ``targets`` turned into plain text
    (``<a>``) or removed (``<link>``, ``<area>``). Links that leave the site or stay on the
    page are kept as they are."""
    edits: list[tuple[int, int, str]] = []
    for reference in parse_page(text).references:
        if reference.loaded or reference.start < 0:
            continue
        target = resolve(page, reference.url)
        if target is None or target in targets:
            continue
        if reference.tag == "a" and reference.close is not None:
            edits.append((reference.start, reference.end, _missing_span(reference.attributes)))
            edits.append((*reference.close, "</span>"))
        else:
            edits.append((reference.start, reference.end, ""))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def bundled_page(text: str, page: str, targets: frozenset[str]) -> str:
    """A page as a bundle holds it: links kept inside, no edition selector."""
    return edit_config(rewrite_links(text, page, targets), without_edition_selector)


def _missing_span(attributes: Sequence[tuple[str, str | None]]) -> str:
    values = dict(attributes)
    classes = " ".join(filter(None, [values.get("class"), MISSING_CLASS]))
    identifier = values.get("id")
    kept = f' id="{html.escape(identifier)}"' if identifier else ""
    return f'<span class="{html.escape(classes)}"{kept} title="{html.escape(_(MISSING_NOTE))}">'


def bundle_search_files(
    site_dir: Path, plan: BundlePlan, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The search index of the bundle's own pages (site paths -> file text)."""
    overrides = overrides or {}
    pages = (
        read_page(path, overrides.get(path) or (site_dir / path).read_text(encoding="utf-8"))
        for path in sorted(plan.pages)
    )
    return index_files(page for page in pages if page is not None)


def start_page(plan: BundlePlan) -> str:
    """The generated ``index.html`` of a bundle without the site's home page."""
    title = html.escape(plan.title)
    start = html.escape(plan.start)
    link = html.escape(_("Open the course: {title}")).format(title=title)
    return (
        f'<!doctype html>\n<html lang="{html.escape(i18n.active())}" dir="{i18n.direction()}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={start}">\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        f'<p><a href="{start}">{link}</a></p>\n</body>\n</html>\n'
    )


# ---------------------------------------------------------------------------------------------
# The Download page


@dataclass(frozen=True)
class Listing:
    plan: BundlePlan
    size: int | None  # bytes; None while not yet known

    @property
    def file_name(self) -> str:
        return f"{self.plan.name}.zip"


def human_size(size: int | None) -> str:
    """Sizes as a learner paying per megabyte reads them (decimal units)."""
    if size is None:
        return "…"
    if size < 1000:
        return ngettext("{n} byte", "{n} bytes", size).format(n=i18n.number(size))
    if size < 1_000_000:
        return _("{n} KB").format(n=i18n.number(round(size / 1000)))
    return _("{n} MB").format(n=format_decimal(size / 1_000_000, "0.0", locale=i18n.locale()))


def download_article(listings: Sequence[Listing]) -> str:
    rows = "\n".join(
        f'<tr><td><a href="{DOWNLOADS_DIR}/{html.escape(listing.file_name)}">'
        f"{html.escape(listing.plan.title)}</a></td>"
        f"<td>{html.escape(listing.plan.description)}</td>"
        f"<td>{html.escape(human_size(listing.size))}</td></tr>"
        for listing in listings
    )
    intro = html.escape(
        _(
            "Study without a connection: download a bundle once, unzip it and open {file} in a "
            "web browser. Everything works from the disk with no network: search, the case "
            "explorer, the quizzes and, where the browser allows storage, your progress. A "
            "course bundle holds only that course with its cases and guidelines; links to "
            "other pages of the site appear as plain text."
        )
    ).format(file="<code>index.html</code>")
    head = "".join(
        f"<th>{html.escape(_(title))}</th>"
        for title in (N_("Bundle"), N_("What it holds"), N_("Size"))
    )
    return (
        '<h1 id="download">' + html.escape(_("Download for offline use")) + "</h1>\n"
        f"<p>{intro}</p>\n"
        '<div class="casebook-meta"><table>\n'
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table></div>\n"
    )


def render_download_page(shell: str, listings: Sequence[Listing]) -> str:
    """The Download page inside the site's frame, taken from the built 404 page: its article
    replaced, its title set, and its root-absolute URLs (404 pages must work at any depth)
    made relative to the site root, where the Download page lives."""
    parsed = parse_page(shell)
    base = str(parsed.config.get("base", "/"))
    if not base.endswith("/"):
        base += "/"
    tags = {
        (reference.start, reference.end): reference.attributes
        for reference in parsed.references
        if reference.start >= 0
    }
    text = shell
    for (start, end), attributes in sorted(tags.items(), reverse=True):
        text = text[:start] + _relocated_tag(text[start:end], attributes, base) + text[end:]
    text = text.replace(
        f"__md_scope=new URL({json.dumps(base)},location)", '__md_scope=new URL(".",location)'
    )
    text = edit_config(text, _relocated_config(base))
    text = re.sub(
        r"(<article class=\"md-content__inner md-typeset\"[^>]*>).*?(</article>)",
        lambda m: m.group(1) + "\n" + download_article(listings) + m.group(2),
        text,
        count=1,
        flags=re.S,
    )
    # The language selector leads to each language's Download page, not its 404 page.
    text = re.sub(r'(<a href="[^"]*)404\.html(" hreflang=)', r"\1download.html\2", text)
    return re.sub(
        r"<title>(.*?)</title>",
        lambda m: "<title>" + html.escape(_("Download")) + f" - {m.group(1)}</title>",
        text,
        count=1,
        flags=re.S,
    )


_URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data"}


def _relocated_tag(tag: str, attributes: Sequence[tuple[str, str | None]], base: str) -> str:
    """A start tag rebuilt with its root-absolute URLs made relative to the site root."""

    def relocate(url: str) -> str:
        return (url[len(base) :] or "index.html") if url.startswith(base) else url

    def value_of(name: str, value: str) -> str:
        if name == "srcset":
            return ", ".join(
                " ".join([relocate(candidate.split()[0]), *candidate.split()[1:]])
                for candidate in value.split(",")
                if candidate.strip()
            )
        return relocate(value) if name in _URL_ATTRIBUTES else value

    name = re.match(r"<([^\s/>]+)", tag)
    rebuilt = "".join(
        f" {key}" if value is None else f' {key}="{html.escape(value_of(key, value))}"'
        for key, value in attributes
    )
    return f"<{name.group(1) if name else 'span'}{rebuilt}{' /' if tag.endswith('/>') else ''}>"


def _relocated_config(base: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def relocate(config: dict[str, Any]) -> dict[str, Any]:
        search = config.get("search")
        if isinstance(search, str) and search.startswith(base):
            search = search[len(base) :]
        return {**config, "base": ".", "search": search}

    return relocate


def edit_config(text: str, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    """``text`` with Material's ``__config`` JSON replaced by ``edit(config)``."""

    def replace_json(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        if not isinstance(config, dict):
            return match.group(0)
        # "</" cannot end the script early once escaped; JSON reads "<\/" as "</".
        edited = json.dumps(edit(config)).replace("</", "<\\/")
        return match.group(1) + edited + match.group(3)

    return _CONFIG_SCRIPT.sub(replace_json, text, count=1)


def without_edition_selector(config: dict[str, Any]) -> dict[str, Any]:
    """A bundle holds one edition. Material's edition selector would read ../versions.json,
    a file outside the bundle, so bundled pages go without it."""
    return {key: value for key, value in config.items() if key != "version"}


# ---------------------------------------------------------------------------------------------
# First-visit weight


AssetKind = Literal["html", "css", "js", "search_index", "font", "image", "other"]
_KINDS: dict[str, AssetKind] = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".mjs": "js",
    ".woff": "font",
    ".woff2": "font",
    ".ttf": "font",
    ".otf": "font",
    ".eot": "font",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".svg": "image",
    ".webp": "image",
    ".avif": "image",
    ".ico": "image",
}


def asset_kind(path: str) -> AssetKind:
    if path.startswith(f"{SEARCH_DIR}/"):
        return "search_index"
    return _KINDS.get(posixpath.splitext(path)[1].lower(), "other")


def first_visit_paths(
    page: str,
    text: str,
    stylesheet_loads: Callable[[str], Sequence[str]],
) -> tuple[str, ...]:
    """The site files a browser fetches to show ``page`` with an empty cache (the search
    index is loaded only once the reader types, so it is not among them)."""
    links = page_links(page, parse_page(text))
    loads = loaded_closure([page], {page: links}.__getitem__, stylesheet_loads)
    return (page, *sorted(loads))


def first_visit_bytes(site_dir: Path, page: str) -> dict[str, int]:
    """Bytes a first visit to ``page`` costs, by kind (html, css, js, search_index, font,
    image, other), with ``total``, ``total_gzip`` (each file gzip-compressed, as a server
    would send it) and ``requests``. Files the page names but the site lacks count nothing."""

    def stylesheet_loads(css: str) -> list[str]:
        path = site_dir / css
        if not path.is_file():
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
        return [
            target
            for url in css_urls(text)
            if not url.startswith("data:") and (target := resolve(css, url)) is not None
        ]

    text = (site_dir / page).read_text(encoding="utf-8")
    weights: dict[str, int] = dict.fromkeys(
        ("html", "css", "js", "search_index", "font", "image", "other"), 0
    )
    total = total_gzip = requests = 0
    for path in first_visit_paths(page, text, stylesheet_loads):
        file = site_dir / path
        if not file.is_file():
            continue
        data = file.read_bytes()
        weights[asset_kind(path)] += len(data)
        total += len(data)
        total_gzip += len(gzip.compress(data, compresslevel=6, mtime=0))
        requests += 1
    return {**weights, "total": total, "total_gzip": total_gzip, "requests": requests}


# ---------------------------------------------------------------------------------------------
# Writing: the only part that touches the disk


def read_site(site_dir: Path, skip: Iterable[str] = ()) -> Site:
    """The built site in ``site_dir``, but for the folders ``skip`` names (other languages)."""
    if not site_dir.is_dir():
        raise OfflineError(f"'{site_dir}' is not a built site folder")
    skipped = tuple(f"{folder}/" for folder in skip)
    files = sorted(
        relative
        for path in site_dir.rglob("*")
        if path.is_file()
        and not (relative := path.relative_to(site_dir).as_posix()).startswith(skipped)
    )
    pages = {
        path: (site_dir / path).read_text(encoding="utf-8")
        for path in files
        if path.endswith(".html")
    }
    stylesheets = {
        path: (site_dir / path).read_text(encoding="utf-8", errors="replace")
        for path in files
        if path.endswith(".css")
    }
    return site_from_texts(files, pages, stylesheets)


def bundle_bytes(
    site_dir: Path,
    plan: BundlePlan,
    search_files: Mapping[str, str],
    overrides: Mapping[str, str] | None = None,
) -> bytes:
    """The zip of one bundle, in memory, with its own search index (``bundle_search_files``).
    ``overrides`` replaces a page's text (the Download page before it is on disk)."""
    overrides = overrides or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        entries: dict[str, bytes] = {
            path: text.encode("utf-8") for path, text in search_files.items()
        }
        for path in sorted(plan.files):
            if path.endswith(".html"):
                text = overrides.get(path) or (site_dir / path).read_text(encoding="utf-8")
                entries[path] = bundled_page(text, path, plan.targets).encode("utf-8")
            else:
                entries[path] = (site_dir / path).read_bytes()
        if plan.generated_home:
            entries["index.html"] = start_page(plan).encode("utf-8")
        for path in sorted(entries):
            info = zipfile.ZipInfo(f"{plan.name}/{path}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[path])
    return buffer.getvalue()


def _named(plan: BundlePlan, suffix: str) -> BundlePlan:
    return replace(plan, name=plan.name + suffix) if suffix else plan


@dataclass(frozen=True)
class WrittenBundle:
    plan: BundlePlan
    path: Path
    size: int


# The theme's language selector, as casebook.page_languages writes it on every page.
_LANGUAGE_LINK = re.compile(
    r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link" lang="[^"]*"( aria-current)?'
)


def built_languages(site_dir: Path) -> list[tuple[str, str]]:
    """(tag, folder) of each language of a built site, the default (at the root, folder "")
    first, read from the language selector of its home page; one language: [("", "")]."""
    home = site_dir / "index.html"
    text = home.read_text(encoding="utf-8") if home.is_file() else ""
    found = _LANGUAGE_LINK.findall(text)
    if not found:
        return [("", "")]
    default = [(tag, "") for _, tag, current in found if current]
    others = [
        (tag, href.split("/", 1)[0]) for href, tag, current in found if not current and "/" in href
    ]
    return default + others


def write_offline_bundles(site_dir: Path, dist_dir: Path) -> list[WrittenBundle]:
    """Every language's bundles (``write_language_bundles``): the default language's named as
    before, each other language's with its tag (``casebook-offline-fr.zip``)."""
    languages = built_languages(site_dir)
    folders = [folder for _, folder in languages if folder]
    written: list[WrittenBundle] = []
    for tag, folder in languages:
        with activate(tag or SOURCE_LANGUAGE):
            written += write_language_bundles(
                site_dir / folder if folder else site_dir,
                dist_dir,
                skip=() if folder else folders,
                suffix=f"-{tag}" if folder else "",
            )
    kept = {bundle.path.name for bundle in written}
    for stale in dist_dir.glob("course-*.zip"):
        if stale.name not in kept:
            stale.unlink()
    return written


def write_language_bundles(
    site_dir: Path, dist_dir: Path, *, skip: Sequence[str] = (), suffix: str = ""
) -> list[WrittenBundle]:
    """Write every bundle of one language's site to ``dist_dir`` (names end with ``suffix``)
    and its Download page and zips into the site."""
    site = read_site(site_dir, skip)
    if problems := offline_problems(site):
        raise OfflineError("the site cannot be used offline:\n  " + "\n  ".join(problems))
    if SHELL_PAGE not in site.pages:
        raise OfflineError(f"'{SHELL_PAGE}' is missing: it frames the Download page")
    dist_dir.mkdir(parents=True, exist_ok=True)

    courses: list[tuple[BundlePlan, bytes]] = [
        (plan, bundle_bytes(site_dir, plan, bundle_search_files(site_dir, plan)))
        for plan in (
            _named(plan_course_bundle(site, course), suffix) for course in published_courses(site)
        )
    ]
    shell = (site_dir / SHELL_PAGE).read_text(encoding="utf-8")
    course_listings = [Listing(plan, len(data)) for plan, data in courses]

    # The Download page states the size of the zip that holds it: write until the size shown
    # stops changing. Only the figures change between passes, never the page's links.
    draft = render_download_page(
        shell, [Listing(_named(plan_full_bundle(site), suffix), None), *course_listings]
    )
    full_plan = _named(plan_full_bundle(with_page(site, DOWNLOAD_PAGE, draft)), suffix)
    full_size: int | None = None
    # Only the Download page's figures change between passes, never its words.
    full_search = bundle_search_files(site_dir, full_plan, {DOWNLOAD_PAGE: draft})
    for _pass in range(STABLE_SIZE_PASSES):
        page = render_download_page(shell, [Listing(full_plan, full_size), *course_listings])
        full = bundle_bytes(site_dir, full_plan, full_search, {DOWNLOAD_PAGE: page})
        settled = human_size(full_size) == human_size(len(full))
        full_size = len(full)
        if settled:
            break
    else:
        raise OfflineError("the whole-site bundle's size did not settle")

    downloads = site_dir / DOWNLOADS_DIR
    if downloads.is_dir():
        shutil.rmtree(downloads)
    downloads.mkdir()
    (site_dir / DOWNLOAD_PAGE).write_text(page, encoding="utf-8")
    written = []
    for plan, data in [(full_plan, full), *courses]:
        target = dist_dir / f"{plan.name}.zip"
        target.write_bytes(data)
        (downloads / target.name).write_bytes(data)
        written.append(WrittenBundle(plan, target, len(data)))
    return written
