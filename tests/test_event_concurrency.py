"""Concurrent writers never make a reader skip an event (the lock of ``log.py``).

Eight threads append interleaved transactions; each holds its transaction open for a
random moment after its INSERT (its positions taken) before COMMIT, while another thread
advances a projection continuously. At the end the projection has counted every event
exactly once.

To see the protection matter, run the same test without it:

    NASTAVNIK_UNSAFE_APPENDS=1 .venv/bin/pytest tests/test_event_concurrency.py

It then fails (nearly always): a transaction that took position 101 commits after one
that took 102, the projection has already moved past 102, and 101 is never counted.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik.extensions import db
from nastavnik.platform.aggregates import SchoolYearActivity
from nastavnik.platform.events import Event, log, record
from nastavnik.platform.models import School
from nastavnik.workers.projections import advance, find

WRITERS = 8
TRANSACTIONS_PER_WRITER = 25
HOLD = "test.hold_after_insert"


@pytest.fixture
def slow_commits():
    """Hold a transaction open after its events are inserted, if it asks to be held."""
    def hold(session: Session) -> None:
        delay = session.info.get(HOLD)
        if delay:
            time.sleep(delay)

    # Registered after the log's own before_commit listener, so it runs after the INSERT.
    sa_event.listen(Session, "before_commit", hold)
    yield
    sa_event.remove(Session, "before_commit", hold)


def test_concurrent_writers_and_a_live_projection_count_every_event_once(
        app, make_school, slow_commits, monkeypatch):
    monkeypatch.setattr(log, "SERIALISE_APPENDS",
                        os.environ.get("NASTAVNIK_UNSAFE_APPENDS") != "1")
    school_ids = [make_school(f"c{i}").id for i in range(3)]
    writing = threading.Event()
    writing.set()
    failures = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        with app.app_context():
            schools = db.session.scalars(select(School).where(School.id.in_(school_ids))).all()
            try:
                for _ in range(TRANSACTIONS_PER_WRITER):
                    for _ in range(rng.randint(1, 3)):
                        record("teacher.added", {"teacher": str(uuid.uuid4()),
                                                 "young_specialist": rng.random() < 0.5},
                               school=rng.choice(schools))
                    db.session.info[HOLD] = rng.uniform(0, 0.02)
                    db.session.commit()
                    time.sleep(rng.uniform(0, 0.005))
            except Exception as error:  # surfaced by the assertion below
                failures.append(error)

    def projector() -> None:
        with app.app_context():
            while writing.is_set():
                advance(find("school_year_activity"), batch_size=7)
            advance(find("school_year_activity"))

    reader = threading.Thread(target=projector)
    reader.start()
    writers = [threading.Thread(target=writer, args=(seed,)) for seed in range(WRITERS)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    reader.join()

    assert failures == []
    logged = dict(db.session.execute(
        select(Event.school_id, func.count()).group_by(Event.school_id)).all())
    projected = dict(db.session.execute(
        select(SchoolYearActivity.school_id, func.sum(SchoolYearActivity.count))
        .group_by(SchoolYearActivity.school_id)).all())
    assert sum(logged.values()) >= WRITERS * TRANSACTIONS_PER_WRITER
    assert projected == logged
