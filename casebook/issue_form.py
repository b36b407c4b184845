"""Turn the body of a "Submit a case" issue into a case file: ``casebook import-issue``.

GitHub renders an issue form's answers as Markdown: a ``### <label>`` heading per field, then
the answer; ``_No response_`` for an empty optional field; dropdowns with several choices as
``a, b``; checkboxes as ``- [X] <label>``. ``FORM_FIELDS`` below is the one description of the
form that both this parser and the test of ``.github/ISSUE_TEMPLATE/submit-a-case.yml`` use.

The body is hostile input. It is only ever split into text: nothing is evaluated, and values go
into the front matter through a safe YAML dump. Answers are copied as given, so an unknown
country or sector becomes a validator problem with its usual suggestion; anything that cannot
be placed in the case at all (a line of a list that has no recognisable shape, text outside the
fields, a field given twice) is reported as a problem pointing at the issue's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from casebook.cases import REQUIRED_SECTIONS
from casebook.collection import display_path, load_collection
from casebook.problems import Problem, Report, error
from casebook.rules import MAX_SLUG, SLUG
from casebook.scaffold import ScaffoldError, dump_front_matter, placeholder, slugify, write_new_file
from casebook.schemas import checker
from casebook.vocabularies import is_country_code

MAX_ISSUE_BYTES = 256 * 1024  # GitHub caps an issue body at 65,536 characters
NO_RESPONSE = "_No response_"
FIELDS_SET_BY_IMPORT = ("status", "submitted")  # required case keys the form does not ask for


class IssueFormError(Exception):
    """The text cannot become a case at all (not a form's body, not UTF-8, too large)."""


@dataclass(frozen=True)
class FormField:
    id: str  # the field's id in the issue form
    label: str  # rendered by GitHub as the heading '### <label>'
    kind: str  # input, textarea, dropdown or checkboxes
    target: str  # a case key ('organization.name'), 'body:<section>', 'slug' or 'confirm'
    required: bool = True
    vocabulary: str | None = None  # dropdowns: the vocabulary whose terms are the options
    multiple: bool = False


FORM_FIELDS: tuple[FormField, ...] = (
    FormField("title", "Title of the case", "input", "title"),
    FormField("slug", "Short name for the web address", "input", "slug", required=False),
    FormField("summary", "Summary", "textarea", "summary"),
    FormField("countries", "Countries", "input", "countries"),
    FormField("organization-name", "Organisation name", "input", "organization.name"),
    FormField(
        "organization-type",
        "Organisation type",
        "dropdown",
        "organization.type",
        vocabulary="organization-type",
    ),
    FormField("sectors", "Sectors", "dropdown", "sectors", vocabulary="sector", multiple=True),
    FormField(
        "technologies",
        "Technologies",
        "dropdown",
        "technologies",
        vocabulary="technology",
        multiple=True,
    ),
    FormField(
        "sdgs",
        "Sustainable Development Goals",
        "dropdown",
        "sdgs",
        vocabulary="sdg",
        multiple=True,
    ),
    FormField("year", "Year the initiative started", "input", "year"),
    FormField("stage", "Stage", "dropdown", "stage", vocabulary="stage"),
    FormField(
        "challenges",
        "Challenges",
        "dropdown",
        "challenges",
        required=False,
        vocabulary="challenge",
        multiple=True,
    ),
    FormField("context", "Context", "textarea", "body:Context"),
    FormField("solution", "Solution", "textarea", "body:Solution"),
    FormField("results", "Results", "textarea", "body:Results"),
    FormField("lessons-learned", "Lessons learned", "textarea", "body:Lessons learned"),
    FormField("outcomes", "Measured outcomes", "textarea", "outcomes", required=False),
    FormField("sources", "Sources", "textarea", "sources"),
    FormField("contributor-name", "Your name", "input", "contributor.name"),
    FormField(
        "contributor-organization",
        "Your organisation",
        "input",
        "contributor.organization",
        required=False,
    ),
    FormField("contributor-email", "Your e-mail", "input", "contributor.email", required=False),
    FormField("license", "Licence", "dropdown", "license", vocabulary="license"),
    # GitHub requires each checkbox, not the group: the group itself is optional in the form.
    FormField("confirmations", "Confirmations", "checkboxes", "confirm", required=False),
)

# The checkbox labels of the "Confirmations" field, each of which must be ticked.
CONFIRMATIONS: tuple[str, ...] = (
    "I have the right to publish this text and its figures under the licence chosen above.",
    "The case names no private person other than me and contains no personal data of others.",
    "Every figure is backed by a listed source or is my organisation's own measurement.",
)

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKDOWN_LINK = re.compile(r"^\[(?P<title>[^\]]+)\]\(\s*(?P<url>[^)\s]+)\s*\)$")
# Every pattern over the issue body matches in time linear in the line: no lazy group before
# an optional tail (".*?\s*$" is quadratic on a long run of spaces); labels are stripped after.
_CHECKBOX = re.compile(r"^\s*-\s*\[(?P<mark>[ xX])\](?P<label>.*)$")
_NUMBER = re.compile(r"^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_WHOLE = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class Answer:
    field: FormField
    text: str  # as rendered, surrounding blank lines removed; '' for no response
    line: int  # issue line of the field's heading


@dataclass(frozen=True)
class ImportedCase:
    slug: str
    text: str  # the complete case file
    problems: tuple[Problem, ...]  # what the issue says that could not be placed in the case


def read_issue(stream: BinaryIO) -> str:
    """Read an issue body from a file or stdin without ever holding more than the limit."""
    return decode_issue(stream.read(MAX_ISSUE_BYTES + 1))


def decode_issue(raw: bytes) -> str:
    """The issue body as text; refuses what no issue form produces."""
    if len(raw) > MAX_ISSUE_BYTES:
        raise IssueFormError(
            f"the issue body is {len(raw) // 1024} KiB; an issue holds at most "
            f"{MAX_ISSUE_BYTES // 1024} KiB"
        )
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise IssueFormError(f"the issue body is not UTF-8 text (byte {exc.start})") from None


def import_issue(body: str, source: str, today: date, slug: str | None = None) -> ImportedCase:
    """The case file for an issue ``body``; ``source`` names it in problems (a file or '<stdin>');
    ``slug`` overrides the file name the issue asks for."""
    if slug is not None and (len(slug) > MAX_SLUG or not SLUG.match(slug)):
        raise IssueFormError(
            f"'{slug}' is not a slug: lowercase letters, digits and single hyphens"
        )
    answers, problems = parse_answers(body, source)
    given = {a.field.id: a for a in answers}
    front_matter: dict[str, Any] = {}
    for answer in answers:
        if answer.text and not answer.field.target.startswith(("body:", "slug", "confirm")):
            value = _value(answer, source, problems)
            if value is not None:
                _put(front_matter, answer.field.target, value)
    front_matter |= {"status": "draft", "submitted": today}
    problems.extend(_confirmation_problems(given.get("confirmations"), source))
    chosen = slug or _slug(given, source, problems)
    # Keys in the order of the case schema, where contributors and reviewers expect them.
    ordered = {key: front_matter[key] for key in checker("case").properties if key in front_matter}
    text = "---\n" + dump_front_matter(ordered) + "---\n\n" + _body(given)
    return ImportedCase(chosen, text, tuple(problems))


def parse_answers(body: str, source: str) -> tuple[list[Answer], list[Problem]]:
    """Split the body at the form's headings; text outside any field is a problem."""
    by_label = {f.label: f for f in FORM_FIELDS}
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts: list[tuple[int, FormField]] = []
    for index, line in enumerate(lines):
        heading = line[3:].strip() if line.startswith("###") and line[3:4].isspace() else ""
        if heading in by_label:
            starts.append((index, by_label[heading]))
    if not starts:
        raise IssueFormError(
            "this does not look like a 'Submit a case' issue: none of the form's headings "
            "('### Title of the case', '### Summary', ...) was found"
        )
    problems: list[Problem] = []
    leading = "\n".join(lines[: starts[0][0]]).strip()
    if leading:
        problems.append(
            error(
                source,
                1,
                "issue-unused-text",
                "",
                f"text before the first field is not part of any answer: '{_clip(leading)}'",
            )
        )
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for position, (index, form_field) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        text = "\n".join(lines[index + 1 : end]).strip("\n").strip()
        if text == NO_RESPONSE:
            text = ""
        if form_field.id in seen:
            problems.append(
                error(
                    source,
                    index + 1,
                    "issue-duplicate-field",
                    form_field.id,
                    f"'### {form_field.label}' appears twice (first on line {seen[form_field.id]}): "
                    "only the first answer is used",
                )
            )
            continue
        seen[form_field.id] = index + 1
        answers.append(Answer(form_field, text, index + 1))
    return answers, problems


def _put(front_matter: dict[str, Any], target: str, value: Any) -> None:
    if "." in target:
        parent, child = target.split(".", 1)
        front_matter.setdefault(parent, {})[child] = value
    else:
        front_matter[target] = value


def _value(answer: Answer, source: str, problems: list[Problem]) -> Any:
    target = answer.field.target
    if target == "outcomes":
        return list(_outcomes(answer, source, problems)) or None
    if target == "sources":
        return list(_sources(answer, source, problems)) or None
    text = " ".join(answer.text.split())  # one line: answers to plain fields are plain text
    if target == "countries":
        return [_country(item) for item in _items(text)]
    if answer.field.multiple:
        return [_number_or_text(item) if target == "sdgs" else item for item in _items(text)]
    if target == "year":
        return _number_or_text(text)
    return text


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;]", text) if item.strip()]


def _country(item: str) -> str:
    # Only the letter case of a real code is fixed; names stay for the validator to explain.
    return item.upper() if is_country_code(item.upper()) else item


def _number_or_text(text: str) -> Any:
    if _WHOLE.match(text):
        return int(text)
    if _NUMBER.match(text):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _answer_lines(answer: Answer) -> Iterator[tuple[int, str]]:
    """Non-empty lines of a textarea answer with their issue lines, list markers removed."""
    for offset, line in enumerate(answer.text.split("\n")):
        stripped = _LIST_ITEM.sub("", line).strip()
        if stripped:
            yield answer.line + 2 + offset, stripped


def _outcomes(answer: Answer, source: str, problems: list[Problem]) -> Iterator[dict[str, Any]]:
    names = ("metric", "value", "unit", "baseline", "year")
    for line, text in _answer_lines(answer):
        parts = [part.strip() for part in text.split("|")]
        if not 3 <= len(parts) <= 5:
            problems.append(
                error(
                    source,
                    line,
                    "issue-unreadable-line",
                    answer.field.id,
                    f"'{_clip(text)}' is not 'metric | value | unit' with an optional "
                    "'| baseline | year': this outcome was not imported",
                )
            )
            continue
        outcome: dict[str, Any] = {}
        for name, part in zip(names, parts, strict=False):
            if part:
                outcome[name] = part if name in ("metric", "unit") else _number_or_text(part)
        yield outcome


def _sources(answer: Answer, source: str, problems: list[Problem]) -> Iterator[dict[str, str]]:
    for line, text in _answer_lines(answer):
        link = _MARKDOWN_LINK.match(text)
        if link:
            yield {"title": link["title"].strip(), "url": link["url"]}
            continue
        title, bar, url = text.rpartition("|")
        if bar and title.strip() and url.strip():
            yield {"title": title.strip(), "url": url.strip()}
            continue
        problems.append(
            error(
                source,
                line,
                "issue-unreadable-line",
                answer.field.id,
                f"'{_clip(text)}' is not 'title | https://address' or '[title](https://address)': "
                "this source was not imported",
            )
        )


def _confirmation_problems(answer: Answer | None, source: str) -> Iterator[Problem]:
    ticked: set[str] = set()
    line = answer.line if answer else 1
    for text in answer.text.split("\n") if answer else ():
        match = _CHECKBOX.match(text)
        if match and match["mark"] in "xX":
            ticked.add(match["label"].strip())
    for label in CONFIRMATIONS:
        if label not in ticked:
            yield error(
                source,
                line,
                "issue-not-confirmed",
                "confirmations",
                f"not confirmed: '{label}' — a case is published only with this confirmation",
            )


def _slug(given: dict[str, Answer], source: str, problems: list[Problem]) -> str:
    asked = given.get("slug")
    title = given.get("title")
    from_title = slugify(title.text) if title else ""
    if asked and asked.text:
        wanted = asked.text.strip()
        if len(wanted) <= MAX_SLUG and SLUG.match(wanted):
            return wanted
        fallback = slugify(wanted) or from_title
        problems.append(
            error(
                source,
                asked.line,
                "issue-bad-slug",
                "slug",
                f"'{_clip(wanted)}' is not a slug (lowercase letters, digits and single hyphens): "
                f"the file is named '{fallback}.md' instead",
            )
        )
        if fallback:
            return fallback
    if from_title:
        return from_title
    raise IssueFormError(
        "the issue gives no usable title or short name, so the case file cannot be named: "
        "pass --slug"
    )


def _body(given: dict[str, Answer]) -> str:
    sections = {
        f.target.removeprefix("body:"): f.id for f in FORM_FIELDS if f.target.startswith("body:")
    }
    parts = []
    for section in REQUIRED_SECTIONS:
        answer = given.get(sections[section])
        text = answer.text if answer and answer.text else ""
        parts.append(
            f"## {section}\n\n{text or placeholder(f'the {section} section was empty in the issue')}\n"
        )
    return "\n".join(parts)


def _clip(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def form_targets() -> Sequence[str]:
    """The case keys the form fills (top-level), for checking the form against the schema."""
    return tuple(dict.fromkeys(f.target.split(".")[0] for f in FORM_FIELDS))


def save_imported_case(
    content_root: Path, imported: ImportedCase, today: date
) -> tuple[Path, Report]:
    """Write the new case file, then validate it against the whole tree. The report holds the
    import's own problems and the validator's problems for the new file."""
    path = content_root / "cases" / f"{imported.slug}.md"
    taken = sorted((content_root / "cases").rglob(f"{imported.slug}.md"))
    if taken:
        raise IssueFormError(
            f"a case named '{imported.slug}' already exists at {display_path(taken[0])}: "
            "pass --slug with another name"
        )
    try:
        write_new_file(path, imported.text)
    except ScaffoldError as exc:
        raise IssueFormError(str(exc)) from None
    _, report = load_collection(content_root, today)
    found = report.restricted_to({display_path(path)}).problems
    return path, Report.of([*imported.problems, *found])
