"""Indicators of the monitoring of the quality of mentoring (section «Мониторинг
качества»), from the state table of ``workers/projections/monitoring_state.py``.

Indicators are what the levels above the school read (the school sees its exact results
on its own monitoring page), so a mean built from fewer than ``MIN_ANSWERS`` answers is
not shown: the figure has no value («—»), in a school's row and in a place's total alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.state import MonitoringState

monitoring = MonitoringState.__table__
SECTION = "Мониторинг качества"
MIN_ANSWERS = 3


@dataclass(frozen=True)
class AnswersMean(Indicator):
    """A mean of answers' scores that a handful of answers cannot identify."""

    def result(self, value: Value) -> float | None:
        if value.base < MIN_ANSWERS:
            return None
        return super().result(value)


def _in_year(s: Slice) -> list[ColumnElement[bool]]:
    return [s.of(monitoring), monitoring.c.academic_year == s.academic_year,
            monitoring.c.requested_on <= s.as_of]


def _answered(s: Slice) -> ColumnElement[bool]:
    return monitoring.c.answered_on <= s.as_of


def every_school(s: Slice, counted: dict[int, Value]) -> dict[int, Value]:
    """A value for every school of the place, zero of zero where nothing was sent: a
    school that asked nobody still has its (empty) row, and adds up its zero."""
    return {school: counted.get(school, ZERO) for school in s.schools()}


def response_rate(s: Slice) -> dict[int, Value]:
    return every_school(s, share(count_by_school(monitoring, *_in_year(s), _answered(s)),
                                 count_by_school(monitoring, *_in_year(s))))


def mean_of(column, *where: ColumnElement[bool]):
    def per_school(s: Slice) -> dict[int, Value]:
        rows = db.session.execute(
            select(monitoring.c.school_id, func.sum(column), func.count(column))
            .where(*_in_year(s), _answered(s), column.is_not(None), *where)
            .group_by(monitoring.c.school_id))
        return every_school(s, {school: Value(float(total), int(n))
                                for school, total, n in rows})
    return per_school


MENTEE = monitoring.c.participant == "mentee"
MENTOR = monitoring.c.participant == "mentor"

declare(Indicator(
    "monitoring_response_rate", "Доля участников, ответивших на анкеты мониторинга", "%",
    "ответы на анкеты мониторинга учебного года по дату ÷ анкеты, направленные участникам "
    "пар и групп × 100", Rollup.SHARE, response_rate, SECTION, order=55))
declare(AnswersMean(
    "monitoring_mentee_satisfaction", "Удовлетворённость наставляемых программой", "балл",
    "средняя оценка удовлетворённости наставляемых по шкале 1–5; не показывается, если "
    f"ответов меньше {MIN_ANSWERS}", Rollup.MEAN,
    mean_of(monitoring.c.satisfaction, MENTEE), SECTION, order=56))
declare(AnswersMean(
    "monitoring_mentor_satisfaction", "Удовлетворённость наставников программой", "балл",
    "средняя оценка удовлетворённости наставников по шкале 1–5; не показывается, если "
    f"ответов меньше {MIN_ANSWERS}", Rollup.MEAN,
    mean_of(monitoring.c.satisfaction, MENTOR), SECTION, order=57))
declare(AnswersMean(
    "monitoring_difficulty_change", "Снижение профессиональных затруднений наставляемых",
    "балл", "среднее по ответам наставляемых: оценка затруднения «до» минус «после» (шкала "
    "1–5, среднее по оценённым затруднениям); больше — лучше; не показывается, если "
    f"ответов меньше {MIN_ANSWERS}", Rollup.MEAN,
    mean_of(monitoring.c.difficulty_change, MENTEE), SECTION, order=58))
