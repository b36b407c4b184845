"""Scoring a self-assessment: answers in, a score per dimension and overall with its band out.

Pure functions over ``casebook.assessments.Assessment``. The page's script
(``casebook/site/assets/assessment.js``) does the same arithmetic, and a browser test holds the
two equal: all of it is whole numbers, rounded half up, so neither language's floating point
can make them disagree.

* A dimension's score is its points as a share of the most it could have, 0 to 100; it has a
  score only once every one of its questions is answered.
* The overall score is the mean of the dimension scores, once every dimension has one.
* A score's band is the last band whose ``from`` it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from casebook.assessments import Assessment, Band

# How many of the weakest dimensions recommendations look at.
WEAKEST_COUNT = 2


class AnswerError(ValueError):
    """An answer that the assessment cannot score (unknown question, no such option)."""


@dataclass(frozen=True)
class DimensionScore:
    dimension: str  # the dimension's id
    answered: int  # how many of its questions have an answer
    questions: int
    points: int
    max_points: int
    score: int | None  # 0 to 100, None until every question is answered
    band: str | None  # the band's id


@dataclass(frozen=True)
class Result:
    dimensions: tuple[DimensionScore, ...]
    overall: int | None  # None until every dimension has a score
    band: str | None

    def score_of(self, dimension: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.dimension == dimension)


def rounded_share(part: int, whole: int) -> int:
    """``100 * part / whole`` rounded half up, in whole numbers."""
    if whole <= 0:
        raise ValueError(f"a share of {whole} points is undefined")
    return (200 * part + whole) // (2 * whole)


def rounded_mean(values: tuple[int, ...]) -> int:
    """The mean of ``values`` rounded half up, in whole numbers."""
    return (2 * sum(values) + len(values)) // (2 * len(values))


def band_for(bands: tuple[Band, ...], score: int) -> Band:
    """The last band whose start ``score`` reaches (the first band starts at 0)."""
    reached = [band for band in bands if score >= band.start]
    return reached[-1] if reached else bands[0]


def check_answers(assessment: Assessment, answers: Mapping[str, int]) -> list[str]:
    """Why ``answers`` (question id -> option index, from 0) cannot be scored; empty if they can."""
    questions = {q.id: q for q in assessment.questions}
    reasons = []
    for question_id, choice in answers.items():
        question = questions.get(question_id)
        if question is None:
            reasons.append(f"'{question_id}' is not a question of this assessment")
        elif not isinstance(choice, int) or isinstance(choice, bool):
            reasons.append(f"the answer to '{question_id}' is not an option number")
        elif not 0 <= choice < len(question.options):
            reasons.append(
                f"the answer to '{question_id}' is option {choice}, but it has options 0 to "
                f"{len(question.options) - 1}"
            )
    return reasons


def score_answers(assessment: Assessment, answers: Mapping[str, int]) -> Result:
    """Score ``answers``; unanswered questions leave their dimension (and the overall) open."""
    reasons = check_answers(assessment, answers)
    if reasons:
        raise AnswerError("; ".join(reasons))
    scores = []
    for dimension in assessment.dimensions:
        chosen = [
            question.options[answers[question.id]].score
            for question in dimension.questions
            if question.id in answers
        ]
        complete = len(chosen) == len(dimension.questions)
        score = rounded_share(sum(chosen), dimension.max_score) if complete else None
        scores.append(
            DimensionScore(
                dimension=dimension.id,
                answered=len(chosen),
                questions=len(dimension.questions),
                points=sum(chosen),
                max_points=dimension.max_score,
                score=score,
                band=None if score is None else band_for(assessment.bands, score).id,
            )
        )
    values = tuple(s.score for s in scores if s.score is not None)
    overall = rounded_mean(values) if len(values) == len(scores) else None
    return Result(
        dimensions=tuple(scores),
        overall=overall,
        band=None if overall is None else band_for(assessment.bands, overall).id,
    )


def weakest_dimensions(
    assessment: Assessment, result: Result, count: int = WEAKEST_COUNT
) -> tuple[str, ...]:
    """Up to ``count`` scored dimensions below the top band, lowest score first (ties in the
    assessment's order): what recommendations are about."""
    top = assessment.bands[-1].id
    ranked = sorted(
        (
            (score.score, index, score.dimension)
            for index, score in enumerate(result.dimensions)
            if score.score is not None and score.band != top
        ),
    )
    return tuple(dimension for _, _, dimension in ranked[:count])
