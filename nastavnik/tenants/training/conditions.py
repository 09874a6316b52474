"""Conditions of the roadmap's 4.2 and 4.3 (registered in ``tenants/roadmap/conditions.py``):
what the school's record must show, checked in the transaction of the completing event."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.training.models import MaterialChoice, SessionAttendance, TrainingMaterial


def materials_available(school: School) -> bool:
    """4.2: the school's set holds a material for mentors (its own, or a shared one it
    included)."""
    own = select(TrainingMaterial.id).where(TrainingMaterial.school_id == school.id)
    chosen = select(MaterialChoice.id).where(MaterialChoice.school_id == school.id)
    return db.session.scalar(own.union_all(chosen).limit(1)) is not None


def mentor_attended(school: School) -> bool:
    """4.3: a mentor of the school is marked present on a session's attendance sheet."""
    return db.session.scalar(select(SessionAttendance.id).where(
        SessionAttendance.school_id == school.id, SessionAttendance.present).limit(1)) is not None
