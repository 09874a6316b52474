"""«Что ждёт вас»: the school home card of the curator and the director.

Documents waiting for approval (the director approves; the curator sees the drafts),
activities past their due date, mentees waiting for a mentor — each with a link, and a
sentence when nothing waits. One query per list, whatever the school's size.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import can
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.permissions import BANKS
from nastavnik.tenants.documents.kinds import DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.roadmap.permissions import ROADMAP
from nastavnik.tenants.roadmap.services import overdue, school_roadmap
from nastavnik.tenants.teachers.models import Teacher

WAITING_FOR_A_MENTOR = ("waiting", "supported")


def waiting_panel(school: School) -> dict | None:
    """What waits for the curator or the director; ``None`` for everyone else."""
    director, curator = can(DOCUMENTS.sign), can(ROADMAP.edit)
    if not (director or curator):
        return None
    year = clock.current_academic_year(school)
    documents = list(db.session.scalars(
        select(SchoolDocument).where(SchoolDocument.school_id == school.id,
                                     SchoolDocument.status == DocumentStatus.DRAFT)
        .order_by(SchoolDocument.date, SchoolDocument.id)))
    late = overdue(school_roadmap(school, year), clock.today(school))
    mentees = _mentees_waiting(school) if can(BANKS.read) else []
    return {"template": "roadmap/waiting.html", "director": director,
            "documents": documents, "overdue": late, "mentees": mentees,
            "nothing": not (documents or late or mentees)}


def _mentees_waiting(school: School) -> list[MenteeEntry]:
    return list(db.session.scalars(
        select(MenteeEntry).join(Teacher, MenteeEntry.teacher_id == Teacher.id)
        .where(MenteeEntry.school_id == school.id,
               MenteeEntry.status.in_(WAITING_FOR_A_MENTOR), Teacher.employed)
        .options(contains_eager(MenteeEntry.teacher))  # names in the list: no query per row
        .order_by(Teacher.last_name, Teacher.first_name, Teacher.id)))
