"""Each teacher of a school by pseudonym: in the school from when to when, young
specialist, under 35, and where the teacher stands in the two banks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row

from nastavnik.platform.oversight.state import TeacherState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    day_of,
    placed,
)

ONE = ()  # a teacher is one row: no members
BANK_LEFT = ("withdrawn", "finished", "ended_early")


def joined_on(event: Row) -> dt.date:
    """A teacher entered in the platform after being hired joined on 1 January of the year of
    hiring (the record knows the year only); otherwise on the day of entry."""
    day, hired_in = day_of(event), event.payload.get("hired_in")
    return min(day, dt.date(hired_in, 1, 1)) if hired_in else day


class TeacherStateProjection(StateProjection):
    model = TeacherState
    event_types = frozenset({"teacher.added", "teacher.updated", "teacher.left",
                             "teacher.returned", "mentee.entered", "mentee.status_changed",
                             "mentor.entered", "mentor.status_changed", "consent.withdrawn"})
    subject_columns = ("school_id", "teacher")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, str(event.payload["teacher"]))]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        row = rows.get(ONE) or placed(event, young_specialist=False, under_35=False,
                                      joined_on=day_of(event), left_on=None, mentor_bank=False,
                                      mentee_status=None, waiting_since=None)
        row.update(_changes(row, event))
        return {ONE: row}


def _changes(row: dict, event: Row) -> dict:
    payload, kind = event.payload, event.type
    if kind in ("teacher.added", "teacher.updated"):
        changes = {"young_specialist": payload["young_specialist"],
                   "under_35": payload.get("age_band") == "under_35"}
        return {**changes, "joined_on": joined_on(event)} if kind == "teacher.added" else changes
    if kind == "teacher.left":
        return {"left_on": date_or_none(payload["left_on"]),
                "young_specialist": payload["young_specialist"]}
    if kind == "teacher.returned":
        return {"left_on": None}
    if kind == "mentor.entered":
        return {"mentor_bank": True}
    if kind == "mentor.status_changed":
        return {"mentor_bank": payload["status"] != "withdrawn"}
    if kind == "mentee.entered":
        return _mentee_status(row, "waiting", event) if row["mentee_status"] in (
            None, "withdrawn") else {}
    if kind == "mentee.status_changed":
        return _mentee_status(row, payload["status"], event)
    if kind == "consent.withdrawn":
        return ({"mentor_bank": False} if payload["bank"] == "mentors"
                else _mentee_status(row, "withdrawn", event))
    return {}


def _mentee_status(row: dict, status: str, event: Row) -> dict:
    if status != "waiting":
        return {"mentee_status": status, "waiting_since": None}
    waiting = row["waiting_since"] if row["mentee_status"] == "waiting" else day_of(event)
    return {"mentee_status": status, "waiting_since": waiting}


register(TeacherStateProjection())
