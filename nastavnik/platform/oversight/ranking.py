"""The ranking of places on the indicators — the Ministry's «мотивирующий мониторинг»:
per indicator 100 × value ÷ best value (0–100 points), the places ordered by their mean.

Ties share a place (1, 1, 3). Where lower is better (days of waiting, overdue work) the
points are 100 × best ÷ value, and a place at zero — the best possible — gets 100. A place
without a value (no young specialists: no coverage to measure) is not scored on that
indicator, and when no place has anything above zero nobody earns points on it: both are
said in the notes the report prints beside the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nastavnik.platform.oversight.figures import Figures, Row
from nastavnik.platform.oversight.indicators import Indicator


@dataclass
class Ranked:
    row: Row
    points: dict[str, float | None] = field(default_factory=dict)  # None: not scored
    mean: float = 0.0
    place: int = 0


@dataclass(frozen=True)
class Ranking:
    indicators: list[Indicator]
    places: list[Ranked]
    notes: list[str]


def points(values: list[float | None], higher_is_better: bool) -> list[float | None]:
    """Each value's points against the best of ``values`` (None stays unscored)."""
    known = [v for v in values if v is not None]
    if not known:
        return [None] * len(values)
    if higher_is_better:
        best = max(known)
        return [None if v is None else (round(100 * v / best, 1) if best > 0 else 0.0)
                for v in values]
    best = min(known)
    return [None if v is None else (100.0 if v == best else round(100 * best / v, 1))
            for v in values]


def places(scores: list[float]) -> list[int]:
    """Competition places: equal scores share a place, the next place skips (1, 1, 3)."""
    return [1 + sum(other > score for other in scores) for score in scores]


def rank(figures: Figures) -> Ranking:
    ranked_on = [i for i in figures.indicators if i.higher_is_better is not None]
    table = [Ranked(row) for row in figures.rows]
    notes = []
    for indicator in ranked_on:
        values = [figures.result(indicator.code, r.row.values) for r in table]
        for entry, score in zip(table, points(values, indicator.higher_is_better), strict=True):
            entry.points[indicator.code] = score
        if all(v is None or v == 0 for v in values) and indicator.higher_is_better:
            notes.append(f"«{indicator.name}»: ни у кого нет значения выше нуля — баллы "
                         "не начислены (0 у всех).")
        elif any(v is None for v in values):
            notes.append(f"«{indicator.name}»: где показатель не из чего считать (знаменатель "
                         "равен нулю), баллы не начисляются и в среднем не учитываются.")
    for entry in table:
        scored = [p for p in entry.points.values() if p is not None]
        entry.mean = round(sum(scored) / len(scored), 1) if scored else 0.0
    for entry, place in zip(table, places([e.mean for e in table]), strict=True):
        entry.place = place
    table.sort(key=lambda e: (e.place, str(getattr(e.row.place, "name", ""))))
    return Ranking(ranked_on, table, notes)
