"""What a mentor or mentee may read of the school's documents: the approved Regulation and
the approved orders that name them (the order that fixed their pair). Read-only; the
documents capability stays the only writer of documents."""

from __future__ import annotations

import json

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.teachers.models import Teacher

# Everyone in the programme is bound by the Regulation; orders bind those they name.
FOR_EVERYONE = (DocumentKind.REGULATION,)
NAMING = (DocumentKind.PAIR_ORDER,)


def own_documents(school: School, teacher: Teacher | None) -> list[SchoolDocument]:
    """The approved documents ``teacher`` may read, newest year first."""
    approved = db.session.scalars(select(SchoolDocument).where(
        SchoolDocument.school_id == school.id,
        SchoolDocument.status == DocumentStatus.APPROVED,
        SchoolDocument.kind.in_([*FOR_EVERYONE, *NAMING]))
        .order_by(SchoolDocument.academic_year.desc(), SchoolDocument.kind,
                  SchoolDocument.version.desc())).all()
    return [d for d in approved if d.kind in FOR_EVERYONE or names(d, teacher)]


def names(document: SchoolDocument, teacher: Teacher | None) -> bool:
    """Whether the approved (frozen) text of ``document`` names ``teacher``: the pair order
    lists mentors and mentees by full name, exactly as it was signed."""
    if teacher is None or teacher.erased or document.content is None:
        return False
    return teacher.full_name in json.dumps(document.content, ensure_ascii=False)
