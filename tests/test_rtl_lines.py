"""casebook.rtl_lines: WeasyPrint lays out each right-to-left line once, pages unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import Box, LineBox
from weasyprint.layout import inline

from casebook.rtl_lines import lay_out_rtl_lines_once

# A paragraph of plain text (no inline element in it), so that WeasyPrint splits the
# paragraph's line box once per line it lays out.
WORDS = {"rtl": "تحول رقمي للمؤسسات الصغيرة والمتوسطة في البلدان النامية", "ltr": "digital " * 9}


def paragraph(direction: str) -> str:
    text = " ".join([WORDS[direction]] * 12)
    return f'<html lang="{"ar" if direction == "rtl" else "en"}" dir="{direction}"><p>{text}</p>'


def line_boxes(box: Box) -> Iterator[LineBox]:
    if isinstance(box, LineBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from line_boxes(child)


def layouts_and_lines(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """How many times WeasyPrint laid out a line of ``source``, and how many lines it has."""
    calls = 0
    split: Callable[..., Any] = inline.split_inline_box

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return split(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(inline, "split_inline_box", counted)
        document = HTML(string=source).render()
    lines = sum(1 for page in document.pages for _ in line_boxes(page._page_box))
    return calls, lines


def test_the_fix_applies_to_the_pinned_weasyprint() -> None:
    # Fails once WeasyPrint's test reads otherwise: if the next test still passes without
    # the fix, WeasyPrint fixed it and casebook/rtl_lines.py can go.
    assert lay_out_rtl_lines_once()
    assert lay_out_rtl_lines_once()  # a second call changes nothing
    assert hasattr(inline.get_next_linebox, "replaces")


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_each_line_is_laid_out_once(direction: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lay_out_rtl_lines_once()
    calls, lines = layouts_and_lines(paragraph(direction), monkeypatch)
    assert lines > 5
    assert calls == lines


def test_without_the_fix_right_to_left_lines_are_laid_out_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lay_out_rtl_lines_once()
    monkeypatch.setattr(inline, "get_next_linebox", inline.get_next_linebox.replaces)
    calls, lines = layouts_and_lines(paragraph("rtl"), monkeypatch)
    assert calls == 2 * lines


def test_pages_are_the_same_with_and_without_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    source = paragraph("rtl") + '<p dir="ltr">Latin <b>inside</b> (brackets)</p>'
    lay_out_rtl_lines_once()
    fixed = HTML(string=source).write_pdf()
    monkeypatch.setattr(inline, "get_next_linebox", inline.get_next_linebox.replaces)
    assert HTML(string=source).write_pdf() == fixed
