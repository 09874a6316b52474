"""Indicators of the mentee bank: who waits for a mentor, and how long."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Indicator, Rollup, Slice, Value, declare
from nastavnik.platform.oversight.state import TeacherState
from nastavnik.tenants.teachers.indicators import in_school_on, present

teachers = TeacherState.__table__
SECTION = "Банк наставляемых"


def waiting(s: Slice) -> dict[int, Value]:
    return present(s, teachers.c.mentee_status == "waiting", teachers.c.waiting_since <= s.as_of)


def waiting_days(s: Slice) -> dict[int, Value]:
    """Per school: the days its waiting mentees have waited by the snapshot day, and how
    many they are (a mean: few rows, so the days are counted here, in any database)."""
    found: dict[int, Value] = {}
    for school, since in db.session.execute(
            select(teachers.c.school_id, teachers.c.waiting_since)
            .where(s.of(teachers), in_school_on(s.as_of), teachers.c.mentee_status == "waiting",
                   teachers.c.waiting_since <= s.as_of)):
        found[school] = found.get(school, Value()) + Value((s.as_of - since).days, 1)
    return found


declare(Indicator(
    "mentees_waiting", "Ожидают наставника", "чел.",
    "наставляемые в банке со статусом «ожидает пару» на дату", Rollup.SUM, waiting, SECTION,
    order=40, higher_is_better=None))
declare(Indicator(
    "waiting_days", "Среднее ожидание наставника", "дн.",
    "сумма дней ожидания ожидающих наставляемых ÷ их число", Rollup.MEAN, waiting_days,
    SECTION, order=41, higher_is_better=False))
