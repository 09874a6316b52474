"""Builders for the programs tests: a school with a formed pair, and its people's accounts."""

from __future__ import annotations

import datetime as dt

from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented

from nastavnik.extensions import db
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.teachers.services import add_teacher

START = dt.date(2026, 10, 1)
END = dt.date(2027, 5, 31)


def person(school, last_name: str, *, mentor: bool = False, mentee: bool = False,
           answers: dict | None = None):
    teacher = add_teacher(school, last_name=last_name, first_name="Анна",
                          middle_name="Игоревна", position="учитель математики")
    if mentor:
        consented(teacher, "mentor_bank")
        enter_mentor(teacher, {**MENTOR_ANSWERS, "capacity": 3})
    if mentee:
        consented(teacher, "mentee_bank")
        enter_mentee(teacher, answers or MENTEE_ANSWERS)
    db.session.commit()
    return teacher


def formed_pair(school, mentor_name: str = "Орлова", mentee_name: str = "Лебедева",
                answers: dict | None = None):
    mentor = person(school, mentor_name, mentor=True)
    mentee = person(school, mentee_name, mentee=True, answers=answers)
    pair = form_pair(school, mentor, [mentee], "traditional", START, END)
    db.session.commit()
    return pair, mentor, mentee


def account_of(make_user, school, teacher, role: Role):
    """An account of ``teacher`` holding ``role`` at ``school``."""
    user = make_user(role, school, email=f"{teacher.pseudonym}@example.org",
                     full_name=teacher.full_name)
    teacher.user_id = user.id
    db.session.commit()
    return user
