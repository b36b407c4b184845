"""Finishing: fragments go into the built pages; a page an engine cache left stale is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.docs_tree import FRAGMENTS_KEY, tree_page
from casebook.finish import FinishError, finish_site
from casebook.pages.markdown import PageWriter


def page_with(hidden: str) -> PageWriter:
    page = PageWriter("cases/a.md", {"title": "A"})
    page.markdown("Body.\n\n")
    page.html(f"<p>{hidden}</p>", searchable=False)
    return page


def test_fragments_replace_their_markers_in_the_built_page(tmp_path: Path) -> None:
    tree = tree_page(page_with("panel").page())
    (tmp_path / "cases").mkdir()
    built = tmp_path / "cases" / "a.html"
    built.write_text("<article>" + tree.markdown.split("---\n\n", 1)[1] + "</article>")
    finish_site(tmp_path, [tree])
    assert "<p>panel</p>" in built.read_text() and "casebook-slot" not in built.read_text()
    finish_site(tmp_path, [tree])  # an engine that kept the finished page: nothing to do


def test_the_source_changes_with_its_fragments() -> None:
    one, two = (tree_page(page_with(text).page()) for text in ("one", "two"))
    assert FRAGMENTS_KEY in one.markdown and one.markdown != two.markdown


def test_a_finished_page_older_than_its_fragments_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.html").write_text("<article><p>old panel</p></article>")
    with pytest.raises(FinishError, match=r"cases/a\.html was not rebuilt"):
        finish_site(tmp_path, [tree_page(page_with("new panel").page())])


def test_a_page_the_engine_did_not_write_is_named(tmp_path: Path) -> None:
    with pytest.raises(FinishError, match=r"no cases/a\.html"):
        finish_site(tmp_path, [tree_page(page_with("x").page())])


def headings_page(hidden: str) -> PageWriter:
    page = PageWriter("cases/b.md", {"title": "B"})
    page.heading("Context", "context")
    page.html(f"<p>{hidden}</p>", searchable=False)
    page.heading("Sources", "sources")
    page.html("<p>sources</p>")
    return page


def engine_page(path: Path, between: str = "") -> None:
    """What an engine writes for ``headings_page``: the theme's title, then the headings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<html><head></head><body><article class="md-content__inner md-typeset"><h1>B</h1>\n'
        f'<h2 id="context">Context</h2>\n{between}<h2 id="sources">Sources</h2>\n</article>'
        "</body></html>"
    )


def test_a_page_without_markers_is_finished_around_its_headings(tmp_path: Path) -> None:
    tree = tree_page(headings_page("panel").page())
    assert tree.before_heading
    built = tmp_path / "cases" / "b.html"
    engine_page(built)
    finish_site(tmp_path, [tree])
    text = " ".join(built.read_text().split())
    assert (
        '<h1>B</h1> <div id="context"></div> <h2 id="context">'
        'Context</h2> <div data-search-exclude><p>panel</p></div> <div id="sources"></div> '
        '<h2 id="sources">Sources</h2> <p>sources</p> </article>'
    ) in text
    finish_site(tmp_path, [tree])  # an engine that kept the finished page: nothing to do
    assert " ".join(built.read_text().split()) == text


def test_a_page_without_markers_older_than_its_fragments_is_refused(tmp_path: Path) -> None:
    engine_page(tmp_path / "cases" / "b.html", between="<p>old panel</p>\n")
    with pytest.raises(FinishError, match=r"cases/b\.html was not rebuilt"):
        finish_site(tmp_path, [tree_page(headings_page("new panel").page())])
