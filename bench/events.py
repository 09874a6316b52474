"""Appending to and projecting the event log on PostgreSQL, side by side with its peers.

On a shared machine one sample per path, taken minutes apart, says little (the same code
printed 1.30×, 1.08× and 1.16× against the ``eventsourcing`` library in three runs). So
every comparison is paired: ``BENCH_ROUNDS`` rounds, each running every path once, the
order reversed every other round (A, B, C, then C, B, A …); each round gives each side's
own rate and the ratio of the pair measured minutes — not hours — apart. The tables show
min / median / max over the rounds, and in how many rounds a target was met.

Append paths, ``BENCH_APPEND_EVENTS`` events each per round (DESIGN.md "Reference
figures" are the targets):

- one event per transaction through ``record()`` (the path every web request takes;
  ``BENCH_SINGLE_EVENTS`` of them);
- ``append_batch``, 1,000 events per transaction (``COPY`` in a savepoint, looking ids
  up only when one was already logged), and the two alternatives it was chosen over: a
  look-up of the batch's ids before every ``COPY``, and ``COPY`` into a temporary table
  then ``INSERT … SELECT … ON CONFLICT DO NOTHING``;
- the same batches sent again to ``append_batch`` (an idempotent re-send: nothing is
  written, and it must cost no more than writing);
- the ``eventsourcing`` library's PostgreSQL application recorder, 1,000 events per
  ``insert_events``;
- a raw ``COPY`` of the same rows in one transaction: the ceiling.

Catch-up from a cold checkpoint (``rebuild``) over ``BENCH_CATCH_UP_EVENTS`` events of
every registered type, for every registered projection, the seal chain included: the
platform is caught up only when all are, so the whole rate is the events over the sum of
their times (``catch_up`` advances them one after another). The seal chain is also timed
row by row (its former path, still SQLite's) against its PostgreSQL path, and the two
must give the same seals.

Runs against a dedicated database (``BENCH_DATABASE_URL``, default ``nastavnik_bench``),
dropped and recreated; the generated log is ``VACUUM ANALYZE``d before timing (autovacuum
may be off). Rows are prepared before each timing; the log is emptied before each append
path so each starts alike.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_migrate import upgrade
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.generate import chunks, event_rows, make_schools
from nastavnik import create_app
from nastavnik.extensions import db
from nastavnik.platform.events import Event, append_batch, log, record
from nastavnik.platform.events.log import EVENT_COLUMNS
from nastavnik.platform.models import School
from nastavnik.workers.projections import find, projections, rebuild
from nastavnik.workers.projections.seals import SealsProjection

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
APPEND_EVENTS = int(os.environ.get("BENCH_APPEND_EVENTS", 20_000))
SINGLE_EVENTS = int(os.environ.get("BENCH_SINGLE_EVENTS", 1_000))
CATCH_UP_EVENTS = int(os.environ.get("BENCH_CATCH_UP_EVENTS", 200_000))
BATCH = 1000

RECORD = "record(): one event per transaction"
BATCHES = "append_batch: COPY in a savepoint, 1,000 per transaction"
LOOKUP = "look-up of ids, then COPY, 1,000 per transaction"
TEMP = "COPY to temp table + INSERT ON CONFLICT, 1,000 per transaction"
RESEND = "append_batch re-send: the same batches again (all known)"
LIBRARY = "eventsourcing application recorder, 1,000 per insert_events"
COPY = "raw COPY, all rows in one transaction (ceiling)"
ROW_BY_ROW_SEALS = "event_seals row by row (former path)"
WHOLE = "all projections, one after another"


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


@dataclass
class Rounds:
    """Each path's rate in every round, in events per second."""

    rates: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, rate: float) -> None:
        self.rates.setdefault(name, []).append(rate)

    def ratios(self, ours: str, theirs: str) -> list[float]:
        return [a / b for a, b in zip(self.rates[ours], self.rates[theirs], strict=True)]


def interleaved(paths: list[tuple[str, Callable[[], float]]], rounds: Rounds) -> None:
    """Run every path once per round, the order reversed every other round."""
    for n in range(ROUNDS):
        for name, path in paths if n % 2 == 0 else reversed(paths):
            rounds.add(name, path())
        print(f"  round {n + 1}/{ROUNDS} done", flush=True)


# --- append paths -------------------------------------------------------------------------

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


def append_batches(rows: list[dict]) -> int:
    written = 0
    with Session(db.engine) as session:
        for batch in chunks(iter(rows), BATCH):
            written += append_batch(session, batch)
            session.commit()
    return written


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


def append_paths(school: School, rows: list[dict]) -> list[tuple[str, Callable[[], float]]]:
    """Each path as a callable returning its rate; each starts from an empty table."""
    recorder = eventsourcing_recorder()
    stored = eventsourcing_events(rows)

    def library() -> None:
        for batch in chunks(iter(stored), BATCH):
            recorder.insert_events(batch)

    def emptied_library() -> None:
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {recorder.events_table_name}"))

    def logged_once(path: Callable[[list[dict]], object]) -> Callable[[], float]:
        def run() -> float:
            empty_events()
            rate = APPEND_EVENTS / timed(lambda: path(rows))
            assert logged_events() == APPEND_EVENTS
            return rate
        return run

    def single() -> float:
        empty_events()
        rate = SINGLE_EVENTS / timed(lambda: append_one_per_transaction(school))
        db.session.commit()  # hold no lock on the log while the paths below empty it
        return rate

    def resend() -> float:
        empty_events()
        append_batches(rows)
        written = []
        rate = APPEND_EVENTS / timed(lambda: written.append(append_batches(rows)))
        assert written == [0] and logged_events() == APPEND_EVENTS, "a re-send was written"
        return rate

    def eventsourcing() -> float:
        emptied_library()
        return APPEND_EVENTS / timed(library)

    return [(RECORD, single), (BATCHES, logged_once(append_batches)),
            (LOOKUP, logged_once(append_with_lookup_first)),
            (TEMP, logged_once(append_through_temp_table)), (RESEND, resend),
            (LIBRARY, eventsourcing), (COPY, logged_once(raw_copy))]


# --- catch-up ----------------------------------------------------------------------------

def generate_log(places) -> None:
    empty_events()
    with Session(db.engine) as session:
        for batch in chunks(event_rows(places, CATCH_UP_EVENTS, seed=7), 10_000):
            append_batch(session, batch)
            session.commit()
    vacuum_analyze()


def vacuum_analyze() -> None:
    # Autovacuum is off on the bench machine: without it a fresh table has no statistics
    # and no visibility map, and the plans timed would be ones a settled database never runs.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    print("  VACUUM ANALYZE of the whole database done before timing", flush=True)


def seals_digest() -> str:
    with db.engine.connect() as connection:
        return connection.scalar(text(
            "SELECT md5(string_agg(position || ':' || seal, ',' ORDER BY position)) "
            "FROM event_seals"))


class RowByRowSeals(SealsProjection):
    """The seal chain the former way, row by row: the same tables and checkpoint."""

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        self._apply_row_by_row(connection, after, upto)


def catch_up_paths() -> tuple[list[tuple[str, Callable[[], float]]], list[str]]:
    def cold(projection) -> Callable[[], float]:
        return lambda: CATCH_UP_EVENTS / timed(lambda: rebuild(projection))

    registered = projections()
    paths = [(p.name, cold(p)) for p in registered]
    paths.append((ROW_BY_ROW_SEALS, cold(RowByRowSeals())))
    return paths, [p.name for p in registered]


def seals_agree() -> bool:
    rebuild(RowByRowSeals())
    before = seals_digest()
    rebuild(find("event_seals"))
    return before == seals_digest()


# --- report ------------------------------------------------------------------------------

def spread(values: list[float]) -> str:
    return f"{min(values):>10,.0f} {statistics.median(values):>10,.0f} {max(values):>10,.0f}"


def rate_table(title: str, rounds: Rounds, names: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'path':<62} {'events/s: min':>14} {'median':>10} {'max':>10}")
    print("-" * 99)
    for name in names:
        print(f"{name:<62} {spread(rounds.rates[name]):>36}")


def ratio_table(rounds: Rounds, pairs: list[tuple[str, str, str, float | None]]) -> None:
    print(f"\nPaired ratios, each round on its own (A ÷ B of events/s), {ROUNDS} rounds")
    print(f"{'comparison':<50} {'min':>6} {'median':>7} {'max':>6}  {'target':>7} {'met':>7}")
    print("-" * 90)
    for label, ours, theirs, target in pairs:
        r = rounds.ratios(ours, theirs)
        met = f"{sum(x >= target for x in r)}/{len(r)}" if target else ""
        shown = f"≥{target:g}×" if target else ""
        print(f"{label:<50} {min(r):>5.2f}× {statistics.median(r):>6.2f}× {max(r):>5.2f}×  "
              f"{shown:>7} {met:>7}")


def main() -> None:
    from tests.conftest import recreate_database

    recreate_database(BENCH_DATABASE_URL)
    os.environ.setdefault("NASTAVNIK_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", "bench")
    app = create_app({"SQLALCHEMY_DATABASE_URI": BENCH_DATABASE_URL, "REDIS_URL": REDIS_URL})
    with app.app_context():
        upgrade(revision="heads")
        places = make_schools(db.session, schools=400, municipalities=20, prefix="bench")
        school = db.session.get(School, places[0].school_id)
        rows = list(event_rows(places, APPEND_EVENTS, ["teacher.added"], seed=3))
        print(f"events bench: {ROUNDS} rounds; per round {APPEND_EVENTS:,} events per append "
              f"path, {SINGLE_EVENTS:,} through record(), catch-up over {CATCH_UP_EVENTS:,} "
              f"events of 400 schools", flush=True)

        appending = Rounds()
        print("appending:", flush=True)
        interleaved(append_paths(school, rows), appending)

        print("catch-up: generating the log", flush=True)
        generate_log(places)
        catching_up = Rounds()
        paths, names = catch_up_paths()
        interleaved(paths, catching_up)
        for n in range(ROUNDS):  # the whole: one projection after another, as catch_up runs
            catching_up.add(WHOLE, 1 / sum(1 / catching_up.rates[name][n] for name in names))
        agree = seals_agree()

        rate_table(f"Appending, {APPEND_EVENTS:,} events per path and round "
                   f"(record(): {SINGLE_EVENTS:,})", appending,
                   [RECORD, BATCHES, LOOKUP, TEMP, RESEND, LIBRARY, COPY])
        rate_table(f"Catch-up from a cold checkpoint over {CATCH_UP_EVENTS:,} events "
                   "(events of the log per second)", catching_up,
                   [*names, ROW_BY_ROW_SEALS, WHOLE])
        ratio_table(appending, [
            ("append_batch ÷ eventsourcing recorder", BATCHES, LIBRARY, 1.3),
            ("append_batch ÷ raw COPY", BATCHES, COPY, 0.5),
            ("append_batch ÷ look-up then COPY", BATCHES, LOOKUP, None),
            ("append_batch ÷ temp table + ON CONFLICT", BATCHES, TEMP, None),
            ("re-send ÷ first send (append_batch)", RESEND, BATCHES, 1.0),
        ])
        ratio_table(catching_up, [("event_seals ÷ event_seals row by row", "event_seals",
                                   ROW_BY_ROW_SEALS, None)])
        whole = statistics.median(catching_up.rates[WHOLE])
        print(f"\nplatform catch-up (all {len(names)} projections): median {whole:,.0f} "
              f"events/s (target ≥50,000: {'yes' if whole >= 50_000 else 'NO'})")
        print(f"seals of the PostgreSQL path equal the row-by-row ones: "
              f"{'yes' if agree else 'NO'}")
