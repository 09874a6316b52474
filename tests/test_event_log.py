"""The single append path: validated, transactional, idempotent, confined to the scope."""

import datetime as dt
import uuid

import pytest
from flask import g
from marshmallow import fields
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import (
    Event,
    EventPayload,
    append_batch,
    event_type,
    occurring_at,
    record,
)
from nastavnik.platform.events.document import CATALOG_PATH, render_catalog
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.tenancy import Scope
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import add_teacher

PAYLOAD = {"teacher": str(uuid.uuid4()), "age_band": "under_35", "experience_band": "0_3",
           "young_specialist": True}


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_service_writes_row_and_event_in_one_commit(make_school):
    school = make_school()
    teacher = add_teacher(school, last_name="Лебедева", first_name="Ольга",
                          birth_year=2000, teaching_since=2024)
    assert event_count() == 0  # staged, not yet written
    db.session.commit()
    event = db.session.scalar(select(Event))
    assert event.type == "teacher.added"
    assert event.payload["teacher"] == str(teacher.pseudonym)
    assert (event.school_id, event.municipality_id, event.region_id) == (
        school.id, school.municipality_id, school.region_id)
    assert event.position >= 1
    assert "Лебедева" not in str(event.payload)


def test_rollback_discards_row_and_event_together(make_school):
    school = make_school()
    add_teacher(school, last_name="Лебедева", first_name="Ольга")
    db.session.rollback()
    db.session.commit()
    assert event_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Teacher)) == 0


def test_unknown_type_is_refused(make_school):
    with pytest.raises(Rejected, match="Неизвестный тип события"):
        record("teacher.vanished", {}, school=make_school())


@pytest.mark.parametrize("payload", [
    {**PAYLOAD, "age_band": "ancient"},
    {**PAYLOAD, "full_name": "Лебедева Ольга"},
    {k: v for k, v in PAYLOAD.items() if k != "teacher"},
])
def test_invalid_payload_is_refused_and_nothing_written(make_school, payload):
    school = make_school()
    with pytest.raises(Rejected) as refused:
        record("teacher.added", payload, school=school)
    assert "payload" in refused.value.messages
    db.session.commit()
    assert event_count() == 0


def test_resent_event_id_returns_the_original(make_school):
    school = make_school()
    key = uuid.uuid4()
    first = record("teacher.added", PAYLOAD, school=school, event_id=key)
    assert record("teacher.added", PAYLOAD, school=school, event_id=key) is first
    db.session.commit()
    again = record("teacher.added", {**PAYLOAD, "young_specialist": False}, school=school,
                   event_id=key)
    db.session.commit()
    assert again.position == first.position
    assert again.payload["young_specialist"] is True
    assert event_count() == 1


def test_event_for_a_school_outside_the_scope_is_refused(make_school):
    mine, foreign = make_school("mine"), make_school("foreign")
    g.scope = Scope.of(mine)
    with pytest.raises(Rejected, match="вне вашей области"):
        record("teacher.added", PAYLOAD, school=foreign)
    db.session.commit()
    assert event_count() == 0


def test_free_text_payload_fields_cannot_be_registered():
    with pytest.raises(TypeError, match="never free text"):
        @event_type("test.leaky", "Протекает")
        class Leaky(EventPayload):
            comment = fields.String()


def test_positions_follow_commit_order(make_school):
    school = make_school()
    for _ in range(3):
        record("teacher.added", {**PAYLOAD, "teacher": str(uuid.uuid4())}, school=school)
        db.session.commit()
    positions = db.session.scalars(select(Event.position).order_by(Event.recorded_at,
                                                                   Event.position)).all()
    assert positions == sorted(positions) and len(set(positions)) == 3


def batch_rows(school, count: int) -> list[dict]:
    return [{"event_id": uuid.uuid4(), "school_id": school.id,
             "municipality_id": school.municipality_id, "region_id": school.region_id,
             "academic_year": 2026, "stream": f"school:{school.id}", "type": "teacher.added",
             "version": 1, "payload": {**PAYLOAD, "teacher": str(uuid.uuid4())},
             "actor_id": None, "occurred_at": dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)}
            for _ in range(count)]


def test_append_batch_writes_once_however_often_a_batch_is_resent(make_school):
    rows = batch_rows(make_school(), 1000)
    assert append_batch(db.session, rows + rows[:10]) == 1000  # repeats inside the batch
    db.session.commit()
    assert append_batch(db.session, rows[:500] + batch_rows(make_school("b"), 5)) == 5
    db.session.commit()
    assert event_count() == 1005
    stored = db.session.scalar(select(Event).where(Event.event_id == rows[0]["event_id"]))
    assert stored.payload == rows[0]["payload"] and stored.position >= 1


def test_append_batch_refuses_unknown_types_and_writes_nothing(make_school):
    rows = batch_rows(make_school(), 3)
    rows[1]["type"] = "teacher.vanished"
    with pytest.raises(Rejected, match="Неизвестный тип события"):
        append_batch(db.session, rows)
    db.session.commit()
    assert event_count() == 0


def test_the_committed_event_catalog_matches_the_registered_schemas():
    assert CATALOG_PATH.read_text(encoding="utf-8") == render_catalog(), (
        "docs/events.md is stale: run `flask --app wsgi events catalog`")
    assert "`teacher.added`" in render_catalog()


def test_past_work_is_dated_when_it_happened_with_its_follow_up_events(make_school):
    school = make_school()
    with occurring_at(dt.date(2026, 9, 15)):
        record("document.approved", {"document": 1, "kind": "regulation",
                                     "academic_year": 2026}, school=school)
    record("teacher.added", PAYLOAD, school=school)
    db.session.commit()
    dated = {e.type: e.occurred_at for e in db.session.scalars(select(Event))}
    # Approving the Regulation completed roadmap item 1.2: that event is dated alike.
    assert dated["document.approved"] == dated["roadmap.activity_updated"]
    assert dated["document.approved"] == clock.at_noon(dt.date(2026, 9, 15), school)
    assert clock.local_date(dated["teacher.added"], school) == clock.today(school)
