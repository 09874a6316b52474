"""Roadmap conditions of matching and support (registered in ``roadmap/conditions.py``)."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.matching.bank import LOOKING
from nastavnik.tenants.matching.models import SupportPlan
from nastavnik.tenants.teachers.models import Teacher


def every_waiting_mentee_has_a_plan(school: School) -> bool:
    """5.3: no mentee still looking for a mentor is left without a support plan."""
    planned = select(SupportPlan.mentee_id).where(SupportPlan.school_id == school.id)
    unplanned = (select(MenteeEntry.id).join(Teacher, MenteeEntry.teacher_id == Teacher.id)
                 .where(MenteeEntry.school_id == school.id, MenteeEntry.status.in_(LOOKING),
                        Teacher.employed, MenteeEntry.teacher_id.not_in(planned)))
    return db.session.scalar(unplanned.limit(1)) is None
