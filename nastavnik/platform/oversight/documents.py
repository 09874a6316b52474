"""The school's approved documents as oversight reads them: in force on a day, and each
kind's latest with its number and dates (the monitoring card the region collects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Slice
from nastavnik.platform.oversight.names import names
from nastavnik.platform.oversight.state import DocumentState

documents = DocumentState.__table__
_lasting: set[str] = set()


def lasting(*kinds: str) -> None:
    """Kinds adopted once and valid until replaced (the others belong to one year)."""
    _lasting.update(kinds)


def in_force(s: Slice, kind: str) -> list[ColumnElement[bool]]:
    year = (documents.c.academic_year <= s.academic_year if kind in _lasting
            else documents.c.academic_year == s.academic_year)
    return [s.of(documents), documents.c.kind == kind, year, documents.c.approved_on <= s.as_of]


@dataclass(frozen=True)
class Approved:
    kind: str
    label: str
    document: int | None = None
    number: str | None = None
    dated: dt.date | None = None
    approved_on: dt.date | None = None


def school_documents(s: Slice, school_id: int) -> list[Approved]:
    """Each kind with the latest approved document in force on the day (or none)."""
    found = []
    for kind, label in names("document_kind").items():
        latest = db.session.execute(
            select(documents.c.document, documents.c.number, documents.c.dated,
                   documents.c.approved_on)
            .where(*in_force(s, kind), documents.c.school_id == school_id)
            .order_by(documents.c.approved_on.desc(), documents.c.document.desc())
            .limit(1)).first()
        found.append(Approved(kind, label, *latest) if latest else Approved(kind, label))
    return found
