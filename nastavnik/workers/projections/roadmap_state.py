"""Each school roadmap activity's window, status and day of completion, from the log.

Folded from ``roadmap.created`` (version 2 lists every activity's window) and
``roadmap.activity_updated`` (version 2 carries the window and the day of completion;
a version 1 update knows no window, so the one the roadmap gave is kept).
"""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import RoadmapActivityState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    placed,
)

ONE = ()


def stage_of(code: str) -> int:
    """Activity «4.2» belongs to stage 4 (the seven stages of the school roadmap); a code
    of a regional template without a stage number counts as stage 0."""
    head = code.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


class RoadmapStateProjection(StateProjection):
    model = RoadmapActivityState
    event_types = frozenset({"roadmap.created", "roadmap.activity_updated"})
    subject_columns = ("school_id", "academic_year", "code")

    def subjects(self, event: Row) -> list[tuple]:
        year = event.payload["academic_year"]
        if event.type == "roadmap.created":
            return [(event.school_id, year, code) for code in event.payload.get("codes", [])]
        return [(event.school_id, year, event.payload["activity"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload, code = event.payload, subject[2]
        if event.type == "roadmap.created":
            if rows:  # a roadmap opened twice keeps the activity as it stands
                return rows
            due_to = dict(zip(payload["codes"], payload.get("due_to", []), strict=False))
            return {ONE: placed(event, stage=stage_of(code),
                                due_to=date_or_none(due_to.get(code)), status="planned",
                                completed_on=None)}
        known = rows.get(ONE, {})
        return {ONE: placed(event, stage=stage_of(code),
                            due_to=date_or_none(payload.get("due_to")) or known.get("due_to"),
                            status=payload["status"],
                            completed_on=date_or_none(payload.get("completed_on")))}


register(RoadmapStateProjection())
