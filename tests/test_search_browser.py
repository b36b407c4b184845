"""The site's search in a real Chromium, from file:// and over a loopback HTTP server: what it
finds, what it loads and when, per language, and its keyboard behaviour. The mini fixture site
is built once, with a case body holding an acronym in parentheses and a word with a diacritic,
and a Chinese page added to the built site (languages are not built yet) before it is indexed
again."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builds import build_site

from casebook.collection import load_collection
from casebook.search import index_site

pytestmark = pytest.mark.browser

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
KENYA = "cases/kenya-solar-irrigation.html"
ADDED_TEXT = (
    "Micro, small and medium enterprises (MSMEs) in Côte d'Ivoire joined; "
    "the cooperative's agronomists (fieldworkers) helped."
)
CHINESE_PAGE = "about-zh.html"
CHINESE_TEXT = "数字化转型帮助中小企业提高效率。太阳能水泵在肯尼亚很受欢迎。"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search")
    content = base / "content"
    shutil.copytree(MINI, content)
    case = content / "cases" / "kenya-solar-irrigation.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("Pumps are rented", f"{ADDED_TEXT} Pumps are rented"), "utf-8")
    result = build_site(content, base / "site")
    assert result.returncode == 0, result.stderr
    site = base / "site"
    about = (site / "about.html").read_text(encoding="utf-8")
    start, end = about.index("<article"), about.index("</article>")
    chinese = (
        about[:start]
        + '<article class="md-content__inner md-typeset"><h1>关于数字化</h1>'
        + f"<p>{CHINESE_TEXT}</p>"
        + about[end:]
    ).replace('<html lang="en"', '<html lang="zh"')
    assert '<html lang="zh"' in chinese
    (site / CHINESE_PAGE).write_text(chinese, encoding="utf-8")
    index_site(site)
    return site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (an ephemeral port), for the test's duration."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def page(offline_page: Any) -> Any:
    """A page recording every URL it asks for in ``page.requested``."""
    requested: list[str] = []
    offline_page.on("request", lambda request: requested.append(request.url))
    offline_page.requested = requested
    return offline_page


def records(site: Path, lang: str) -> dict[int, dict[str, Any]]:
    found = {}
    for path in (site / "search" / lang / "d").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        found[int(path.stem)] = json.loads(text[text.index("{") : text.rindex(")")])
    return found


def manifest(site: Path, lang: str) -> dict[str, Any]:
    text = (site / "search" / lang / "manifest.js").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text[text.index("{") : text.rindex(")")])
    return data


def shards_for(keys: list[str], prefix: str) -> set[int]:
    """What search.js loads for a word: keys the prefix starts with (the deepest) and keys
    that start with the prefix."""
    numbers = {i for i, key in enumerate(keys) if key.startswith(prefix)}
    deepest = [i for i, key in enumerate(keys) if prefix.startswith(key)]
    if deepest:
        numbers.add(max(deepest, key=lambda i: len(keys[i])))
    return numbers


def found_paths(page: Any, site: Path, query: str, lang: str = "en") -> list[str]:
    ids = page.evaluate("query => window.casebookSearch.query(query)", query)
    by_id = records(site, lang)
    return [by_id[i]["u"] for i in ids]


def search_path(url: str) -> str | None:
    match = re.search(r"/(search/.*\.js)$", url)
    return match.group(1) if match else None


def type_query(page: Any, text: str) -> None:
    box = page.locator("[data-site-search] input")
    box.click()
    box.press_sequentially(text)


# --- What it finds ----------------------------------------------------------------------------


def published_words(content: Path) -> dict[str, set[str]]:
    """Every word of four letters or more in each published case's title, summary and body
    (as written in the content, not as the index read it), by the case's page."""
    collection, report = load_collection(content)
    assert not report.errors
    found: dict[str, set[str]] = {}
    for case in collection.published_cases:
        text = " ".join([case.title, case.summary, re.sub(r"\]\([^)]*\)", "]", case.body)])
        for word in re.findall(r"[^\W\d_]{4,}", text):
            found.setdefault(word, set()).add(f"cases/{case.slug}.html")
    return found


def test_every_word_of_a_published_case_is_found_from_file(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    missing = [
        (word, path)
        for word, paths in sorted(published_words(MINI).items())
        for path in paths
        if path not in found_paths(page, site, word)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "query",
    ["MSMEs", "msmes", "(MSMEs)", "MSME", "côte", "cote", "COTE D'IVOIRE", "fieldworkers",
     "agronomist", "zanzib", "zanzibarite.", "cooperative"],
)  # fmt: skip
def test_words_in_parentheses_with_diacritics_and_prefixes(
    site: Path, page: Any, query: str
) -> None:
    page.goto((site / "about.html").as_uri())
    assert KENYA in found_paths(page, site, query)


def test_stems_find_other_forms_of_a_word(site: Path, page: Any) -> None:
    page.goto((site / "about.html").as_uri())
    assert KENYA in found_paths(page, site, "smallholder")  # the text says "Smallholders"
    assert found_paths(page, site, "zanzibarite nosuchword") == []  # every word must match


def test_titles_rank_first(site: Path, page: Any) -> None:
    page.goto((site / "about.html").as_uri())
    found = found_paths(page, site, "solar")
    assert found[0] == KENYA and len(found) > 1  # the case titled "Solar ..." before mentions


def test_each_language_searches_its_own_pages(site: Path, page: Any) -> None:
    page.goto((site / CHINESE_PAGE).as_uri())
    assert found_paths(page, site, "企业", "zh") == [CHINESE_PAGE]  # inside a sentence
    assert found_paths(page, site, "水泵", "zh") == [CHINESE_PAGE]
    assert found_paths(page, site, "数字化转型", "zh") == [CHINESE_PAGE]  # cut by the browser
    assert found_paths(page, site, "zanzibarite", "zh") == []  # an English page's word
    requested = {search_path(url) for url in page.requested} - {None}
    assert requested and all(path.startswith("search/zh/") for path in requested)  # type: ignore[union-attr]

    page.goto((site / "about.html").as_uri())
    assert found_paths(page, site, "企业") == []


# --- What it loads ----------------------------------------------------------------------------


def test_a_page_loads_no_index_and_a_query_only_the_shards_it_needs(site: Path, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto((site / KENYA).as_uri())
    page.wait_for_load_state("load")
    assert [url for url in page.requested if search_path(url)] == []
    type_query(page, "zanzibarite")
    expect(page.locator("[data-search-count]")).to_have_text("1 result for “zanzibarite”")
    loaded = [search_path(url) for url in page.requested if search_path(url)]
    keys = manifest(site, "en")["keys"]
    needed = set().union(*(shards_for(keys, "zanzibarite"[:n]) for n in range(2, 12)))
    shards = {int(path.rsplit("/", 1)[1][:-3]) for path in loaded if "/t/" in path}  # type: ignore[union-attr]
    assert shards and shards <= needed and len(shards) < len(keys) / 10
    kenya_id = next(i for i, r in records(site, "en").items() if r["u"] == KENYA)
    assert [path for path in loaded if "/d/" in path] == [f"search/en/d/{kenya_id}.js"]  # type: ignore[operator]
    assert loaded.count("search/en/manifest.js") == 1
    assert len(loaded) == len(set(loaded))  # the next keystrokes reused what was loaded
    assert page.outgoing == []


def test_search_over_http(site: Path, server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(server + "courses/intro-course/index.html")
        type_query(page, "MSMEs")
        results = page.locator("[data-search-results] a")
        expect(page.locator("[data-search-count]")).to_have_text("1 result for “MSMEs”")
        assert results.evaluate_all("links => links.map(link => link.href)") == [server + KENYA]
        expect(results.first.locator("mark")).to_have_text("MSMEs")
        assert all(url.startswith(server) for url in requested)
    finally:
        context.close()


# --- The field, its results and the keyboard ----------------------------------------------------


def test_results_show_title_section_snippet_and_kind_filters(site: Path, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto((site / "index.html").as_uri())
    type_query(page, "solar")
    count = page.locator("[data-search-count]")
    expect(count).to_have_attribute("aria-live", "polite")
    results = page.locator("[data-search-results] a")
    expect(results.first.locator(".casebook-search__title")).to_have_text(
        "Solar irrigation pumps for smallholders"
    )
    expect(results.first.locator(".casebook-search__where")).to_have_text("Case")
    expect(results.first.locator("mark").first).to_have_text("solar")
    total = results.count()
    assert total > 1
    expect(count).to_have_text(f"{total} results for “solar”")
    page.get_by_role("button", name=re.compile(r"^Cases")).click()
    expect(count).to_have_text("1 result for “solar” among cases")
    expect(results).to_have_count(1)
    page.get_by_role("button", name=re.compile(r"^Guidelines")).click()
    expect(results.first).to_have_attribute("href", re.compile(r"guidelines/solar-sandbox\.html$"))


def test_keyboard_arrows_move_through_results_and_escape_closes(site: Path, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto((site / "index.html").as_uri())
    box = page.get_by_role("searchbox", name="Search the site")
    box.click()
    box.press_sequentially("solar")
    results = page.locator("[data-search-results] a")
    expect(results.nth(1)).to_be_visible()
    box.press("ArrowDown")
    expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    expect(page.locator("[data-search-results]")).to_be_visible()
    box.press("Escape")
    expect(page.locator("[data-search-results]")).to_be_hidden()
    expect(box).to_be_focused()


def test_the_search_page_is_the_no_script_fallback(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "search.html").as_uri())
        fallback = page.locator("[data-site-search] [data-search-fallback]")
        assert fallback.is_visible() and "browse" in fallback.inner_text()
    finally:
        context.close()
    page = browser.new_page()
    try:
        page.goto((site / "search.html").as_uri() + "?q=zanzibarite")
        from playwright.sync_api import expect

        expect(page.locator("[data-search-count]")).to_have_text("1 result for “zanzibarite”")
        expect(page.locator("[data-search-fallback]")).to_be_hidden()
    finally:
        page.close()
