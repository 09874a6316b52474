"""The best distribution of a bank: every mentee at most one mentor, every mentor at most
as many mentees as places left, the total fit as large as it can be.

Exact, not greedy: each mentor is split into one column per free place and the rectangular
assignment problem is solved by scipy's ``linear_sum_assignment`` (a shortest augmenting
path method), maximising the total. A mentee may stay unassigned where no mentor is
eligible. ``greedy`` is the baseline the benchmark prints beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from nastavnik.tenants.matching.scoring import Mentee, Mentor

Score = Callable[[Mentee, Mentor], float | None]  # None: this mentor may not be proposed
Pairs = list[tuple[int, int]]  # (mentee index, mentor index)
FORBIDDEN = -1e9


def assign(gains: np.ndarray, places: Sequence[int]) -> Pairs:
    """The pairs of the largest total of ``gains`` (mentees × mentors; NaN: not allowed)
    that give each mentor at most its ``places``."""
    slots = np.repeat(np.arange(len(places)), places)
    mentees = gains.shape[0]
    if not mentees or not len(slots):
        return []
    expanded = gains[:, slots]
    allowed = ~np.isnan(expanded)
    # One «no mentor» column per mentee, worth 0: staying single is always possible, so a
    # forbidden pair (a weight no total can afford) is never chosen, and an allowed one
    # only where it adds to the total.
    matrix = np.hstack([np.where(allowed, expanded, FORBIDDEN), np.zeros((mentees, mentees))])
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    return [(int(r), int(slots[c])) for r, c in zip(rows, columns, strict=True)
            if c < len(slots) and allowed[r, c]]


def assign_greedily(gains: np.ndarray, places: Sequence[int]) -> Pairs:
    """The best remaining pair first, until none is left: quick, and not optimal."""
    left = list(places)
    mentees = gains.shape[0]
    flat = np.where(np.isnan(gains), -np.inf, gains).ravel()
    taken: set[int] = set()
    chosen = []
    for cell in np.argsort(-flat, kind="stable"):
        if flat[cell] == -np.inf or len(taken) == mentees:
            break
        mentee, mentor = divmod(int(cell), gains.shape[1])
        if mentee not in taken and left[mentor] > 0:
            taken.add(mentee)
            left[mentor] -= 1
            chosen.append((mentee, mentor))
    return chosen


def gains_of(mentees: Sequence[Mentee], mentors: Sequence[Mentor], score: Score) -> np.ndarray:
    return np.array([[score(mentee, mentor) for mentor in mentors] for mentee in mentees],
                    dtype=float).reshape(len(mentees), len(mentors))


def optimal(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
            score: Score) -> list[tuple[Mentee, Mentor]]:
    pairs = assign(gains_of(mentees, mentors, score), [m.places_left for m in mentors])
    return [(mentees[i], mentors[j]) for i, j in pairs]


def greedy(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
           score: Score) -> list[tuple[Mentee, Mentor]]:
    pairs = assign_greedily(gains_of(mentees, mentors, score),
                            [m.places_left for m in mentors])
    return [(mentees[i], mentors[j]) for i, j in pairs]


def total(pairs: Sequence[tuple[Mentee, Mentor]], score: Score) -> float:
    return round(sum(score(mentee, mentor) or 0.0 for mentee, mentor in pairs), 6)
