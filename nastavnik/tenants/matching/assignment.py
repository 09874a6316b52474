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
FORBIDDEN = -1e9


def optimal(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
            score: Score) -> list[tuple[Mentee, Mentor]]:
    """The assignment of the largest total score among those that respect capacities."""
    slots = [mentor for mentor in mentors for _ in range(mentor.places_left)]
    if not mentees or not slots:
        return []
    by_mentor = {id(mentor): [score(mentee, mentor) for mentee in mentees]
                 for mentor in mentors if mentor.places_left}
    scores = np.array([by_mentor[id(slot)] for slot in slots], dtype=float).T
    allowed = ~np.isnan(scores)
    # One «no mentor» column per mentee, worth 0: staying single is always possible, so a
    # forbidden pair (a weight no total can afford) is never chosen, and an allowed one
    # only where it adds to the total.
    gains = np.hstack([np.where(allowed, scores, FORBIDDEN), np.zeros((len(mentees),) * 2)])
    rows, columns = linear_sum_assignment(gains, maximize=True)
    return [(mentees[r], slots[c]) for r, c in zip(rows, columns, strict=True)
            if c < len(slots) and allowed[r, c]]


def greedy(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
           score: Score) -> list[tuple[Mentee, Mentor]]:
    """The best remaining pair first, until none is left: quick, and not optimal."""
    candidates = sorted(((value, i, j) for i, mentee in enumerate(mentees)
                         for j, mentor in enumerate(mentors)
                         if (value := score(mentee, mentor)) is not None),
                        key=lambda c: (-c[0], c[1], c[2]))
    places = [mentor.places_left for mentor in mentors]
    taken: set[int] = set()
    chosen = []
    for _value, i, j in candidates:
        if i not in taken and places[j] > 0:
            taken.add(i)
            places[j] -= 1
            chosen.append((mentees[i], mentors[j]))
    return chosen


def total(pairs: Sequence[tuple[Mentee, Mentor]], score: Score) -> float:
    return round(sum(score(mentee, mentor) or 0.0 for mentee, mentor in pairs), 6)
