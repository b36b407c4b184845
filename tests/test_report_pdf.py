"""The edition's PDF report: the fixture edition in four scripts, read back with pypdf and
pdftotext (poppler-utils)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from casebook.cases import Outcome
from casebook.collection import Collection, load_collection
from casebook.i18n import country_name
from casebook.render import RenderedText
from casebook.report_html import EditionInfo, cases_by_region
from casebook.report_pdf import ReportSummary, missing_fonts, render_report_pdf
from tests.factories import make_case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "content"

EDITION = EditionInfo(
    id="2026",
    title="2026 edition",
    published=date(2026, 3, 1),
    editors=("Ada Lovelace", "Nguyễn Thị Hồng"),
    foreword_html="<p>Welcome to the <strong>2026 edition</strong>.</p>",
    url="https://example.org/casebook/2026/",
)

# Bidirectional controls pdftotext puts around right-to-left runs.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def normalise(text: str) -> str:
    return " ".join(text.translate(_BIDI_CONTROLS).split())


@dataclass(frozen=True)
class Rendered:
    summary: ReportSummary
    path: Path
    reader: PdfReader
    pages: list[str]  # pypdf's text, one entry per page

    @property
    def text(self) -> str:
        return normalise(" ".join(self.pages))


def render(
    collection: Collection, out: Path, language: str = "en", full_texts: bool | None = None
) -> Rendered:
    summary = render_report_pdf(collection, EDITION, out, language, full_texts=full_texts)
    reader = PdfReader(out)
    return Rendered(summary, out, reader, [page.extract_text() for page in reader.pages])


def pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        message = "pdftotext is missing, so poppler's reading was NOT checked: apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    output = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return normalise(output.stdout.decode())


@pytest.fixture(scope="module")
def collection() -> Collection:
    if missing_fonts():
        pytest.fail(f"fonts missing: {missing_fonts()} (apt-get install fonts-noto-core ...)")
    loaded, report = load_collection(FIXTURE)
    assert report.problems == () and len(loaded.published_cases) == 4
    return loaded


@pytest.fixture(scope="module")
def report(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return render(collection, tmp_path_factory.mktemp("report") / "report.pdf")


@pytest.fixture(scope="module")
def arabic(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return render(collection, tmp_path_factory.mktemp("report-ar") / "report.pdf", "ar")


@pytest.fixture(scope="module")
def register(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The report of an edition too large to print in full (casebook.report_html.fits_in_full)."""
    return render(collection, tmp_path_factory.mktemp("register") / "report.pdf", full_texts=False)


def contributed_names(collection: Collection) -> Iterator[str]:
    for case in collection.published_cases:
        yield case.title
        yield case.organization_name
        yield case.contributor.name
        if case.contributor.organization:
            yield case.contributor.organization
    for guideline in collection.published_guidelines:
        yield guideline.title


def test_the_fixture_names_are_in_four_scripts(collection: Collection) -> None:
    names = set(contributed_names(collection))
    assert {
        "Nguyễn Thị Hồng",
        "云岭茶业合作社",
        "فاطمة الزهراء محمود",
        "Анна Сергеевна Петрова",
    } <= names


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_title_organisation_and_contributor_is_extracted_exactly(
    collection: Collection, report: Rendered, arabic: Rendered, language: str
) -> None:
    rendered = report if language == "en" else arabic
    missing = [name for name in contributed_names(collection) if name not in rendered.text]
    assert missing == []


@pytest.fixture(scope="module")
def arabic_register(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("register-ar") / "report.pdf"
    return render(collection, out, "ar", full_texts=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_register_holds_every_title_and_organisation_exactly(
    collection: Collection, register: Rendered, arabic_register: Rendered, language: str
) -> None:
    rendered = register if language == "en" else arabic_register
    names = [case.title for case in collection.published_cases]
    names += [case.organization_name for case in collection.published_cases]
    names += [guideline.title for guideline in collection.published_guidelines]
    assert [name for name in names if name not in rendered.text] == []
    # The Arabic register isolates Latin organisations with Unicode's marks: never copied.
    assert not set("\u2066\u2067\u2068\u2069") & set(" ".join(rendered.pages))


def test_a_register_is_tagged_and_its_contents_give_the_right_pages(
    collection: Collection, register: Rendered
) -> None:
    root = register.reader.trailer["/Root"]
    tags = list(_structure(root["/StructTreeRoot"]))
    assert {"/H1", "/H2", "/L", "/LI", "/Link"} <= set(tags)
    contents = register.pages[1]
    for region, cases in cases_by_region(collection.published_cases).items():
        line = next(line for line in contents.splitlines() if region in normalise(line))
        number = int(re.findall(r"(\d+)\s*$", normalise(line))[0])
        page = normalise(register.pages[number - 1])
        assert region in page and cases[0].title in page, (region, number)
    # Each title links to its case's page on the edition's site.
    links = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in register.reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert {f"{EDITION.url}cases/{case.slug}.html" for case in collection.published_cases} <= links


def test_poppler_extracts_the_same_names(collection: Collection, report: Rendered) -> None:
    # poppler reorders right-to-left lines its own way; left-to-right scripts come back exact.
    text = pdftotext(report.path)
    names = [
        name for name in contributed_names(collection) if not re.search("[\u0600-\u06ff]", name)
    ]
    assert [name for name in names if name not in text] == []
    assert "Nguyễn Thị Hồng (Viện Nghiên cứu Phát triển)" in text


def test_summary_matches_the_file(collection: Collection, report: Rendered) -> None:
    assert report.summary == ReportSummary(pages=len(report.pages), cases=4)


def test_every_font_is_embedded_and_a_noto_subset(
    report: Rendered, arabic: Rendered, register: Rendered
) -> None:
    for rendered in (report, arabic, register):
        names = set()
        for page in rendered.reader.pages:
            fonts = page["/Resources"].get_object().get("/Font", DictionaryObject())
            for font in fonts.get_object().values():
                font = font.get_object()
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
                    names.add(str(descriptor["/FontName"]))
        # A subset's name starts with six capitals and "+".
        assert names and all(re.fullmatch(r"/[A-Z]{6}\+Noto-Sans.*", name) for name in names)
        assert any("Arabic" in name for name in names) and any("CJK" in name for name in names)


def _structure(node: Any) -> Iterator[str]:
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            yield str(node["/S"])
        if "/Alt" in node:
            yield f"Alt: {node['/Alt']}"
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            yield from _structure(kid)
    elif isinstance(node, list):
        for kid in node:
            yield from _structure(kid)


def test_the_pdf_is_tagged_with_headings_lists_tables_and_a_language(
    report: Rendered, arabic: Rendered
) -> None:
    root = report.reader.trailer["/Root"]
    assert root["/Lang"] == "en" and arabic.reader.trailer["/Root"]["/Lang"] == "ar"
    assert root["/MarkInfo"]["/Marked"]
    tags = list(_structure(root["/StructTreeRoot"]))
    for tag in ("/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure"):
        assert tag in tags, tag
    assert "Alt: Coffee farms around Buôn Ma Thuột" in tags  # a picture's text alternative
    # A heading per case, and the guideline's section and evidence; under each case, its four
    # sections, Outcomes and Sources.
    assert tags.count("/H3") == 6 and tags.count("/H4") == 4 * 6


def test_bookmarks_follow_parts_regions_and_cases(collection: Collection, report: Rendered) -> None:
    outline = report.reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == [
        "Contents",
        "Foreword",
        "The collection in numbers",
        "Cases by region",
        "Guidelines",
        "Index of countries",
    ]
    regions_and_cases = outline[
        outline.index(next(i for i in outline if getattr(i, "title", "") == "Cases by region")) + 1
    ]
    by_region = cases_by_region(collection.published_cases)
    assert [item.title for item in regions_and_cases if not isinstance(item, list)] == list(
        by_region
    )


def test_contents_page_numbers_are_where_each_case_starts(
    collection: Collection, report: Rendered
) -> None:
    contents = report.pages[1]
    assert normalise(contents).startswith("Contents")
    for case in collection.published_cases:
        line = next(line for line in contents.splitlines() if case.title in normalise(line))
        number = int(re.findall(r"(\d+)\s*$", normalise(line))[0])
        assert case.title in normalise(report.pages[number - 1]), (case.title, number)
        assert all(case.title not in normalise(page) for page in report.pages[2 : number - 1])
    # The footer of every page after the cover carries its number.
    for index, page in enumerate(report.pages[1:], start=2):
        assert str(index) in page.split()[-3:] + page.split()[:3]


@pytest.mark.parametrize("kind", ["report", "register"])
def test_the_country_index_names_each_page_of_a_countrys_cases_once(
    collection: Collection, kind: str, request: pytest.FixtureRequest
) -> None:
    rendered: Rendered = request.getfixturevalue(kind)
    # Where each case is: the first page after the contents that carries its title.
    page_of = {
        case.slug: next(
            number
            for number, page in enumerate(rendered.pages[2:], start=3)
            if case.title in normalise(page)
        )
        for case in collection.published_cases
    }
    index = rendered.pages[-1].splitlines()
    assert index[0] == "Index of countries" and index[-1] == str(len(rendered.pages))
    for code in sorted({code for case in collection.published_cases for code in case.countries}):
        pages = sorted({page_of[c.slug] for c in collection.published_cases if code in c.countries})
        line = next(line for line in index if line.startswith(country_name(code) + " "))
        numbers = line.removeprefix(country_name(code) + " ")
        if kind == "report":  # in full: every page, once
            assert numbers == ", ".join(map(str, pages)), line
        else:  # a register: its first to its last page in each region, a page once
            bounds = re.split(r"[\N{EN DASH}, ]+", numbers)
            assert all(a != b for a, b in re.findall(r"(\d+)\N{EN DASH}(\d+)", numbers)), line
            assert {int(n) for n in bounds} <= set(pages) and str(pages[0]) == bounds[0], line


def test_two_renders_are_byte_identical(
    collection: Collection, report: Rendered, register: Rendered, tmp_path: Path
) -> None:
    again = render_report_pdf(collection, EDITION, tmp_path / "again.pdf")
    assert again == report.summary
    assert (tmp_path / "again.pdf").read_bytes() == report.path.read_bytes()
    render_report_pdf(collection, EDITION, tmp_path / "register.pdf", full_texts=False)
    assert (tmp_path / "register.pdf").read_bytes() == register.path.read_bytes()


def test_the_arabic_report_is_laid_out_right_to_left(arabic: Rendered) -> None:
    root = arabic.reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    # A right-aligned heading: "Contents" (translated: المحتويات) sits on the right half of the
    # contents page.
    found: list[float] = []
    heading = "المحتويات"

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() in (heading, heading[::-1]) and size and size > 15:
            found.append(tm[4])

    arabic.reader.pages[1].extract_text(visitor_text=visit)
    width = float(arabic.reader.pages[1].mediabox.width)
    assert found and all(x > width / 2 for x in found)


# --- What a contribution cannot break ------------------------------------------------------


def _collection_of(*cases: Any) -> Collection:
    return Collection(root=FIXTURE, cases=tuple(cases), courses=(), guidelines=())


def test_long_words_lines_lists_and_a_table_cell_taller_than_a_page_render(
    tmp_path: Path,
) -> None:
    # Contributed HTML (the foreword, as bodies) and contributed values (a case's fields). The
    # 50,000-item list is measured by `make bench`: WeasyPrint lays out about ten pages a second.
    word = "Nguyễn" * 250  # 1,500 letters and no space: wider than a page
    tall = " ".join(f"cell{n}" for n in range(1500))  # a table cell of several pages
    items = "".join(f"<li>item{n}</li>" for n in range(300))
    foreword = (
        f"<p>{word}</p><pre>{'x' * 5000}</pre><ul>{items}</ul>"
        f"<table><thead><tr><th>Head</th></tr></thead><tbody><tr><td>{tall}</td></tr></tbody></table>"
    )
    case = make_case(
        "hostile",
        title=f"A title {word}",
        outcomes=(Outcome(" ".join(f"metric{n}" for n in range(1500)), 1.0, "unit"),),
    )
    edition = replace(EDITION, foreword_html=foreword)
    out = tmp_path / "hostile.pdf"
    summary = render_report_pdf(_collection_of(case), edition, out)
    text = normalise(" ".join(page.extract_text() for page in PdfReader(out).pages))
    assert summary.pages > 8
    for expected in ("item0", "item299", "cell0", "cell1499", "metric0", "metric1499"):
        assert expected in text


def test_a_50000_item_list_and_a_word_wider_than_a_page_in_a_register_render(
    tmp_path: Path,
) -> None:
    # A body of 50,000 list items is more than the report prints in full (fits_in_full): the
    # edition gets a register, whose entries hold titles and names, never bodies.
    items = "".join(f"<li>item {n}</li>\n" for n in range(50_000))
    listed = make_case("long-list", rendered=RenderedText(f"<ul>\n{items}</ul>"))
    word = "Nguyễn" * 250
    wide = make_case("wide", title=f"A title {word}", organization_name=word)
    out = tmp_path / "register.pdf"
    summary = render_report_pdf(_collection_of(listed, wide), EDITION, out)
    text = normalise(" ".join(page.extract_text() for page in PdfReader(out).pages))
    assert summary.pages < 20 and "item 0" not in text
    assert listed.title in text
    # The word, broken across lines (extraction puts a space at each line's end), and whole.
    assert "".join(text.split()).count(word) == 2


def test_an_empty_collection_still_renders(tmp_path: Path) -> None:
    rendered = render(_collection_of(), tmp_path / "empty.pdf")
    assert "No cases are published in this edition." in rendered.text
