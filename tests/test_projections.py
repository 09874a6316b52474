"""Projections: the incremental path and a rebuild from scratch agree, exactly once."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.generate import chunks, event_rows, make_schools
from nastavnik.extensions import db
from nastavnik.platform.aggregates import ProjectionCheckpoint, SchoolYearActivity
from nastavnik.platform.events import (
    Event,
    EventPayload,
    append_batch,
    event_type,
    record,
    registry,
)
from nastavnik.workers.projections import advance, find, rebuild, status

ACTIVITY = find("school_year_activity")


@pytest.fixture
def mixed_types(monkeypatch):
    """Two more event types for the length of a test, so the log mixes three."""
    monkeypatch.setattr(registry, "_TYPES", dict(registry._TYPES))

    @event_type("test.meeting_held", "Проведена встреча")
    class MeetingHeld(EventPayload):
        pair = fields.UUID(required=True)
        minutes = fields.Integer(required=True)

    @event_type("test.survey_answered", "Заполнена анкета")
    class SurveyAnswered(EventPayload):
        respondent = fields.UUID(required=True)
        kind = fields.String(required=True, validate=OneOf(["mentor", "mentee"]))

    return ["teacher.added", "test.meeting_held", "test.survey_answered"]


def append_generated(places, count: int, types, seed: int = 1) -> None:
    for batch in chunks(event_rows(places, count, types, seed=seed), 5000):
        with Session(db.engine) as session:
            append_batch(session, batch)
            session.commit()


def projected_rows() -> list[tuple]:
    return db.session.execute(
        select(SchoolYearActivity.school_id, SchoolYearActivity.academic_year,
               SchoolYearActivity.event_type, SchoolYearActivity.municipality_id,
               SchoolYearActivity.region_id, SchoolYearActivity.count,
               SchoolYearActivity.last_occurred_at)
        .order_by(SchoolYearActivity.school_id, SchoolYearActivity.academic_year,
                  SchoolYearActivity.event_type)
    ).all()


def counted_from_log() -> list[tuple]:
    """The same aggregate computed straight from the log, for comparison."""
    return db.session.execute(
        select(Event.school_id, Event.academic_year, Event.type, Event.municipality_id,
               Event.region_id, func.count(), func.max(Event.occurred_at))
        .group_by(Event.school_id, Event.academic_year, Event.type, Event.municipality_id,
                  Event.region_id)
        .order_by(Event.school_id, Event.academic_year, Event.type)
    ).all()


def test_rebuild_from_scratch_equals_the_incremental_path(mixed_types):
    places = make_schools(db.session, schools=60, municipalities=6)
    for round_ in range(5):  # the live path: the log grows, the projection follows
        append_generated(places, 10_000, mixed_types, seed=round_)
        assert advance(ACTIVITY, batch_size=3000) == 10_000
    incremental = projected_rows()
    assert len({row[2] for row in incremental}) == 3

    assert rebuild(ACTIVITY) == 50_000
    db.session.expire_all()
    assert projected_rows() == incremental == counted_from_log()
    assert sum(row[5] for row in incremental) == 50_000


def test_advance_applies_each_event_once_and_stops_at_the_head(make_school):
    school = make_school()
    for _ in range(3):
        record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
               school=school, occurred_at=dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC))
    db.session.commit()
    assert advance(ACTIVITY) == 3
    assert advance(ACTIVITY) == 0
    row = db.session.scalar(select(SchoolYearActivity))
    assert (row.school_id, row.academic_year, row.event_type, row.count) == (
        school.id, 2026, "teacher.added", 3)
    checkpoint = db.session.get(ProjectionCheckpoint, "school_year_activity")
    assert checkpoint.position == db.session.scalar(select(func.max(Event.position)))


def test_two_workers_advancing_at_once_never_apply_a_batch_twice(app):
    places = make_schools(db.session, schools=10, municipalities=2)
    append_generated(places, 20_000, ["teacher.added"])
    applied = []

    def work():
        with app.app_context():
            applied.append(advance(ACTIVITY, batch_size=500))

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(applied) == 20_000
    assert projected_rows() == counted_from_log()


def test_status_reports_position_head_and_lag(make_school):
    school = make_school()
    record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": False},
           school=school)
    db.session.commit()
    before = status(ACTIVITY)
    assert (before.position, before.lag_events) == (0, 1)
    assert before.head >= 1 and before.lag_seconds >= 0
    advance(ACTIVITY)
    after = status(ACTIVITY)
    assert (after.position, after.lag_events, after.lag_seconds) == (after.head, 0, 0)


def test_projection_commands(app, make_school):
    school = make_school()
    record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": False},
           school=school)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["projections", "status"])
    assert "school_year_activity" in result.output and "Упавших задач" in result.output
    assert "применено событий: 1" in runner.invoke(args=["projections", "advance"]).output
    rebuilt = runner.invoke(args=["projections", "rebuild", "school_year_activity"])
    assert "перестроена, применено событий: 1" in rebuilt.output
    unknown = runner.invoke(args=["projections", "rebuild", "nonsense"])
    assert unknown.exit_code != 0 and "нет проекции" in unknown.output
