"""The docs tree: generated pages as Markdown any engine reads alike, fragments kept back."""

from __future__ import annotations

from pathlib import Path

from casebook.docs_tree import fill_fragments, has_marker, tree_page, write_tree
from casebook.pages.markdown import GeneratedPage, PageWriter, Slot


def test_slot_headings_become_markdown_headings_in_page_order() -> None:
    page = PageWriter("cases/a.md", {"title": "A", "render_macros": False})
    page.html("<p>lead</p>")
    page.markdown("## Body\n\nText.\n\n")
    page.heading("Between * parts", "between", searchable=False)
    page.html("<p>hidden</p>", searchable=False)
    page.markdown("## More\n\n")
    page.heading("Sources", "sources", searchable=False)
    page.html("<ul><li>x</li></ul>", searchable=False)
    tree = tree_page(page.page())
    text = tree.markdown
    assert text.startswith('---\ntitle: "A"\nrender_macros: false\ncasebook_fragments: "')
    order = ["<p>lead</p>", "## Body", "## Between \\* parts", "## More", "## Sources"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert "<h2" not in text and "hidden" not in text and "<ul>" not in text
    assert tree.fragments == ("<p>hidden</p>", "<ul><li>x</li></ul>")
    assert tree.output_uri == "cases/a.html"


def test_a_sanitised_body_slot_keeps_its_h2_headings_as_markdown() -> None:
    body = '<p>Intro</p>\n<h2 id="context">Context &amp; <em>scope</em></h2>\n<p>More</p>'
    page = GeneratedPage(
        "cases/b.md", "", (Slot(body, True, (("context", "Context & scope"),)),), 1
    )
    text = tree_page(page).markdown
    assert "<p>Intro</p>\n\n\n\n## Context &amp; scope\n\n\n\n<p>More</p>" in text


def test_fragments_fill_the_built_page() -> None:
    page = PageWriter("x.md")
    page.markdown("# X\n\n")
    page.html("<p>after</p>", searchable=False)
    tree = tree_page(page.page())
    built = "<article>" + tree.markdown.split("# X")[1] + "</article>"
    assert has_marker(built)
    filled = fill_fragments(built, tree.fragments)
    assert "<p>after</p>" in filled and not has_marker(filled)


def test_write_tree_touches_only_what_changed(tmp_path: Path) -> None:
    assert write_tree(tmp_path, {"a.md": "A", "b/c.md": "C", "d.bin": b"\x00"}) == 3
    kept = (tmp_path / "a.md").stat().st_mtime_ns
    assert write_tree(tmp_path, {"a.md": "A", "b/c.md": "C2"}) == 1
    assert (tmp_path / "a.md").stat().st_mtime_ns == kept
    assert (tmp_path / "b" / "c.md").read_text() == "C2"
    assert not (tmp_path / "d.bin").exists()  # a page that went away
