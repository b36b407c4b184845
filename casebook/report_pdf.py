# reportlab ships no type information; the lead may add "reportlab.*" to mypy's overrides.
"""The print-ready PDF report of an edition, made with reportlab's platypus, offline.

Order: cover, foreword, contents (with page numbers), the collection in numbers (tables and
bar charts), every published case grouped by the UN M49 region of its first country and ordered
by title, then the published guidelines. Headings of parts, cases and guidelines are PDF
bookmarks and contents entries; the header carries the edition title, the footer the page number.

Fonts: only the PDF standard fonts (Helvetica family, Courier for code). They are part of every
PDF viewer, so nothing is downloaded or embedded. They draw the Windows-1252 (WinAnsi) repertoire,
which covers Western European letters and typographic punctuation: accented Latin letters, en and
em dashes, curly quotes, the ellipsis, the euro sign. For Greek letters and mathematical symbols
(arrows, minus, less-or-equal) reportlab switches to the standard Symbol font, for dingbats (check
marks) to ZapfDingbats. Any other character would print as a black box, so ``printable_text``
replaces it first: look-alike punctuation and spaces, a few currency symbols by their ISO code,
letters without the accent the fonts lack (U+1EC7 e with circumflex and dot below -> e with
circumflex; l with stroke -> l), and "?" for what has no Latin equivalent (Chinese, emoji).

Contributed text is data: every string is escaped before it reaches reportlab's paragraph
markup. The Markdown of forewords, case bodies and guidelines is rendered simply: paragraphs,
headings, bullet and numbered lists, quotes, code, rules, pipe tables, **bold**, _italic_,
`code`, and links printed as "text (https://...)"; raw HTML is shown as typed.

Deterministic: the canvas is ``invariant`` (fixed dates and document id), so rendering the same
collection and edition twice gives byte-identical files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from casebook.cases import Case
from casebook.collection import Collection
from casebook.guidelines import Guideline
from casebook.vocabularies import country, label, regions, sdg_title, vocabulary

COLLECTION_NAME = "Digital Transformation Case Studies Collection"

FONT = "Helvetica"
BOLD_FONT = "Helvetica-Bold"
ITALIC_FONT = "Helvetica-Oblique"
CODE_FONT = "Courier"
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5f6368")
ACCENT = colors.HexColor("#0b5394")
RULE = colors.HexColor("#c8ccd0")
SHADE = colors.HexColor("#eef2f6")

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = RIGHT_MARGIN = 20 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class EditionInfo:
    """What the report needs to know about the edition it prints."""

    id: str
    title: str
    published: date
    editors: tuple[str, ...]
    foreword_markdown: str
    url: str


@dataclass(frozen=True)
class ReportSummary:
    pages: int
    cases: int


def render_report_pdf(collection: Collection, edition: EditionInfo, out: Path) -> ReportSummary:
    """Write the edition's report to ``out`` (A4) and say how many pages and cases it holds."""
    cases = collection.published_cases
    styles = _make_styles()
    story = [
        *_cover(collection, edition, styles),
        *_contents(styles),
        *_foreword(edition, styles),
        *_summary(collection, styles),
        *_cases_by_region(cases, styles),
        *_guidelines(collection, styles),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    document = _ReportTemplate(out, edition)
    document.multiBuild(story)
    return ReportSummary(pages=document.page, cases=len(cases))


# --- Characters ---------------------------------------------------------------------------

# Undrawable characters with a clear look-alike; anything else goes through Unicode folding.
_SUBSTITUTES = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "\u2013",  # figure dash
    "\u2015": "\u2014",  # horizontal bar
    "\u2043": "-",  # hyphen bullet
    "\u201b": "\u2019",  # reversed single quotation mark
    "\u201f": "\u201d",  # reversed double quotation mark
    "\u2027": "\u00b7",  # hyphenation point
    "\u2028": " ",  # line separator
    "\u2029": " ",  # paragraph separator
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte order mark
    "\u0131": "i",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0126": "H",
    "\u0127": "h",
    "\u0166": "T",
    "\u0167": "t",
    "\u014a": "N",
    "\u014b": "n",
    "\u20a6": "NGN ",  # naira
    "\u20b9": "INR ",  # Indian rupee
    "\u20b1": "PHP ",  # Philippine peso
    "\u20b5": "GHS ",  # cedi
    "\u20ab": "VND ",  # dong
    "\u20a8": "Rs ",  # rupee sign
    "\u20ba": "TRY ",  # Turkish lira
    "\u20bd": "RUB ",  # rouble
    "\u20a9": "KRW ",  # won
    "\u20b4": "UAH ",  # hryvnia
    "\u20b8": "KZT ",  # tenge
    "\u20ad": "LAK ",  # kip
    "\u20ae": "MNT ",  # tugrik
    "\u20b2": "PYG ",  # guarani
}
_KEPT_CONTROLS = {"\t", "\n"}


def printable_text(text: str) -> str:
    """``text`` with every character the standard fonts cannot draw replaced (see module doc)."""
    composed = unicodedata.normalize("NFC", text)  # "e" + combining acute is the drawable "é"
    return "".join(_printable_character(character) for character in composed)


@cache
def _printable_character(character: str) -> str:
    if character in _KEPT_CONTROLS or _is_drawable(character):
        return character
    if character in _SUBSTITUTES:
        return _SUBSTITUTES[character]
    category = unicodedata.category(character)
    if category == "Zs":
        return " "
    if category in {"Cc", "Cf", "Mn", "Me"}:
        return ""  # invisible controls and stray combining marks
    compatible = unicodedata.normalize("NFKC", character)
    if compatible != character and all(_is_drawable(c) for c in compatible):
        return compatible  # ligatures, full-width forms, numero sign -> "No"
    decomposed = unicodedata.normalize("NFD", character)
    base, marks = decomposed[0], decomposed[1:]
    for mark in (
        marks
    ):  # keep an accent the fonts have: e with circumflex and dot below -> e with circumflex
        accented = unicodedata.normalize("NFC", base + mark)
        if len(accented) == 1 and _is_drawable(accented):
            return accented
    if marks and _is_drawable(base):
        return base
    return "?"


@cache
def _is_drawable(character: str) -> bool:
    """Whether reportlab draws it with Helvetica or one of its substitution fonts (Symbol,
    ZapfDingbats) rather than its black "missing glyph" box."""
    helvetica = getFont(FONT)
    for font in (helvetica, *helvetica.substitutionFonts):
        try:
            character.encode(font.encName)
        except UnicodeEncodeError:
            continue
        return True
    return False


def _escape(text: str) -> str:
    """Contributed plain text, safe inside reportlab's paragraph markup."""
    return escape(printable_text(text))


def _paragraph(text: str, style: Any, *, markdown: bool = False, bullet: str | None = None) -> Any:
    if not markdown:
        return Paragraph(_escape(text), style, bulletText=bullet)
    try:
        return Paragraph(_inline_markup(text), style, bulletText=bullet)
    except ValueError:
        # Emphasis markers that cross (**a _b** c_) make tags that do not nest: show the text
        # as typed rather than fail the whole report.
        return Paragraph(_escape(html.unescape(text)), style, bulletText=bullet)


# --- Markdown, simply ---------------------------------------------------------------------

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")

_CODE_SPAN = re.compile(r"(`+)(.+?)\1(?!`)")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<&])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_KEPT_MARKUP = re.compile("\x00(\\d+)\x00")


@dataclass(frozen=True)
class _Block:
    kind: str  # heading, paragraph, item, quote, code, rule, table
    text: str = ""
    level: int = 0  # heading level, or list nesting depth
    marker: str = ""  # a list item's bullet or number
    rows: tuple[tuple[str, ...], ...] = ()


def _markdown_blocks(markdown: str) -> list[_Block]:
    """Split Markdown into blocks; a line that starts nothing new continues the open block."""
    lines = _HTML_COMMENT.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    blocks: list[_Block] = []
    open_block: _Block | None = None
    open_lines: list[str] = []

    def close() -> None:
        nonlocal open_block
        if open_block is not None:
            text = " ".join(open_lines)
            blocks.append(_Block(open_block.kind, text, open_block.level, open_block.marker))
        open_block = None
        open_lines.clear()

    def start(block: _Block, first_line: str) -> None:
        nonlocal open_block
        close()
        open_block = block
        open_lines.append(first_line.strip())

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        fence = _FENCE.match(line)
        if fence:
            close()
            code: list[str] = []
            while index < len(lines) and not lines[index].strip().startswith(fence.group(1)):
                code.append(lines[index])
                index += 1
            index += 1  # the closing fence
            blocks.append(_Block("code", "\n".join(code)))
        elif _TABLE_ROW.match(line) and index < len(lines) and _TABLE_DIVIDER.match(lines[index]):
            close()
            rows = [_table_cells(line)]
            index += 1
            while index < len(lines) and _TABLE_ROW.match(lines[index]):
                rows.append(_table_cells(lines[index]))
                index += 1
            blocks.append(_Block("table", rows=tuple(rows)))
        elif not line.strip():
            close()
        elif heading := _HEADING.match(line):
            close()
            blocks.append(_Block("heading", heading.group(2), level=len(heading.group(1))))
        elif _RULE.match(line):
            close()
            blocks.append(_Block("rule"))
        elif item := _ITEM.match(line):
            depth = min(len(item.group(1).expandtabs(4)) // 2, 3)
            marker = item.group(2)
            marker = marker[:-1] + "." if marker[0].isdigit() else "\u2022"
            start(_Block("item", level=depth, marker=marker), item.group(3))
        elif (quote := _QUOTE.match(line)) and (open_block is None or open_block.kind != "quote"):
            start(_Block("quote"), quote.group(1))
        elif open_block is None:
            start(_Block("paragraph"), line)
        else:
            open_lines.append((quote.group(1) if quote else line).strip())
    close()
    return blocks


def _table_cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def _inline_markup(text: str) -> str:
    """Markdown inline syntax -> reportlab markup; everything else escaped."""
    kept: list[str] = []

    def keep(markup: str) -> str:
        kept.append(markup)
        return f"\x00{len(kept) - 1}\x00"

    def link(match: re.Match[str]) -> str:
        # The words stay in the text (to be escaped and emphasised with it); print has no
        # links to follow, so a web address follows them. Links inside the collection go.
        words, target = match.group(1), match.group(2)
        if target.lower().startswith(("https://", "http://", "mailto:")) and target != words:
            return words + keep(f" ({_escape(target)})")
        return words

    text = printable_text(text)  # no control characters from here on, so \x00 marks are ours
    text = _CODE_SPAN.sub(
        lambda m: keep(f'<font face="{CODE_FONT}">{escape(m.group(2).strip())}</font>'), text
    )
    text = _BACKSLASH_ESCAPE.sub(lambda m: keep(escape(m.group(1))), text)
    text = _IMAGE.sub(lambda m: keep(f"<i>[Image: {_escape(m.group(1))}]</i>"), text)
    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(lambda m: keep(_escape(m.group(1))), text)
    # Entities ("&mdash;") show as the site shows them; then everything is escaped again.
    text = "".join(
        part if _KEPT_MARKUP.fullmatch(part) else _escape(html.unescape(part))
        for part in re.split("(\x00\\d+\x00)", text)
    )
    text = _BOLD.sub(r"<b>\2</b>", text)
    text = _STRIKE.sub(r"<strike>\1</strike>", text)
    text = _ITALIC_STAR.sub(r"<i>\1</i>", text)
    text = _ITALIC_UNDERSCORE.sub(r"<i>\1</i>", text)
    return _KEPT_MARKUP.sub(lambda m: kept[int(m.group(1))], text)


def _markdown_flowables(markdown: str, styles: _Styles) -> list[Any]:
    flowables: list[Any] = []
    previous = ""
    for block in _markdown_blocks(markdown):
        if previous == "item" and block.kind != "item":
            flowables.append(Spacer(1, 4))  # a list ends with the space a paragraph has
        previous = block.kind
        if block.kind == "heading":
            style = styles.subheading if block.level <= 2 else styles.minor_heading
            flowables.append(_paragraph(block.text, style, markdown=True))
        elif block.kind == "item":
            style = styles.list_items[block.level]
            flowables.append(_paragraph(block.text, style, markdown=True, bullet=block.marker))
        elif block.kind == "quote":
            flowables.append(_paragraph(block.text, styles.quote, markdown=True))
        elif block.kind == "code":
            flowables.append(
                Preformatted(printable_text(block.text), styles.code, maxLineLength=88)
            )
        elif block.kind == "rule":
            flowables.append(HRFlowable(width="100%", color=RULE, spaceBefore=4, spaceAfter=8))
        elif block.kind == "table":
            flowables.append(_markdown_table(block.rows, styles))
        else:
            flowables.append(_paragraph(block.text, styles.body, markdown=True))
    return flowables


def _markdown_table(rows: Sequence[Sequence[str]], styles: _Styles) -> Any:
    width = max(len(row) for row in rows)
    cells = [
        [
            _paragraph(
                row[i] if i < len(row) else "",
                styles.cell_header if r == 0 else styles.cell,
                markdown=True,
            )
            for i in range(width)
        ]
        for r, row in enumerate(rows)
    ]
    return _table(cells, [TEXT_WIDTH / width] * width, header_rows=1)


# --- Counting -----------------------------------------------------------------------------

Value = TypeVar("Value", bound=Hashable)


@dataclass(frozen=True)
class _CrossCount:
    """Cases per (row, column), labelled for print; ``totals`` counts each case once per row."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]


@dataclass(frozen=True)
class _SummaryCounts:
    cases: int
    countries: int
    guidelines: int
    per_region: tuple[tuple[str, int], ...]  # regions with a case, in M49 order
    per_goal: tuple[tuple[int, int], ...]  # all seventeen goals, none left out
    sector_by_region: _CrossCount
    technology_by_sector: _CrossCount


def _summary_counts(collection: Collection) -> _SummaryCounts:
    """The numbers behind the summary tables and charts. A case counts once in every region,
    sector, technology and goal it names, however often it repeats one."""
    cases = collection.published_cases
    per_region = _count_cases(cases, lambda case: case.regions)
    per_goal = _count_cases(cases, lambda case: case.sdgs)
    region_names = _in_order(per_region, regions())
    sectors = _in_order(_count_cases(cases, lambda case: case.sectors), vocabulary("sector").terms)
    return _SummaryCounts(
        cases=len(cases),
        countries=len({code for case in cases for code in case.countries}),
        guidelines=len(collection.published_guidelines),
        per_region=tuple((name, per_region[name]) for name in region_names),
        per_goal=tuple((int(goal), per_goal[int(goal)]) for goal in vocabulary("sdg").terms),
        sector_by_region=_cross_count(
            cases,
            rows=("sector", lambda case: case.sectors),
            columns=(region_names, str, lambda case: case.regions),
        ),
        technology_by_sector=_cross_count(
            cases,
            rows=("technology", lambda case: case.technologies),
            columns=(sectors, lambda term: label("sector", term), lambda case: case.sectors),
        ),
    )


def _cross_count(
    cases: Sequence[Case],
    *,
    rows: tuple[str, Callable[[Case], Iterable[str]]],
    columns: tuple[Sequence[str], Callable[[str], str], Callable[[Case], Iterable[str]]],
) -> _CrossCount:
    """Rows: the terms of a vocabulary that have a case. Columns: given terms, their label, and
    how to read them from a case."""
    row_vocabulary, rows_of = rows
    column_terms, column_label, columns_of = columns
    pairs = _count_cases(
        cases, lambda case: ((r, c) for r in rows_of(case) for c in columns_of(case))
    )
    totals = _count_cases(cases, rows_of)
    row_terms = _in_order(totals, vocabulary(row_vocabulary).terms)
    return _CrossCount(
        rows=tuple(label(row_vocabulary, term) for term in row_terms),
        columns=tuple(column_label(term) for term in column_terms),
        cells=tuple(tuple(pairs[(row, column)] for column in column_terms) for row in row_terms),
        totals=tuple(totals[term] for term in row_terms),
    )


def _count_cases(
    cases: Iterable[Case], values_of: Callable[[Case], Iterable[Value]]
) -> Counter[Value]:
    counts: Counter[Value] = Counter()
    for case in cases:
        counts.update(dict.fromkeys(values_of(case), 1))  # once per value, however repeated
    return counts


def _in_order(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """``values`` in the vocabulary's order, anything unknown after them alphabetically."""
    rank = {value: position for position, value in enumerate(order)}
    return sorted(set(values), key=lambda value: (rank.get(value, len(rank)), value))


def _region_of(case: Case) -> str:
    return case.regions[0] if case.regions else "Unknown region"


# --- Story: cover, contents, foreword -----------------------------------------------------


def _cover(collection: Collection, edition: EditionInfo, styles: _Styles) -> list[Any]:
    cases = collection.published_cases
    countries = {code for case in cases for code in case.countries}
    counts = (
        f"{_plural(len(cases), 'published case')} from {_plural(len(countries), 'country', 'countries')}"
        f" and {_plural(len(collection.published_guidelines), 'policy guideline')}"
    )
    flowables = [
        Spacer(1, 40 * mm),
        Paragraph(escape(COLLECTION_NAME), styles.cover_collection),
        Paragraph(_escape(edition.title), styles.cover_title),
        Paragraph(f"Published {_format_date(edition.published)}", styles.cover_line),
    ]
    if edition.editors:
        flowables.append(
            Paragraph(f"Edited by {_escape(_join_names(edition.editors))}", styles.cover_line)
        )
    flowables += [
        Spacer(1, 30 * mm),
        Paragraph(escape(counts), styles.cover_small),
        Paragraph(f"Online: {_escape(edition.url)}", styles.cover_small),
        NextPageTemplate("body"),
    ]
    return flowables


def _contents(styles: _Styles) -> list[Any]:
    contents = TableOfContents()
    contents.levelStyles = [styles.contents_part, styles.contents_entry]
    contents.dotsMinLevel = 0
    heading = _anchored(Paragraph("Contents", styles.part), "contents", "Contents", 0, listed=False)
    return [PageBreak(), heading, contents]


def _foreword(edition: EditionInfo, styles: _Styles) -> list[Any]:
    if not edition.foreword_markdown.strip():
        return []
    return [
        PageBreak(),
        _part_heading("Foreword", "foreword", styles),
        *_markdown_flowables(edition.foreword_markdown, styles),
    ]


# --- Story: the collection in numbers -----------------------------------------------------


def _summary(collection: Collection, styles: _Styles) -> list[Any]:
    counts = _summary_counts(collection)
    flowables: list[Any] = [
        PageBreak(),
        _part_heading("The collection in numbers", "numbers", styles),
        Paragraph(
            escape(
                f"This edition holds {_plural(counts.cases, 'published case')} from "
                f"{_plural(counts.countries, 'country', 'countries')} in "
                f"{_plural(len(counts.per_region), 'region')}, and "
                f"{_plural(counts.guidelines, 'policy guideline')}. "
                "A case counts once in every region, sector, technology and goal it names, so "
                "the counts in a row or column can add up to more than the number of cases. "
                "Sectors and technologies with no published case are left out of the tables."
            ),
            styles.body,
        ),
    ]
    if not counts.cases:
        return flowables
    goal_header = [
        Paragraph("Goal", styles.cell_header),
        Paragraph("Title", styles.cell_header),
        Paragraph("Cases", styles.cell_header_number),
    ]
    goal_rows = [
        [
            Paragraph(str(goal), styles.cell),
            Paragraph(escape(sdg_title(goal)), styles.cell),
            Paragraph(_count_text(count), styles.cell_number),
        ]
        for goal, count in counts.per_goal
    ]
    return [
        *flowables,
        Paragraph("Cases per region (UN M49)", styles.subheading),
        _bar_chart(counts.per_region),
        Paragraph("Cases by sector and region", styles.subheading),
        _cross_table(counts.sector_by_region, "All regions", styles),
        Paragraph("Cases per Sustainable Development Goal", styles.subheading),
        _table([goal_header, *goal_rows], [14 * mm, TEXT_WIDTH - 34 * mm, 20 * mm], header_rows=1),
        Spacer(1, 6 * mm),
        _bar_chart([(f"{goal} {sdg_title(goal)}", count) for goal, count in counts.per_goal]),
        Paragraph("Technologies by sector", styles.subheading),
        _cross_table(counts.technology_by_sector, "All sectors", styles),
    ]


def _cross_table(counts: _CrossCount, total_label: str, styles: _Styles) -> Any:
    headers = [*counts.columns, total_label]
    # Many columns only fit A4 portrait with their headers turned on their side.
    turned = len(headers) > 6
    number_width = 11 * mm if turned else 22 * mm
    label_width = TEXT_WIDTH - number_width * len(headers)
    header_row = [Paragraph("", styles.cell_header)] + [
        _turned_label(header) if turned else Paragraph(escape(header), styles.cell_header_number)
        for header in headers
    ]
    body_rows = [
        [Paragraph(escape(row), styles.cell)]
        + [Paragraph(_count_text(count), styles.cell_number) for count in cells]
        + [Paragraph(_count_text(total), styles.cell_number_total)]
        for row, cells, total in zip(counts.rows, counts.cells, counts.totals, strict=True)
    ]
    return _table(
        [header_row, *body_rows],
        [label_width] + [number_width] * len(headers),
        header_rows=1,
        extra_style=[("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("ALIGN", (1, 0), (-1, 0), "CENTER")],
    )


def _count_text(count: int) -> str:
    return str(count) if count else "\u2013"


def _turned_label(text: str) -> Any:
    """A column header written bottom to top."""
    size = 7.5
    length = stringWidth(text, BOLD_FONT, size)
    drawing = Drawing(size + 4, length + 4)
    turned = Group(
        String(0, 0, printable_text(text), fontName=BOLD_FONT, fontSize=size, fillColor=INK)
    )
    turned.transform = (0, 1, -1, 0, size + 1, 2)  # rotate 90 degrees, baseline at the right
    drawing.add(turned)
    return drawing


def _bar_chart(rows: Sequence[tuple[str, int]]) -> Any:
    """Horizontal bars, first row on top, the count at the end of each bar."""
    size = 8
    bar_pitch = 14
    labels = [printable_text(name) for name, _ in rows]
    label_width = max(stringWidth(text, FONT, size) for text in labels) + 8
    top = max((count for _, count in rows), default=0)
    step = max(1, -(-top // 5))
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 16
    chart.width = TEXT_WIDTH - label_width - 24
    chart.height = bar_pitch * len(rows)
    chart.data = [[count for _, count in reversed(rows)]]  # the chart draws bottom-up
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * max(1, -(-top // step))
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = size
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = bar_pitch * 0.6
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing = Drawing(TEXT_WIDTH, chart.height + 24)
    drawing.add(chart)
    return drawing


# --- Story: cases -------------------------------------------------------------------------


def _cases_by_region(cases: Sequence[Case], styles: _Styles) -> list[Any]:
    flowables: list[Any] = []
    for region in _in_order({_region_of(case) for case in cases}, regions()):
        in_region = sorted(
            (case for case in cases if _region_of(case) == region),
            key=lambda case: (case.title.casefold(), case.slug),
        )
        flowables += [
            PageBreak(),
            _part_heading(f"Cases from {region}", f"region-{_slug(region)}", styles),
        ]
        for position, case in enumerate(in_region):
            if position:
                flowables.append(PageBreak())
            flowables += _case(case, styles)
    return flowables


def _case(case: Case, styles: _Styles) -> list[Any]:
    heading = _anchored(
        _paragraph(case.title, styles.item_title), _case_key(case.slug), case.title, 1
    )
    flowables: list[Any] = [heading]
    if case.example:
        flowables.append(Paragraph("Illustrative example", styles.note))
    organisation = (
        f"{case.organization_name} ({label('organization-type', case.organization_type)})"
    )
    contributor = ", ".join(filter(None, (case.contributor.name, case.contributor.organization)))
    facts = [
        ("Countries", ", ".join(country(code).name for code in case.countries)),
        ("Region", ", ".join(case.regions)),
        ("Organisation", organisation),
        ("Sectors", ", ".join(label("sector", term) for term in case.sectors)),
        ("Technologies", ", ".join(label("technology", term) for term in case.technologies)),
        ("SDGs", "; ".join(f"{goal} {sdg_title(goal)}" for goal in case.sdgs)),
        ("Stage", label("stage", case.stage)),
        ("Year", str(case.year)),
        ("Licence", f"{label('license', case.license)} ({case.license})"),
        ("Contributor", contributor),
        ("Last updated", _format_date(case.last_changed)),
    ]
    flowables += [
        _facts_table(facts, styles),
        _paragraph(case.summary, styles.lead),
        *_markdown_flowables(case.body, styles),
    ]
    if case.outcomes:
        header = [
            Paragraph(text, styles.cell_header)
            for text in ("Outcome", "Result", "Baseline", "Year")
        ]
        rows = [
            [
                _paragraph(outcome.metric, styles.cell),
                _paragraph(f"{_format_number(outcome.value)} {outcome.unit}", styles.cell),
                _paragraph(
                    "\u2013"
                    if outcome.baseline is None
                    else f"{_format_number(outcome.baseline)} {outcome.unit}",
                    styles.cell,
                ),
                Paragraph("\u2013" if outcome.year is None else str(outcome.year), styles.cell),
            ]
            for outcome in case.outcomes
        ]
        flowables += [
            Paragraph("Outcomes", styles.subheading),
            _table(
                [header, *rows], [TEXT_WIDTH - 95 * mm, 40 * mm, 40 * mm, 15 * mm], header_rows=1
            ),
        ]
    if case.sources:
        flowables.append(Paragraph("Sources", styles.subheading))
        flowables += [
            _paragraph(f"{source.title} \u2014 {source.url}", styles.list_items[0], bullet="\u2022")
            for source in case.sources
        ]
    return flowables


def _facts_table(facts: Sequence[tuple[str, str]], styles: _Styles) -> Any:
    rows = [
        [Paragraph(name, styles.fact_name), _paragraph(value, styles.cell)]
        for name, value in facts
        if value
    ]
    table = Table(rows, colWidths=[30 * mm, TEXT_WIDTH - 30 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ]
        )
    )
    return table


# --- Story: guidelines --------------------------------------------------------------------


def _guidelines(collection: Collection, styles: _Styles) -> list[Any]:
    guidelines = sorted(collection.published_guidelines, key=lambda g: (g.title.casefold(), g.slug))
    if not guidelines:
        return []
    published = {case.slug: case for case in collection.published_cases}
    flowables: list[Any] = [PageBreak(), _part_heading("Policy guidelines", "guidelines", styles)]
    for position, guideline in enumerate(guidelines):
        if position:
            flowables.append(PageBreak())
        flowables += _guideline(guideline, published, styles)
    return flowables


def _guideline(guideline: Guideline, published: dict[str, Case], styles: _Styles) -> list[Any]:
    heading = _anchored(
        _paragraph(guideline.title, styles.item_title),
        f"guideline-{guideline.slug}",
        guideline.title,
        1,
    )
    flowables: list[Any] = [heading]
    if guideline.example:
        flowables.append(Paragraph("Illustrative example", styles.note))
    facts = [
        ("Instrument", label("instrument", guideline.instrument)),
        ("Audience", ", ".join(label("policy-audience", term) for term in guideline.audience)),
        ("SDGs", "; ".join(f"{goal} {sdg_title(goal)}" for goal in guideline.sdgs)),
        ("Last updated", _format_date(guideline.updated)),
    ]
    flowables += [_facts_table(facts, styles), _paragraph(guideline.summary, styles.lead)]
    # Only published cases: a draft's title must never reach print.
    evidence = [published[slug] for slug in guideline.evidence if slug in published]
    if evidence:
        flowables.append(Paragraph("Evidence from the collection", styles.subheading))
        flowables += [
            Paragraph(
                f'<a href="#{_case_key(case.slug)}" color="#0b5394">{_escape(case.title)}</a>',
                styles.list_items[0],
                bulletText="\u2022",
            )
            for case in evidence
        ]
    flowables += _markdown_flowables(guideline.body, styles)
    return flowables


# --- Headings, bookmarks and the contents -------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    key: str
    title: str  # plain text, for the PDF outline
    level: int  # 0 for parts, 1 for cases and guidelines
    listed: bool  # in the table of contents


def _anchored(heading: Any, key: str, title: str, level: int, *, listed: bool = True) -> Any:
    """Mark a heading so the template bookmarks it and lists it in the contents."""
    heading.casebook_anchor = _Anchor(key, title, level, listed)
    return heading


def _part_heading(title: str, key: str, styles: _Styles) -> Any:
    return _anchored(_paragraph(title, styles.part), key, title, 0)


def _case_key(slug: str) -> str:
    return f"case-{slug}"


class _ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages: a bare cover, then body pages with the edition title and page number."""

    def __init__(self, out: Path, edition: EditionInfo) -> None:
        super().__init__(
            str(out),
            pagesize=A4,
            leftMargin=LEFT_MARGIN,
            rightMargin=RIGHT_MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=f"{COLLECTION_NAME} \u2014 {edition.title}",
            author=_join_names(edition.editors),
            subject=f"{COLLECTION_NAME}, published {edition.published.isoformat()}",
            creator="Casebook",
            lang="en",
            displayDocTitle=1,
            pageCompression=1,
            invariant=1,
        )
        self.edition_title = printable_text(edition.title)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text")
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=_draw_cover_band),
                PageTemplate("body", [frame], onPage=self._draw_header_and_footer),
            ]
        )

    def afterFlowable(self, flowable: Any) -> None:
        anchor = getattr(flowable, "casebook_anchor", None)
        if not isinstance(anchor, _Anchor):
            return
        self.canv.bookmarkPage(anchor.key)
        self.canv.addOutlineEntry(printable_text(anchor.title), anchor.key, level=anchor.level)
        if anchor.listed:
            self.notify("TOCEntry", (anchor.level, _escape(anchor.title), self.page, anchor.key))

    def _draw_header_and_footer(self, canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        header_y = PAGE_HEIGHT - TOP_MARGIN + 8 * mm
        canvas.drawString(LEFT_MARGIN, header_y, _fit(self.edition_title, FONT, 8, TEXT_WIDTH))
        canvas.line(LEFT_MARGIN, header_y - 2 * mm, PAGE_WIDTH - RIGHT_MARGIN, header_y - 2 * mm)
        footer_y = BOTTOM_MARGIN - 10 * mm
        canvas.drawString(LEFT_MARGIN, footer_y, COLLECTION_NAME)
        canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, footer_y, f"Page {document.page}")
        canvas.restoreState()


def _draw_cover_band(canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, PAGE_HEIGHT - 30 * mm, PAGE_WIDTH, 30 * mm, stroke=0, fill=1)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


# --- Tables -------------------------------------------------------------------------------


def _table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> Any:
    table = Table(
        list(rows), colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT", spaceAfter=6
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
                ("LINEBELOW", (0, 0), (-1, header_rows - 1), 0.8, MUTED),
                ("LINEBELOW", (0, header_rows), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra_style,
            ]
        )
    )
    return table


# --- Words and numbers --------------------------------------------------------------------


def _format_date(day: date) -> str:
    """ "1 March 2026", whatever the process locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _format_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- Styles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    cover_collection: Any
    cover_title: Any
    cover_line: Any
    cover_small: Any
    part: Any
    item_title: Any
    subheading: Any
    minor_heading: Any
    body: Any
    lead: Any
    note: Any
    quote: Any
    code: Any
    list_items: tuple[Any, ...]  # by nesting depth
    cell: Any
    cell_number: Any
    cell_number_total: Any
    cell_header: Any
    cell_header_number: Any
    fact_name: Any
    contents_part: Any
    contents_entry: Any


def _make_styles() -> _Styles:
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=14, textColor=INK, spaceAfter=6
    )
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD_FONT, keepWithNext=1)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    cell_header = ParagraphStyle("cell-header", parent=cell, fontName=BOLD_FONT)
    return _Styles(
        cover_collection=ParagraphStyle(
            "cover-collection",
            parent=heading,
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceAfter=14,
        ),
        cover_title=ParagraphStyle(
            "cover-title", parent=heading, fontSize=30, leading=36, spaceAfter=18
        ),
        cover_line=ParagraphStyle("cover-line", parent=body, fontSize=13, leading=18),
        cover_small=ParagraphStyle("cover-small", parent=body, textColor=MUTED),
        part=ParagraphStyle(
            "part", parent=heading, fontSize=20, leading=24, textColor=ACCENT, spaceAfter=12
        ),
        item_title=ParagraphStyle(
            "item-title", parent=heading, fontSize=15, leading=19, spaceAfter=6
        ),
        subheading=ParagraphStyle(
            "subheading", parent=heading, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
        minor_heading=ParagraphStyle("minor-heading", parent=heading, spaceBefore=6, spaceAfter=3),
        body=body,
        lead=ParagraphStyle("lead", parent=body, fontName=ITALIC_FONT, spaceBefore=8, spaceAfter=8),
        note=ParagraphStyle("note", parent=body, fontName=BOLD_FONT, fontSize=9, textColor=MUTED),
        quote=ParagraphStyle("quote", parent=body, leftIndent=8 * mm, textColor=MUTED),
        code=ParagraphStyle(
            "code", parent=body, fontName=CODE_FONT, fontSize=8, leading=10, leftIndent=4 * mm
        ),
        list_items=tuple(
            ParagraphStyle(
                f"list-item-{depth}",
                parent=body,
                leftIndent=(depth + 1) * 6 * mm,
                bulletIndent=depth * 6 * mm + 2 * mm,
                spaceAfter=3,
            )
            for depth in range(4)
        ),
        cell=cell,
        cell_number=ParagraphStyle("cell-number", parent=cell, alignment=TA_CENTER),
        cell_number_total=ParagraphStyle(
            "cell-number-total", parent=cell, alignment=TA_CENTER, fontName=BOLD_FONT
        ),
        cell_header=cell_header,
        cell_header_number=ParagraphStyle(
            "cell-header-number", parent=cell_header, alignment=TA_CENTER
        ),
        fact_name=ParagraphStyle("fact-name", parent=cell, fontName=BOLD_FONT, textColor=MUTED),
        contents_part=ParagraphStyle(
            "contents-part", parent=body, fontName=BOLD_FONT, spaceBefore=6, spaceAfter=2
        ),
        contents_entry=ParagraphStyle(
            "contents-entry", parent=body, fontSize=9, leading=12, leftIndent=6 * mm, spaceAfter=1
        ),
    )
