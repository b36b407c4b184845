"""Contributed content is inert by construction: the accepted hostile files (``tests/corpus/
inert/``) are built into a site, and every output is read with the parser of its own format.

The hostile corpus (``test_hostile_corpus.py``) holds what the validator refuses; this corpus
holds what it accepts although it looks dangerous. For these, "inert" is checked in the built
pages (no script, handler, outside load or escape from any context), in the open data, the feed
and the search index, and in a real Chromium from ``file://``. The Content-Security-Policy is
shown to stop a script smuggled past the sanitiser.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from builds import build_site

from casebook.collection import load_collection
from casebook.pages.titles import TITLE_LIMIT
from casebook.problems import Severity

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
INERT = Path(__file__).parent / "corpus" / "inert"
INERT_PAGES = [
    *sorted(
        f"cases/{path.stem}.html"
        for path in (INERT / "cases").rglob("*.md")
        if "status: published" in path.read_text(encoding="utf-8")
    ),
    "courses/intro-course/03-quiz-with-html.html",
    "guidelines/inert-guideline.html",
]
ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inert") / "content"
    shutil.copytree(MINI, root)
    shutil.copytree(INERT, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def site(content: Path) -> Path:
    folder = content.parent / "site"
    result = build_site(content, folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_the_inert_corpus_is_accepted(content: Path) -> None:
    collection, report = load_collection(content)
    assert [p for p in report.problems if p.severity is Severity.ERROR] == []
    published = {f"cases/{c.slug}.html" for c in collection.published_cases}
    published |= {f"guidelines/{g.slug}.html" for g in collection.published_guidelines}
    published |= {
        f"courses/{c.slug}/{m.slug}.html" for c in collection.published_courses for m in c.modules
    }
    assert published >= set(INERT_PAGES)


# -- the built pages, read as a browser reads them ---------------------------------------------


class Page(HTMLParser):
    """Everything a page could run or load: elements with their attributes, and where the
    article is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], bool]] = []  # tag, attributes, in article
        self.depth_in_article = 0
        self.text: list[str] = []
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth_in_article += 1
        self.in_title = tag == "title"
        self.elements.append((tag, {k: v or "" for k, v in attrs}, self.depth_in_article > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth_in_article -= 1
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def test_no_page_runs_or_loads_anything_a_contribution_wrote(site: Path) -> None:
    for path in html_pages(site):
        page = parse(path)
        for tag, attributes, in_article in page.elements:
            handlers = [name for name in attributes if name.startswith("on")]
            assert handlers == [], (path, tag, handlers)
            if in_article:
                assert tag not in ("iframe", "object", "embed", "form", "base", "meta", "style")
                # Only the site's own files, never inline code; JSON data (the explorer's) is
                # inert, and test_json_in_pages_cannot_close_its_script_element holds it shut.
                if tag == "script" and attributes.get("type") != "application/json":
                    source = attributes.get("src", "")
                    assert re.fullmatch(r"(\.\./)*assets/[\w./-]+", source), (path, attributes)
            for name in ("src", "srcset", "poster", "background", "action", "formaction"):
                value = attributes.get(name, "")
                assert not re.match(r"\s*([a-z][a-z0-9+.-]*:|//)", value, re.I) or value.startswith(
                    "data:image/svg+xml"
                ), (path, tag, name, value)
            if tag == "a" and ":" in attributes.get("href", "").split("/")[0]:
                assert attributes["href"].startswith(ALLOWED_SCHEMES), (path, attributes)


def test_every_page_carries_the_policy_first_in_its_head(site: Path) -> None:
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        head = text.index("<head>") + len("<head>")
        assert text[head:].startswith('<meta http-equiv="Content-Security-Policy" content="'), path
        policy = text[head:].split('content="', 1)[1].split('"', 1)[0]
        assert "'unsafe-inline'" not in policy and "http" not in policy
        assert "default-src 'none'" in policy and "script-src 'self'" in policy


def test_front_matter_text_reaches_text_and_attributes_as_written(
    site: Path, content: Path
) -> None:
    collection, _ = load_collection(content)
    case = next(c for c in collection.cases if c.slug == "inert-front-matter")
    page = parse(site / "cases" / "inert-front-matter.html")
    described = [a.get("content") for t, a, _ in page.elements if a.get("name") == "description"]
    assert described == [case.summary]  # the summary never leaves its attribute
    # The document title is the title as written, cut to what search engines show.
    shown_title = page.title.strip()
    assert len(shown_title) <= TITLE_LIMIT
    assert case.title.startswith(shown_title.removesuffix("\u2026").rstrip())
    shown = "".join(page.text)
    for value in (case.title, case.summary, case.organization_name, case.outcomes[0].metric):
        assert value in shown


def test_the_body_keeps_its_text_and_loses_its_tricks(site: Path) -> None:
    page = parse(site / "cases" / "inert-front-matter.html")
    shown = "".join(page.text)
    assert "<script>alert(11)</script>" in shown  # a code span shows its code
    assert "<img src=x onerror=alert(14)>" in shown  # so does a fenced block
    assert "alert(13)" not in shown  # an HTML comment is dropped
    links = [a for t, a, inside in page.elements if t == "a" and inside]
    titled = next(a for a in links if a.get("href") == "https://example.org/report")
    assert titled["title"] == '" onmouseover="alert(15)'
    assert {"href": "kenya-solar-irrigation.html#c-results", "rel": "noopener noreferrer"} in links
    assert {"href": "#c-results", "rel": "noopener noreferrer"} in links
    attr_list = parse(site / "cases" / "attr-list-event-handler.html")
    assert '{ onclick="alert(1)" }' in "".join(attr_list.text)


def test_open_data_feed_and_index_hold_the_values_exactly(site: Path, content: Path) -> None:
    collection, _ = load_collection(content)
    case = next(c for c in collection.cases if c.slug == "inert-front-matter")
    records = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    rows = records if isinstance(records, list) else records["cases"]
    record = next(r for r in rows if r["slug"] == case.slug)
    assert record["title"] == case.title and record["summary"] == case.summary
    with open(site / "data" / "cases.csv", encoding="utf-8", newline="") as file:
        row = next(r for r in csv.DictReader(file) if r["slug"] == case.slug)
    # A spreadsheet never runs a contributed formula: the cell starts with a quote.
    formula_cells = [value for value in row.values() if value[:1] in ("=", "+", "-", "@")]
    assert formula_cells == []
    assert case.title in row.values()
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [element.text for element in feed.iter() if element.tag.endswith("title")]
    assert case.title in titles


def test_the_search_index_is_data_shown_as_text(site: Path) -> None:
    """The index holds the pages' text, which may quote markup a contribution wrote as text
    ("<script>..." shown on the page as it is): it reaches the reader as text again, never as
    markup, because every index file is one call handing over JSON and search.js puts what
    it reads into the page as text nodes only."""
    files = sorted((site / "search").rglob("*.js"))
    assert files
    call = re.compile(
        r'casebookSearchData\.(?:doc|shard|manifest|prefix)\("[a-z0-9-]+",(?:\d+,)?(\{.*\})\);\n',
        re.S,
    )
    for index_file in files:
        found = call.fullmatch(index_file.read_text(encoding="utf-8"))
        assert found is not None, index_file
        json.loads(found.group(1))
    script = (site / "assets" / "casebook" / "search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)


def test_json_in_pages_cannot_close_its_script_element(site: Path) -> None:
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(
            r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', text, re.S
        ):
            json.loads(block)  # the whole element is the JSON: nothing closed it early
            assert "<" not in block or "<\\/" not in block


# -- in a real browser, from file:// -----------------------------------------------------------


def visit(page: Any, url: str) -> dict[str, list[str]]:
    """Open ``url``, then click every link of its article, each from a fresh load: what ran
    or was asked for, beyond each link's own address."""
    seen: dict[str, list[str]] = {"dialogs": [], "popups": [], "loaded": [], "stray": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("popup", lambda popup: seen["popups"].append(popup.url))

    def stay(route: Any) -> None:
        # Another site's page is answered "204 No Content": the browser stays where it is.
        if route.request.url.startswith(("file://", "data:", "blob:", "about:")):
            route.fallback()
        else:
            page.outgoing.append(route.request.url)
            route.fulfill(status=204, body="")

    page.route("**/*", stay)
    page.goto(url)
    seen["loaded"] = list(page.outgoing)  # a page that loads nothing from outside
    for index in range(page.locator("article a").count()):
        page.goto(url)
        link = page.locator("article a").nth(index)
        if not link.is_visible():
            continue
        target = link.evaluate("a => a.href").split("#")[0]
        page.outgoing.clear()
        if target.startswith("file://") and target != url.split("#")[0]:
            with page.expect_navigation(timeout=5000):  # another page of the site
                link.click(timeout=2000, no_wait_after=True)
        else:
            link.click(timeout=2000, no_wait_after=True)
            page.wait_for_timeout(200)
        # A click goes where its link says, and nowhere else.
        seen["stray"] += [u for u in page.outgoing if u.split("#")[0] != target]
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("name", INERT_PAGES)
def test_an_accepted_hostile_page_does_nothing_in_a_browser(
    site: Path, offline_page: Any, name: str
) -> None:
    seen = visit(offline_page, (site / name).as_uri())
    assert seen == {"dialogs": [], "popups": [], "loaded": [], "stray": []}


def smuggle(site: Path, with_policy: bool) -> Path:
    """A built case page with a script written into its article, as if the sanitiser had let
    it through; ``with_policy=False`` also takes the policy out (the control)."""
    page = site / "cases" / "kenya-solar-irrigation.html"
    text = page.read_text(encoding="utf-8")
    article = text.index("<article")
    body = text.index(">", article) + 1
    text = (
        text[:body]
        + "<script>window.smuggled = true; alert('smuggled')</script>"
        + '<img src="x" onerror="alert(\'handler\')">'
        + text[body:]
    )
    if not with_policy:
        text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    target = page.with_name(f"smuggled-{with_policy}.html")
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.browser
def test_the_policy_stops_a_script_smuggled_past_the_sanitiser(
    site: Path, offline_page: Any
) -> None:
    dialogs: list[str] = []
    offline_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    offline_page.goto(smuggle(site, with_policy=True).as_uri())
    offline_page.wait_for_timeout(200)
    assert dialogs == [] and offline_page.evaluate("window.smuggled") is None
    # The theme's own scripts still ran: their inline code is allowed by hash.
    assert offline_page.evaluate("typeof __md_scope") == "object"
    # The control: the same page without the policy runs both.
    offline_page.goto(smuggle(site, with_policy=False).as_uri())
    offline_page.wait_for_timeout(200)
    assert sorted(dialogs) == ["handler", "smuggled"]


def test_pictures_are_published_beside_nothing_of_the_site(site: Path) -> None:
    page = parse(site / "cases" / "nested-case-with-picture.html")
    sources = [a["src"] for t, a, inside in page.elements if t == "img" and inside]
    assert sources == [
        "../media/cases/field-notes/soil-probe.png",
        "../media/cases/field-notes/favicon.png",
    ]
    for source in sources:
        assert (site / "cases" / source).resolve().is_file()
    assert (site / "media" / "cases" / "field-notes" / "favicon.png").read_bytes() == (
        INERT / "cases" / "field-notes" / "favicon.png"
    ).read_bytes()
    # A draft's pictures stay unpublished with it.
    assert not (site / "media" / "cases" / "draft-only.png").exists()
    assert not list(site.rglob("draft-only.png"))


def test_what_the_validator_accepts_the_offline_build_bundles(
    content: Path, tmp_path: Path
) -> None:
    from casebook.offline import write_offline_bundles

    result = build_site(content, tmp_path / "site", offline=True)
    assert result.returncode == 0, result.stderr
    write_offline_bundles(tmp_path / "site", tmp_path / "dist")
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.zip"))


def test_the_report_prints_the_values_as_text_and_links_nowhere_else(
    content: Path, tmp_path: Path
) -> None:
    """The PDF is one more output: the contributed strings come back as the text they are, and
    its links are the site's own or the contributed https addresses, never a script."""
    from datetime import date

    from pypdf import PdfReader

    from casebook.report_pdf import EditionInfo, render_report_pdf

    collection, _ = load_collection(content)
    case = next(c for c in collection.cases if c.slug == "inert-front-matter")
    out = tmp_path / "report.pdf"
    render_report_pdf(
        collection,
        EditionInfo("2026", "2026 edition", date(2026, 3, 31), ("Ed",), "", "https://e.org/"),
        out,
    )
    reader = PdfReader(out)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    assert " ".join(case.title.split()) in flat and "alert(2)" in flat
    links = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or ()
    ]
    assert links and all(
        not link or link.startswith(("https://", "http://", "mailto:")) for link in links
    ), links
