"""The school's required documents and its curator: yes or no per school on the snapshot
day, a share of schools above it."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.oversight.documents import documents, in_force, lasting
from nastavnik.platform.oversight.indicators import Indicator, Rollup, Slice, Value, declare
from nastavnik.platform.oversight.names import provide
from nastavnik.platform.oversight.state import RoleState
from nastavnik.tenants.documents.kinds import KIND_LABEL, DocumentKind

roles = RoleState.__table__
SECTION = "Документы и куратор"


def having(s: Slice, kind: DocumentKind) -> dict[int, Value]:
    return s.each_school(db.session.scalars(select(documents.c.school_id)
                                            .where(*in_force(s, kind.value))))


def curator(s: Slice) -> dict[int, Value]:
    return s.each_school(db.session.scalars(select(roles.c.school_id).where(
        s.of(roles), roles.c.role == "curator", roles.c.granted_on <= s.as_of)))


def _declare_kind(order: int, kind: DocumentKind) -> None:
    declare(Indicator(
        f"has_{kind.value}", KIND_LABEL[kind], "% школ",
        "школы с утверждённым документом на дату ÷ все школы × 100 (в школе: есть / нет)",
        Rollup.SHARE, lambda s: having(s, kind), SECTION, order=order))


provide("document_kind", lambda: {kind.value: label for kind, label in KIND_LABEL.items()})
# Adopted once and valid until replaced; the others are documents of one academic year.
lasting(DocumentKind.REGULATION, DocumentKind.REGULATION_ORDER, DocumentKind.CURATOR_ORDER,
        DocumentKind.PROGRAM_TEMPLATE)
declare(Indicator(
    "curator_appointed", "Назначен куратор наставничества", "% школ",
    "школы, где назначен куратор, ÷ все школы × 100 (в школе: есть / нет)", Rollup.SHARE,
    curator, SECTION, order=50))
for number, document_kind in enumerate(DocumentKind):
    _declare_kind(51 + number, document_kind)
