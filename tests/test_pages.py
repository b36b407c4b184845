"""The pages package without MkDocs: front matter, slots, HTML fragments, summary counts."""

from __future__ import annotations

import dataclasses
import html
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.aggregate import CASES_COLUMN, TOTAL, count_table, summary_table
from casebook.cases import Case
from casebook.collection import load_collection
from casebook.pages import fragments, site_pages
from casebook.pages.case_pages import CitationContext, render_case_page
from casebook.pages.fragments import escape
from casebook.pages.markdown import (
    PageWriter,
    Slot,
    fill_slots,
    front_matter,
    page_meta,
    relative,
    slot_marker,
)
from casebook.pages.taxonomy_pages import render_term_page

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
HOSTILE = "Loom & <Cloud> \"quoted\" 'single' </p><script>alert(1)</script>"


@pytest.fixture(scope="module")
def cases() -> tuple[Case, ...]:
    collection, _ = load_collection(MINI)
    return collection.published_cases


@pytest.mark.parametrize(
    "title",
    [
        "Plain title",
        "key: value # not a comment",
        "- [list] {map: 1} & *alias !tag",
        "NO",
        "0x1F",
        "null",
        '"quoted" \\ back\\slash',
        "two\nlines\tand\r\nreturn",
        "🇰🇪 Kenya ☀ 灌溉",
        "C1 control \x85 \x9f and \u2028 \u2029 separators \ufeff",
        "\x00\x07 low controls",
        "---",
    ],
)
def test_front_matter_reads_back_as_yaml(title: str) -> None:
    text = front_matter(title, description=title, hide=["toc"], search={"exclude": True})
    assert text.startswith("---\n") and text.endswith("---\n\n")
    meta = yaml.safe_load(text.removeprefix("---\n").removesuffix("---\n\n"))
    assert meta == {
        "title": html.escape(title, quote=False),
        "render_macros": False,
        "description": html.escape(title, quote=True),  # printed into an attribute
        "hide": ["toc"],
        "search": {"exclude": True},
    }


@pytest.mark.parametrize(
    ("from_uri", "to_uri"),
    [
        ("cases/a.md", "cases/b.md"),
        ("cases/a.md", "countries/ke.md"),
        ("index.md", "cases/a.md"),
        ("browse.md", "explorer.md"),
        ("courses/c/01-why.md", "courses/c/index.md"),
        ("courses/c/01-why.md", "cases/a.md"),
        ("courses/c/index.md", "courses/d/index.md"),
        ("courses/c/index.md", "assets/casebook/course.js"),
    ],
)
def test_relative_matches_posixpath(from_uri: str, to_uri: str) -> None:
    assert relative(from_uri, to_uri) == posixpath.relpath(to_uri, posixpath.dirname(from_uri))


def test_page_href_points_at_the_built_html_page() -> None:
    assert fragments.page_href("cases/a.md", "countries/ke.md") == "../countries/ke.html"
    assert fragments.page_href("courses/c/01.md", "assets/casebook/course.js") == (
        "../../assets/casebook/course.js"
    )


def test_page_writer_keeps_markdown_and_fills_slots_in_order() -> None:
    page = PageWriter("cases/a.md")
    page.markdown("# Title\n\n")
    page.html("<p>one</p>")
    page.html("<p>two</p>")  # same slot as "one"
    page.html("<p>hidden</p>", searchable=False)  # a new slot: filled at another time
    page.markdown("Body *text*.\n\n")
    page.html("<p>three</p>")  # after the last Markdown: no marker in the source
    built = page.page()
    assert [slot.searchable for slot in built.slots] == [True, False, True]
    assert (built.lead, built.tail) == (0, 1)
    assert built.source.count("casebook-slot") == 2
    assert "<p>" not in built.source
    assert built.markdown == (
        "# Title\n\n\n<p>one</p>\n<p>two</p>\n\n\n<p>hidden</p>\n\nBody *text*.\n\n\n\n<p>three</p>"
    )
    first_pass = fill_slots(built.place_slots(built.source), built.slots, searchable=True)
    assert "<p>one</p>" in first_pass and first_pass.endswith("<p>three</p>")
    assert "hidden" not in first_pass and slot_marker(1) in first_pass
    assert "<p>hidden</p>" in fill_slots(first_pass, built.slots, searchable=False)


def test_slots_before_the_markdown_go_around_the_rendered_html() -> None:
    page = PageWriter("cases/a.md", page_meta("A"))
    page.html("<p>lead</p>")
    page.heading("First", "first", searchable=False)
    page.markdown("\nBody with [a link](b.md).\n\n")
    page.heading("Last", "last", searchable=False)
    built = page.page()
    assert (built.lead, built.tail) == (2, 1)
    # Only the contributed text is left for Markdown to render.
    assert built.source == front_matter("A") + "\nBody with [a link](b.md).\n\n"
    rendered = "<p>Body</p>"
    searchable = fill_slots(built.place_slots(rendered), built.slots, searchable=True)
    assert searchable.startswith("<p>lead</p>") and slot_marker(1) in searchable
    final = fill_slots(searchable, built.slots, searchable=False)
    assert final.index("<p>lead</p>") < final.index('id="first"') < final.index(rendered)
    assert final.index(rendered) < final.index('id="last"')
    whole = built.markdown  # one Markdown document: front matter, then the parts in order
    assert whole.startswith(front_matter("A"))
    assert whole.index("<p>lead</p>") < whole.index("Body with") < whole.index('id="last"')


def test_a_contributed_comment_cannot_name_a_slot() -> None:
    # The marker's token is random per process: a body cannot guess it.
    forged = "<!-- casebook-slot-0 -->"
    assert forged != slot_marker(0)
    assert fill_slots(forged, (Slot("<p>x</p>"),)) == forged


@pytest.mark.parametrize(
    "fragment",
    [
        lambda value: fragments.escape(value),
        lambda value: fragments.page_link(fragments.escape(value), "cases/a.md", "cases/b.md"),
        lambda value: fragments.bullet_list([fragments.escape(value)]),
        lambda value: fragments.table([fragments.escape(value)], [[fragments.escape(value)]]),
        lambda value: fragments.metadata_panel([(value, fragments.escape(value))]),
        lambda value: fragments.web_link(fragments.escape(value), 'https://x.org/?a=1&b="2"'),
    ],
)
def test_fragments_escape_contributed_values(fragment: object) -> None:
    assert callable(fragment)
    rendered = fragment(HOSTILE)
    assert "<script>" not in rendered and "<Cloud>" not in rendered
    assert '"quoted"' not in rendered
    assert "&lt;Cloud&gt;" in rendered


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_case_values_stay_text_in_every_slot(cases: tuple[Case, ...]) -> None:
    case = cases[0]
    hostile = dataclasses.replace(
        case,
        title=HOSTILE,
        summary=HOSTILE,
        organization_name=HOSTILE,
        contributor=dataclasses.replace(case.contributor, name=HOSTILE, organization=HOSTILE),
        sources=tuple(dataclasses.replace(s, title=HOSTILE) for s in case.sources),
        outcomes=tuple(dataclasses.replace(o, metric=HOSTILE, unit=HOSTILE) for o in case.outcomes),
    )
    citation = CitationContext(HOSTILE, "https://x.org/latest/", None, HOSTILE, (HOSTILE,))
    page = render_case_page(hostile, citation)
    for slot in page.slots:
        assert "<script>" not in slot.html and "<Cloud>" not in slot.html
        parser = _Links()
        parser.feed(slot.html)
        # Escaped text reads back as the contributed value, never as markup.
        assert all("script>" not in href for href in parser.hrefs)
    whole = "".join(slot.html for slot in page.slots)
    assert whole.count("&lt;Cloud&gt;") >= 6


def test_case_page_searchable_parts(cases: tuple[Case, ...]) -> None:
    page = render_case_page(cases[0], CitationContext("C", "https://x.org/latest/"))
    hidden = "".join(slot.html for slot in page.slots if not slot.searchable)
    indexed = "".join(slot.html for slot in page.slots if slot.searchable)
    # Search indexes the title, the summary and the contributed body: the body as the HTML it
    # was rendered and sanitised to once, never as Markdown for the engine to render again.
    assert cases[0].title in page.source and escape(cases[0].summary) in indexed
    assert indexed.startswith("<p><strong>")
    # (in sections between its headings: PageWriter.contributed)
    assert all(line in indexed for line in cases[0].rendered.html.splitlines())
    assert cases[0].body.strip() not in page.source
    assert ("c-context", "Context") in [h for slot in page.slots for h in slot.headings]
    assert 'class="casebook-meta"' in hidden and "casebook-bibtex" in hidden
    # Generated headings are HTML, and listed for the table of contents.
    assert '<h2 id="casebook-sources">Sources' in hidden
    headings = [heading for slot in page.slots for heading in slot.headings]
    assert ("casebook-sources", "Sources") in headings and (
        "casebook-cite",
        "Cite this case",
    ) in headings


PAIRS = [
    ("sector", "technology"),
    ("region", None),
    ("region", "sector"),
    ("technology", "sector"),
    ("sdg", None),
    ("country", "region"),
    ("challenge", None),
    ("challenge", "stage"),
    ("year", "organization_type"),
    ("subregion", "sdg"),
]


@pytest.mark.parametrize(("rows", "columns"), PAIRS)
def test_count_table_equals_summary_table(
    cases: tuple[Case, ...], rows: str, columns: str | None
) -> None:
    for subset in (cases, cases[:1], ()):
        frame = summary_table(subset, rows, columns)
        counts = count_table(subset, rows, columns)
        assert counts.row_title == frame.index.name
        assert counts.column_titles == tuple(str(c) for c in frame.columns)
        assert counts.rows == tuple(
            (str(label), tuple(int(n) for n in values))
            for label, values in zip(frame.index, frame.itertuples(index=False), strict=True)
        )


def test_count_table_counts_distinct_cases(cases: tuple[Case, ...]) -> None:
    counts = count_table(cases, "region")
    assert counts.column_titles == (CASES_COLUMN,)
    assert counts.rows[-1] == (TOTAL, (len(cases),))


def test_count_table_rejects_unknown_dimensions(cases: tuple[Case, ...]) -> None:
    with pytest.raises(ValueError, match="unknown dimension 'planet'"):
        count_table(cases, "planet")


def test_term_page_lists_members_as_html_links(cases: tuple[Case, ...]) -> None:
    page = render_term_page("region", "Africa", [c for c in cases if "Africa" in c.regions])
    hidden = "".join(slot.html for slot in page.slots)
    assert '<a href="../countries/ke.html">Kenya</a> (1)' in hidden
    assert '<a href="../cases/kenya-solar-irrigation.html">' in hidden
    assert '<th class="casebook-num">Total</th>' in hidden
    assert "search" in page.source.split("---")[1]


def test_every_page_slot_has_no_blank_line() -> None:
    # A blank line would end a raw HTML block when the page is read as one Markdown document.
    collection, _ = load_collection(MINI)
    for page in site_pages(collection, CitationContext("C", "https://x.org/latest/")):
        for slot in page.slots:
            assert "\n\n" not in slot.html, page.src_uri


def test_the_metadata_the_plugin_sets_is_what_the_front_matter_says() -> None:
    # The site layer hands MkDocs each page's ``meta`` itself; the complete Markdown document
    # (``source``, for any other engine) says the same in YAML.
    import yaml

    from casebook.pages.markdown import GeneratedPage

    collection, _ = load_collection(MINI)
    pages = site_pages(collection)
    hostile = page_meta(HOSTILE + " \u2028 \x85 \U0001f600", description="a: b", n=[1, None])
    pages.append(GeneratedPage("cases/h.md", "\nBody.\n", meta=hostile))
    for page in pages:
        assert page.meta is not None, page.src_uri
        head, fence, body = page.source.removeprefix("---\n").partition("---\n\n")
        assert fence and body == page.body
        assert yaml.safe_load(head) == page.meta, page.src_uri


# -- Drafts in a preview (include_drafts) ----------------------------------------------------


def test_site_pages_include_drafts_only_when_asked() -> None:
    collection, _ = load_collection(MINI)
    normal = {page.src_uri for page in site_pages(collection)}
    preview = {page.src_uri: page for page in site_pages(collection, include_drafts=True)}
    assert "cases/draft-peru-tourism.md" not in normal
    # The draft's page, and the pages of the terms only the draft has.
    assert set(preview) - normal == {
        "cases/draft-peru-tourism.md",
        "countries/pe.md",
        "regions/americas.md",
        "sectors/tourism.md",
        "technologies/e-commerce.md",
        "sdgs/8.md",
        "assessments/readiness-draft.md",
    }
    assert fragments.draft_banner() in preview["cases/draft-peru-tourism.md"].markdown
    assert fragments.draft_banner() in preview["assessments/readiness-draft.md"].markdown
    assert fragments.draft_banner() not in preview["assessments/mini-readiness.md"].markdown
    assert fragments.draft_banner() not in preview["cases/kenya-solar-irrigation.md"].markdown


def test_the_preview_notice_and_the_latest_edition_note_are_blocks() -> None:
    from datetime import date

    from casebook.editions import Edition
    from casebook.pages import blocks
    from casebook.pages.edition_pages import EditionsView

    collection, _ = load_collection(MINI)
    assert blocks.preview_notice(collection) == ""
    notice = blocks.preview_notice(collection, True, ["<b>odd name</b>.md"])
    assert "<li><code>&lt;b&gt;odd name&lt;/b&gt;.md</code></li>" in notice
    assert "\n\n" not in notice  # a raw HTML block in the home page's Markdown
    edition = Edition("2026", "2026 edition", date(2026, 3, 31), ("Ada",), "")
    view = EditionsView((edition,), "https://x.org/")
    assert 'href="https://x.org/latest/index.html">2026 edition</a>' in blocks.latest_edition(view)
    assert blocks.latest_edition(dataclasses.replace(view, current=edition)) == ""
    assert blocks.latest_edition(None) == ""
