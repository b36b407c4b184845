"""The preview: a failed build is shown in the terminal and on every page, and a fix heals it."""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from casebook.build import BuildOptions
from casebook.csp import add_content_security_policy
from casebook.serve import (
    BUILD_SCRIPT_URL,
    RELOAD_SCRIPT_URL,
    PreviewState,
    _Handler,
    error_page,
    rebuild,
    reload_hook,
    snapshot,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


def test_error_page_escapes_the_problems() -> None:
    page = error_page("cases/a.md:3: error[x] title: <script>alert(1)</script>").decode()
    assert "&lt;script&gt;" in page and "<script>" not in page and "style=" not in page


def test_snapshot_sees_a_change(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    before = snapshot([tmp_path, tmp_path / "missing.yml"])
    (tmp_path / "a.md").write_text("one two")
    assert snapshot([tmp_path]) != before


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, PreviewState]]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the site</p>")
    (site / "style.css").write_text("p {}")
    state = PreviewState()
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Handler, directory=str(site), state=state)
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    httpd.shutdown()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_failed_build_answers_every_page_with_its_problems(
    server: tuple[str, PreviewState],
) -> None:
    address, state = server
    assert fetch(f"{address}/index.html") == (200, "<p>the site</p>" + reload_hook(0))
    state.problem = "cases/a.md:3: error[not-in-vocabulary] stage"
    for path in ("/index.html", "/", "/cases/missing.html"):
        status, body = fetch(address + path)
        assert status == 500 and "error[not-in-vocabulary] stage" in body, path
    assert fetch(f"{address}/style.css") == (200, "p {}")  # assets still load
    state.problem = None
    assert fetch(f"{address}/index.html") == (200, "<p>the site</p>" + reload_hook(0))


def test_served_pages_carry_the_live_reload_hook_and_the_files_do_not(
    server: tuple[str, PreviewState], tmp_path: Path
) -> None:
    address, state = server
    page = "<!doctype html><html><head></head><body><p>case</p></body></html>"
    (tmp_path / "site" / "cases").mkdir()
    (tmp_path / "site" / "cases" / "a.html").write_text(page)
    state.generation = 3
    for path in ("/cases/a.html", "/cases/a.html?x=1#top"):
        status, body = fetch(address + path)
        assert status == 200
        assert body == page.replace("</body>", reload_hook(3) + "</body>")
    assert (tmp_path / "site" / "cases" / "a.html").read_text() == page  # never on disk
    assert fetch(address + "/") == (200, "<p>the site</p>" + reload_hook(3))  # index.html
    assert fetch(address + BUILD_SCRIPT_URL + "?123") == (200, "casebookPreviewBuild(3);\n")
    status, script = fetch(address + RELOAD_SCRIPT_URL)
    assert status == 200 and "casebookPreviewBuild" in script
    assert fetch(address + "/style.css") == (200, "p {}")  # other files as they are
    state.problem = "cases/a.md:3: error[x] y"
    status, body = fetch(address + "/cases/a.html")
    assert status == 500 and reload_hook(3) in body  # the problems page reloads once fixed


def test_a_rebuild_moves_the_generation_on_whether_it_fails_or_not(tmp_path: Path) -> None:
    state = PreviewState()
    options = BuildOptions(ROOT, tmp_path / "missing", tmp_path / "site", tmp_path / "docs")
    rebuild(options, state, lambda message: None)
    assert state.problem is not None and state.generation == 1


@pytest.mark.browser
def test_an_open_page_reloads_after_a_rebuild_under_its_policy(
    server: tuple[str, PreviewState], tmp_path: Path, browser: Any
) -> None:
    address, state = server
    page = add_content_security_policy(
        "<!doctype html><html><head><title>A</title></head><body><p>first</p></body></html>"
    )
    (tmp_path / "site" / "a.html").write_text(page)
    context = browser.new_context()
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text))
    tab.goto(f"{address}/a.html")
    assert tab.text_content("p") == "first"
    (tmp_path / "site" / "a.html").write_text(page.replace("<p>first", "<p>second"))
    state.generation += 1
    tab.locator("p", has_text="second").wait_for(timeout=10_000)  # reloaded by the script
    assert not [text for text in refused if "Content Security Policy" in text]
    context.close()


def test_rebuild_records_the_validator_messages_and_clears_them_once_fixed(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    case = content / "cases" / "kenya-solar-irrigation.md"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("stage: scaling", "stage: scalling"), encoding="utf-8")
    options = BuildOptions(ROOT, content, tmp_path / "site", tmp_path / "docs")
    said: list[str] = []
    state = PreviewState()
    rebuild(options, state, said.append)
    assert state.problem is not None
    assert "kenya-solar-irrigation.md:12: error[not-in-vocabulary] stage" in state.problem
    assert any("error[not-in-vocabulary]" in line for line in said)
    case.write_text(good, encoding="utf-8")
    rebuild(options, state, said.append)
    assert state.problem is None and (tmp_path / "site" / "index.html").is_file()
