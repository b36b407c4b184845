"""Scoring the mini assessment: dimension scores, bands, overall and the weakest dimensions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casebook.assessments import Assessment
from casebook.collection import load_collection
from casebook.scoring import (
    AnswerError,
    rounded_mean,
    rounded_share,
    score_answers,
    weakest_dimensions,
)

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


@pytest.fixture(scope="module")
def mini() -> Assessment:
    collection, report = load_collection(MINI, today=date(2026, 11, 22))
    assert report.problems == ()
    return collection.assessments[0]


# power: power-source (0/1/2) + power-backup (0/1), max 3; skills: skills-training (0/2/4), max 4.
# Bands: starting from 0, advanced from 60.
# (id, answers, power score and band, skills score and band, overall and band, weakest)
ROWS = [
    (
        "nothing answered",
        {},
        (None, None),
        (None, None),
        (None, None),
        (),
    ),
    (
        "one dimension complete",
        {"power-source": 2, "power-backup": 1},
        (100, "advanced"),
        (None, None),
        (None, None),
        (),
    ),
    (
        "half a dimension stays open",
        {"power-source": 2, "skills-training": 0},
        (None, None),
        (0, "starting"),
        (None, None),
        ("skills",),
    ),
    (
        "lowest everywhere",
        {"power-source": 0, "power-backup": 0, "skills-training": 0},
        (0, "starting"),
        (0, "starting"),
        (0, "starting"),
        ("power", "skills"),  # a tie keeps the assessment's order
    ),
    (
        "2 of 3 rounds to 67, 2 of 4 is 50",
        {"power-source": 1, "power-backup": 1, "skills-training": 1},
        (67, "advanced"),
        (50, "starting"),
        (59, "starting"),  # (67 + 50) / 2 = 58.5 rounds half up
        ("skills",),  # the advanced dimension is not weak
    ),
    (
        "1 of 3 rounds to 33",
        {"power-source": 1, "power-backup": 0, "skills-training": 2},
        (33, "starting"),
        (100, "advanced"),
        (67, "advanced"),  # 66.5 rounds half up
        ("power",),
    ),
    (
        "everything at the top",
        {"power-source": 2, "power-backup": 1, "skills-training": 2},
        (100, "advanced"),
        (100, "advanced"),
        (100, "advanced"),
        (),
    ),
]


@pytest.mark.parametrize(
    ("answers", "power", "skills", "overall", "weakest"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_scores_bands_and_weakest(
    mini: Assessment,
    answers: dict[str, int],
    power: tuple[int | None, str | None],
    skills: tuple[int | None, str | None],
    overall: tuple[int | None, str | None],
    weakest: tuple[str, ...],
) -> None:
    result = score_answers(mini, answers)
    assert (result.score_of("power").score, result.score_of("power").band) == power
    assert (result.score_of("skills").score, result.score_of("skills").band) == skills
    assert (result.overall, result.band) == overall
    assert weakest_dimensions(mini, result) == weakest


def test_points_and_progress_are_counted(mini: Assessment) -> None:
    power = score_answers(mini, {"power-source": 2}).score_of("power")
    assert (power.answered, power.questions, power.points, power.max_points) == (1, 2, 2, 3)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"power-sauce": 0}, "'power-sauce' is not a question of this assessment"),
        (
            {"power-source": 3},
            "the answer to 'power-source' is option 3, but it has options 0 to 2",
        ),
        ({"power-source": -1}, "option -1"),
        ({"power-source": True}, "is not an option number"),
    ],
)
def test_answers_it_cannot_score_are_refused(
    mini: Assessment, answers: dict[str, int], message: str
) -> None:
    with pytest.raises(AnswerError, match=message):
        score_answers(mini, answers)


@pytest.mark.parametrize(
    ("part", "whole", "share"),
    [
        (0, 3, 0),
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),
        (3, 8, 38),
        (1, 200, 1),
        (1, 201, 0),
        (3, 3, 100),
    ],
)
def test_rounded_share_rounds_half_up(part: int, whole: int, share: int) -> None:
    assert rounded_share(part, whole) == share


@pytest.mark.parametrize(
    ("values", "mean"),
    [((0,), 0), ((67, 50), 59), ((33, 100), 67), ((1, 2, 2), 2), ((10, 11, 11, 11), 11)],
)
def test_rounded_mean_rounds_half_up(values: tuple[int, ...], mean: int) -> None:
    assert rounded_mean(values) == mean


def test_weakest_takes_at_most_two(mini: Assessment) -> None:
    result = score_answers(mini, {"power-source": 0, "power-backup": 0, "skills-training": 0})
    assert weakest_dimensions(mini, result, count=1) == ("power",)
