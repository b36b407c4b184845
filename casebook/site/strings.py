"""The words the site's scripts write, in the language being built: ``assets/casebook/strings.js``.

The scripts (``course.js``, ``explorer.js``, ``search.js``) write their messages through
``t(english, values)`` (``tn(singular, plural, n, values)`` for counts), written once in the
static ``assets/casebook/i18n.js``: the key is the English text, as in the Python code, and
``window.casebookStrings`` (this module's script) maps it to the translation. Where the script
is missing they write the English.
Placeholders are ``{name}``, filled by the scripts.

A count's message has one text per plural category of the language (CLDR's ``one``, ``few``,
``many``, ``other``...): the script picks one with ``Intl.PluralRules``, which follows CLDR as
Babel's plural forms in the catalogues do. The self-assessment's script has its own table
(``casebook.pages.assessment_text``) in its page's data.

The file is a script of the site's own (no inline script: the Content-Security-Policy allows
none), JSON inside, safe to end no early: ``<``, ``>``, ``&`` and the two line separators
JavaScript once refused are written as escapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from casebook import i18n
from casebook.i18n import _, ngettext

STRINGS_SCRIPT = "assets/casebook/strings.js"

Message = str | dict[str, str]


def _forms(message: Callable[[int], str]) -> dict[str, str]:
    """A count's message (``lambda n: ngettext(singular, plural, n)``) for each plural
    category of the language being built, keyed by the category's CLDR name."""
    rule = i18n.locale().plural_form
    samples: dict[str, int] = {}
    for n in range(0, 1000):
        samples.setdefault(rule(n), n)
        if len(samples) == len(rule.tags | {"other"}):
            break
    return {category: message(n) for category, n in sorted(samples.items())}


def messages() -> dict[str, Message]:
    """English key -> text (or, for counts, plural category -> text), translated."""
    one: dict[str, str] = {
        # course.js: quizzes and progress
        "This browser does not let the page save anything (private window or storage turned "
        "off), so progress cannot be kept here.": _(
            "This browser does not let the page save anything (private window or storage "
            "turned off), so progress cannot be kept here."
        ),
        "Your answers cannot be saved in this browser (private window or storage turned off): "
        "they are lost when you leave the page.": _(
            "Your answers cannot be saved in this browser (private window or storage turned "
            "off): they are lost when you leave the page."
        ),
        "Score: {right} of {total}": _("Score: {right} of {total}"),
        "Score: {right} of {total} ({missing} not answered yet)": _(
            "Score: {right} of {total} ({missing} not answered yet)"
        ),
        "Correct.": _("Correct."),
        "Not quite.": _("Not quite."),
        "The answer is": _("The answer is"),
        "Try again": _("Try again"),
        "Mark this module as done": _("Mark this module as done"),
        "Saved: this module is marked as done.": _("Saved: this module is marked as done."),
        "Quiz score so far: {right} of {total}": _("Quiz score so far: {right} of {total}"),
        "✓ done": _("✓ done"),
        "✓ right answer": _("✓ right answer"),
        "✗ your answer": _("✗ your answer"),
        "quiz {right} of {total}": _("quiz {right} of {total}"),
        "quiz {right} of {total} ({answered} answered)": _(
            "quiz {right} of {total} ({answered} answered)"
        ),
        "quiz not started": _("quiz not started"),
        # explorer.js
        "Show {count} more ({missing} not shown yet)": _(
            "Show {count} more ({missing} not shown yet)"
        ),
        "({count} selected)": _("({count} selected)"),
        '"From year" ({from}) is after "To year" ({to}), so no case can match: swap them or '
        "clear one.": _(
            '"From year" ({from}) is after "To year" ({to}), so no case can match: swap them '
            "or clear one."
        ),
        # search.js
        "All": _("All"),
        "Cases": _("Cases"),
        "Modules": _("Modules"),
        "Guidelines": _("Guidelines"),
        "Case": _("Case"),
        "Module": _("Module"),
        "Guideline": _("Guideline"),
        "Course": _("Course"),
        "Page": _("Page"),
        "Search the site": _("Search the site"),
        "Search": _("Search"),
        "Show only": _("Show only"),
        "Search results": _("Search results"),
        "Show more results": _("Show more results"),
        "(type more letters for words that start with it)": _(
            "(type more letters for words that start with it)"
        ),
        "Type at least two letters": _("Type at least two letters"),
        "Search is not available: its index was not found": _(
            "Search is not available: its index was not found"
        ),
    }
    counted: dict[str, Message] = {
        "{n} question: answer each to see your score.": _forms(
            lambda n: ngettext(
                "{n} question: answer each to see your score.",
                "{n} questions: answer each to see your score.",
                n,
            )
        ),
        "{done} of {n} module done": _forms(
            lambda n: ngettext("{done} of {n} module done", "{done} of {n} modules done", n)
        ),
        "{n} result for “{query}”": _forms(
            lambda n: ngettext("{n} result for “{query}”", "{n} results for “{query}”", n)
        ),
        "{n} result for “{query}” among cases": _forms(
            lambda n: ngettext(
                "{n} result for “{query}” among cases", "{n} results for “{query}” among cases", n
            )
        ),
        "{n} result for “{query}” among modules": _forms(
            lambda n: ngettext(
                "{n} result for “{query}” among modules",
                "{n} results for “{query}” among modules",
                n,
            )
        ),
        "{n} result for “{query}” among guidelines": _forms(
            lambda n: ngettext(
                "{n} result for “{query}” among guidelines",
                "{n} results for “{query}” among guidelines",
                n,
            )
        ),
    }
    return {**one, **counted}


def script_json(value: object) -> str:
    """``value`` as JSON that can sit in a script (or an HTML <script> element) unchanged."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(character, escaped)
    return text


def strings_script() -> str:
    """The text of ``STRINGS_SCRIPT`` in the language being built."""
    payload = {"lang": i18n.active(), "messages": messages()}
    return f"window.casebookStrings = {script_json(payload)};\n"
