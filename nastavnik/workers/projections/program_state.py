"""Each pair's personalized program as the log tells it, one row per item: the program
(approved when), its plan's activities (planned, done when), meetings and the mentees'
ratings. A cancelled pair (formed by mistake) closes every row: it never counts."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import ProgramItemState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    day_of,
    placed,
)

PROGRAM = ("program",)


def _item(event: Row, kind: str, **facts) -> dict:
    return placed(event, **{"kind": kind, "approved": False, "day": None, "done_on": None,
                            "rating": None, **facts})


class ProgramStateProjection(StateProjection):
    model = ProgramItemState
    event_types = frozenset({
        "program.created", "program.approved", "program.activity_added",
        "program.activity_changed", "program.activity_removed", "program.activity_done",
        "program.meeting_logged", "program.feedback_given", "pair.cancelled"})
    subject_columns = ("school_id", "pair_id")
    member_columns = ("item",)

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["pair"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload, kind = event.payload, event.type
        if kind == "pair.cancelled":
            return {}
        activity = (f"activity:{payload.get('activity')}",)
        if kind == "program.created":
            rows = {PROGRAM: _item(event, "program")}
            for ident, planned in zip(payload["activities"], payload["planned_on"],
                                      strict=True):
                rows[(f"activity:{ident}",)] = _item(event, "activity",
                                                     day=date_or_none(planned))
        elif kind == "program.approved" and PROGRAM in rows:
            rows[PROGRAM] = {**rows[PROGRAM], "approved": True, "day": day_of(event)}
        elif kind in ("program.activity_added", "program.activity_changed"):
            before = rows.get(activity) or _item(event, "activity")
            rows[activity] = {**before, "day": date_or_none(payload["planned_on"])}
        elif kind == "program.activity_removed":
            rows.pop(activity, None)
        elif kind == "program.activity_done" and activity in rows:
            rows[activity] = {**rows[activity], "done_on": date_or_none(payload["done_on"])}
        elif kind == "program.meeting_logged":
            rows[(f"meeting:{payload['meeting']}",)] = _item(
                event, "meeting", day=date_or_none(payload["held_on"]))
        elif kind == "program.feedback_given":
            about = (f"activity:{payload['activity']}" if "activity" in payload
                     else f"meeting:{payload['meeting']}")
            rows[(f"rating:{payload['mentee']}:{about}",)] = _item(
                event, "rating", day=day_of(event), rating=payload["rating"])
        return rows


register(ProgramStateProjection())
