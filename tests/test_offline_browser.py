"""The offline bundles in a real Chromium: unzipped, opened from file://, every network request
refused and recorded. Built once per module from the mini fixture content."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builds import build_site

from casebook.offline import FULL_BUNDLE, resolve, write_offline_bundles

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
COURSE_BUNDLE = "course-intro-course"


def build_offline_site(content: Path, site: Path, engine: str = "mkdocs") -> None:
    result = build_site(content, site, offline=True, engine=engine)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module", params=("mkdocs", "zensical"))
def unzipped(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Both bundles unzipped side by side: <base>/casebook-offline/, <base>/course-intro-course/,
    built by each engine in turn."""
    base = tmp_path_factory.mktemp(f"offline-{request.param}")
    build_offline_site(MINI, base / "site", request.param)
    write_offline_bundles(base / "site", base / "dist")
    shutil.rmtree(base / "site")  # only the zips' contents may be used from here on
    for archive in sorted((base / "dist").glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(base / "unzipped")
    yield base / "unzipped"


@pytest.fixture
def files_read(offline_page: Any) -> list[str]:
    """Every URL the page asks for: all must be files inside the bundle opened."""
    urls: list[str] = []
    offline_page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_stayed_inside(root: Path, files_read: list[str]) -> None:
    outside = [url for url in files_read if not url.startswith(root.as_uri() + "/")]
    assert files_read and outside == []


def url_of(root: Path, page: str, fragment: str = "") -> str:
    return (root / page).as_uri() + fragment


def full(unzipped: Path, page: str, fragment: str = "") -> str:
    return url_of(unzipped / FULL_BUNDLE, page, fragment)


def test_search_finds_a_word_of_one_case_body_with_no_network(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    offline_page.goto(full(unzipped, "courses/intro-course/index.html"))
    box = offline_page.locator("[data-site-search] input")
    box.click()
    box.press_sequentially("zanzibarite")
    expect(offline_page.locator("[data-search-count]")).to_have_text("1 result for “zanzibarite”")
    results = offline_page.locator("[data-search-results] a")
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    assert hrefs == [full(unzipped, "cases/kenya-solar-irrigation.html")]
    results.first.click()
    expect(offline_page.locator("h1")).to_contain_text("Solar irrigation pumps for smallholders")
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_course_bundle_search_finds_only_its_own_pages(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    course = unzipped / COURSE_BUNDLE
    offline_page.goto(url_of(course, "courses/intro-course/index.html"))
    box = offline_page.locator("[data-site-search] input")
    box.fill("digital")  # on pages of the course and on pages outside it (Home, About...)
    results = offline_page.locator("[data-search-results] a")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    assert hrefs and all((course / href.removeprefix(course.as_uri() + "/")).is_file()
                         for href in hrefs)  # fmt: skip
    assert not any(href.endswith(("/index.html", "/about.html")) and "/courses/" not in href
                   for href in hrefs)  # fmt: skip
    assert_stayed_inside(course, files_read)


def test_explorer_filters_and_restores_its_state_from_the_url(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    offline_page.goto(full(unzipped, "explorer.html"))
    rows = offline_page.locator("[data-explorer-rows] > li[data-case]")
    kenya = rows.filter(has=offline_page.locator('a[href="cases/kenya-solar-irrigation.html"]'))
    china = rows.filter(has=offline_page.locator('a[href="cases/china-textile-platform.html"]'))
    expect(offline_page.locator("[data-count]")).to_have_text("2")
    offline_page.locator("[data-explorer-filters] > summary").click()
    offline_page.locator('fieldset[data-facet="sector"] input[value="agriculture"]').check()
    expect(offline_page.locator("[data-count]")).to_have_text("1")
    expect(china).to_be_hidden()
    expect(offline_page).to_have_url(full(unzipped, "explorer.html", "#sector=agriculture"))

    shared = offline_page.url
    offline_page.goto(full(unzipped, "index.html"))
    offline_page.goto(shared)
    expect(
        offline_page.locator('fieldset[data-facet="sector"] input[value="agriculture"]')
    ).to_be_checked()
    expect(offline_page.locator("[data-count]")).to_have_text("1")
    expect(kenya).to_be_visible()
    expect(china).to_be_hidden()
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


@pytest.mark.parametrize(
    ("choice", "verdict", "css_class"),
    [
        ("Sunlight", "Correct.", "casebook-quiz--correct"),
        ("Diesel", "Not quite.", "casebook-quiz--incorrect"),
    ],
)
def test_quiz_answers_with_feedback_and_the_explanation(
    unzipped: Path,
    offline_page: Any,
    choice: str,
    verdict: str,
    css_class: str,
    files_read: list[str],
) -> None:
    from playwright.sync_api import expect

    offline_page.goto(full(unzipped, "courses/intro-course/01-why.html"))
    quiz = offline_page.locator(".casebook-quiz").first
    feedback = quiz.locator(".casebook-quiz-feedback")
    expect(feedback).to_be_empty()
    # One control per option: a radio button, no list bullet beside it.
    assert quiz.locator("li").count() == 0
    expect(quiz.get_by_role("radio")).to_have_count(2)
    quiz.get_by_label(choice).check()
    expect(feedback).to_contain_text(verdict)
    expect(feedback).to_contain_text("They are solar pumps.")
    expect(quiz).to_have_class(f"casebook-quiz {css_class}")
    # Answered once: the options lock until "Try again" resets the question.
    for radio in quiz.get_by_role("radio").all():
        expect(radio).to_be_disabled()
    try_again = quiz.get_by_role("button", name="Try again")
    expect(try_again).to_be_focused()
    try_again.click()
    expect(feedback).to_be_empty()
    expect(quiz.get_by_label(choice)).to_be_enabled()
    expect(quiz.get_by_label(choice)).not_to_be_checked()
    expect(quiz.get_by_role("radio").first).to_be_focused()
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_progress_survives_a_reload_and_shows_on_the_course_page(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    module = full(unzipped, "courses/intro-course/02-how.html")
    offline_page.goto(module)
    toggle = offline_page.get_by_label("Mark this module as done")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(offline_page.locator(".casebook-module-done__status")).to_contain_text("Saved")
    offline_page.reload()
    expect(offline_page.get_by_label("Mark this module as done")).to_be_checked()

    offline_page.goto(full(unzipped, "courses/intro-course/index.html"))
    expect(offline_page.locator(".casebook-progress")).to_contain_text("1 of 2 modules done")
    modules = offline_page.locator(".casebook-progress__module")
    expect(modules.nth(0)).not_to_contain_text("done")
    expect(modules.nth(1)).to_contain_text("✓ done")
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_quiz_scores_per_module_and_course_survive_a_reload(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    module = full(unzipped, "courses/intro-course/01-why.html")
    offline_page.goto(module)
    score = offline_page.locator(".casebook-quiz-score")
    expect(score).to_contain_text("3 questions")
    quizzes = offline_page.locator(".casebook-quiz")
    quizzes.nth(0).get_by_label("Sunlight").check()
    quizzes.nth(1).get_by_label("In cash at harvest").check()
    expect(score).to_contain_text("Score: 1 of 3 (1 not answered yet)")
    quizzes.nth(2).get_by_label("Kenya").check()
    expect(score).to_contain_text("Score: 2 of 3")
    expect(score).not_to_contain_text("not answered")

    offline_page.reload()
    quizzes = offline_page.locator(".casebook-quiz")
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text("Score: 2 of 3")
    expect(quizzes.nth(1).get_by_label("In cash at harvest")).to_be_checked()
    expect(quizzes.nth(1).get_by_label("In cash at harvest")).to_be_disabled()
    expect(quizzes.nth(1)).to_have_class("casebook-quiz casebook-quiz--incorrect")
    expect(quizzes.nth(1).locator(".casebook-quiz-feedback")).to_contain_text("mobile money")

    quizzes.nth(1).get_by_role("button", name="Try again").click()
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text("Score: 2 of 3 (1 not")
    quizzes.nth(1).get_by_label("By mobile money").check()
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text("Score: 3 of 3")

    offline_page.goto(full(unzipped, "courses/intro-course/02-how.html"))
    offline_page.locator(".casebook-quiz").first.get_by_label("Pumps and farmers").check()
    offline_page.goto(full(unzipped, "courses/intro-course/index.html"))
    expect(offline_page.locator(".casebook-progress")).to_contain_text("Quiz score so far: 3 of 4")
    modules = offline_page.locator(".casebook-progress__module")
    expect(modules.nth(0)).to_contain_text("quiz 3 of 3")
    expect(modules.nth(1)).to_contain_text("quiz 0 of 1")
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_without_javascript_the_answers_are_behind_details(unzipped: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(full(unzipped, "courses/intro-course/01-why.html"))
        quiz = page.locator(".casebook-quiz").first
        answer = quiz.locator("details > p")
        expect(answer).to_be_hidden()
        quiz.locator("details > summary").click()
        expect(answer).to_contain_text("Sunlight")
        expect(page.locator(".casebook-quiz-score")).to_be_hidden()
    finally:
        context.close()


def test_without_storage_nothing_breaks_and_the_page_says_why(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    # As when storage is turned off: merely reading window.localStorage throws. Uncaught
    # errors are recorded with the script they escaped from.
    offline_page.add_init_script(
        "window.__uncaught = [];"
        "addEventListener('error', (e) => window.__uncaught.push(e.filename + ': ' + e.message));"
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('denied', 'SecurityError'); }});"
    )
    offline_page.goto(full(unzipped, "courses/intro-course/01-why.html"))
    expect(offline_page.get_by_label("Mark this module as done")).to_be_disabled()
    expect(offline_page.locator(".casebook-module-done")).to_contain_text("cannot be kept")
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text(
        "Your answers cannot be saved in this browser"
    )
    offline_page.locator(".casebook-quiz").first.get_by_label("Sunlight").check()
    expect(offline_page.locator(".casebook-quiz-feedback").first).to_contain_text("Correct.")
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text("Score: 1 of 3")
    assert not any("course.js" in e for e in offline_page.evaluate("window.__uncaught"))
    offline_page.goto(full(unzipped, "courses/intro-course/index.html"))
    expect(offline_page.locator(".casebook-progress")).to_contain_text("cannot be kept")
    # Storage really throws on this page; our script must not let that escape.
    assert offline_page.evaluate(
        "() => { try { localStorage; return false; } catch { return true; } }"
    )
    uncaught = offline_page.evaluate("window.__uncaught")
    assert not any("course.js" in error for error in uncaught)
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_module_pages_print_without_navigation_and_with_answers(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    offline_page.goto(full(unzipped, "courses/intro-course/01-why.html"))
    answer = offline_page.locator(".casebook-quiz details > p").first
    expect(answer).to_be_hidden()
    offline_page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".casebook-pager"):
        expect(offline_page.locator(chrome).first).to_be_hidden()
    expect(answer).to_be_visible()
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / FULL_BUNDLE, files_read)


def test_case_pages_print_without_navigation_with_addresses_and_whole_tables(
    unzipped: Path, offline_page: Any
) -> None:
    from playwright.sync_api import expect

    offline_page.set_viewport_size({"width": 390, "height": 844})  # a narrow page: tables fit
    offline_page.goto(full(unzipped, "cases/kenya-solar-irrigation.html"))
    offline_page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        expect(offline_page.locator(chrome).first).to_be_hidden()
    source = offline_page.locator('.md-content a[href^="http"]').first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert source.get_attribute("href") in after
    widths = offline_page.evaluate(
        "() => [...document.querySelectorAll('.md-content table')].map("
        "t => [t.getBoundingClientRect().right, document.documentElement.clientWidth])"
    )
    assert widths and all(right <= page + 1 for right, page in widths)


def test_course_bundle_opens_at_the_course_with_no_network(
    unzipped: Path, offline_page: Any, files_read: list[str]
) -> None:
    from playwright.sync_api import expect

    offline_page.goto(url_of(unzipped / COURSE_BUNDLE, "index.html"))
    expect(offline_page).to_have_url(
        url_of(unzipped / COURSE_BUNDLE, "courses/intro-course/index.html")
    )
    offline_page.get_by_role("link", name="Why digital").click()
    # The quiz works inside the bundle as on the site, once its script has set it up (the
    # score line shows then): an answer given before that would not be counted.
    expect(offline_page.locator(".casebook-quiz-score")).to_be_visible()
    offline_page.locator(".casebook-quiz").first.get_by_label("Sunlight").check()
    expect(offline_page.locator(".casebook-quiz-score")).to_contain_text("Score: 1 of 3")
    offline_page.get_by_role("link", name="Solar irrigation pumps for smallholders").click()
    expect(offline_page.locator("h1")).to_have_text(
        re.compile(r"^Solar irrigation pumps for smallholders")
    )
    # Kenya's country page is not in this bundle: plain text, not a link.
    expect(offline_page.get_by_role("link", name="Kenya", exact=True)).to_have_count(0)
    assert offline_page.outgoing == []
    assert_stayed_inside(unzipped / COURSE_BUNDLE, files_read)


def test_every_link_of_the_course_bundle_stays_inside_it(unzipped: Path) -> None:
    root = unzipped / COURSE_BUNDLE
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert (
        "courses/intro-course/index.html" in files and "cases/kenya-solar-irrigation.html" in files
    )
    assert "countries/ke.html" not in files
    checked = 0
    for page in sorted(p for p in files if p.endswith(".html")):
        text = (root / page).read_text(encoding="utf-8")
        for url in re.findall(r'\s(?:href|src)="([^"]*)"', text):
            checked += 1
            if url.startswith(("https://", "#", "data:")):
                continue
            target = resolve(page, url)
            assert target in files, f"{page}: {url} leaves the bundle"
    assert checked > 100


def test_an_answered_question_shows_its_explanation_once(unzipped: Path, offline_page: Any) -> None:
    from playwright.sync_api import expect

    offline_page.goto(full(unzipped, "courses/intro-course/01-why.html"))
    quiz = offline_page.locator(".casebook-quiz").nth(1)
    expect(quiz.locator("details")).to_be_visible()
    quiz.get_by_label("They do not pay").check()
    expect(quiz.locator("details")).to_be_hidden()
    shown = quiz.locator("p", has_text="They pay small amounts by mobile money.").evaluate_all(
        "(all) => all.filter((e) => e.checkVisibility()).length"
    )
    assert shown == 1
    verdict = quiz.locator(".casebook-quiz-verdict > strong")
    colours = verdict.evaluate_all("(all) => all.map((e) => getComputedStyle(e).color)")
    assert colours[0] != colours[1]  # only "Not quite." is in the warning colour
