"""Two fixes to the PDF engine's cost, applied before the report is laid out
(``casebook.report_pdf``); neither changes a byte of the PDF (docs/ARCHITECTURE.md).

**Right-to-left lines laid out once.** WeasyPrint 70 lays out a line, then asks whether floats
leave the same room at the line's real height, and lays it out again if not
(``weasyprint.layout.inline.get_next_linebox``). For a right-to-left line the test compares
the line's start plus its width with the start plus the width the line box had *before*
layout (zero), so it always fails: every line of Arabic, Persian, Urdu or Hebrew text was laid
out twice, the same both times, the whole of what an Arabic report cost more than an English
one (1,000 cases: 8.9 s of CPU against 6.5 s; fixed, 7.0 s). WeasyPrint places a
right-to-left line box at its start, the right bound (``layout.float.avoid_collisions``), so
the left-to-right test is the right one in both directions. The fix rewrites that one test in
WeasyPrint's own function, and only when it reads as in the version pinned (``pyproject.toml``).

**Page references made once.** The tagged PDF's every structure element names its page, which
WeasyPrint looks up as ``pdf.page_references[n]``, a pydyf 0.13 property that builds the tuple
of every page's reference on each call: elements times pages, some 50 million references for a
10,000-case report (105,000 elements, 509 pages), 10 s of CPU. The fix keeps the tuple until
a page is added.

``tests/test_weasyprint_fixes.py`` counts the layouts of a right-to-left paragraph's lines and
the page reference tuples built: when an upgrade makes a fix needless or inapplicable, it says.
"""

from __future__ import annotations

import inspect
from types import FunctionType
from typing import Any

import pydyf
from weasyprint.layout import inline

# The right-to-left branch of the test, as WeasyPrint 70 writes it, and what replaces it.
_TWICE = """\
        if containing_block.style['direction'] == 'ltr':
            condition = (position_x, position_y) == (
                original_position_x, original_position_y)
        else:
            condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)
"""
_ONCE = """\
        condition = (position_x, position_y) == (
            original_position_x, original_position_y)
"""


def fix_weasyprint() -> None:
    """Apply both fixes (once per process; again changes nothing)."""
    lay_out_rtl_lines_once()
    make_page_references_once()


def lay_out_rtl_lines_once() -> bool:
    """Give WeasyPrint's line layout the fixed test; say whether it is in place, False when
    this WeasyPrint's function does not read as the one fixed."""
    function = inline.get_next_linebox
    if hasattr(function, "replaces"):
        return True
    source = inspect.getsource(function)
    if source.count(_TWICE) != 1:
        return False
    code = compile(source.replace(_TWICE, _ONCE), inspect.getfile(function), "exec")
    defined: dict[str, object] = {}
    exec(code, vars(inline), defined)  # WeasyPrint's own source, one test changed
    fixed = defined[function.__name__]
    assert isinstance(fixed, FunctionType)
    fixed.replaces = function  # type: ignore[attr-defined]  # WeasyPrint's, for the tests
    inline.get_next_linebox = fixed
    return True


def make_page_references_once() -> bool:
    """Keep ``pydyf.PDF.page_references`` until a page is added; say whether it is in place,
    False when this pydyf has no such property."""
    current = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(current, property) or current.fget is None:
        return False
    if isinstance(current, _KeptPageReferences):
        return True
    pydyf.PDF.page_references = _KeptPageReferences(current.fget)
    return True


class _KeptPageReferences(property):
    """pydyf's property, its value kept on the PDF while its list of pages stays the same
    list of the same length (pydyf only ever adds pages, with ``add_page``)."""

    def __init__(self, build: Any) -> None:
        super().__init__(self._kept)
        self.build = build  # pydyf's own getter, for the tests

    def _kept(self, pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        key = (id(kids), len(kids))
        kept = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != key:
            kept = (key, self.build(pdf))
            pdf.__dict__["_kept_page_references"] = kept
        references: tuple[bytes, ...] = kept[1]
        return references
