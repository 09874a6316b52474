"""Indicators of the training of mentors (section «Подготовка наставников»), from the
state tables of ``workers/projections/training_state.py`` and the teachers' state."""

from __future__ import annotations

from sqlalchemy import and_, exists, or_

from nastavnik.platform.oversight.indicators import (
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.state import (
    TeacherState,
    TrainingAttendanceState,
    TrainingMaterialState,
)
from nastavnik.tenants.teachers.indicators import present
from nastavnik.tenants.training.kinds import TRAINING_KINDS

materials = TrainingMaterialState.__table__
attendance = TrainingAttendanceState.__table__
teachers = TeacherState.__table__
SECTION = "Подготовка наставников"


def every_school(s: Slice, counted: dict[int, Value]) -> dict[int, Value]:
    """A value for every school of the place, zero (of zero) where nothing was recorded:
    a place where no school has begun training still shows, and adds up, its zero."""
    return {school: counted.get(school, Value()) for school in s.schools()}


def materials_in_set(s: Slice) -> dict[int, Value]:
    return every_school(s, count_by_school(
        materials, s.of(materials), materials.c.added_on <= s.as_of,
        or_(materials.c.removed_on.is_(None), materials.c.removed_on > s.as_of)))


def sessions_attended(s: Slice) -> dict[int, Value]:
    return every_school(s, count_by_school(
        attendance, s.of(attendance), attendance.c.held_on.between(s.year_starts, s.as_of),
        distinct=attendance.c.session))


def mentors_trained(s: Slice) -> dict[int, Value]:
    """Mentors of the bank on the day, and of them those present by then at an
    установочная сессия or a consultation (``kinds.TRAINED_RULE``; any year: once
    trained, a mentor stays trained)."""
    trained = exists().where(
        attendance.c.school_id == teachers.c.school_id, attendance.c.teacher == teachers.c.teacher,
        s.of(attendance), attendance.c.kind.in_(TRAINING_KINDS),
        attendance.c.held_on <= s.as_of)
    return every_school(s, share(present(s, and_(teachers.c.mentor_bank, trained)),
                                 present(s, teachers.c.mentor_bank)))


declare(Indicator(
    "training_materials", "Методических материалов для наставников в наборе школы", "шт.",
    "свои материалы школы и включённые ею материалы муниципалитета и региона на дату",
    Rollup.SUM, materials_in_set, SECTION, order=45, higher_is_better=None))
declare(Indicator(
    "training_sessions", "Консультаций и установочных сессий с участием наставников", "шт.",
    "мероприятия учебного года по дату (консультации, установочные сессии, обмен опытом), "
    "где хотя бы один наставник школы отмечен присутствующим; муниципальное мероприятие "
    "считается в каждой школе, чьи наставники на нём были", Rollup.SUM, sessions_attended,
    SECTION, order=46, higher_is_better=None))
declare(Indicator(
    "mentors_trained", "Доля обученных наставников", "%",
    "наставники банка, присутствовавшие хотя бы на одной установочной сессии или "
    "консультации, ÷ все наставники банка на дату × 100", Rollup.SHARE, mentors_trained,
    SECTION, order=47))
