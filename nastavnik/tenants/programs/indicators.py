"""Indicators of personalized programs, from the program state (``program_state``):
whether the working pairs have an approved program, whether the plan is kept on time,
how often mentors meet their mentees and how the mentees rate it."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

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
from nastavnik.platform.oversight.pairs import members, working_on
from nastavnik.platform.oversight.state import ProgramItemState, held_at

items = ProgramItemState.__table__
SECTION = "Персонализированные программы"


def _pairs(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    return count_by_school(members, *working_on(s), members.c.role == "mentor", *where)


def _approved(s: Slice) -> ColumnElement[bool]:
    """The member's pair has a program approved by the snapshot day."""
    return exists(select(items.c.pair_id).where(
        held_at(items, s.position), items.c.school_id == members.c.school_id,
        items.c.pair_id == members.c.pair_id, items.c.kind == "program",
        items.c.approved.is_(True), items.c.day <= s.as_of))


def _of_pair(s: Slice, working: bool) -> ColumnElement[bool]:
    """The item's pair counts: working on the snapshot day, or (``working=False``) any
    pair the log holds at the position (a cancelled one has no rows)."""
    where = working_on(s) if working else [held_at(members, s.position)]
    return exists(select(members.c.pair_id).where(
        *where, members.c.role == "mentor", members.c.school_id == items.c.school_id,
        members.c.pair_id == items.c.pair_id))


def _due(s: Slice) -> list[ColumnElement[bool]]:
    """Plan activities of the year whose planned day is before the snapshot day."""
    return [s.of(items), items.c.kind == "activity", items.c.day >= s.year_starts,
            items.c.day < s.as_of]


def _with_pairs(s: Slice, found: Mapping[int, Value]) -> dict[int, Value]:
    """``found``, and «nothing to compute» (0 of 0) for the other schools with a working
    pair: they are in the table, with no value rather than missing."""
    return {**dict.fromkeys(_pairs(s), ZERO), **found}


def _on_time(s: Slice) -> Mapping[int, Value]:
    due = [*_due(s), _of_pair(s, working=False)]
    kept = and_(items.c.done_on.is_not(None), items.c.done_on <= items.c.day)
    return _with_pairs(s, share(count_by_school(items, *due, kept),
                                count_by_school(items, *due)))


def _overdue(s: Slice) -> Mapping[int, Value]:
    return _with_pairs(s, count_by_school(
        items, *_due(s), _of_pair(s, working=True),
        or_(items.c.done_on.is_(None), items.c.done_on > s.as_of)))


def _in_year(s: Slice, kind: str) -> list[ColumnElement[bool]]:
    return [s.of(items), items.c.kind == kind, items.c.day >= s.year_starts,
            items.c.day <= s.as_of, _of_pair(s, working=False)]


def _mean_rating(s: Slice) -> dict[int, Value]:
    rows = db.session.execute(
        select(items.c.school_id, func.sum(items.c.rating), func.count())
        .where(*_in_year(s, "rating")).group_by(items.c.school_id))
    return _with_pairs(s, {school: Value(int(total), int(n)) for school, total, n in rows})


declare(Indicator(
    "programs_approved", "Пары и группы с утверждённой программой", "%",
    "действующие пары и группы, чья персонализированная программа утверждена к дате ÷ "
    "все действующие пары и группы × 100", Rollup.SHARE,
    lambda s: share(_pairs(s, _approved(s)), _pairs(s)), SECTION, order=35))
declare(Indicator(
    "program_activities_on_time", "Мероприятия программ, выполненные в срок", "%",
    "мероприятия планов с плановой датой с 1 сентября до даты, выполненные не позже "
    "плановой даты ÷ все такие мероприятия × 100", Rollup.SHARE, _on_time, SECTION,
    order=36))
declare(Indicator(
    "program_activities_overdue", "Просроченные мероприятия программ", "шт.",
    "мероприятия планов действующих пар с прошедшей плановой датой, не выполненные к дате",
    Rollup.SUM, _overdue, SECTION, order=37, higher_is_better=False))
declare(Indicator(
    "program_meetings", "Встречи наставников с наставляемыми", "шт.",
    "встречи, записанные наставниками, с 1 сентября по дату", Rollup.SUM,
    lambda s: _with_pairs(s, count_by_school(items, *_in_year(s, "meeting"))), SECTION,
    order=38))
declare(Indicator(
    "program_mean_rating", "Средняя оценка наставляемых", "балл",
    "сумма оценок наставляемых (от 1 до 5) мероприятиям и встречам с 1 сентября по дату ÷ "
    "число оценок", Rollup.MEAN, _mean_rating, SECTION, order=39))
