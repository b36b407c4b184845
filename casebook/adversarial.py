"""Contributions built to be slow: one construct repeated to the largest allowed file size.

Every check must run in time linear in a file's size, so a file of the largest size validates
in under a second whatever it repeats: brackets, emphasis, HTML, entities, links, nesting.
``tests/test_adversarial.py`` checks that each is refused or accepted with a clear problem and
never a traceback; ``make bench`` (``scripts/bench_adversarial.py``) times them.
"""

from __future__ import annotations

from casebook.documents import MAX_FILE_BYTES

# What a text repeats; each is known to make some Markdown or HTML parser slow.
UNITS: tuple[str, ...] = (
    "[", "]", "*", "_a", "*a**", "<a ", "<", "&#", "&amp;", "{", "{#", " ", "\\\n", "`",
    "![", "[a", "[\n]", "[a](", "> ", "- ", "1. ", "|", "| a |\n", "## ", "a\n", "<!--",
    "[[TODO", "<div>\n\n", "<b>", "<img src=x onerror=y>", "[x](javascript:y) ",
    "![x](y.png)", "[x](../nowhere.md) ", "https://example.org/ ", "\t", "\u00a0",
)  # fmt: skip
# Where the repeated text goes in the case it is written into.
MARKER = "## Solution\n\n"


def adversarial_text(case: str, unit: str, size: int = MAX_FILE_BYTES) -> str:
    """``case`` (a valid case file) with ``unit`` repeated after its Solution heading, the
    whole file ``size`` bytes long at most."""
    room = size - len(case.encode("utf-8")) - len("\n\n")
    repeated = unit * max(0, room // len(unit.encode("utf-8")))
    return case.replace(MARKER, MARKER + repeated + "\n\n", 1)
