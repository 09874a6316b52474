"""A writer stuck on the event log's lock cannot freeze every append: they fail fast, cleanly."""

import datetime as dt
import time
import uuid

import pytest
from conftest import csrf_token
from sqlalchemy import func, select, text

from nastavnik.extensions import db
from nastavnik.platform.events import Event, EventLogBusy, append_batch
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import Teacher

TIMEOUT_MS = 400
TEACHER = {"last_name": "Сидорова", "first_name": "Анна", "middle_name": "Игоревна",
           "birth_year": "2001", "teaching_since": "2024"}


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def stuck_writer(app):
    """Another transaction that took the event log's lock and does not let go."""
    with db.engine.connect() as connection:
        connection.begin()
        connection.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
        yield connection
        connection.rollback()


@pytest.fixture
def curator(app, make_school, make_user, logged_in, monkeypatch):
    monkeypatch.setitem(app.config, "EVENT_LOCK_TIMEOUT_MS", TIMEOUT_MS)
    return logged_in(make_user(Role.CURATOR, make_school("sch")))


def test_an_append_behind_a_stuck_writer_gets_the_busy_page_and_writes_nothing(
        curator, stuck_writer):
    token = csrf_token(curator, "/s/sch/teachers/")  # reading is not blocked by the lock
    started = time.monotonic()
    response = curator.post("/s/sch/teachers/", data={"csrf_token": token, **TEACHER})
    waited = time.monotonic() - started
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Платформа занята, повторите через минуту" in page
    assert response.headers["Retry-After"] == "60"
    assert "Content-Security-Policy" in response.headers
    assert TIMEOUT_MS / 1000 <= waited < TIMEOUT_MS / 1000 + 3, waited
    assert count(Event) == 0 and count(Teacher) == 0  # the teacher's row went with it


def test_after_the_writer_lets_go_the_same_form_goes_through(curator, app):
    token = csrf_token(curator, "/s/sch/teachers/")
    with db.engine.connect() as holder:
        holder.begin()
        holder.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
        busy = curator.post("/s/sch/teachers/", data={"csrf_token": token, **TEACHER})
        holder.rollback()
    assert busy.status_code == 503
    done = curator.post("/s/sch/teachers/", data={"csrf_token": token, **TEACHER})
    assert done.status_code == 302
    assert count(Event) == 1 and count(Teacher) == 1
    # The bound was local to the failed transaction: pooled connections keep no timeout.
    for _ in range(5):
        with db.engine.connect() as connection:
            assert connection.scalar(text("SHOW lock_timeout")) == "0"


def test_a_batch_append_behind_a_stuck_writer_is_refused(app, make_school, monkeypatch,
                                                         stuck_writer):
    monkeypatch.setitem(app.config, "EVENT_LOCK_TIMEOUT_MS", TIMEOUT_MS)
    school = make_school()
    row = {"event_id": uuid.uuid4(), "school_id": school.id,
           "municipality_id": school.municipality_id, "region_id": school.region_id,
           "academic_year": 2026, "stream": f"school:{school.id}", "type": "teacher.added",
           "version": 1, "payload": {"teacher": str(uuid.uuid4()), "young_specialist": True},
           "actor_id": None, "occurred_at": dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)}
    with pytest.raises(EventLogBusy):
        append_batch(db.session, [row])
    db.session.rollback()
    assert count(Event) == 0
