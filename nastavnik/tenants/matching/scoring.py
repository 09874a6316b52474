"""How well a mentor fits a mentee: a score and its reasons, in words the curator reads.

The criteria are those of the two questionnaires: the mentee's professional requests
against the mentor's competencies, the subject, the gap in experience, the mentor's
qualification category, the places left and the preferred forms of work. Each has a
weight; a school may change them (``Weights``), the defaults favour requests and subject.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
