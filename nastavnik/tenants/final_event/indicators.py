"""Indicators of the final event: the schools that held it this academic year, how many
mentors and mentees took part, how many nominations it awarded — counts only."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
    declare,
)
from nastavnik.platform.oversight.state import FinalEventState

state = FinalEventState.__table__
SECTION = "Итоговое мероприятие"


def _held(s: Slice) -> list[ColumnElement[bool]]:
    """The events held this academic year by the snapshot day."""
    return [s.of(state), state.c.status == "held", state.c.held_on >= s.year_starts,
            state.c.held_on <= s.as_of]


def held(s: Slice) -> dict[int, Value]:
    return s.each_school(db.session.scalars(select(state.c.school_id).where(*_held(s))))


def summed(s: Slice, *columns) -> dict[int, Value]:
    """Per school: the sum of ``columns`` over its held events; zero where none was held."""
    found = dict(db.session.execute(
        select(state.c.school_id, func.sum(sum(columns))).where(*_held(s))
        .group_by(state.c.school_id)).all())
    return {school: Value(int(found[school])) if school in found else ZERO
            for school in s.schools()}


declare(Indicator(
    "final_event_held", "Проведено итоговое мероприятие", "% школ",
    "школы, проведшие итоговое мероприятие с 1 сентября по дату, ÷ все школы × 100 "
    "(в школе: да / нет)", Rollup.SHARE, held, SECTION, order=80))
declare(Indicator(
    "final_event_participants", "Участники итоговых мероприятий", "чел.",
    "наставники и наставляемые, участвовавшие в проведённых с 1 сентября итоговых "
    "мероприятиях", Rollup.SUM, lambda s: summed(s, state.c.mentors, state.c.mentees),
    SECTION, order=81))
declare(Indicator(
    "final_event_nominations", "Номинации итоговых мероприятий", "шт.",
    "номинации, присуждённые на проведённых с 1 сентября итоговых мероприятиях",
    Rollup.SUM, lambda s: summed(s, state.c.nominations), SECTION, order=82))
