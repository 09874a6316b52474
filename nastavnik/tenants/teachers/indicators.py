"""Indicators of the teaching staff: who is in the school on the snapshot day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, or_

from nastavnik.platform.oversight.indicators import (
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.state import TeacherState

teachers = TeacherState.__table__
SECTION = "Педагоги"


def in_school_on(day: dt.date) -> ColumnElement[bool]:
    return and_(teachers.c.joined_on <= day,
                or_(teachers.c.left_on.is_(None), teachers.c.left_on > day))


def present(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    return count_by_school(teachers, s.of(teachers), in_school_on(s.as_of), *where)


def _a_year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) \
        else day.replace(year=day.year - 1)


def retained(s: Slice) -> dict[int, Value]:
    """Young specialists in the school a year before the snapshot, and of them those still
    there on it (by their status as the log knows it at the snapshot's position)."""
    cohort = (s.of(teachers), teachers.c.young_specialist,
              in_school_on(_a_year_before(s.as_of)))
    return share(count_by_school(teachers, *cohort, in_school_on(s.as_of)),
                 count_by_school(teachers, *cohort))


declare(Indicator(
    "schools_reporting", "Охват: школы, ведущие список педагогов на платформе", "% школ",
    "школы, где на дату в списке есть хотя бы один педагог, ÷ все школы × 100",
    Rollup.SHARE, lambda s: s.each_school(present(s).keys()), "Охват", order=9,
    higher_is_better=None))
declare(Indicator(
    "teachers", "Педагогических работников", "чел.",
    "педагоги в списке школы на дату", Rollup.SUM, present, SECTION, order=10,
    higher_is_better=None))
declare(Indicator(
    "young_specialists", "Молодых специалистов", "чел.",
    "педагоги со статусом молодого специалиста на дату", Rollup.SUM,
    lambda s: present(s, teachers.c.young_specialist), SECTION, order=11,
    higher_is_better=None))
declare(Indicator(
    "under_35_share", "Доля педагогов до 35 лет", "%",
    "педагоги моложе 35 лет ÷ все педагоги × 100", Rollup.SHARE,
    lambda s: share(present(s, teachers.c.under_35), present(s)), SECTION, order=12,
    higher_is_better=None))
declare(Indicator(
    "young_retention", "Закрепление молодых специалистов через год", "%",
    "молодые специалисты, работавшие в школе год назад и работающие сейчас ÷ работавшие "
    "год назад × 100", Rollup.SHARE, retained, SECTION, order=19))
