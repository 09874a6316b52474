"""Which documents the public section may show, and the edition a permanent link serves.

Only kinds without a personal annex may be public: the Regulation, the road map, the
template of a personalised program and the order on the final event. The orders that
name people — on approving the Regulation and on the curator (the curator by name), on
pairs (every pair by name), on encouraging mentors — stay inside the school. Only an
approved edition is ever served, never a draft: a link ``/p/<school>/documents/<kind>/
<year>.pdf`` names the kind and the year and serves the latest approved edition, so it
keeps working after the document is revised and approved again.
"""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.events import record
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.publications.models import PublicDocument

PUBLIC_KINDS = (DocumentKind.REGULATION, DocumentKind.ROADMAP,
                DocumentKind.PROGRAM_TEMPLATE, DocumentKind.FINAL_EVENT_ORDER)

refuse_duplicates("uq_public_documents_school_id", {"_schema": [
    "Документ уже в открытом разделе: форма была отправлена дважды."]})


def current_edition(school: School, kind: str, academic_year: int) -> SchoolDocument | None:
    """The latest approved edition of the school's document of ``kind`` and year."""
    return db.session.scalar(
        select(SchoolDocument).where(
            SchoolDocument.school_id == school.id, SchoolDocument.kind == kind,
            SchoolDocument.academic_year == academic_year,
            SchoolDocument.status == DocumentStatus.APPROVED)
        .order_by(SchoolDocument.version.desc()).limit(1))


def publishable(school: School) -> list[tuple[DocumentKind, int]]:
    """(kind, year) of the school's approved documents of the kinds that may be public."""
    rows = db.session.execute(
        select(SchoolDocument.kind, SchoolDocument.academic_year).distinct().where(
            SchoolDocument.school_id == school.id,
            SchoolDocument.kind.in_([k.value for k in PUBLIC_KINDS]),
            SchoolDocument.status == DocumentStatus.APPROVED))
    return sorted(((DocumentKind(kind), year) for kind, year in rows),
                  key=lambda row: (-row[1], PUBLIC_KINDS.index(row[0])))


def shown(school: School) -> set[tuple[str, int]]:
    return {(row.kind, row.academic_year) for row in db.session.scalars(
        select(PublicDocument).where(PublicDocument.school_id == school.id))}


def with_public_section(schools: list[School]) -> list[School]:
    """Those of ``schools`` with a document in their public section (only an approved
    one can be opened, and an approval is never undone)."""
    opened = set(db.session.scalars(select(PublicDocument.school_id).distinct().where(
        PublicDocument.school_id.in_([school.id for school in schools]))))
    return [school for school in schools if school.id in opened]


def public_documents(school: School) -> list[SchoolDocument]:
    """The current approved edition of every document shown, newest year first."""
    editions = [current_edition(school, kind, year) for kind, year in publishable(school)
                if (kind.value, year) in shown(school)]
    return [edition for edition in editions if edition is not None]


def _row(school: School, kind: str, academic_year: int) -> PublicDocument | None:
    return db.session.scalar(select(PublicDocument).where(
        PublicDocument.school_id == school.id, PublicDocument.kind == kind,
        PublicDocument.academic_year == academic_year))


def show_document(school: School, kind: str, academic_year: int) -> None:
    """Put a document in the public section (a second click changes nothing)."""
    if kind not in {k.value for k in PUBLIC_KINDS}:
        raise Rejected("Этот документ содержит персональные данные и не публикуется.")
    if current_edition(school, kind, academic_year) is None:
        raise Rejected("Опубликовать можно только утверждённый документ.")
    if _row(school, kind, academic_year) is not None:
        return
    db.session.add(PublicDocument(school_id=school.id, kind=kind, academic_year=academic_year))
    record("publication.document_shown", {"kind": kind, "academic_year": academic_year},
           school=school)


def hide_document(school: School, kind: str, academic_year: int) -> None:
    row = _row(school, kind, academic_year)
    if row is None:
        return
    db.session.delete(row)
    record("publication.document_hidden", {"kind": kind, "academic_year": academic_year},
           school=school)
