"""Each approved school document: kind, year, number and dates (``document.approved``;
version 1 knew no number or date of its own: the day of approval stands for both)."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import DocumentState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    day_of,
    placed,
)


class DocumentStateProjection(StateProjection):
    model = DocumentState
    event_types = frozenset({"document.approved"})
    subject_columns = ("school_id", "document")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["document"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        approved_on = date_or_none(payload.get("approved_on")) or day_of(event)
        return {(): placed(event, kind=payload["kind"], academic_year=payload["academic_year"],
                           number=payload.get("number"),
                           dated=date_or_none(payload.get("date")), approved_on=approved_on)}


register(DocumentStateProjection())
