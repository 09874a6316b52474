"""Appending to and projecting the event log on PostgreSQL, side by side with its peers.

One run, printed as a table (DESIGN.md "Reference figures" are the targets):

- one event per transaction through ``record()`` (the path every web request takes);
- 1,000-event transactions through ``append_batch`` (``COPY`` in a savepoint, looking ids
  up only when one was already logged), and the two alternatives it was chosen over: a
  look-up of the batch's ids before every ``COPY``, and ``COPY`` into a temporary table
  then ``INSERT … SELECT … ON CONFLICT DO NOTHING``;
- the ``eventsourcing`` library's PostgreSQL application recorder, 1,000 events per
  ``insert_events``;
- a raw ``COPY`` of the same rows in one transaction: the ceiling;
- projection catch-up from a cold checkpoint over 1,000,000 events.

Runs against a dedicated database (``BENCH_DATABASE_URL``, default ``nastavnik_bench``),
dropped and recreated. Rows are prepared before each timing; the events table is emptied
between append paths so each starts alike.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable

from flask_migrate import upgrade
from psycopg.types.json import Jsonb
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.generate import chunks, event_rows, make_schools
from nastavnik import create_app
from nastavnik.extensions import db
from nastavnik.platform.events import Event, append_batch, log, record
from nastavnik.platform.events.log import EVENT_COLUMNS
from nastavnik.platform.models import School

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_bench")
APPEND_EVENTS = int(os.environ.get("BENCH_APPEND_EVENTS", 100_000))
SINGLE_EVENTS = int(os.environ.get("BENCH_SINGLE_EVENTS", 3_000))
CATCH_UP_EVENTS = int(os.environ.get("BENCH_CATCH_UP_EVENTS", 1_000_000))
BATCH = 1000


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def empty_events() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("TRUNCATE events RESTART IDENTITY"))


def logged_events() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Event))


def raw_cursor(session: Session):
    return session.connection().connection.driver_connection.cursor()


def append_one_per_transaction(school: School) -> None:
    for i in range(SINGLE_EVENTS):
        record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": i % 2 == 0},
               school=school)
        db.session.commit()


def append_batches(rows: list[dict]) -> None:
    with Session(db.engine) as session:
        for batch in chunks(iter(rows), BATCH):
            append_batch(session, batch)
            session.commit()


def append_with_lookup_first(rows: list[dict]) -> None:
    with Session(db.engine) as session:
        for batch in chunks(iter(rows), BATCH):
            cursor = raw_cursor(session)
            cursor.execute("LOCK TABLE events IN EXCLUSIVE MODE")
            fresh = {row["event_id"]: row for row in batch}
            cursor.execute("SELECT event_id FROM events WHERE event_id = ANY(%s)", [list(fresh)])
            for (known,) in cursor.fetchall():
                fresh.pop(known)
            log.copy_rows(cursor, fresh.values())
            session.commit()


def append_through_temp_table(rows: list[dict]) -> None:
    columns = ", ".join(EVENT_COLUMNS)
    with Session(db.engine) as session:
        for batch in chunks(iter(rows), BATCH):
            cursor = raw_cursor(session)
            cursor.execute("LOCK TABLE events IN EXCLUSIVE MODE")
            cursor.execute(f"CREATE TEMP TABLE incoming ON COMMIT DROP AS "
                           f"SELECT {columns} FROM events WITH NO DATA")
            with cursor.copy(f"COPY incoming ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row([Jsonb(row[c]) if c == "payload" else row[c]
                                    for c in EVENT_COLUMNS])
            cursor.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM incoming "
                           "ON CONFLICT (event_id) DO NOTHING")
            session.commit()


def raw_copy(rows: list[dict]) -> None:
    with Session(db.engine) as session:
        log.copy_rows(raw_cursor(session), rows)
        session.commit()


def eventsourcing_recorder():
    from eventsourcing.persistence import InfrastructureFactory

    url = make_url(BENCH_DATABASE_URL)
    os.environ.update({"PERSISTENCE_MODULE": "eventsourcing.postgres",
                       "POSTGRES_DBNAME": url.database, "POSTGRES_HOST": url.host,
                       "POSTGRES_PORT": str(url.port or 5432), "POSTGRES_USER": url.username,
                       "POSTGRES_PASSWORD": url.password or ""})
    return InfrastructureFactory.construct(dict(os.environ)).application_recorder()


def eventsourcing_events(rows: list[dict]) -> list:
    from eventsourcing.persistence import StoredEvent

    return [StoredEvent(originator_id=row["event_id"], originator_version=1,
                        topic=f"nastavnik.events:{row['type']}",
                        state=json.dumps(row["payload"]).encode())
            for row in rows]


def resend_is_a_no_op(rows: list[dict]) -> bool:
    with Session(db.engine) as session:
        written = append_batch(session, rows[:BATCH])
        session.commit()
    return written == 0


def catch_up_rate(places) -> tuple[float, int]:
    from nastavnik.workers.projections import find, rebuild

    empty_events()
    with Session(db.engine) as session:
        for batch in chunks(event_rows(places, CATCH_UP_EVENTS, seed=7), 10_000):
            append_batch(session, batch)
            session.commit()
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE events"))
    seconds = timed(lambda: rebuild(find("school_year_activity")))
    return CATCH_UP_EVENTS / seconds, CATCH_UP_EVENTS


def sealing_rate() -> float:
    """The seal chain over the log ``catch_up_rate`` left: event by event, in Python."""
    from nastavnik.workers.projections import find, rebuild

    return CATCH_UP_EVENTS / timed(lambda: rebuild(find("event_seals")))


def report(figures: list[tuple[str, float]], es_rate: float, copy_rate: float) -> None:
    print(f"\n{'path':<62} {'events/s':>10}")
    print("-" * 73)
    for name, rate in figures:
        print(f"{name:<62} {rate:>10,.0f}")
    batch_rate = dict(figures)["append_batch: COPY in a savepoint, 1,000 per transaction"]
    print(f"\nappend_batch / eventsourcing recorder: {batch_rate / es_rate:.2f}× (target ≥1.3×)")
    print(f"append_batch / raw COPY:               {batch_rate / copy_rate:.0%} (target ≥50%)")


def main() -> None:
    from tests.conftest import recreate_database

    recreate_database(BENCH_DATABASE_URL)
    os.environ.setdefault("NASTAVNIK_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", "bench")
    app = create_app({"SQLALCHEMY_DATABASE_URI": BENCH_DATABASE_URL,
                      "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")})
    with app.app_context():
        upgrade(revision="heads")
        places = make_schools(db.session, schools=400, municipalities=20, prefix="bench")
        school = db.session.get(School, places[0].school_id)
        rows = list(event_rows(places, APPEND_EVENTS, ["teacher.added"], seed=3))
        figures = []

        empty_events()
        figures.append(("record(): one event per transaction",
                        SINGLE_EVENTS / timed(lambda: append_one_per_transaction(school))))
        db.session.commit()  # hold no lock on the log while the paths below empty it
        for name, path in (("append_batch: COPY in a savepoint, 1,000 per transaction",
                            append_batches),
                           ("look-up of ids, then COPY, 1,000 per transaction",
                            append_with_lookup_first),
                           ("COPY to temp table + INSERT ON CONFLICT, 1,000 per transaction",
                            append_through_temp_table),
                           ("raw COPY, all rows in one transaction (ceiling)", raw_copy)):
            empty_events()
            figures.append((name, APPEND_EVENTS / timed(lambda path=path: path(rows))))
            assert logged_events() == APPEND_EVENTS
        assert resend_is_a_no_op(rows), "a re-sent batch was written again"

        recorder = eventsourcing_recorder()
        stored = eventsourcing_events(rows)
        es_rate = APPEND_EVENTS / timed(lambda: [recorder.insert_events(batch)
                                                 for batch in chunks(iter(stored), BATCH)])
        figures.append(("eventsourcing application recorder, 1,000 per insert_events", es_rate))

        rate, count = catch_up_rate(places)
        figures.append((f"projection catch-up, cold checkpoint, {count:,} events", rate))
        figures.append((f"seal chain, cold checkpoint, {count:,} events", sealing_rate()))
        report(figures, es_rate, dict(figures)["raw COPY, all rows in one transaction (ceiling)"])
