"""The site's search in a real Chromium, from file:// and over a loopback HTTP server: what it
finds, what it loads and when, per language, and its keyboard behaviour. The mini fixture site
is built once, with a case body holding an acronym in parentheses and a word with a diacritic,
and a Chinese page added to the built site (languages are not built yet) before it is indexed
again."""

from __future__ import annotations

import contextlib
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
from casebook.search import index as search_index
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
# Two pages per language with stemming: the first holds one form of a word, the second
# another form only (Snowball gives both one stem), so a query for the first form finds both.
INFLECTED_PAGES = {
    "ar": (
        ("about-ar-1.html", "عن الشركة", "تأسست شركة صغيرة في نيروبي."),  # a company
        ("about-ar-2.html", "التحول الرقمي", "ساعدت المنصة الشركات الصغيرة."),  # the companies
    ),
    "ru": (
        ("about-ru-1.html", "Наше предприятие", "Малый бизнес: одно предприятие."),  # nominative
        ("about-ru-2.html", "Цифровизация", "Платформа помогла малым предприятиям."),  # dative pl.
    ),
}


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
    for lang, pages in INFLECTED_PAGES.items():
        for name, title, text in pages:
            html = about[:start] + f"<article><h1>{title}</h1><p>{text}</p>" + about[end:]
            (site / name).write_text(
                html.replace('<html lang="en"', f'<html lang="{lang}"'), "utf-8"
            )
    index_site(site)
    return site


@pytest.fixture(scope="module")
def split_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site indexed with shards of at most 300 bytes: a prefix of one or two letters
    reaches many shards, as on a site of thousands of cases."""
    copy = tmp_path_factory.mktemp("search-split") / "site"
    shutil.copytree(site, copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD_BYTES", 300)
        index_site(copy)
    return copy


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1 (an ephemeral port), for the block's duration."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serving(site) as address:
        yield address


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


def test_a_stemmed_language_finds_another_form_of_the_word(site: Path, page: Any) -> None:
    # Arabic: شركة (a company) finds الشركات (the companies): Snowball strips the article and
    # the plural ending. Russian: предприятие (nominative) finds предприятиям (dative plural),
    # малый (small) finds малым.
    for lang, query in (("ar", "شركة"), ("ru", "предприятие"), ("ru", "малый")):
        first, second = (name for name, _, _ in INFLECTED_PAGES[lang])
        page.goto((site / first).as_uri())
        assert sorted(found_paths(page, site, query, lang)) == [first, second]


def pages_with_words_starting(site: Path, prefix: str) -> tuple[set[int], set[str]]:
    """Every page holding a word that starts with ``prefix``, from the term shards, and the
    keys of the shards those words are in."""
    keys = manifest(site, "en")["keys"]
    pages: set[int] = set()
    holding: set[str] = set()
    for path in (site / "search" / "en" / "t").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index("{") : text.rindex(")")])
        for word, family in zip(data["w"], data["f"], strict=True):
            if word.startswith(prefix):
                holding.add(keys[int(path.stem)])
                page_id = 0
                for value in data["p"][family]:
                    page_id += value // 16
                    pages.add(page_id)
    return pages, holding


def check_short_prefix(page: Any, site: Path, address: str, requested: list[str]) -> None:
    """Typing "c", "o", then "o": each of the first keystrokes loads one prefix file, and "co"
    finds every page with a word starting with "co" (no shard is keyed "co"; its words are in
    "coo", "con"...); the next loads the one shard of "coo" and nothing loaded before."""
    from playwright.sync_api import expect

    expected, holding = pages_with_words_starting(site, "co")
    assert "co" not in holding and len(holding) > search_index.BROAD_SHARDS  # as at scale
    page.goto(address + "about.html")
    type_query(page, "co")
    count = page.locator("[data-search-count]")
    expect(count).to_have_text(f"{len(expected)} results for “co”")
    expect(page.locator("[data-search-results] a").first.locator("mark")).to_have_text(
        re.compile(r"^co", re.I)
    )
    assert set(page.evaluate("window.casebookSearch.query('co')")) == expected
    loaded = [path for url in requested if (path := search_path(url))]
    broad = manifest(site, "en")["broad"]
    assert [path for path in loaded if "/t/" in path or "/p/" in path] == [
        f"search/en/p/{broad.index(prefix)}.js"
        for prefix in ("c", "co")  # a file a keystroke
    ]
    page.locator("[data-site-search] input").press_sequentially("o")
    expect(count).to_have_text(re.compile("results? for “coo”"))
    assert KENYA in found_paths(page, site, "coo")  # "cooperative's"
    loaded = [path for url in requested if (path := search_path(url))]
    keys = manifest(site, "en")["keys"]
    assert [p for p in loaded if "/t/" in p] == [f"search/en/t/{keys.index('coo')}.js"]
    assert len(loaded) == len(set(loaded))


def test_a_short_prefix_finds_words_in_shards_it_does_not_load_from_file(
    split_site: Path, page: Any
) -> None:
    check_short_prefix(page, split_site, split_site.as_uri() + "/", page.requested)
    assert page.outgoing == []


def test_a_short_prefix_finds_words_in_shards_it_does_not_load_over_http(
    split_site: Path, browser: Any
) -> None:
    context = browser.new_context()
    try:
        with serving(split_site) as address:
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            check_short_prefix(page, split_site, address, requested)
            assert all(url.startswith(address) for url in requested)
    finally:
        context.close()


def test_one_letter_shows_the_words_it_starts(site: Path, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto((site / "about.html").as_uri())
    type_query(page, "z")
    expected, _ = pages_with_words_starting(site, "z")
    assert KENYA in found_paths(page, site, "z") and len(expected) > 1  # "zanzibarite"
    expect(page.locator("[data-search-count]")).to_have_text(f"{len(expected)} results for “z”")
    marks = page.locator("[data-search-results] a mark").all_text_contents()
    assert marks and all(mark.lower().startswith("z") for mark in marks)
    assert KENYA in found_paths(page, site, "c")  # "cooperative", "Côte": many shards
    narrowed = found_paths(page, site, "solar z")  # the word being typed, last
    assert KENYA in narrowed and len(narrowed) < len(found_paths(page, site, "solar"))


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
    needed = set().union(*(shards_for(keys, "zanzibarite"[:n]) for n in range(1, 12)))
    shards = {int(path.rsplit("/", 1)[1][:-3]) for path in loaded if "/t/" in path}  # type: ignore[union-attr]
    assert shards and shards <= needed and len(shards) < len(keys) / 10
    kenya_id = next(i for i, r in records(site, "en").items() if r["u"] == KENYA)
    # Records: those of the ten results shown at each keystroke ("z" shows some already).
    shown = page.evaluate(
        "async word => { const ids = new Set(); for (let n = 1; n <= word.length; n++) "
        "for (const id of (await window.casebookSearch.query(word.slice(0, n))).slice(0, 10)) "
        "ids.add(id); return Array.from(ids); }",
        "zanzibarite",
    )
    documents = {path for path in loaded if "/d/" in path}  # type: ignore[operator]
    assert f"search/en/d/{kenya_id}.js" in documents
    assert documents <= {f"search/en/d/{i}.js" for i in shown}
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
