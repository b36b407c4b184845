"""Right-to-left lines laid out once: a fix to WeasyPrint 70's line layout, which the report
applies before it lays anything out (``casebook.report_pdf``).

WeasyPrint lays out a line, then asks whether floats leave the same room at the line's real
height, and lays it out again if not (``weasyprint.layout.inline.get_next_linebox``). For a
right-to-left line the test compares the line's start plus its width with the start plus the
width the line box had *before* layout (zero), so it always fails: every line of Arabic,
Persian, Urdu or Hebrew text is laid out twice, the same both times. That was a fifth of the
CPU of an Arabic report, the whole of what it cost more than an English one (1,000 cases:
8.9 s against 6.5 s; fixed, 7.0 s; docs/ARCHITECTURE.md). WeasyPrint places a right-to-left
line box at its start, the right bound (``layout.float.avoid_collisions``), so the
left-to-right test is the right one in both directions: the line is laid out again only when
its start moved. Pages come out byte for byte the same.

The fix rewrites that one test in WeasyPrint's own function, and only when the test reads as
in the version pinned (``pyproject.toml``); a WeasyPrint whose test differs is left alone, and
``tests/test_rtl_lines.py``, which counts the layouts of a right-to-left paragraph's lines,
then says whether it still needs a fix.
"""

from __future__ import annotations

import inspect
from types import FunctionType

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


def lay_out_rtl_lines_once() -> bool:
    """Give WeasyPrint's line layout the fixed test (once per process); say whether it is in
    place, False when this WeasyPrint's function does not read as the one fixed."""
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
