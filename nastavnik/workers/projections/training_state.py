"""The training of mentors as the log tells it: each material in a school's set
(``training.material_added``; ``training.material_removed`` dates its removal, and a
material added again opens it anew) and each
mentor present at a session (a school's latest sheet of the session replaces its rows:
a correction of the sheet corrects the figures)."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import TrainingAttendanceState, TrainingMaterialState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    day_of,
    placed,
)


class TrainingMaterialStateProjection(StateProjection):
    model = TrainingMaterialState
    event_types = frozenset({"training.material_added", "training.material_removed"})
    subject_columns = ("school_id", "material")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["material"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        if event.type == "training.material_removed":
            return {member: {**row, "removed_on": day_of(event)} for member, row in rows.items()}
        payload = event.payload
        return {(): placed(event, level=payload["level"], topic=payload["topic"],
                           added_on=day_of(event), removed_on=None)}


class TrainingAttendanceStateProjection(StateProjection):
    model = TrainingAttendanceState
    event_types = frozenset({"training.attendance_recorded"})
    subject_columns = ("school_id", "session")
    member_columns = ("teacher",)

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["session"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        facts = placed(event, kind=payload["kind"], held_on=date_or_none(payload["held_on"]))
        return {(str(teacher),): dict(facts) for teacher in payload["present"]}


register(TrainingMaterialStateProjection())
register(TrainingAttendanceStateProjection())
