"""How well a mentor fits a mentee: a score and its reasons, in words the curator reads.

The criteria are those of the two questionnaires: the mentee's professional requests
against the mentor's competencies, the subject, the gap in experience, the mentor's
qualification category, the places left and the preferred forms of work. Each has a
weight; a school may change them (``Weights``), the defaults favour requests and subject.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# Experience bands in order; a mentor should be at least two bands ahead of a mentee.
EXPERIENCE_ORDER = ("0_3", "4_10", "11_20", "21_plus")
EXPERIENCE_WORDS = {"0_3": "до 3 лет", "4_10": "4–10 лет", "11_20": "11–20 лет",
                    "21_plus": "больше 20 лет"}
QUALIFICATION_POINTS = {"none": 0.0, "first": 0.5, "highest": 1.0, "methodologist": 1.0,
                        "mentor": 1.0}
QUALIFICATION_WORDS = {"first": "первая категория", "highest": "высшая категория",
                       "methodologist": "педагог-методист", "mentor": "педагог-наставник"}


@dataclass(frozen=True)
class Weights:
    requests: float = 3.0  # per request the mentor's competencies cover, up to 1 in all
    subject: float = 2.0
    experience: float = 1.0
    qualification: float = 1.0
    capacity: float = 0.5  # more places left: a little better (spreads the load)
    forms: float = 1.0


@dataclass(frozen=True)
class Mentee:
    key: int
    requests: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    experience_band: str | None = None
    forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mentor:
    key: int
    competencies: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    experience_band: str | None = None
    qualification: str = "none"
    capacity: int = 1
    load: int = 0
    forms: frozenset[str] = frozenset()

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.load, 0)


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: tuple[str, ...] = field(default=())


def fit(mentee: Mentee, mentor: Mentor, weights: Weights = Weights(),
        labels: Mapping[str, str] | None = None) -> Fit:
    """The score of ``mentor`` for ``mentee`` (0 and up) and why, one reason a criterion."""
    labels = labels or {}
    parts: list[tuple[float, str]] = []
    covered = sorted(mentee.requests & mentor.competencies)
    if covered and mentee.requests:
        names = ", ".join(f"«{labels.get(code, code)}»" for code in covered)
        parts.append((weights.requests * len(covered) / len(mentee.requests),
                      f"закрывает {'запрос' if len(covered) == 1 else 'запросы'} {names}"))
    if mentee.subjects & mentor.subjects:
        parts.append((weights.subject, "тот же предмет"))
    gap = _experience_gap(mentee.experience_band, mentor.experience_band)
    if gap is not None and gap >= 2:
        parts.append((weights.experience, f"стаж {EXPERIENCE_WORDS[mentor.experience_band]}"))
    points = QUALIFICATION_POINTS.get(mentor.qualification, 0.0)
    if points:
        parts.append((weights.qualification * points,
                      QUALIFICATION_WORDS[mentor.qualification]))
    if mentor.capacity:
        parts.append((weights.capacity * mentor.places_left / mentor.capacity,
                      f"свободно {mentor.places_left} из {mentor.capacity}"))
    if mentee.forms & mentor.forms:
        parts.append((weights.forms, "удобная обоим форма работы"))
    return Fit(round(sum(points for points, _ in parts), 6),
               tuple(reason for _, reason in parts))


def _experience_gap(mentee: str | None, mentor: str | None) -> int | None:
    if mentee not in EXPERIENCE_ORDER or mentor not in EXPERIENCE_ORDER:
        return None
    return EXPERIENCE_ORDER.index(mentor) - EXPERIENCE_ORDER.index(mentee)



def score_matrix(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
                 weights: Weights = Weights()) -> np.ndarray:
    """``fit(mentee, mentor).score`` for every pair at once (mentees × mentors): a
    municipality's bank is millions of pairs, too many to score one by one."""
    asked = np.array([len(m.requests) for m in mentees], dtype=float)[:, None]
    covered = _overlap(mentees, "requests", mentors, "competencies")
    score = weights.requests * np.divide(covered, asked, out=np.zeros_like(covered),
                                         where=asked > 0)
    score += weights.subject * (_overlap(mentees, "subjects", mentors, "subjects") > 0)
    mentee_band, mentor_band = _bands(mentees)[:, None], _bands(mentors)[None, :]
    score += weights.experience * ((mentee_band >= 0) & (mentor_band - mentee_band >= 2))
    score += weights.qualification * np.array(
        [QUALIFICATION_POINTS.get(m.qualification, 0.0) for m in mentors])[None, :]
    capacity = np.array([m.capacity for m in mentors], dtype=float)
    places = np.array([m.places_left for m in mentors], dtype=float)
    score += weights.capacity * np.divide(places, capacity, out=np.zeros_like(places),
                                          where=capacity > 0)[None, :]
    score += weights.forms * (_overlap(mentees, "forms", mentors, "forms") > 0)
    return np.round(score, 6)


def _overlap(left: Sequence, left_codes: str, right: Sequence, right_codes: str) -> np.ndarray:
    """left × right: how many codes each left item's set shares with each right item's."""
    codes = {code: i for i, code in enumerate(sorted(
        set().union(*(getattr(item, left_codes) for item in left))))}
    return _member(left, left_codes, codes) @ _member(right, right_codes, codes).T


def _member(items: Sequence, attribute: str, codes: Mapping[str, int]) -> np.ndarray:
    matrix = np.zeros((len(items), len(codes)))
    for row, item in enumerate(items):
        for code in getattr(item, attribute):
            if code in codes:
                matrix[row, codes[code]] = 1
    return matrix


def _bands(people: Sequence[Mentee | Mentor]) -> np.ndarray:
    """Each person's experience band as its place in ``EXPERIENCE_ORDER`` (-1: unknown)."""
    return np.array([EXPERIENCE_ORDER.index(p.experience_band)
                     if p.experience_band in EXPERIENCE_ORDER else -1 for p in people])
