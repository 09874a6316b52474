"""The staff list: reading it, and adding teachers with their event."""

import datetime as dt

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.bands import age_band, experience_band
from nastavnik.platform.events import record
from nastavnik.platform.models import School
from nastavnik.tenants.teachers.models import Teacher


def staff_panel(school: School) -> dict:
    teachers = db.session.scalars(
        select(Teacher).where(Teacher.school_id == school.id, Teacher.employed)
    ).all()
    today = dt.date.today()
    return {
        "template": "teachers/panel.html",
        "total": len(teachers),
        "young": sum(t.is_young_specialist(today) for t in teachers),
    }


def add_teacher(school: School, **fields) -> Teacher:
    """Add a teacher to the staff list and record it (the caller commits)."""
    teacher = Teacher(school_id=school.id, **fields)
    db.session.add(teacher)
    db.session.flush()
    today = dt.date.today()
    record("teacher.added", {
        "teacher": teacher.pseudonym,
        "age_band": age_band(teacher.age_on(today)),
        "experience_band": experience_band(teacher.experience_on(today)),
        "young_specialist": teacher.is_young_specialist(today),
        "new_in_post": teacher.new_in_post,
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return teacher
