"""casebook.weasyprint_fixes: each right-to-left line laid out once, page references made once
per PDF, and the same bytes printed with and without them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pydyf
import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import Box, LineBox
from weasyprint.layout import inline

from casebook.weasyprint_fixes import (
    fix_weasyprint,
    lay_out_rtl_lines_once,
    make_page_references_once,
)

# A paragraph of plain text (no inline element in it), so that WeasyPrint splits the
# paragraph's line box once per line it lays out.
WORDS = {"rtl": "تحول رقمي للمؤسسات الصغيرة والمتوسطة في البلدان النامية", "ltr": "digital " * 9}


def paragraph(direction: str, repeat: int = 12) -> str:
    text = " ".join([WORDS[direction]] * repeat)
    return f'<html lang="{"ar" if direction == "rtl" else "en"}" dir="{direction}"><p>{text}</p>'


def line_boxes(box: Box) -> Iterator[LineBox]:
    if isinstance(box, LineBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from line_boxes(child)


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (a function) from now on: the list's length."""
    calls: list[int] = []
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def layouts_and_lines(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """How many times WeasyPrint laid out a line of ``source``, and how many lines it has."""
    with monkeypatch.context() as patch:
        calls = counting(patch, inline, "split_inline_box")
        document = HTML(string=source).render()
    lines = sum(1 for page in document.pages for _ in line_boxes(page._page_box))
    return len(calls), lines


def test_the_fixes_apply_to_the_pinned_weasyprint_and_pydyf() -> None:
    # Fails once WeasyPrint's test or pydyf's property reads otherwise: if the tests below
    # still pass without a fix, the engine fixed it and that fix can go.
    fix_weasyprint()
    fix_weasyprint()  # a second call changes nothing
    assert lay_out_rtl_lines_once()
    assert make_page_references_once()
    assert hasattr(inline.get_next_linebox, "replaces")


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_each_line_is_laid_out_once(direction: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fix_weasyprint()
    calls, lines = layouts_and_lines(paragraph(direction), monkeypatch)
    assert lines > 5
    assert calls == lines


def test_without_the_fix_right_to_left_lines_are_laid_out_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fix_weasyprint()
    monkeypatch.setattr(inline, "get_next_linebox", inline.get_next_linebox.replaces)
    calls, lines = layouts_and_lines(paragraph("rtl"), monkeypatch)
    assert calls == 2 * lines


def tagged_pdf_of_many_pages() -> HTML:
    items = "".join(f"<li>{n} {WORDS['ltr']}</li>" for n in range(400))
    return HTML(string=f'<html lang="en"><h1>Items</h1><ul>{items}</ul>')


def test_page_references_are_made_once_per_pdf_whatever_its_elements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fix_weasyprint()
    kept = vars(pydyf.PDF)["page_references"]
    built = counting(monkeypatch, kept, "build")
    document = tagged_pdf_of_many_pages().render(pdf_variant="pdf/ua-1")
    assert len(document.pages) > 5
    document.write_pdf(pdf_variant="pdf/ua-1")
    # The tags name a page more than once per list item; the tuple is made once (the outline
    # asks before the tags, when every page is there already).
    assert len(built) == 1, len(built)
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary())
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 1
    pdf.add_page(pydyf.Dictionary())
    assert len(pdf.page_references) == 2  # a page added: made again


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_pdfs_are_the_same_with_and_without_the_fixes(
    direction: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = paragraph(direction, 60) + '<p dir="ltr">Latin <b>inside</b> (brackets)</p>'
    fix_weasyprint()
    fixed = HTML(string=source).write_pdf(pdf_variant="pdf/ua-1")
    monkeypatch.setattr(inline, "get_next_linebox", inline.get_next_linebox.replaces)
    kept = vars(pydyf.PDF)["page_references"]
    monkeypatch.setattr(pydyf.PDF, "page_references", property(kept.build))
    assert HTML(string=source).write_pdf(pdf_variant="pdf/ua-1") == fixed
