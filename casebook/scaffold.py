"""Start a new content file: ``casebook new case|course|module|guideline``.

Each kind has a list of questions (the essentials). An answer comes from a command-line option
or, at a terminal, from the contributor, and is checked against the vocabularies at once: a bad
answer is asked again, or, when nobody can be asked, reported with every other bad or missing
answer in one ``ScaffoldError``. Whatever the contributor cannot know yet becomes a placeholder
``[[TODO: what to write]]``; the validator reports each one as an error, so a file is never
merged half-written.

Building the file text is pure (``render``, ``target_path``); ``write_new_file`` is the writer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from casebook.collection import load_collection
from casebook.courses import MODULE_FILE
from casebook.markup import PLACEHOLDER
from casebook.rules import MAX_SLUG, SLUG
from casebook.schemas import FORMATS
from casebook.vocabularies import countries, suggest_country, suggest_term, vocabulary

KINDS = ("case", "course", "module", "guideline")
DEFAULT_LICENSE = "CC-BY-4.0"

# Plain text only: the validator refuses template syntax and HTML tags in front matter anyway,
# but a contributor should hear it while answering, not after the file is written.
_NOT_PLAIN = re.compile(r"\{\{|\{%|\{#|<\s*/?\s*[a-zA-Z!]|\[\[")
_SEPARATOR = re.compile(r"[,;]")


class InvalidAnswer(ValueError):
    """One answer that cannot be used; the message says what is expected."""


class ScaffoldError(Exception):
    """Every reason the file cannot be written, one per line."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = tuple(reasons)


def placeholder(what: str) -> str:
    """The marker for a value the contributor still has to write."""
    return f"{PLACEHOLDER}: {what}]]"


@dataclass(frozen=True)
class Context:
    """What the answers are checked against: the existing tree and today's date."""

    today: date
    case_slugs: frozenset[str] = frozenset()
    guideline_slugs: frozenset[str] = frozenset()
    courses: tuple[str, ...] = ()
    modules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # course -> file stems
    published_cases: tuple[str, ...] = ()


def read_context(content_root: Path, today: date) -> Context:
    """Slugs and courses already in ``content_root``, and the cases a guideline may cite."""
    collection, _ = load_collection(content_root, today)
    course_root = content_root / "courses"
    courses = tuple(
        sorted(p.parent.name for p in course_root.glob("*/index.md"))
        if course_root.is_dir()
        else ()
    )
    return Context(
        today=today,
        case_slugs=frozenset(p.stem for p in (content_root / "cases").rglob("*.md")),
        guideline_slugs=frozenset(p.stem for p in (content_root / "guidelines").glob("*.md")),
        courses=courses,
        modules={
            course: tuple(sorted(p.stem for p in (course_root / course).glob("*.md")))
            for course in courses
        },
        published_cases=tuple(c.slug for c in collection.published_cases),
    )


Answers = Mapping[str, Any]
Parse = Callable[[str, Context, Answers], Any]
Default = Callable[[Context, Answers], str | None]


def _no_default(context: Context, answers: Answers) -> str | None:
    return None


@dataclass(frozen=True)
class Question:
    name: str  # the key of the answer and the command-line option (--organization-type)
    prompt: str
    parse: Parse
    many: bool = False  # one or more answers, comma-separated or a repeated option
    optional: bool = False  # may stay unanswered: a placeholder or nothing is written
    default: Default = _no_default
    choices: Callable[[Context, Answers], Sequence[str]] | None = None
    needed: str = ""  # what to say when a required answer is missing and nobody can be asked
    vocabulary: str = ""  # the vocabulary the answers come from, listed by --help

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


# --- answers: each parser returns the value to write or raises InvalidAnswer --------------------


def slugify(text: str) -> str:
    """'Solar kiosks in Kenya!' -> 'solar-kiosks-in-kenya' (accents dropped, at most 80 chars)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0]
    return slug


def _plain_text(text: str, low: int, high: int) -> str:
    value = " ".join(text.split())
    if not low <= len(value) <= high:
        raise InvalidAnswer(f"{len(value)} characters; write {low} to {high}")
    if _NOT_PLAIN.search(value):
        raise InvalidAnswer("write plain text: no HTML tags, '{{', '{%' or '[['")
    return value


def parse_title(text: str, context: Context, answers: Answers) -> str:
    return _plain_text(text, 10, 150)


def parse_module_title(text: str, context: Context, answers: Answers) -> str:
    return _plain_text(text, 5, 150)


def parse_name(text: str, context: Context, answers: Answers) -> str:
    return _plain_text(text, 2, 200)


def _taken_slugs(context: Context, answers: Answers) -> frozenset[str]:
    kind = answers.get("kind")
    if kind == "case":
        return context.case_slugs
    if kind == "guideline":
        return context.guideline_slugs
    if kind == "course":
        return frozenset(context.courses)
    return frozenset()


def parse_slug(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if len(value) > MAX_SLUG or not SLUG.match(value):
        suggestion = slugify(value)
        hint = f": try '{suggestion}'" if suggestion else ""
        raise InvalidAnswer(
            f"'{value}' is not a slug: lowercase letters, digits and single hyphens, "
            f"at most {MAX_SLUG} characters{hint}"
        )
    if value in _taken_slugs(context, answers):
        raise InvalidAnswer(f"'{value}' is already taken: choose another")
    return value


def _slug_from_title(context: Context, answers: Answers) -> str | None:
    title = answers.get("title")
    return slugify(title) if isinstance(title, str) and slugify(title) else None


def parse_country(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if value.upper() in countries():
        return value.upper()
    hint = suggest_country(value) or "use an ISO 3166-1 alpha-2 code such as KE, ZA or CN"
    raise InvalidAnswer(f"'{value}' is not a country code: {hint}")


def term_parser(vocabulary_name: str) -> Parse:
    """A parser accepting the terms of one vocabulary (any letter case)."""

    def parse(text: str, context: Context, answers: Answers) -> str:
        terms = vocabulary(vocabulary_name).terms
        value = text.strip()
        for term in terms:
            if value.lower() == term.lower():
                return term
        hint = suggest_term(value, terms, vocabulary(vocabulary_name).synonyms)
        raise InvalidAnswer(
            f"'{value}' is not a known {vocabulary(vocabulary_name).title.lower()}: "
            + (hint or "expected one of: " + ", ".join(terms))
        )

    return parse


def _terms(vocabulary_name: str) -> Callable[[Context, Answers], Sequence[str]]:
    return lambda context, answers: vocabulary(vocabulary_name).terms


def _whole_number(text: str, low: int, high: int) -> int:
    value = text.strip()
    if not re.fullmatch(r"\d{1,4}", value):
        raise InvalidAnswer(f"'{value}' is not a whole number from {low} to {high}")
    number = int(value)
    if not low <= number <= high:
        raise InvalidAnswer(f"{number} is out of range: write {low} to {high}")
    return number


def parse_sdg(text: str, context: Context, answers: Answers) -> int:
    return _whole_number(text, 1, 17)


def parse_year(text: str, context: Context, answers: Answers) -> int:
    return _whole_number(text, 1990, context.today.year + 1)


def parse_duration(text: str, context: Context, answers: Answers) -> int:
    return _whole_number(text, 5, 600)


def parse_email(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if not value or not FORMATS["email"](value):
        raise InvalidAnswer(f"'{value}' is not an e-mail address")
    return value


def parse_language(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if not value or not FORMATS["bcp47"](value):
        raise InvalidAnswer(f"'{value}' is not a BCP 47 language tag: e.g. en, fr, zh-Hans, sw-KE")
    return value


def parse_course(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if value not in context.courses:
        known = ", ".join(context.courses) or "none yet: run 'casebook new course' first"
        raise InvalidAnswer(f"'{value}' is not a course folder; courses: {known}")
    return value


def _only_course(context: Context, answers: Answers) -> str | None:
    return context.courses[0] if len(context.courses) == 1 else None


def _module_numbers(context: Context, answers: Answers) -> set[int]:
    stems = context.modules.get(str(answers.get("course")), ())
    return {int(m.group(1)) for stem in stems if (m := MODULE_FILE.match(stem))}


def parse_module_number(text: str, context: Context, answers: Answers) -> int:
    number = _whole_number(text, 1, 99)
    if number in _module_numbers(context, answers):
        raise InvalidAnswer(f"module {number:02d} already exists in this course: choose another")
    return number


def _next_module_number(context: Context, answers: Answers) -> str | None:
    return str(max(_module_numbers(context, answers), default=0) + 1)


def parse_published_case(text: str, context: Context, answers: Answers) -> str:
    value = text.strip()
    if value in context.published_cases:
        return value
    hint = suggest_term(value, context.published_cases)
    raise InvalidAnswer(
        f"'{value}' is not a published case" + (f": {hint}" if hint else ": give a case's slug")
    )


def _license_default(context: Context, answers: Answers) -> str | None:
    return DEFAULT_LICENSE


def _english(context: Context, answers: Answers) -> str | None:
    return "en"


# --- the questions of each kind -----------------------------------------------------------------

_TITLE = Question(
    "title",
    "Title (plain language, 10 to 150 characters)",
    parse_title,
    optional=True,
)
_SLUG = Question(
    "slug",
    "Slug: the permanent file name (lowercase letters, digits, hyphens)",
    parse_slug,
    default=_slug_from_title,
    needed="--title or --slug is needed: the slug is the file name",
)
_LICENSE = Question(
    "license",
    "Licence",
    term_parser("license"),
    default=_license_default,
    choices=_terms("license"),
    vocabulary="license",
)
_SDGS = Question(
    "sdg",
    "Sustainable Development Goals (numbers 1 to 17)",
    parse_sdg,
    many=True,
    choices=lambda c, a: [f"{n} {vocabulary('sdg').label(n)}" for n in range(1, 18)],
)

QUESTIONS: dict[str, tuple[Question, ...]] = {
    "case": (
        _TITLE,
        _SLUG,
        Question("country", "Countries (ISO codes such as KE, ZA, CN)", parse_country, many=True),
        Question("organization", "Organisation name", parse_name, optional=True),
        Question(
            "organization_type",
            "Organisation type",
            term_parser("organization-type"),
            choices=_terms("organization-type"),
            vocabulary="organization-type",
        ),
        Question(
            "sector",
            "Sectors",
            term_parser("sector"),
            many=True,
            choices=_terms("sector"),
            vocabulary="sector",
        ),
        Question(
            "technology",
            "Technologies",
            term_parser("technology"),
            many=True,
            choices=_terms("technology"),
            vocabulary="technology",
        ),
        _SDGS,
        Question("year", "Year the initiative started", parse_year),
        Question(
            "stage", "Stage", term_parser("stage"), choices=_terms("stage"), vocabulary="stage"
        ),
        Question(
            "challenge",
            "Challenges (optional)",
            term_parser("challenge"),
            many=True,
            optional=True,
            choices=_terms("challenge"),
            vocabulary="challenge",
        ),
        Question(
            "contributor", "Your name (as it will appear on the page)", parse_name, optional=True
        ),
        Question("email", "Your e-mail (optional; it will be public)", parse_email, optional=True),
        _LICENSE,
    ),
    "course": (
        _TITLE,
        _SLUG,
        Question(
            "level", "Level", term_parser("level"), choices=_terms("level"), vocabulary="level"
        ),
        Question(
            "audience",
            "Audience",
            term_parser("learner-audience"),
            many=True,
            choices=_terms("learner-audience"),
            vocabulary="learner-audience",
        ),
        Question("language", "Language (BCP 47 tag)", parse_language, default=_english),
        Question("provider", "Provider (who offers the course)", parse_name, optional=True),
        _LICENSE,
    ),
    "module": (
        Question("course", "Course (its folder name)", parse_course, default=_only_course),
        Question(
            "number",
            "Module number (its place in the course)",
            parse_module_number,
            default=_next_module_number,
        ),
        Question("title", "Title (5 to 150 characters)", parse_module_title, optional=True),
        Question(
            "slug",
            "Slug: the file name after the number (lowercase letters, digits, hyphens)",
            parse_slug,
            default=_slug_from_title,
            needed="--title or --slug is needed: the slug is the file name",
        ),
        Question("duration", "Duration in minutes (5 to 600)", parse_duration),
    ),
    "guideline": (
        _TITLE,
        _SLUG,
        Question(
            "instrument",
            "Policy instrument",
            term_parser("instrument"),
            choices=_terms("instrument"),
            vocabulary="instrument",
        ),
        Question(
            "audience",
            "Audience",
            term_parser("policy-audience"),
            many=True,
            choices=_terms("policy-audience"),
            vocabulary="policy-audience",
        ),
        Question(
            "evidence",
            "Evidence: slugs of published cases that support it",
            parse_published_case,
            many=True,
            choices=lambda c, a: c.published_cases,
        ),
        Question(
            "sdg",
            "Sustainable Development Goals (optional, numbers 1 to 17)",
            parse_sdg,
            many=True,
            optional=True,
        ),
    ),
}


def option_names() -> tuple[str, ...]:
    """Every answer that has a command-line option, across the kinds, in first-asked order."""
    return tuple(dict.fromkeys(q.name for kind in KINDS for q in QUESTIONS[kind]))


def many_valued(name: str) -> bool:
    return any(q.many for kind in KINDS for q in QUESTIONS[kind] if q.name == name)


def option_help(name: str) -> str:
    """The command-line help of an answer: its question, and which kinds ask it."""
    kinds = [kind for kind in KINDS if any(q.name == name for q in QUESTIONS[kind])]
    first = next(q for kind in kinds for q in QUESTIONS[kind] if q.name == name)
    repeat = "; repeat or separate with commas for several" if first.many else ""
    # One list of allowed values per vocabulary: --audience takes a course's or a guideline's.
    by_vocabulary: dict[str, list[str]] = {}
    for kind in kinds:
        for question in QUESTIONS[kind]:
            if question.name == name and question.vocabulary:
                by_vocabulary.setdefault(question.vocabulary, []).append(kind)
    if len(by_vocabulary) == 1:
        [vocabulary_name] = by_vocabulary
        return f"{first.prompt}{repeat}; one of: {_listed(vocabulary_name)} ({', '.join(kinds)})"
    allowed = "; ".join(
        f"for a {' or '.join(users)}, one of: {_listed(vocabulary_name)}"
        for vocabulary_name, users in by_vocabulary.items()
    )
    return f"{first.prompt}{repeat}" + (f"; {allowed}" if allowed else f" ({', '.join(kinds)})")


def _listed(vocabulary_name: str) -> str:
    return ", ".join(vocabulary(vocabulary_name).terms)


# --- collecting the answers ---------------------------------------------------------------------

Ask = Callable[[str], str]
Tell = Callable[[str], None]
Given = Mapping[str, str | Sequence[str]]


def collect_answers(
    kind: str, given: Given, context: Context, ask: Ask | None = None, tell: Tell = print
) -> dict[str, Any]:
    """The checked answers for ``kind``: from ``given`` (command-line options) first, then from
    ``ask`` until valid, or from defaults when ``ask`` is None. Raises ``ScaffoldError`` with
    every bad or missing answer when nobody can be asked."""
    questions = QUESTIONS[kind]
    names = {q.name for q in questions}
    reasons = [
        f"--{name.replace('_', '-')} does not apply to a {kind}"
        for name in given
        if name not in names
    ]
    answers: dict[str, Any] = {"kind": kind}
    for question in questions:
        raw = given.get(question.name)
        items = _split([raw] if isinstance(raw, str) else list(raw or ()), question.many)
        if items:
            try:
                answers[question.name] = _parse_all(question, items, context, answers)
            except InvalidAnswer as exc:
                reasons.append(f"{question.option}: {exc}")
        elif ask is not None:
            answers[question.name] = _ask_until_valid(question, context, answers, ask, tell)
        else:
            default = question.default(context, answers)
            if default is not None:
                try:
                    answers[question.name] = _parse_all(question, [default], context, answers)
                except InvalidAnswer as exc:
                    reasons.append(f"{question.option}: {exc}")
            elif question.optional:
                answers[question.name] = () if question.many else None
            else:
                reasons.append(_missing(question, context, answers))
    if reasons:
        raise ScaffoldError(reasons)
    return answers


def _missing(question: Question, context: Context, answers: Answers) -> str:
    if question.needed:
        return question.needed
    choices = question.choices(context, answers) if question.choices else ()
    which = "one or more of" if question.many else "one of"
    listed = f"; {which}: {', '.join(choices)}" if choices else ""
    return f"{question.option} is needed: {question.prompt}{listed}"


def _split(items: Sequence[str], many: bool) -> list[str]:
    if not many:
        return [item for item in items if item.strip()]
    return [part.strip() for item in items for part in _SEPARATOR.split(item) if part.strip()]


def _parse_all(question: Question, items: Sequence[str], context: Context, answers: Answers) -> Any:
    values = [question.parse(item, context, answers) for item in items]
    if not question.many:
        return values[-1]
    return tuple(dict.fromkeys(values))  # each value once, in the order given


def _ask_until_valid(
    question: Question, context: Context, answers: Answers, ask: Ask, tell: Tell
) -> Any:
    default = question.default(context, answers)
    if question.choices is not None:
        which = "one or more of" if question.many else "one of"
        tell(f"{question.prompt}, {which}: " + ", ".join(question.choices(context, answers)))
    prompt = question.prompt + (" (several: separate with commas)" if question.many else "")
    prompt += (
        f" [{default}]"
        if default is not None
        else (" [leave empty to skip]" if question.optional else "")
    )
    while True:
        reply = ask(prompt + ": ").strip()
        if not reply and default is not None:
            reply = default
        if not reply:
            if question.optional:
                return () if question.many else None
            tell("  an answer is needed")
            continue
        try:
            return _parse_all(question, _split([reply], question.many), context, answers)
        except InvalidAnswer as exc:
            tell(f"  {exc}")


# --- the file -----------------------------------------------------------------------------------


def target_path(content_root: Path, answers: Answers) -> Path:
    kind, slug = str(answers["kind"]), str(answers["slug"])
    if kind == "case":
        return content_root / "cases" / f"{slug}.md"
    if kind == "guideline":
        return content_root / "guidelines" / f"{slug}.md"
    if kind == "course":
        return content_root / "courses" / slug / "index.md"
    course, number = str(answers["course"]), int(answers["number"])
    return content_root / "courses" / course / f"{number:02d}-{slug}.md"


def render(answers: Answers, today: date) -> str:
    """The complete file text for the answers of one kind."""
    renderers: dict[str, Callable[[Answers, date], tuple[dict[str, Any], str]]] = {
        "case": _case,
        "course": _course,
        "module": _module,
        "guideline": _guideline,
    }
    front_matter, body = renderers[answers["kind"]](answers, today)
    return "---\n" + dump_front_matter(front_matter) + "---\n\n" + body


def _or_placeholder(value: Any, what: str) -> Any:
    return placeholder(what) if value is None else value


def _sections(sections: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f"## {title}\n\n{placeholder(what)}\n" for title, what in sections)


def _case(answers: Answers, today: date) -> tuple[dict[str, Any], str]:
    contributor: dict[str, Any] = {
        "name": _or_placeholder(answers["contributor"], "your name, as it will appear on the page")
    }
    if answers["email"]:
        contributor["email"] = answers["email"]
    front_matter: dict[str, Any] = {
        "title": _or_placeholder(
            answers["title"], "a plain-language title of 10 to 150 characters"
        ),
        "summary": placeholder(
            "two or three plain sentences, 50 to 400 characters: who did what, where, "
            "and what changed"
        ),
        "countries": list(answers["country"]),
        "organization": {
            "name": _or_placeholder(answers["organization"], "the name of the organisation"),
            "type": answers["organization_type"],
        },
        "sectors": list(answers["sector"]),
        "technologies": list(answers["technology"]),
        "sdgs": list(answers["sdg"]),
        "year": answers["year"],
        "stage": answers["stage"],
    }
    if answers["challenge"]:
        front_matter["challenges"] = list(answers["challenge"])
    front_matter |= {
        "sources": [],
        "contributor": contributor,
        "license": answers["license"],
        "status": "draft",
        "submitted": today,
    }
    body = _sections(
        (
            (
                "Context",
                "the situation before the project: who, where, which problem, and why it mattered",
            ),
            (
                "Solution",
                "what was done, with which technology, by whom, and how it reached people",
            ),
            (
                "Results",
                "what changed, with figures and dates where you have them; put measured figures "
                "in the outcomes list of the front matter and the reports that back them in sources "
                "(a title and an https address each)",
            ),
            (
                "Lessons learned",
                "what worked, what did not, and what others should know before trying the same",
            ),
        )
    )
    return front_matter, body


def _course(answers: Answers, today: date) -> tuple[dict[str, Any], str]:
    front_matter: dict[str, Any] = {
        "title": _or_placeholder(
            answers["title"], "a plain-language title of 10 to 150 characters"
        ),
        "summary": placeholder(
            "two or three plain sentences, 50 to 400 characters: who the course is for and "
            "what it covers"
        ),
        "level": answers["level"],
        "audience": list(answers["audience"]),
        "language": answers["language"],
        "provider": _or_placeholder(answers["provider"], "who offers the course"),
        "outcomes": [placeholder("what a learner can do after the course, starting with a verb")],
        "license": answers["license"],
        "status": "draft",
    }
    body = (
        placeholder(
            "an introduction: who the course is for, what it covers, how long it takes and what "
            "learners need before they start"
        )
        + "\n"
    )
    return front_matter, body


def _module(answers: Answers, today: date) -> tuple[dict[str, Any], str]:
    front_matter: dict[str, Any] = {
        "title": _or_placeholder(answers["title"], "a title of 5 to 150 characters"),
        "duration_minutes": answers["duration"],
        "objectives": [
            placeholder("what a learner can do after this module, starting with a verb")
        ],
    }
    body = _sections(
        (
            ("Introduction", "why this topic matters to the learner, in two or three sentences"),
            (
                "Key ideas",
                "the lesson in short paragraphs; list the slugs of cases from the collection "
                "that illustrate it under cases in the front matter",
            ),
            ("What to take from this module", "the two or three points to remember"),
        )
    )
    return front_matter, body


def _guideline(answers: Answers, today: date) -> tuple[dict[str, Any], str]:
    front_matter: dict[str, Any] = {
        "title": _or_placeholder(
            answers["title"], "the recommendation as a title of 10 to 150 characters"
        ),
        "summary": placeholder(
            "two or three plain sentences, 50 to 400 characters: who should do what, and why"
        ),
        "instrument": answers["instrument"],
        "audience": list(answers["audience"]),
        "evidence": list(answers["evidence"]),
    }
    if answers["sdg"]:
        front_matter["sdgs"] = list(answers["sdg"])
    front_matter |= {"status": "draft", "updated": today}
    body = _sections(
        (
            ("Recommendation", "what the audience should do, in plain words"),
            ("Why", "the problem this solves, with its source"),
            ("How to implement", "the practical steps, as a numbered list"),
            ("Evidence from the collection", "what the cited cases show, one paragraph each"),
        )
    )
    return front_matter, body


class _FrontMatterDumper(yaml.SafeDumper):
    """The house style of content/: lists of short plain values on one line (countries: [KE]),
    everything else in indented blocks, one line per value however long."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(
        isinstance(item, (int, float)) or (isinstance(item, str) and " " not in item)
        for item in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FrontMatterDumper.add_representer(list, _represent_list)


def dump_front_matter(front_matter: Mapping[str, Any]) -> str:
    """YAML in the given key order; dates come out as YYYY-MM-DD."""
    return yaml.dump(
        dict(front_matter),
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to a new file; never overwrite one that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError([f"{path} already exists: refusing to overwrite it"]) from None
