"""Review aids for contributed text: placeholders left in, and template syntax.

Neither is a safety check. Contributed files are never templates, and what a contribution shows
is made inert by rendering it and sanitising the result (``casebook.render``), which also
reports the HTML and links the policy removes. These checks only tell a contributor, with the
line, that a ``[[TODO`` placeholder is still there or that ``{{`` reads as template syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from casebook.documents import Document, field_name, iter_strings
from casebook.problems import Problem, error, warning

# Template syntax that mkdocs-macros would run; "{#id}" is Markdown's heading id, not a comment.
_JINJA = re.compile(r"\{\{|\{%|\{#(?![\w:-]+[\s.}])")
# What `casebook new` writes where a contributor still has to fill something in.
PLACEHOLDER = "[[TODO"


def check_text(document: Document, content_root: Path) -> Iterator[Problem]:
    """All markup problems in one document: front matter values and body."""
    yield from _check_front_matter(document)
    yield from _check_body(document)


def _check_front_matter(doc: Document) -> Iterator[Problem]:
    # Every value comes from the front-matter text, so text without any of these can hold no
    # problem (a backslash may be a YAML escape that decodes to "<" or "{").
    text = doc.front_matter_text
    if not any(marker in text for marker in ("{{", "{%", "{#", PLACEHOLDER, "<", "\\")):
        return
    for location, value in iter_strings(doc.front_matter):
        if PLACEHOLDER in value:
            yield error(
                doc.display_path,
                doc.line_of(location),
                "placeholder",
                field_name(location),
                f"still a placeholder: replace '{_clip(value)}' with the real value",
            )
        if _JINJA.search(value):
            yield error(
                doc.display_path,
                doc.line_of(location),
                "jinja-syntax",
                field_name(location),
                "'{{', '{%' and '{#' are template syntax and not allowed in contributions: "
                "remove them or write the braces apart",
            )
        if _looks_like_markup(value):
            # Harmless (every front-matter value is escaped as text wherever it is shown), but
            # the contributor should know the tag will show as written.
            yield warning(
                doc.display_path,
                doc.line_of(location),
                "markup-in-text",
                field_name(location),
                "front-matter values are plain text: the HTML in it will show as written",
            )


def _looks_like_markup(value: str) -> bool:
    at = value.find("<")
    while at != -1:
        following = value[at + 1 : at + 2]
        if following.isalpha() or following in ("/", "!"):
            return True
        at = value.find("<", at + 1)
    return False


def _check_body(doc: Document) -> Iterator[Problem]:
    body = doc.body
    if "[[TODO" not in body and "{" not in body:  # substring scans: fast
        return
    for offset, raw_line in enumerate(body.split("\n")):
        line = doc.body_line + offset
        start = raw_line.find(PLACEHOLDER)
        if start != -1:
            end = raw_line.find("]]", start)
            placeholder = raw_line[start : end + 2] if end != -1 else raw_line[start:]
            yield error(
                doc.display_path,
                line,
                "placeholder",
                "",
                f"still a placeholder: replace '{_clip(placeholder)}' with your text",
            )
        if "{" in raw_line and _JINJA.search(raw_line):
            yield error(
                doc.display_path,
                line,
                "jinja-syntax",
                "",
                "'{{', '{%' and '{#' are template syntax and not allowed in contributions: "
                "remove them or put a space between the braces",
            )


def _clip(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
