"""Rules every content type shares: file names, dates, body sections."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from casebook.documents import Document
from casebook.problems import Problem, error

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")


def check_slug(path: str, slug: str, what: str = "file name") -> Iterator[Problem]:
    if len(slug) > MAX_SLUG or not SLUG.match(slug):
        fixed = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:MAX_SLUG].strip("-")
        yield error(
            path,
            1,
            "bad-file-name",
            "",
            f"the {what} '{slug}' must be lowercase letters, digits and single hyphens, "
            f"at most {MAX_SLUG} characters: rename it to '{fixed or 'my-case'}'",
        )


def parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_dates(
    doc: Document, today: date, earlier: str, later: str | None = None
) -> Iterator[Problem]:
    """``earlier`` (and ``later``) must not be in the future; ``later`` not before ``earlier``."""
    names = [earlier] + ([later] if later else [])
    for name in names:
        when = parse_date(doc.front_matter.get(name))
        if when and when > today:
            yield error(
                doc.display_path,
                doc.line_of((name,)),
                "future-date",
                name,
                f"{when} is in the future (today is {today}): use the date it happened",
            )
    if later:
        first, second = (
            parse_date(doc.front_matter.get(earlier)),
            parse_date(doc.front_matter.get(later)),
        )
        if first and second and second < first:
            yield error(
                doc.display_path,
                doc.line_of((later,)),
                "date-order",
                later,
                f"{second} is before {earlier} ({first}): '{later}' cannot come first",
            )


def heading_title(line: str) -> str | None:
    """The title of a level-two ATX heading line ("## Context", "## Context ##", "## Context
    {#context}"), else None. String work, linear in the line (a pattern with a lazy title and
    optional tails is quadratic on a long run of blanks)."""
    if not line.startswith("##") or line[2:3] not in (" ", "\t"):
        return None
    title = line[3:].rstrip(" \t").rstrip("#").rstrip(" \t")
    if title.endswith("}") and (opening := title.rfind("{")) != -1 and "\n" not in title:
        title = title[:opening].rstrip(" \t")
    title = title.lstrip(" \t")
    return title or None


def headings(doc: Document) -> list[tuple[str, int]]:
    """Level-two headings of the body with their file lines, outside code blocks."""
    body = doc.body
    if "```" in body or "~~~" in body:
        return _headings_around_fences(doc)
    # No code blocks (the common case): split at "##" line starts instead of testing each line.
    found, newlines = [], 0
    parts = ("\n" + body).split("\n##")
    for index, part in enumerate(parts):
        if index and (title := heading_title("##" + part.split("\n", 1)[0])):
            found.append((title, doc.body_line + newlines + index - 1))
        newlines += part.count("\n")
    return found


def _headings_around_fences(doc: Document) -> list[tuple[str, int]]:
    found, in_fence = [], False
    for offset, line in enumerate(doc.body.split("\n")):
        first = line[:1]
        if first == "#":
            if not in_fence and (title := heading_title(line)):
                found.append((title, doc.body_line + offset))
        elif first and first in " `~" and _FENCE.match(line):
            in_fence = not in_fence
    return found


def check_sections(doc: Document, required: Sequence[str]) -> Iterator[Problem]:
    if _sections_plainly_in_order(doc.body, required):
        return
    present = headings(doc)
    titles = [title.casefold() for title, _ in present]
    previous_index, previous_name = -1, ""
    for name in required:
        key = name.casefold()
        if key not in titles:
            yield error(
                doc.display_path,
                doc.body_line,
                "missing-section",
                "",
                f"the section '## {name}' is missing: the body needs "
                + ", ".join(f"'## {r}'" for r in required)
                + ", in that order",
            )
            continue
        index = titles.index(key)
        if index < previous_index:
            yield error(
                doc.display_path,
                present[index][1],
                "section-order",
                "",
                f"'## {name}' must come after '## {previous_name}'",
            )
        else:
            previous_index, previous_name = index, name


def _sections_plainly_in_order(body: str, required: Sequence[str]) -> bool:
    """The common case, settled with a few substring searches: no code block, no heading but
    the required ones, each written exactly ("## Context" on its own line) after the previous
    one. Anything else (more sections, other capitals, a copy) goes to the full check."""
    text, position = "\n" + body + "\n", -1
    if "```" in text or "~~~" in text or "\n##\t" in text or text.count("\n## ") != len(required):
        return False
    for name in required:
        position = text.find(f"\n## {name}\n", position + 1)
        if position == -1:
            return False
    return True
