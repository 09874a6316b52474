"""The school's required documents and its curator: yes or no per school on the snapshot
day, a share of schools above it; and each document's number and date for the cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Indicator, Rollup, Slice, Value, declare
from nastavnik.platform.oversight.state import DocumentState, RoleState
from nastavnik.tenants.documents.kinds import KIND_LABEL, DocumentKind

documents = DocumentState.__table__
roles = RoleState.__table__
SECTION = "Документы и куратор"
# Adopted once and valid until replaced; the others are documents of one academic year.
LASTING = frozenset({DocumentKind.REGULATION, DocumentKind.REGULATION_ORDER,
                     DocumentKind.CURATOR_ORDER, DocumentKind.PROGRAM_TEMPLATE})


def in_force(s: Slice, kind: DocumentKind) -> list[ColumnElement[bool]]:
    year = (documents.c.academic_year <= s.academic_year if kind in LASTING
            else documents.c.academic_year == s.academic_year)
    return [s.of(documents), documents.c.kind == kind.value, year,
            documents.c.approved_on <= s.as_of]


def having(s: Slice, kind: DocumentKind) -> dict[int, Value]:
    return s.each_school(db.session.scalars(select(documents.c.school_id)
                                            .where(*in_force(s, kind))))


def curator(s: Slice) -> dict[int, Value]:
    return s.each_school(db.session.scalars(select(roles.c.school_id).where(
        s.of(roles), roles.c.role == "curator", roles.c.granted_on <= s.as_of)))


@dataclass(frozen=True)
class Approved:
    kind: DocumentKind
    document: int | None = None
    number: str | None = None
    dated: dt.date | None = None
    approved_on: dt.date | None = None


def school_documents(s: Slice, school_id: int) -> list[Approved]:
    """Each kind with the latest approved document in force on the day (or none)."""
    found = []
    for kind in DocumentKind:
        latest = db.session.execute(
            select(documents.c.document, documents.c.number, documents.c.dated,
                   documents.c.approved_on)
            .where(*in_force(s, kind), documents.c.school_id == school_id)
            .order_by(documents.c.approved_on.desc(), documents.c.document.desc())
            .limit(1)).first()
        found.append(Approved(kind, *latest) if latest else Approved(kind))
    return found


def _declare_kind(order: int, kind: DocumentKind) -> None:
    declare(Indicator(
        f"has_{kind.value}", KIND_LABEL[kind], "% школ",
        "школы с утверждённым документом на дату ÷ все школы × 100 (в школе: есть / нет)",
        Rollup.SHARE, lambda s: having(s, kind), SECTION, order=order))


declare(Indicator(
    "curator_appointed", "Назначен куратор наставничества", "% школ",
    "школы, где назначен куратор, ÷ все школы × 100 (в школе: есть / нет)", Rollup.SHARE,
    curator, SECTION, order=50))
for number, document_kind in enumerate(DocumentKind):
    _declare_kind(51 + number, document_kind)

