"""What a mentor or mentee may read of the school's documents: the approved Regulation and
the approved order that fixed their pair (``MentoringPair.fixed_by_document_id``).
Read-only; the documents capability stays the only writer of documents."""

from __future__ import annotations

from sqlalchemy import or_, select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.pairs.services import with_teacher
from nastavnik.tenants.teachers.models import Teacher

# Everyone in the programme is bound by the Regulation; a pair order binds the pairs it fixed.
FOR_EVERYONE = (DocumentKind.REGULATION,)


def own_documents(school: School, teacher: Teacher | None) -> list[SchoolDocument]:
    """The approved documents ``teacher`` may read, newest year first."""
    concerns = SchoolDocument.kind.in_(FOR_EVERYONE)
    if teacher is not None and not teacher.erased:
        concerns = or_(concerns, SchoolDocument.id.in_(_orders_fixing_pairs_of(teacher)))
    return list(db.session.scalars(select(SchoolDocument).where(
        SchoolDocument.school_id == school.id,
        SchoolDocument.status == DocumentStatus.APPROVED, concerns)
        .order_by(SchoolDocument.academic_year.desc(), SchoolDocument.kind,
                  SchoolDocument.version.desc())))


def _orders_fixing_pairs_of(teacher: Teacher):
    return select(MentoringPair.fixed_by_document_id).where(
        MentoringPair.fixed_by_document_id.is_not(None), with_teacher(teacher))
