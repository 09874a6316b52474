"""Monitoring of the quality of mentoring per school: each request to a participant
(``monitoring.requested``) and, once answered (``monitoring.answered``), its scores."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import MonitoringState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed


class MonitoringStateProjection(StateProjection):
    model = MonitoringState
    event_types = frozenset({"monitoring.requested", "monitoring.answered"})
    subject_columns = ("school_id", "request")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["request"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        if event.type == "monitoring.requested":
            return {(): placed(event, participant=payload["participant"],
                               academic_year=payload["academic_year"],
                               requested_on=day_of(event), answered_on=None,
                               satisfaction=None, difficulty_change=None)}
        return {key: {**row, "answered_on": day_of(event),
                      "satisfaction": payload["satisfaction"],
                      "difficulty_change": payload["difficulty_change"]}
                for key, row in rows.items()}


register(MonitoringStateProjection())
