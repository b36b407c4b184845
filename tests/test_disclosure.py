"""Which groups a summary hides: no cell of respondents (alike in every grouping's shown group
or hidden lot) is small, however the groupings cross."""

from __future__ import annotations

from collections import Counter

import pytest

from casebook.disclosure import groups_to_hide

Lots = list[tuple[int, tuple[str, ...]]]


def profiles(lots: Lots) -> list[tuple[str, ...]]:
    return [profile for count, profile in lots for _ in range(count)]


def cells(lots: Lots, hidden: tuple[frozenset[str], ...]) -> Counter[tuple[str | None, ...]]:
    found: Counter[tuple[str | None, ...]] = Counter()
    for count, profile in lots:
        found[tuple(None if g in hidden[i] else g for i, g in enumerate(profile))] += count
    return found


@pytest.mark.parametrize(
    ("lots", "expected"),
    [
        # Nothing small: nothing hidden.
        ([(5, ("A", "x")), (5, ("B", "y"))], [set(), set()]),
        # A small group, and the smallest other with it (its complement).
        ([(9, ("A", "x")), (5, ("B", "x")), (1, ("C", "x"))], [{"B", "C"}, set()]),
        # Region A minus sector x (inside it) would leave one respondent: A goes, with B,
        # fewer respondents to hide than both sectors.
        (
            [(6, ("A", "x")), (1, ("A", "y")), (5, ("B", "y")), (5, ("C", "y"))],
            [{"A", "B"}, set()],
        ),
        # Too few in all: everything hidden.
        ([(2, ("A", "x")), (1, ("B", "y"))], [{"A", "B"}, {"x", "y"}]),
    ],
    ids=["none-small", "complement", "crossing", "too-few"],
)
def test_groups_to_hide(lots: Lots, expected: list[set[str]]) -> None:
    hidden = groups_to_hide(profiles(lots), 5)
    assert [set(groups) for groups in hidden] == expected
    everything_hidden = all(p[i] in hidden[i] for _, p in lots for i in range(len(p)))
    assert everything_hidden or all(n >= 5 for n in cells(lots, hidden).values())


def test_groups_hidden_already_stay_hidden() -> None:
    lots = [(5, ("A", "x")), (5, ("B", "x")), (3, ("B", "y"))]
    # A stays hidden; y (3) is small, and B's 3 of y then need x hidden too.
    assert groups_to_hide(profiles(lots), 5, [{"A"}, set()]) == (
        frozenset({"A"}),
        frozenset({"x", "y"}),
    )


def test_no_cell_is_small_on_many_crossings() -> None:
    import random

    chance = random.Random(7)
    lots = [
        (chance.randint(1, 8), (chance.choice("ABCD"), chance.choice("wxyz"), chance.choice("pq")))
        for _ in range(40)
    ]
    hidden = groups_to_hide(profiles(lots), 5)
    assert all(n >= 5 for n in cells(lots, hidden).values())
    assert any(len(groups) < 4 for groups in hidden[:2])  # not everything was given up
