"""The docs tree: generated pages as Markdown any engine reads alike, fragments kept back."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from casebook import parallel
from casebook.docs_tree import (
    TreePage,
    fill_around_headings,
    fill_fragments,
    has_marker,
    tree_page,
    write_tree,
    write_trees,
)
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


ARTICLE = '<article class="md-content__inner md-typeset">'


def built(tree: TreePage, title: str = "") -> str:
    """The page as an engine builds it: its Markdown through Python-Markdown (as both engines
    do) in the theme's article, after the title the theme adds when the page has none."""
    body = tree.markdown.split("\n---\n", 1)[-1]
    html = markdown.markdown(body, extensions=["toc"], extension_configs={"toc": {"permalink": True}})  # fmt: skip
    heading = f"<h1>{title}</h1>\n" if title else ""
    return f"<html><body>{ARTICLE}\n{heading}{html}\n</article><footer><h2>Site</h2></footer></body></html>"


def finished(tree: TreePage, title: str = "") -> str:
    """The built page with its fragments in place, whether the page has markers or not."""
    page = built(tree, title)
    if not tree.before_heading:
        return fill_fragments(page, tree.fragments)
    filled = fill_around_headings(page, tree, page.index(ARTICLE) + len(ARTICLE))
    assert filled is not None
    return filled


def test_a_page_of_headings_and_html_has_no_markers() -> None:
    """A marker is a raw HTML block the engine pays Markdown time for on every page: a page
    whose Markdown is only headings has none, its fragments go around the built headings."""
    page = PageWriter("cases/a.md", {"title": "A"})
    page.html("<p>lead</p>")
    page.heading("Context", "c-context")
    page.html("<p>why</p>")
    page.heading("Sources", "sources", searchable=False)
    page.heading("Cite", "cite", searchable=False)
    page.html("<p>cite</p>", searchable=False)
    tree = tree_page(page.page())
    assert "casebook-slot" not in tree.markdown and "<" not in tree.markdown
    assert tree.heading_levels == (2, 2, 2)
    # The lead before the first heading; each other fragment before the heading it preceded,
    # or after the last one.
    assert tree.before_heading == (0, 1, 2, 3)
    page_html = " ".join(finished(tree, title="A").split())
    assert (
        f'{ARTICLE} <h1>A</h1> <p>lead</p> <div id="c-context"></div> <h2 id="context">Context'
    ) in page_html
    assert (
        '</h2> <p>why</p> <div data-search-exclude><div id="sources"></div></div> '
        '<h2 id="sources">Sources'
    ) in page_html
    assert (
        '</h2> <div data-search-exclude><div id="cite"></div></div> <h2 id="cite">Cite'
        '<a class="headerlink" href="#cite" title="Permanent link">&para;</a></h2> '
        "<div data-search-exclude><p>cite</p></div> </article><footer><h2>Site</h2>"
    ) in page_html


def test_a_page_with_its_own_title_gets_no_theme_title() -> None:
    page = PageWriter("countries/ke.md", {"title": "Kenya"})
    page.html("<nav>crumbs</nav>")
    page.markdown("# Kenya\n\n")
    page.html("<p>summary</p>")
    tree = tree_page(page.page())
    assert tree.heading_levels == (1,) and tree.before_heading == (0, 1)
    page_html = " ".join(finished(tree).split())
    assert '<nav>crumbs</nav> <h1 id="kenya">Kenya' in page_html
    assert "</h1> <p>summary</p> </article>" in page_html


def test_headings_around_fragments_are_only_filled_in_the_engines_own_page() -> None:
    page = PageWriter("cases/a.md", {"title": "A"})
    page.heading("One", "one")
    page.html("<p>first</p>")
    page.heading("Two", "two")
    page.html("<p>second</p>")
    tree = tree_page(page.page())
    start = len("<html><body>") + len(ARTICLE)
    fresh = built(tree, title="A")
    assert fill_around_headings(fresh, tree, start) is not None
    # Finished already (an engine's cache kept it): nothing is filled twice.
    assert fill_around_headings(finished(tree, title="A"), tree, start) is None
    # Something stands where a fragment goes, or the headings are not the page's own.
    between = fresh.replace("</h2>\n<h2", "</h2>\n<p>old</p>\n<h2", 1)
    assert between != fresh and fill_around_headings(between, tree, start) is None
    extra = fresh.replace("</article>", "<h2>More</h2></article>")
    assert fill_around_headings(extra, tree, start) is None
    assert fill_around_headings(fresh.replace("<h1>A</h1>", "<h2>A</h2>"), tree, start) is None
    # A heading that is not closed is not an engine's: nothing is filled.
    assert fill_around_headings(fresh.replace("</h1>", "", 1), tree, start) is None


def test_finding_the_built_headings_takes_one_pass() -> None:
    """Each search for a heading goes on after the one before it ends, so even a page of
    unclosed headings is read once (a pattern retried at every start would take minutes)."""
    page = PageWriter("cases/a.md", {"title": "A"})
    page.heading("One", "one")
    page.html("<p>first</p>")
    tree = tree_page(page.page())
    unclosed = f"{ARTICLE}{'<h2>x' * 50_000}</article>"
    assert fill_around_headings(unclosed, tree, len(ARTICLE)) is None
    closed = f"{ARTICLE}{'<h2>x</h2>' * 50_000}</article>"
    assert fill_around_headings(closed, tree, len(ARTICLE)) is None  # too many headings


def test_a_sanitised_body_slot_keeps_its_h2_headings_as_markdown() -> None:
    body = '<p>Intro</p>\n<h2 id="c-context">Context &amp; <em>scope</em></h2>\n<p>More</p>'
    page = GeneratedPage(
        "cases/b.md", "", (Slot(body, True, (("c-context", "Context & scope"),)),), 1
    )
    tree = tree_page(page)
    assert "Intro" not in tree.markdown
    text = " ".join(finished(tree, title="B").split())
    # The heading's own id stays an anchor, so the body's links to it still work.
    assert (
        '<p>Intro</p> <div id="c-context"></div> <h2 id="context-scope">Context &amp; scope'
    ) in text
    assert "</h2> <p>More</p>" in text


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
    text = " ".join(finished(tree, title="G").split()).replace(
        '<a class="headerlink" href="#why" title="Permanent link">&para;</a>', ""
    )
    assert (
        '<p>panel</p> <div class="casebook-body"> <p>Intro</p> </div> <div id="c-why"></div> '
        '<h2 id="why">Why</h2> <div class="casebook-body"> <p>Because.</p> <blockquote><h2 '
        'id="c-quoted">Quoted</h2></blockquote> </div> <div id="c-how"></div> <h2 id="how">How'
    ) in text  # a heading inside another element stays HTML: Markdown cannot stand there
    assert '</h2> <div class="casebook-body"> <p>So.</p> </div> </article>' in text


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
    page.markdown("# X\n\nText.\n\n")
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
