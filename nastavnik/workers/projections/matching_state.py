"""The curators' matching decisions and the support plans of waiting mentees, as the log
tells them: one row per decision, one per mentee with a plan (the day it was first made)."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import MatchingDecisionState, SupportPlanState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed


class MatchingDecisionStateProjection(StateProjection):
    model = MatchingDecisionState
    event_types = frozenset({"matching.decided"})
    subject_columns = ("school_id", "decision")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["decision"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload = event.payload
        return {(): placed(event, outcome=payload["outcome"], decided_on=day_of(event),
                           pair_id=payload.get("pair"))}


class SupportPlanStateProjection(StateProjection):
    model = SupportPlanState
    event_types = frozenset({"support.plan_saved"})
    subject_columns = ("school_id", "teacher")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, str(event.payload["mentee"]))]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        # A plan edited later keeps the day it was made: that day it began to support.
        return rows or {(): placed(event, made_on=day_of(event))}


register(MatchingDecisionStateProjection())
register(SupportPlanStateProjection())
