"""The only code that writes the documents' tables; every write records its event.

The caller (a view) commits: rows and event go in one transaction or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.events.registry import REQUISITE_PATTERN
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School, User
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.documents import providers
from nastavnik.tenants.documents.content import compose, school_values, wording_for
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus
from nastavnik.tenants.documents.models import DocumentScan, DocumentText, SchoolDocument
from nastavnik.tenants.documents.scans import checked_content_type
from nastavnik.tenants.documents.texts import fill

NUMBER_TAKEN = {"number": ["Документ этого вида с таким номером за этот учебный год уже есть."]}
DRAFT_EXISTS = {"kind": ["Черновик этого документа за этот учебный год уже есть: откройте его "
                         "в списке ниже."]}
refuse_duplicates("uq_school_documents_number", NUMBER_TAKEN)
refuse_duplicates("uq_school_documents_previous_id", {"_schema": [
    "Новая редакция этого документа уже создана."]})
PROTOCOL_KINDS = frozenset({DocumentKind.REGULATION, DocumentKind.REGULATION_ORDER})
# Approval ids are derived from the edition, so the log refuses a second approval of it.
APPROVALS = uuid.UUID("6f0c7f4e-3f7a-4c1e-9a57-0d5b1c2a9e11")


def approved_kinds(school: School) -> int:
    """How many kinds of document the school has approved (any year)."""
    return db.session.scalar(
        select(func.count(func.distinct(SchoolDocument.kind)))
        .where(SchoolDocument.school_id == school.id,
               SchoolDocument.status == DocumentStatus.APPROVED))


def create_document(school: School, kind: DocumentKind, academic_year: int, number: str,
                    date: dt.date, protocol_number: str = "",
                    protocol_date: dt.date | None = None) -> SchoolDocument:
    """A new draft, unless it repeats one (a double click, or a number given before).

    The council's protocol (number, date) is kept for the Regulation and the order adopting
    it, the documents that print it."""
    school = locked(school)  # creations of one school take turns: the check below holds
    if (same := _same_document(school, kind, academic_year, number)) is not None:
        raise Rejected(NUMBER_TAKEN if same.number else DRAFT_EXISTS)
    document = _new_edition(school, kind, academic_year, number, date)
    if kind in PROTOCOL_KINDS:
        document.protocol_number, document.protocol_date = protocol_number, protocol_date
    return document


def _same_document(school: School, kind: DocumentKind, academic_year: int,
                   number: str) -> SchoolDocument | None:
    """A document of the kind and year with this number; without a number, a draft."""
    query = select(SchoolDocument).where(
        SchoolDocument.school_id == school.id, SchoolDocument.kind == kind,
        SchoolDocument.academic_year == academic_year, SchoolDocument.number == number)
    if not number:
        query = query.where(SchoolDocument.status == DocumentStatus.DRAFT)
    return db.session.scalars(query.limit(1)).first()


def _new_edition(school: School, kind: DocumentKind, academic_year: int, number: str,
                 date: dt.date, previous: SchoolDocument | None = None) -> SchoolDocument:
    """A new draft; with ``previous``, the next edition of that approved document."""
    document = SchoolDocument(
        school_id=school.id, kind=kind, academic_year=academic_year, number=number, date=date,
        title=_title(school, kind, academic_year), status=DocumentStatus.DRAFT,
        version=previous.version + 1 if previous else 1,
        previous_id=previous.id if previous else None,
        protocol_number=previous.protocol_number if previous else "",
        protocol_date=previous.protocol_date if previous else None)
    db.session.add(document)
    db.session.flush()
    record("document.created", {"document": document.id, "kind": kind.value,
                                "academic_year": academic_year},
           school=school, stream=_stream(document))
    return document


def approve_document(document: SchoolDocument, director: User) -> None:
    """Approve and freeze: the composed content is stored and rendered from then on."""
    document = locked(document)  # a double click waits here, then finds it approved
    if document.approved:
        raise Rejected(f"Документ уже утверждён {document.approved_at:%d.%m.%Y}; "
                       "повторное утверждение не требуется.")
    content = compose(document)
    document.content = content.as_dict()
    # A pair order fixes the pairs it lists: the next order of the year lists only others.
    fixed = providers.fix_pairs(_school(document), content.pair_ids, document)
    document.status = DocumentStatus.APPROVED
    document.approved_at = clock.now()
    document.approved_by_id = director.id
    record("document.approved", {"document": document.id, "kind": document.kind,
                                 "academic_year": document.academic_year,
                                 **_requisites(document), "pairs": fixed},
           school=_school(document), stream=_stream(document),
           event_id=uuid.uuid5(APPROVALS, f"{document.id}:{document.version}"))


def _requisites(document: SchoolDocument) -> dict:
    """The number and dates the region's monitoring asks for; a number written otherwise
    than letters, digits and «-/.» stays out of the log (the document keeps it)."""
    requisites = {"date": document.date, "approved_on": clock.today(_school(document))}
    if re.fullmatch(REQUISITE_PATTERN, document.number or ""):
        requisites["number"] = document.number
    return requisites


def upload_scan(document: SchoolDocument, data: bytes, declared_type: str | None,
                uploader: User) -> DocumentScan:
    """Store the signed scan (replacing an earlier one); refuse anything but a real scan.

    The same file sent again (a double click) changes nothing and records nothing.
    """
    content_type = checked_content_type(data, declared_type)
    document = locked(document)  # replacements take turns: one scan row per document
    scan = db.session.scalar(select(DocumentScan).where(DocumentScan.document_id == document.id))
    sha256 = hashlib.sha256(data).hexdigest()
    if scan is not None and scan.sha256 == sha256:
        return scan
    scan = scan or DocumentScan(school_id=document.school_id, document=document)
    scan.content_type, scan.data, scan.size = content_type, data, len(data)
    scan.sha256 = sha256
    scan.uploaded_at, scan.uploaded_by_id = clock.now(), uploader.id
    db.session.add(scan)
    record("document.scan_uploaded", {"document": document.id, "kind": document.kind},
           school=_school(document), stream=_stream(document))
    return scan


def save_texts(school: School, kind: DocumentKind, title: str,
               sections: dict[str, str]) -> list[SchoolDocument]:
    """Store the school's wording of ``kind``; return the new editions it opened.

    Saving the wording it already has (a double click) opens nothing and records nothing.
    """
    school = locked(school)
    text = db.session.scalar(select(DocumentText).where(
        DocumentText.school_id == school.id, DocumentText.kind == kind))
    if text is not None and (text.title, text.sections) == (title, dict(sections)):
        return []
    if text is None:
        text = DocumentText(school_id=school.id, kind=kind)
        db.session.add(text)
    text.title, text.sections = title, dict(sections)
    return _texts_changed(school, kind)


def reset_texts(school: School, kind: DocumentKind) -> list[SchoolDocument]:
    """Go back to the platform's wording of ``kind``; nothing to do if the school has none."""
    school = locked(school)
    text = db.session.scalar(select(DocumentText).where(
        DocumentText.school_id == school.id, DocumentText.kind == kind))
    if text is None:
        return []
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
    return [_new_edition(school, kind, signed.academic_year, signed.number, clock.today(school),
                         previous=signed)
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
