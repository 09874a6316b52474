"""Appending to the event log inside the caller's transaction.

A tenant service changes its rows and calls ``record``; the event is validated at once
(so a bad payload fails before anything is written) and written when the transaction
commits, in the same transaction as the rows.

Why appends are serialised. On PostgreSQL a transaction that took position 101 can
commit after one that took 102; a projection that has read up to 102 would then skip
101 for ever. Like the ``eventsourcing`` library's recorder, we take
``LOCK TABLE events IN EXCLUSIVE MODE`` before inserting: positions are then handed out
in commit order. The lock conflicts only with other writers, never with readers, and we
take it as late as possible — in ``before_commit``, after the caller's own rows are
flushed — so it is held for the event inserts and the commit alone, and no row lock can
be awaited while holding it (which could deadlock). SQLite serialises writers by itself.

The wait for that lock is bounded (``EVENT_LOCK_TIMEOUT_MS``, ``SET LOCAL lock_timeout``):
a writer stuck while holding it must not freeze every append on the platform. The append
then fails with ``EventLogBusy`` — a request gets the "busy, retry in a minute" page (503)
and its transaction is rolled back whole, rows and events.

``SERIALISE_APPENDS`` exists for one reason: the concurrency test turns it off to show
that readers then do skip (``tests/test_event_concurrency.py``). Never turn it off.

``append_batch`` is the bulk path (imports, generated logs, the benchmark): rows already
shaped like the table, written by ``COPY`` under the same lock, idempotent by event id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from blinker import signal
from flask import current_app, has_app_context, has_request_context
from flask_login import current_user
from marshmallow import ValidationError
from psycopg.errors import LockNotAvailable, UniqueViolation
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, select, text
from sqlalchemy import event as sa_event
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, scoped_session

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events.models import Event
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.tenancy import current_scope

SERIALISE_APPENDS = True
LOCK_TIMEOUT_MS = 5000  # outside an application (scripts); the app reads its setting
EVENT_COLUMNS = ("event_id", "school_id", "municipality_id", "region_id", "academic_year",
                 "stream", "type", "version", "payload", "actor_id", "occurred_at")

PENDING = "nastavnik.pending_events"
COMMITTED = "nastavnik.committed_events"

# Sent synchronously by ``record`` inside the transaction: listeners may change rows and
# record further events that commit (or roll back) together with this one.
event_recorded = signal("event-recorded")
# Sent after a commit that wrote events, with the list of them; workers nudge projections.
# A batch written by ``append_batch`` appears in the list as ``BATCH_MARKER``.
events_committed = signal("events-committed")
BATCH_MARKER = "batch"


# Schools log past work: inside ``occurring_at(day)`` every event recorded — including the
# follow-up events that listeners record in reaction — is dated that day, not today.
_occurring_at: ContextVar[dt.date | dt.datetime | None] = ContextVar("occurring_at",
                                                                     default=None)


@contextmanager
def occurring_at(moment: dt.date | dt.datetime) -> Iterator[None]:
    """Date the events recorded inside the block; a bare date means noon in the zone of
    the school each event belongs to (``clock.moment_of``)."""
    token = _occurring_at.set(moment)
    try:
        yield
    finally:
        _occurring_at.reset(token)


def moment_of_record(school: School) -> dt.datetime:
    """The moment an event recorded now for ``school`` is dated: today's work now, past
    work (inside ``occurring_at``) on its day. Rows that keep a date of what happened
    take it from here, so they agree with their event."""
    moment = _occurring_at.get() or clock.now()
    return moment if isinstance(moment, dt.datetime) else clock.moment_of(moment, school)


class EventLogBusy(Exception):
    """The event log's lock was not granted in time; nothing was written, retry later."""


def record(
    type_: str,
    payload: dict,
    *,
    school: School,
    occurred_at: dt.datetime | None = None,
    event_id: uuid.UUID | None = None,
    stream: str | None = None,
    actor_id: int | None = None,
) -> Event:
    """Validate and stage one event for the current transaction; return it.

    Re-sending an ``event_id`` that is already recorded is a no-op returning the original.
    """
    kind = lookup(type_)
    if kind is None:
        raise Rejected({"type": [f"Неизвестный тип события «{type_}»."]})
    scope = current_scope()
    if not scope.contains_school(school):
        raise Rejected({"school_id": ["Школа вне вашей области доступа."]})
    if event_id is not None and (original := recorded(event_id)) is not None:
        return original
    try:
        schema = kind.schema()
        data = schema.dump(schema.load(payload))
    except ValidationError as error:
        raise Rejected({"payload": error.messages}) from error
    occurred_at = occurred_at or _occurring_at.get() or clock.now()
    if not isinstance(occurred_at, dt.datetime):
        occurred_at = clock.moment_of(occurred_at, school)
    if occurred_at.tzinfo is None:
        raise Rejected({"occurred_at": ["Укажите время с часовым поясом."]})
    # Stored in UTC (SQLite keeps no offset); the academic year is the school's own date.
    academic_year = clock.academic_year_of(clock.local_date(occurred_at, school))
    occurred_at = occurred_at.astimezone(dt.UTC)
    event = Event(
        event_id=event_id or uuid.uuid4(),
        school_id=school.id,
        municipality_id=school.municipality_id,
        region_id=school.region_id,
        academic_year=academic_year,
        stream=stream or f"school:{school.id}",
        type=type_,
        version=kind.version,
        payload=data,
        actor_id=actor_id if actor_id is not None else _current_actor_id(),
        occurred_at=occurred_at,
    )
    db.session.info.setdefault(PENDING, []).append(event)
    event_recorded.send(event, school=school)
    return event


def recorded(event_id: uuid.UUID) -> Event | None:
    """The event already recorded (or staged in this transaction) under ``event_id``."""
    for staged in db.session.info.get(PENDING, []):
        if staged.event_id == event_id:
            return staged
    return db.session.scalar(select(Event).where(Event.event_id == event_id))


def _current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _write_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # releasing a savepoint is not the commit; the events wait for the real one
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.flush()  # the caller's rows first, outside the lock
    _lock_for_append(session.connection())
    session.add_all(pending)
    session.flush()
    session.info.setdefault(COMMITTED, []).extend(pending)


def _lock_for_append(connection: Connection) -> None:
    if not (SERIALISE_APPENDS and connection.dialect.name == "postgresql"):
        return
    timeout = current_app.config["EVENT_LOCK_TIMEOUT_MS"] if has_app_context() \
        else LOCK_TIMEOUT_MS
    # SET LOCAL: the bound lasts to the end of the transaction, where after the lock only
    # the event inserts and the commit follow (append_batch's callers commit promptly).
    connection.execute(text("SELECT set_config('lock_timeout', :ms, true)"),
                       {"ms": f"{int(timeout)}ms"})
    try:
        connection.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
    except OperationalError as error:
        if isinstance(error.orig, LockNotAvailable):
            raise EventLogBusy(f"event log lock not granted within {timeout} ms") from error
        raise


def append_batch(target: Session | scoped_session | Connection, rows: Iterable[dict]) -> int:
    """Append prepared event rows in the caller's transaction; return how many were new.

    Each row holds ``EVENT_COLUMNS`` (payloads already validated by the caller; types must
    be registered). An event id already in the log, or repeated in ``rows``, is skipped.
    The table lock is taken here and held until the caller commits: commit promptly.
    On PostgreSQL the rows go in by ``COPY`` in a savepoint; if an id was already logged,
    the savepoint is rolled back, the batch's ids are looked up and the rest copied (a
    batch whose first id is logged — a retry — goes to the look-up at once). The
    benchmark compares this with a look-up before every ``COPY`` and with a temporary
    table plus ``INSERT … ON CONFLICT DO NOTHING``; both are slower.
    """
    unique = {row["event_id"]: row for row in rows}
    unknown = {row["type"] for row in unique.values() if lookup(row["type"]) is None}
    if unknown:
        raise Rejected({"type": [f"Неизвестный тип события «{t}»." for t in sorted(unknown)]})
    if isinstance(target, scoped_session):
        target = target()
    connection = target.connection() if isinstance(target, Session) else target
    _lock_for_append(connection)
    if not unique:
        return 0
    if connection.dialect.name == "postgresql":
        written = _copy_new_rows(connection, unique)
    else:
        written = connection.execute(
            sqlite_insert(Event.__table__).on_conflict_do_nothing(index_elements=["event_id"]),
            [{**{c: row[c] for c in EVENT_COLUMNS}, "recorded_at": clock.now()}
             for row in unique.values()],
        ).rowcount
    if written and isinstance(target, Session):
        target.info.setdefault(COMMITTED, []).append(BATCH_MARKER)
    return written


def _copy_new_rows(connection: Connection, rows: dict[uuid.UUID, dict]) -> int:
    # Optimistic: a re-sent id is rare, so COPY everything inside a savepoint; only when an
    # id is already logged, roll back to it, look the batch's ids up and COPY the rest.
    # A retry re-sends a whole batch: one index probe of its first id sends it straight to
    # the look-up, instead of streaming every row into a COPY bound to fail.
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute("SELECT 1 FROM events WHERE event_id = %s", [next(iter(rows))])
    if cursor.fetchone() is None:
        try:
            with connection.begin_nested():
                copy_rows(cursor, rows.values())
            return len(rows)
        except UniqueViolation:
            pass
    cursor.execute("SELECT event_id FROM events WHERE event_id = ANY(%s)", [list(rows)])
    for (known,) in cursor.fetchall():
        rows.pop(known, None)
    if rows:
        copy_rows(cursor, rows.values())
    return len(rows)


def copy_rows(cursor, rows: Iterable[dict]) -> None:
    # ``recorded_at`` from the platform's clock, not the database's: one time for all.
    recorded_at = clock.now()
    with cursor.copy(f"COPY events ({', '.join(EVENT_COLUMNS)}, recorded_at) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*(Jsonb(row[c]) if c == "payload" else row[c]
                              for c in EVENT_COLUMNS), recorded_at])


def _announce(session: Session) -> None:
    committed = session.info.pop(COMMITTED, None)
    if committed:
        events_committed.send(session, events=committed)


def _forget(session: Session, _transaction=None) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(COMMITTED, None)


def install() -> None:
    for name, listener in (("before_commit", _write_pending), ("after_commit", _announce),
                           ("after_soft_rollback", _forget)):
        if not sa_event.contains(Session, name, listener):
            sa_event.listen(Session, name, listener)
