"""Which groups a summary hides so that no small set of respondents can be worked out from it.

A survey summary (``casebook.survey``) shows, for several groupings of the same respondents
(all, region, sector, country), figures that add up: respondents, scores (a mean times its
count) and respondents per band. Hiding the groups under the threshold is not enough, because
shown figures can be added and subtracted: a region minus a sector that lies inside it leaves
the region's respondents of the other sectors; a total minus a region's one shown country and
the other regions leaves a hidden region.

Every figure the summary shows, and the figures of a grouping's hidden groups together (its
total minus its shown groups), are sums over *cells*: respondents who fall in the same shown
group, or the same hidden lot, of every grouping. So whatever an attacker works out by adding
and subtracting them is a sum over whole cells. The rule here: every cell that is not empty
holds at least ``threshold`` respondents. Then any set of respondents worked out that way is
empty or not small, whatever the groupings. The rule is stricter than the arithmetic needs
(two crossing groupings may share small cells that no sum isolates), but finding the smallest
set a sum can isolate is a search over sets of groups; this rule is checked in one pass.

``groups_to_hide`` starts from the small groups and, while a cell is small, merges it with the
cell that costs fewest hidden respondents to join (hiding the groups in which the two differ).
Each round is one pass over the distinct profiles (respondents alike in every grouping) and
hides at least one group, so the cost is linear in the respondents plus one pass over the
profiles per group hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence, Set

Profile = tuple[str, ...]  # a respondent's group in each grouping
Cell = tuple[str | None, ...]  # the same, None where that group is hidden


def groups_to_hide(
    profiles: Sequence[Profile], threshold: int, hidden: Sequence[Set[str]] = ()
) -> tuple[frozenset[str], ...]:
    """For each grouping (the positions of a profile), the groups to hide, so that no cell of
    respondents is small; ``hidden``: groups hidden already (per grouping), which stay so."""
    if not profiles:
        return ()
    width = len(profiles[0])
    people = Counter(profiles)
    sizes: list[Counter[str]] = [Counter() for _ in range(width)]
    for profile, count in people.items():
        for position, group in enumerate(profile):
            sizes[position][group] += count
    hiding = [set(hidden[i]) if i < len(hidden) else set() for i in range(width)]
    for position in range(width):
        hiding[position] |= {g for g, n in sizes[position].items() if n < threshold}
    while True:
        cells: Counter[Cell] = Counter()
        for profile, count in people.items():
            cells[_cell(profile, hiding)] += count
        small = [(count, _order(cell), cell) for cell, count in cells.items() if count < threshold]
        if not small:
            break
        _, _, cell = min(small)
        merge = _cheapest_merge(cell, cells, sizes)
        if not merge:  # the cell is everyone: nothing can be shown
            for position in range(width):
                hiding[position] |= set(sizes[position])
            break
        for position, group in merge:
            hiding[position].add(group)
    return tuple(frozenset(groups) for groups in hiding)


def _cell(profile: Profile, hiding: Sequence[Set[str]]) -> Cell:
    return tuple(None if group in hiding[i] else group for i, group in enumerate(profile))


def _order(cell: Cell) -> tuple[str, ...]:
    return tuple("" if group is None else group for group in cell)


def _cheapest_merge(
    cell: Cell, cells: Counter[Cell], sizes: Sequence[Counter[str]]
) -> list[tuple[int, str]]:
    """The groups to hide so that ``cell`` becomes one with another cell (the shown groups in
    which the two differ), choosing the fewest respondents hidden. Cells that differ in one
    grouping only are looked up directly; the others are scanned only when there are none."""
    width = len(cell)
    near = [
        other
        for position in range(width)
        for group in (None, *sizes[position])
        if group != cell[position]
        and (other := (*cell[:position], group, *cell[position + 1 :])) in cells
    ]
    best: tuple[int, int, tuple[str, ...]] | None = None
    chosen: list[tuple[int, str]] = []
    for other in near or [c for c in cells if c != cell]:
        groups = sorted(
            {
                (position, group)
                for position, (mine, theirs) in enumerate(zip(cell, other, strict=True))
                if mine != theirs
                for group in (mine, theirs)
                if group is not None
            }
        )
        key = (sum(sizes[p][g] for p, g in groups), len(groups), _order(other))
        if best is None or key < best:
            best, chosen = key, groups
    return chosen
