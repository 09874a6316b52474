"""The final event per school and year (``final_event.*``): planned with its day and
counts, then held with the counts it was held with."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row

from nastavnik.platform.oversight.state import FinalEventState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, placed

STATUS = {"final_event.planned": "planned", "final_event.held": "held"}


class FinalEventStateProjection(StateProjection):
    model = FinalEventState
    event_types = frozenset(STATUS)
    subject_columns = ("school_id", "event")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["event"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        return {(): placed(event, academic_year=payload["academic_year"],
                           status=STATUS[event.type],
                           held_on=dt.date.fromisoformat(payload["held_on"]),
                           mentors=payload["mentors"], mentees=payload["mentees"],
                           nominations=payload.get("nominations", 0))}


register(FinalEventStateProjection())
