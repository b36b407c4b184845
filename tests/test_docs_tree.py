"""The docs tree: generated pages as Markdown any engine reads alike, fragments kept back."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook import parallel
from casebook.docs_tree import fill_fragments, has_marker, tree_page, write_tree, write_trees
from casebook.pages.markdown import GeneratedPage, PageWriter, Slot, top_level_h2
from casebook.render import RenderedText


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
    filled = fill_fragments(text, tree.fragments)
    order = ["<p>lead</p>", "## Body", "## Between \\* parts", "## More", "## Sources"]
    assert [filled.index(part) for part in order] == sorted(filled.index(part) for part in order)
    # No slot's HTML reaches the engine's Markdown: every part is filled in after the build,
    # those search leaves out marked for it.
    assert "<p>" not in text and "<h2" not in text and "<ul>" not in text
    assert tree.fragments == (
        "<p>lead</p>",
        # A heading's own id stays an anchor just before it, in the fragment before it.
        '<div data-search-exclude><div id="between"></div></div>',
        "<div data-search-exclude><p>hidden</p></div>",
        '<div data-search-exclude><div id="sources"></div></div>',
        "<div data-search-exclude><ul><li>x</li></ul></div>",
    )
    assert tree.output_uri == "cases/a.html"


def test_a_sanitised_body_slot_keeps_its_h2_headings_as_markdown() -> None:
    body = '<p>Intro</p>\n<h2 id="c-context">Context &amp; <em>scope</em></h2>\n<p>More</p>'
    page = GeneratedPage(
        "cases/b.md", "", (Slot(body, True, (("c-context", "Context & scope"),)),), 1
    )
    tree = tree_page(page)
    assert "Intro" not in tree.markdown
    text = " ".join(fill_fragments(tree.markdown, tree.fragments).split())
    # The heading's own id stays an anchor, so the body's links to it still work.
    assert '<p>Intro</p> <div id="c-context"></div> ## Context &amp; scope <p>More</p>' in text


def test_a_contributed_body_becomes_sections_between_markdown_headings() -> None:
    rendered = RenderedText(
        '<p>Intro</p>\n<h2 id="c-why">Why</h2>\n<p>Because.</p>\n'
        '<blockquote><h2 id="c-quoted">Quoted</h2></blockquote>\n<h2 id="c-how">How</h2>\n<p>So.</p>',
        (("c-why", "Why"), ("c-quoted", "Quoted"), ("c-how", "How")),
    )
    page = PageWriter("guidelines/g.md", {"title": "G"})
    page.html("<p>panel</p>")
    page.contributed(rendered)
    tree = tree_page(page.page())
    text = " ".join(fill_fragments(tree.markdown, tree.fragments).split())
    assert (
        '<p>panel</p> <div class="casebook-body"> <p>Intro</p> </div> <div id="c-why"></div> '
        '## Why <div class="casebook-body"> <p>Because.</p> <blockquote><h2 id="c-quoted">'
        'Quoted</h2></blockquote> </div> <div id="c-how"></div> ## How '
        '<div class="casebook-body"> <p>So.</p> </div>'
    ) in text  # a heading inside another element stays HTML: Markdown cannot stand there


@pytest.mark.parametrize(
    ("html", "top"),
    [
        ('<h2 id="a">A</h2><div><h2 id="b">B</h2></div><h2 id="c">C</h2>', ["a", "c"]),
        # Void elements and self-closing tags open nothing, whatever their case.
        ('<p>x<br><BR/><img src="i.png"><hr/></p><h2 id="a">A</h2>', ["a"]),
        ('<div><col><Wbr><x-y/><h2 id="a">A</h2></div><h2 id="b">B</h2>', ["b"]),
        # A name that begins like a void one is not one; a void end tag closes nothing.
        ('<colgroup><h2 id="a">A</h2></colgroup></br><h2 id="b">B</h2>', ["b"]),
        ('<basefont><h2 id="a">A</h2>', []),
        ('<a href="x/"><h2 id="a">A</h2></a><h2 id="b">B</h2>', ["b"]),
        ("<p>no heading</p>", []),
    ],
)
def test_only_headings_no_element_holds_are_top_level(html: str, top: list[str]) -> None:
    assert [found.group().split('"')[1] for found in top_level_h2(html)] == top


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
    assert write_tree(tmp_path, {"a.md": "A"}) == 0
    assert not (tmp_path / "b").exists()  # nor is the folder its only page was in kept


def test_trees_written_by_several_processes_are_those_written_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "other_threads", lambda: False)  # fork after browser tests
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 1)
    main = {f"cases/{n}.md": f"case {n}" for n in range(20)} | {"a/b/c.bin": b"\x00"}
    shard = {f"cases/{n}.md": f"shard case {n}" for n in range(20, 30)}
    (tmp_path / "many" / "main" / "stale.md").parent.mkdir(parents=True)
    (tmp_path / "many" / "main" / "stale.md").write_text("gone", "utf-8")
    trees = [(tmp_path / "many" / "main", main), (tmp_path / "many" / "shard", shard)]

    assert write_trees(trees, processes=3) == 31
    assert write_trees(trees, processes=3) == 0  # nothing changed, nothing written
    for name, files in (("main", main), ("shard", shard)):
        assert write_tree(tmp_path / "one" / name, files) == len(files)
    written = {p.relative_to(tmp_path / "many").as_posix(): p.read_bytes()
               for p in (tmp_path / "many").rglob("*") if p.is_file()}  # fmt: skip
    alone = {p.relative_to(tmp_path / "one").as_posix(): p.read_bytes()
             for p in (tmp_path / "one").rglob("*") if p.is_file()}  # fmt: skip
    assert written == alone


def test_a_title_written_as_html_stays_in_the_engines_hands() -> None:
    # Else the theme, seeing no <h1> in the page, would add the title a second time.
    page = PageWriter("editions.md", {"title": "Editions"})
    page.html("<h1>Editions</h1>")
    page.html("<p>hidden</p>", searchable=False)
    tree = tree_page(page.page())
    assert "<h1>Editions</h1>" in tree.markdown
    assert tree.fragments == ("<div data-search-exclude><p>hidden</p></div>",)
