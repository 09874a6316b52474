"""The only code that writes the documents' tables; every write records its event.

The caller (a view) commits: rows and event go in one transaction or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.models import School, User
from nastavnik.tenants.documents.content import compose, school_values, wording_for
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import DocumentScan, DocumentText, SchoolDocument
from nastavnik.tenants.documents.scans import checked_content_type
from nastavnik.tenants.documents.texts import fill


class DocumentError(Exception):
    """The action cannot be done to this document; the message says why, in Russian."""


def approved_kinds(school: School) -> int:
    """How many kinds of document the school has approved (any year)."""
    return db.session.scalar(
        select(func.count(func.distinct(SchoolDocument.kind)))
        .where(SchoolDocument.school_id == school.id,
               SchoolDocument.status == DocumentStatus.APPROVED))


def create_document(school: School, kind: DocumentKind, academic_year: int, number: str,
                    date: dt.date, previous: SchoolDocument | None = None) -> SchoolDocument:
    """A new draft; with ``previous``, the next edition of that approved document."""
    document = SchoolDocument(
        school_id=school.id, kind=kind, academic_year=academic_year, number=number, date=date,
        title=_title(school, kind, academic_year), status=DocumentStatus.DRAFT,
        version=previous.version + 1 if previous else 1,
        previous_id=previous.id if previous else None)
    db.session.add(document)
    db.session.flush()
    record("document.created", {"document": document.id, "kind": kind.value,
                                "academic_year": academic_year},
           school=school, stream=_stream(document))
    return document


def approve_document(document: SchoolDocument, director: User) -> None:
    """Approve and freeze: the composed content is stored and rendered from then on."""
    if document.approved:
        raise DocumentError(f"Документ уже утверждён {document.approved_at:%d.%m.%Y}; "
                            "повторное утверждение не требуется.")
    document.content = compose(document).as_dict()
    document.status = DocumentStatus.APPROVED
    document.approved_at = clock.now()
    document.approved_by_id = director.id
    record("document.approved", {"document": document.id, "kind": document.kind,
                                 "academic_year": document.academic_year},
           school=_school(document), stream=_stream(document))


def upload_scan(document: SchoolDocument, data: bytes, declared_type: str | None,
                uploader: User) -> DocumentScan:
    """Store the signed scan (replacing an earlier one); refuse anything but a real scan."""
    content_type = checked_content_type(data, declared_type)
    scan = document.scan or DocumentScan(school_id=document.school_id, document=document)
    scan.content_type, scan.data, scan.size = content_type, data, len(data)
    scan.sha256 = hashlib.sha256(data).hexdigest()
    scan.uploaded_at, scan.uploaded_by_id = clock.now(), uploader.id
    db.session.add(scan)
    record("document.scan_uploaded", {"document": document.id, "kind": document.kind},
           school=_school(document), stream=_stream(document))
    return scan


def save_texts(school: School, kind: DocumentKind, title: str,
               sections: dict[str, str]) -> list[SchoolDocument]:
    """Store the school's wording of ``kind``; return the new editions it opened."""
    text = db.session.scalar(select(DocumentText).where(
        DocumentText.school_id == school.id, DocumentText.kind == kind))
    if text is None:
        text = DocumentText(school_id=school.id, kind=kind)
        db.session.add(text)
    text.title, text.sections = title, dict(sections)
    return _texts_changed(school, kind)


def reset_texts(school: School, kind: DocumentKind) -> list[SchoolDocument]:
    """Go back to the platform's wording of ``kind``."""
    text = db.session.scalar(select(DocumentText).where(
        DocumentText.school_id == school.id, DocumentText.kind == kind))
    if text is not None:
        db.session.delete(text)
    return _texts_changed(school, kind)


def _texts_changed(school: School, kind: DocumentKind) -> list[SchoolDocument]:
    """Drafts follow the new wording at once; an approved document stays as signed and
    gets a new draft edition (same number and year, dated today) to approve again."""
    db.session.flush()
    record("document.text_changed", {"kind": kind.value}, school=school,
           stream=f"school:{school.id}:texts")
    for draft in db.session.scalars(select(SchoolDocument).where(
            SchoolDocument.school_id == school.id, SchoolDocument.kind == kind,
            SchoolDocument.status == DocumentStatus.DRAFT)):
        draft.title = _title(school, kind, draft.academic_year)
    return [create_document(school, kind, signed.academic_year, signed.number,
                            clock.today(school), previous=signed)
            for signed in _latest_approved(school, kind)]


def _latest_approved(school: School, kind: DocumentKind) -> list[SchoolDocument]:
    successor = aliased(SchoolDocument)
    return list(db.session.scalars(
        select(SchoolDocument)
        .where(SchoolDocument.school_id == school.id, SchoolDocument.kind == kind,
               SchoolDocument.status == DocumentStatus.APPROVED,
               ~select(successor.id).where(successor.previous_id == SchoolDocument.id)
               .exists())
        .order_by(SchoolDocument.id)))


def _title(school: School, kind: DocumentKind, academic_year: int) -> str:
    title = fill(wording_for(school, kind).title, school_values(school, academic_year))
    return title if len(title) <= 300 else title[:299] + "…"


def _school(document: SchoolDocument) -> School:
    return db.session.get(School, document.school_id)


def _stream(document: SchoolDocument) -> str:
    return f"document:{document.id}"
