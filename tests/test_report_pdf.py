"""The edition's PDF report: rendered from the real content and read back with pypdf."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from casebook.cases import Case
from casebook.collection import Collection, load_collection
from casebook.report_pdf import (
    COLLECTION_NAME,
    EditionInfo,
    ReportSummary,
    _inline_markup,
    _summary_counts,
    printable_text,
    render_report_pdf,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"

EDITION = EditionInfo(
    id="2026",
    title="2026 edition",
    published=date(2026, 3, 1),
    editors=("Ada Lovelace", "Kwame Mensah"),
    foreword_markdown="Welcome to the **2026 edition**.\n\n## Inside\n\n- cases\n- guidelines\n",
    url="https://example.org/casebook/2026/",
)


@dataclass(frozen=True)
class Rendered:
    summary: ReportSummary
    path: Path
    pages: list[str]  # extracted text, one entry per page

    @property
    def text(self) -> str:
        return normalise(" ".join(self.pages))


def normalise(text: str) -> str:
    """Whitespace as one space, and no break after a hyphen: how a wrapped title compares."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def render(collection: Collection, out: Path, edition: EditionInfo = EDITION) -> Rendered:
    summary = render_report_pdf(collection, edition, out)
    reader = PdfReader(out)
    return Rendered(summary, out, [page.extract_text() for page in reader.pages])


@pytest.fixture(scope="module")
def collection() -> Collection:
    loaded, report = load_collection(CONTENT)
    assert loaded.published_cases, report
    return loaded


@pytest.fixture(scope="module")
def report(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return render(collection, tmp_path_factory.mktemp("report") / "report.pdf")


def test_summary_matches_the_file(collection: Collection, report: Rendered) -> None:
    assert report.summary == ReportSummary(
        pages=len(report.pages), cases=len(collection.published_cases)
    )


def test_every_case_and_guideline_starts_a_page_after_cover_and_contents(
    collection: Collection, report: Rendered
) -> None:
    starts = len(collection.published_cases) + len(collection.published_guidelines)
    assert report.summary.pages >= 2 + starts


def test_cover_shows_collection_edition_date_and_editors(report: Rendered) -> None:
    cover = normalise(report.pages[0])
    for expected in (
        COLLECTION_NAME,
        "2026 edition",
        "1 March 2026",
        "Ada Lovelace and Kwame Mensah",
    ):
        assert expected in cover


def test_every_published_case_and_guideline_title_is_printed(
    collection: Collection, report: Rendered
) -> None:
    titles = [c.title for c in collection.published_cases]
    titles += [g.title for g in collection.published_guidelines]
    missing = [t for t in titles if normalise(printable_text(t)) not in report.text]
    assert missing == []


def test_drafts_are_not_printed(collection: Collection, report: Rendered) -> None:
    drafts = [case for case in collection.cases if not case.published]
    assert drafts, "the content has no draft case left to check against"
    assert [d.title for d in drafts if normalise(d.title) in report.text] == []


def test_page_headers_and_footers(report: Rendered) -> None:
    last = len(report.pages)
    assert "2026 edition" in report.pages[last - 1]
    assert f"Page {last}" in report.pages[last - 1]
    assert "Page 1" not in report.pages[0]  # the cover is bare


def outline_tree(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Top-level bookmarks as (title, page number, children as (title, page number))."""
    tree: list[tuple[str, int, list[tuple[str, int]]]] = []
    for entry in reader.outline:
        if isinstance(entry, list):
            for child in entry:
                assert not isinstance(child, list), "the outline has two levels"
                tree[-1][2].append((str(child.title), page_number(reader, child)))
        else:
            tree.append((str(entry.title), page_number(reader, entry), []))
    return tree


def page_number(reader: PdfReader, destination: Any) -> int:
    number = reader.get_destination_page_number(destination)
    assert number is not None
    return number + 1


def expected_regions(cases: tuple[Case, ...]) -> dict[str, list[str]]:
    """Cases under the region of their first country, by title; regions in M49 order."""
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(case.regions[0], []).append(case)
    return {
        f"Cases from {region}": [
            c.title for c in sorted(grouped[region], key=lambda c: c.title.casefold())
        ]
        for region in sorted(grouped, key=["Africa", "Americas", "Asia", "Europe", "Oceania"].index)
    }


def test_cases_are_bookmarked_under_their_first_region_in_title_order(
    collection: Collection, report: Rendered
) -> None:
    tree = outline_tree(PdfReader(report.path))
    regions = {
        title: [child for child, _ in children]
        for title, _, children in tree
        if title.startswith("Cases from ")
    }
    assert regions == expected_regions(collection.published_cases)
    assert [title for title, _, _ in tree][:3] == [
        "Contents",
        "Foreword",
        "The collection in numbers",
    ]


def test_bookmarks_and_contents_point_at_the_right_pages(report: Rendered) -> None:
    tree = outline_tree(PdfReader(report.path))
    contents_page = next(page for title, page, _ in tree if title == "Contents")
    contents = normalise(" ".join(report.pages[contents_page - 1 : contents_page + 1]))
    for _, _, children in tree:
        for title, page in children:
            assert normalise(title) in normalise(report.pages[page - 1])
            # The contents print each entry's page number at the end of its dotted leader.
            assert re.search(rf"\. {page} {re.escape(normalise(title))}", contents), title


def test_summary_tables_name_every_goal_by_its_official_short_title(report: Rendered) -> None:
    assert "Cases per Sustainable Development Goal" in report.text
    for title in ("No Poverty", "Partnerships for the Goals", "Life Below Water"):
        assert title in report.text


def test_two_renders_are_byte_identical(
    collection: Collection, report: Rendered, tmp_path: Path
) -> None:
    again = tmp_path / "again.pdf"
    render_report_pdf(collection, EDITION, again)
    assert again.read_bytes() == report.path.read_bytes()


def font_names(path: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources.get("/Font", {})
        names.update(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    return names


def test_hostile_text_is_escaped_and_has_no_missing_glyph_boxes(
    collection: Collection, tmp_path: Path
) -> None:
    base = collection.published_cases[0]
    hostile = replace(
        base,
        title="Caf\u00e9 \u201cSe\u00f1or\u201d \u2014 R&D <b>shouting</b> in \u0141\u00f3d\u017a",
        summary="It\u2019s 5 < 6 & 7 > 3 \u4e2d\u6587 \U0001f600",
        body=(
            "## Context\n\nProfit & loss <b>not bold</b> &amp; an &mdash; entity, "
            "Vi\u1ec7t Nam, \u20b9500.\n\n**crossing _emphasis** shows as typed_ &amp; all\n\n"
            "- a <script>-like item\n- `<i>code</i>`\n"
        ),
    )
    small = Collection(collection.root, cases=(hostile,))
    rendered = render(small, tmp_path / "hostile.pdf")
    text = rendered.text
    assert rendered.summary.cases == 1
    for expected in (
        "Caf\u00e9 \u201cSe\u00f1or\u201d \u2014 R&D <b>shouting</b> in L\u00f3dz",
        "It\u2019s 5 < 6 & 7 > 3 ?? ?",
        "Profit & loss <b>not bold</b> & an \u2014 entity",
        "Vi\u00eat Nam, INR 500",
        "<i>code</i>",
        "**crossing _emphasis** shows as typed_ & all",
    ):
        assert expected in text
    assert "/ZapfDingbats" not in font_names(rendered.path)  # its square marks a missing glyph
    assert "\u25a0" not in text


def test_a_guideline_never_prints_a_draft_case_as_evidence(
    collection: Collection, tmp_path: Path
) -> None:
    published = collection.published_cases[0]
    draft = replace(
        collection.published_cases[1], slug="draft-case", title="Secret draft title", status="draft"
    )
    guideline = replace(collection.published_guidelines[0], evidence=(published.slug, draft.slug))
    small = Collection(collection.root, cases=(published, draft), guidelines=(guideline,))
    text = render(small, tmp_path / "small.pdf").text
    assert "Evidence from the collection" in text
    assert "Secret draft title" not in text


def test_an_empty_collection_still_renders(tmp_path: Path) -> None:
    rendered = render(Collection(CONTENT), tmp_path / "empty.pdf")
    assert rendered.summary.cases == 0
    assert "0 published cases" in rendered.text


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        (
            "Caf\u00e9 \u2014 it\u2019s \u201cfine\u201d \u2026 \u20ac5",
            "Caf\u00e9 \u2014 it\u2019s \u201cfine\u201d \u2026 \u20ac5",
        ),
        (
            "x \u2192 y \u2265 z \u2212 1, \u03b1",
            "x \u2192 y \u2265 z \u2212 1, \u03b1",
        ),  # Symbol font
        ("Vi\u1ec7t Nam", "Vi\u00eat Nam"),  # keeps the accent the fonts have
        ("\u0141\u00f3d\u017a", "L\u00f3dz"),
        ("non\u2011breaking\u2010hyphen", "non-breaking-hyphen"),
        ("\ufb01sh", "fish"),  # ligature
        ("Cafe\u0301", "Caf\u00e9"),  # combining accent
        ("\u20b9500 and \u20a6200", "INR 500 and NGN 200"),
        ("thin\u2009space, zero\u200bwidth", "thin space, zerowidth"),
        ("bell\x07 tab\tline\n", "bell tab\tline\n"),
        ("\u4e2d\u6587 \U0001f600", "?? ?"),
    ],
)
def test_printable_text(text: str, printed: str) -> None:
    assert printable_text(text) == printed


@pytest.mark.parametrize(
    ("markdown", "markup"),
    [
        ("a <b>b</b> & c", "a &lt;b&gt;b&lt;/b&gt; &amp; c"),
        ("&amp; &mdash; &lt;x&gt;", "&amp; \u2014 &lt;x&gt;"),
        ("**bold _both_** and *it*", "<b>bold <i>both</i></b> and <i>it</i>"),
        ("snake_case_name and 5 * 3 * 2", "snake_case_name and 5 * 3 * 2"),
        (r"\*literal\*", "*literal*"),
        ("`<b>` in code", '<font face="Courier">&lt;b&gt;</font> in code'),
        ("[the report](https://x.org/a_b)", "the report (https://x.org/a_b)"),
        ("[another case](../cases/x.md)", "another case"),
        ("[`code` words](https://x.org)", '<font face="Courier">code</font> words (https://x.org)'),
        ("![a chart](chart.png)", "<i>[Image: a chart]</i>"),
    ],
)
def test_inline_markdown_becomes_escaped_markup(markdown: str, markup: str) -> None:
    assert _inline_markup(markdown) == markup


def test_summary_counts_count_each_case_once_per_value(collection: Collection) -> None:
    base = collection.published_cases[0]
    cases = (
        replace(base, slug="a", countries=("KE", "CN", "RW"), sectors=("health",), sdgs=(3, 3)),
        replace(base, slug="b", countries=("KE",), sectors=("health", "energy"), sdgs=(7,)),
        replace(base, slug="c", countries=("BR",), sectors=("energy",), status="draft"),
    )
    counts = _summary_counts(Collection(collection.root, cases=cases))
    assert (counts.cases, counts.countries, counts.guidelines) == (2, 3, 0)
    assert counts.per_region == (("Africa", 2), ("Asia", 1))
    assert dict(counts.per_goal)[3] == 1 and dict(counts.per_goal)[7] == 1
    assert len(counts.per_goal) == 17
    by_region = counts.sector_by_region
    assert (by_region.rows, by_region.columns) == (("Health", "Energy"), ("Africa", "Asia"))
    assert by_region.cells == ((2, 1), (1, 0))
    assert by_region.totals == (2, 1)
