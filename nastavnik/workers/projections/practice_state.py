"""The methodical bank per school: each practice with its category, the day it was
submitted and its current status (``practice.*`` events)."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import PracticeState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed


class PracticeStateProjection(StateProjection):
    model = PracticeState
    event_types = frozenset({"practice.submitted", "practice.status_changed"})
    subject_columns = ("school_id", "practice_id")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["practice"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        if event.type == "practice.submitted":
            return {(): placed(event, category=payload["category"], status="submitted",
                               submitted_on=day_of(event))}
        return {key: {**row, "status": payload["target"]} for key, row in rows.items()}


register(PracticeStateProjection())
