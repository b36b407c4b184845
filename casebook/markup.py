"""Checks on contributed text: it is data, never code.

Rejects template syntax (Jinja), active HTML and unsafe link targets, with the file line. The
site never renders contributed files as templates; these checks make sure a contribution that
tries is refused at review time, not silently neutralised.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from casebook.documents import Document, field_name, iter_strings
from casebook.problems import Problem, error

# Template syntax that mkdocs-macros would run; "{#id}" is Markdown's heading id, not a comment.
_JINJA = re.compile(r"\{\{|\{%|\{#(?![\w:-]+[\s.}])")
# What `casebook new` writes where a contributor still has to fill something in.
PLACEHOLDER = "[[TODO"
_PLACEHOLDER = re.compile(r"\[\[TODO[^\]]*\]\]")
_ACTIVE_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|input|"
    r"button|textarea|select|svg|math|template|portal)\b",
    re.IGNORECASE,
)
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_URL = re.compile(
    r"\b(?:href|src|action|formaction|xlink:href|srcset|poster|background)\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
# attr_list syntax ({: onclick=...}) would add attributes to the rendered element.
_ATTR_LIST_HANDLER = re.compile(r"\{[^}\n]*\b(on[a-zA-Z]+|style)\s*=", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")


def check_text(document: Document, content_root: Path) -> Iterator[Problem]:
    """All markup problems in one document: front matter values and body."""
    yield from _check_front_matter(document)
    yield from _check_body(document, content_root)


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
        # url fields are held to http(s) by the schema; other text may well start 'Data:'.
        if _ACTIVE_TAG.search(value) or _EVENT_HANDLER.search(value):
            yield error(
                doc.display_path,
                doc.line_of(location),
                "active-html",
                field_name(location),
                "HTML tags, scripts and script links are not allowed in front matter: write plain text",
            )


# Each check below needs one of these in the line; most lines of prose have none of them, and
# skipping them keeps validation of 10,000 cases within its time budget.
# (single characters: "[" stands for "[[TODO", "]" for "](" and "]:", "`" and "~" for fences).
_BODY_MARKERS = ("[", "]", "{", "<", "=", "`", "~")
_BODY_MARKER = re.compile(r"[\[\]{<=`~]")


def _check_body(doc: Document, content_root: Path) -> Iterator[Problem]:
    body = doc.body
    if "<" in body:
        # Event handlers are looked for across lines: a tag may be split over several.
        for handler in _EVENT_HANDLER.finditer(body):
            yield error(
                doc.display_path,
                doc.body_line + body.count("\n", 0, handler.start(1)),
                "active-html",
                "",
                f"the HTML attribute '{handler.group(1)}' runs script and is not allowed",
            )
    if not any(marker in body for marker in _BODY_MARKERS):  # substring scans: fast
        return
    in_fence = False
    for offset, raw_line in enumerate(body.split("\n")):
        if not _BODY_MARKER.search(raw_line):
            continue
        line = doc.body_line + offset
        placeholder = _PLACEHOLDER.search(raw_line) if PLACEHOLDER in raw_line else None
        if placeholder:
            yield error(
                doc.display_path,
                line,
                "placeholder",
                "",
                f"still a placeholder: replace '{placeholder.group(0)}' with your text",
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
        if _FENCE.match(raw_line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue  # code blocks are shown as text, never run
        text = _CODE_SPAN.sub("``", raw_line) if "`" in raw_line else raw_line
        tag = _ACTIVE_TAG.search(text) if "<" in text else None
        if tag:
            yield error(
                doc.display_path,
                line,
                "active-html",
                "",
                f"<{tag.group(1).lower()}> is active HTML and not allowed: use plain Markdown",
            )
        attr_list = _ATTR_LIST_HANDLER.search(text) if "{" in text else None
        if attr_list:
            yield error(
                doc.display_path,
                line,
                "active-html",
                "",
                f"the attribute '{attr_list.group(1)}' in {{...}} is not allowed: remove it",
            )
        for target in _link_targets(text):
            problem = _check_target(doc, content_root, line, target)
            if problem:
                yield problem


def _link_targets(text: str) -> Iterator[str]:
    for pattern in (_MD_LINK, _HTML_URL, _AUTOLINK):
        for match in pattern.finditer(text):
            raw = next(group for group in match.groups() if group is not None)
            # Browsers decode entities and ignore blanks and controls around a scheme.
            yield _INVISIBLE.sub("", html.unescape(raw))
    ref = _REF_DEF.match(text)
    if ref:
        yield ref.group(1)


def _check_target(doc: Document, content_root: Path, line: int, target: str) -> Problem | None:
    path = doc.display_path
    if _BAD_SCHEME.match(target):
        return error(
            path,
            line,
            "unsafe-url",
            "",
            f"'{target[:40]}' is a script or data link and not allowed: link to an https:// page",
        )
    lowered = target.lower()
    if lowered.startswith(("https://", "mailto:", "#")) or not target:
        return None
    if lowered.startswith("http://"):
        return error(
            path, line, "insecure-url", "", f"'{target}' uses http: use the https:// address"
        )
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        return error(
            path,
            line,
            "unsafe-url",
            "",
            f"'{target}' is not an https:// link or a file in the collection",
        )
    if target.startswith(("/", "\\")):
        return error(
            path,
            line,
            "unsafe-path",
            "",
            f"'{target}' is an absolute path: link to files inside content/ with a relative path",
        )
    relative = target.split("#", 1)[0].split("?", 1)[0]
    if not relative:
        return None
    root = content_root.resolve()
    resolved = (doc.path.parent / relative).resolve()
    if not resolved.is_relative_to(root):
        return error(
            path,
            line,
            "unsafe-path",
            "",
            f"'{target}' points outside the content folder: link only to files inside content/",
        )
    if not resolved.exists():
        return error(path, line, "broken-link", "", f"'{target}' does not exist in the collection")
    return None


def _clip(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
