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
"""

from __future__ import annotations

import datetime as dt
import uuid

from blinker import signal
from flask import has_request_context
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import event as sa_event
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from nastavnik.extensions import db
from nastavnik.platform.events.models import Event
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.models import AcademicYear, School
from nastavnik.platform.tenancy import current_scope

PENDING = "nastavnik.pending_events"
COMMITTED = "nastavnik.committed_events"

# Sent synchronously by ``record`` inside the transaction: listeners may change rows and
# record further events that commit (or roll back) together with this one.
event_recorded = signal("event-recorded")
# Sent after a commit that wrote events, with the list of them; workers nudge projections.
events_committed = signal("events-committed")


class EventRejected(Exception):
    """The event was refused; nothing was written. ``messages`` says why, in Russian."""

    def __init__(self, messages: dict | str):
        self.messages = messages
        super().__init__(str(messages))


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
        raise EventRejected({"type": [f"Неизвестный тип события «{type_}»."]})
    scope = current_scope()
    if scope is not None and not scope.contains_school(school):
        raise EventRejected({"school_id": ["Школа вне вашей области доступа."]})
    if event_id is not None and (original := recorded(event_id)) is not None:
        return original
    try:
        schema = kind.schema()
        data = schema.dump(schema.load(payload))
    except ValidationError as error:
        raise EventRejected({"payload": error.messages}) from error
    occurred_at = occurred_at or dt.datetime.now(dt.UTC)
    if occurred_at.tzinfo is None:
        raise EventRejected({"occurred_at": ["Укажите время с часовым поясом."]})
    event = Event(
        event_id=event_id or uuid.uuid4(),
        school_id=school.id,
        municipality_id=school.municipality_id,
        region_id=school.region_id,
        academic_year=AcademicYear.start_year_of(occurred_at.date()),
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
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
    session.add_all(pending)
    session.flush()
    session.info[COMMITTED] = pending


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
