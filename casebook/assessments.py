"""Self-assessments: the model, and the checks an assessment needs beyond its schema.

An assessment (``content/assessments/<slug>.md``) is a questionnaire an SME answers about
itself: dimensions of questions whose options carry points, bands naming score ranges, and the
vocabulary terms a weak dimension points to. Scoring is ``casebook.scoring``; what to read next
is ``casebook.recommend``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from casebook.documents import Document
from casebook.problems import Problem, error
from casebook.render import RenderedText
from casebook.rules import check_dates, parse_date

if TYPE_CHECKING:
    from casebook.translations import Translation

# What an exported result says it is (assessment.js writes it; casebook.survey reads it).
RESULT_FORMAT = "casebook-assessment-result"


@dataclass(frozen=True)
class Option:
    text: str
    score: int


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    options: tuple[Option, ...]

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    start: int  # the lowest score (0 to 100) in the band
    description: str


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    # The vocabulary terms a low score here points to.
    challenges: tuple[str, ...]
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]

    @property
    def max_score(self) -> int:
        return sum(question.max_score for question in self.questions)


@dataclass(frozen=True)
class Assessment:
    slug: str
    path: str
    title: str
    summary: str
    version: int
    status: str
    updated: date
    example: bool
    bands: tuple[Band, ...]
    dimensions: tuple[Dimension, ...]
    body: str
    rendered: RenderedText  # the introduction, rendered and sanitised once (casebook.render)
    # Its translations, by language (casebook.translations; the site uses localize()).
    translations: tuple[Translation, ...] = field(default=(), compare=False)

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)


def check_assessment(doc: Document, today: date) -> Iterator[Problem]:
    """What the schema cannot say: unique ids, bands that start at 0 and rise, questions that
    can score, dimensions that point somewhere."""
    fm = doc.front_matter
    yield from check_dates(doc, today, "updated")
    yield from _check_bands(doc, fm.get("bands"))
    dimensions = fm.get("dimensions")
    if not isinstance(dimensions, list):
        return
    dimension_locations: list[tuple[str | int, ...]] = [
        ("dimensions", i) for i in range(len(dimensions))
    ]
    yield from _unique_ids(doc, "dimensions", dimension_locations)
    question_locations: list[tuple[str | int, ...]] = [
        ("dimensions", d, "questions", q)
        for d, dimension in enumerate(dimensions)
        if isinstance(dimension, dict) and isinstance(dimension.get("questions"), list)
        for q in range(len(dimension["questions"]))
    ]
    # Answers are kept by question id across the whole assessment, so ids are unique in it.
    yield from _unique_ids(doc, "questions", question_locations)
    for d, dimension in enumerate(dimensions):
        if not isinstance(dimension, dict):
            continue
        points_to = dimension.get("points_to")
        if isinstance(points_to, dict) and not any(points_to.get(k) for k in points_to):
            yield error(
                doc.display_path,
                doc.line_of(("dimensions", d, "points_to")),
                "no-terms",
                f"dimensions[{d}].points_to",
                "name at least one challenge, technology or sector that a low score in this "
                "dimension points to: recommendations are made from them",
            )
    for place in question_locations:
        question = _at(fm, place)
        options = question.get("options") if isinstance(question, dict) else None
        scores = [o.get("score") for o in options or () if isinstance(o, dict)]
        if scores and all(isinstance(s, int) and s == 0 for s in scores):
            yield error(
                doc.display_path,
                doc.line_of((*place, "options")),
                "question-cannot-score",
                _field(place) + ".options",
                "every option scores 0: give the best answer more points than the others",
            )


def _at(value: Any, location: tuple[str | int, ...]) -> Any:
    for key in location:
        value = value[key]
    return value


def _unique_ids(
    doc: Document, what: str, locations: Sequence[tuple[str | int, ...]]
) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for location in locations:
        item = _at(doc.front_matter, location)
        identifier = item.get("id") if isinstance(item, dict) else None
        if not isinstance(identifier, str):
            continue
        line = doc.line_of((*location, "id"))
        if identifier in seen:
            yield error(
                doc.display_path,
                line,
                "duplicate-id",
                _field(location) + ".id",
                f"the id '{identifier}' is already used on line {seen[identifier]}: "
                f"give each of the {what} its own id",
            )
        else:
            seen[identifier] = line


def _field(location: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)[1:]


def _check_bands(doc: Document, bands: object) -> Iterator[Problem]:
    if not isinstance(bands, list):
        return
    band_locations: list[tuple[str | int, ...]] = [("bands", i) for i in range(len(bands))]
    yield from _unique_ids(doc, "bands", band_locations)
    starts = [b.get("from") if isinstance(b, dict) else None for b in bands]
    if starts and isinstance(starts[0], int) and starts[0] != 0:
        yield error(
            doc.display_path,
            doc.line_of(("bands", 0, "from")),
            "band-start",
            "bands[0].from",
            f"the first band starts at {starts[0]}: it must start at 0 so every score has a band",
        )
    for index in range(1, len(starts)):
        before, this = starts[index - 1], starts[index]
        if isinstance(before, int) and isinstance(this, int) and this <= before:
            yield error(
                doc.display_path,
                doc.line_of(("bands", index, "from")),
                "band-order",
                f"bands[{index}].from",
                f"{this} does not rise above the band before ({before}): list bands lowest first",
            )


def assessment_from_document(doc: Document, slug: str, rendered: RenderedText) -> Assessment:
    """Build the model from a document that passed every check."""
    fm: dict[str, Any] = doc.front_matter
    updated = parse_date(fm["updated"])
    assert updated is not None  # guaranteed by the schema's date format
    return Assessment(
        slug=slug,
        path=doc.display_path,
        title=fm["title"],
        summary=fm["summary"],
        version=fm["version"],
        status=fm["status"],
        updated=updated,
        example=bool(fm.get("example", False)),
        bands=tuple(Band(b["id"], b["label"], b["from"], b["description"]) for b in fm["bands"]),
        dimensions=tuple(
            Dimension(
                id=d["id"],
                title=d["title"],
                description=d["description"],
                questions=tuple(
                    Question(
                        q["id"],
                        q["text"],
                        q.get("help", ""),
                        tuple(Option(o["text"], o["score"]) for o in q["options"]),
                    )
                    for q in d["questions"]
                ),
                challenges=tuple(d["points_to"].get("challenges", ())),
                technologies=tuple(d["points_to"].get("technologies", ())),
                sectors=tuple(d["points_to"].get("sectors", ())),
            )
            for d in fm["dimensions"]
        ),
        body=doc.body,
        rendered=rendered,
    )
