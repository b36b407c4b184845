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
