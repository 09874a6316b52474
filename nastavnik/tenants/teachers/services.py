"""Reading the staff list; writes arrive with the banks and the import."""

import datetime as dt

from sqlalchemy import select

from nastavnik.extensions import db
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
