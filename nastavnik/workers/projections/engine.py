"""Advancing projections through the event log, exactly once per event.

A projection (a ``Projection`` subclass) declares its name, the event types it handles
and its tables, and folds a batch — a range of positions — into its tables with one
set-based statement, so the events never travel to Python. The engine feeds it: in ONE
transaction it locks the projection's checkpoint row (``SELECT … FOR UPDATE``: a second
worker waits, then starts from the new position), applies the next range above the
checkpoint and moves the checkpoint. A worker killed mid-batch therefore leaves nothing
behind, and no batch is applied twice. A range may hold fewer events than positions: a
rolled-back append leaves a gap.

Reading never skips an event because appends are serialised at commit
(``nastavnik.platform.events.log``): every position at or below the highest committed one
is final. The engine reads the head first and never reads above it.

``NASTAVNIK_PROJECTION_BATCH_DELAY`` (seconds, tests only) holds each batch's transaction
open after applying it, so a test can kill a worker in the middle of a batch.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass

from psycopg.errors import LockNotAvailable
from sqlalchemy import ColumnElement, Connection, Table, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import ProjectionCheckpoint
from nastavnik.platform.events import Event

# Events per transaction. A cold catch-up of school_year_activity runs ~3× faster with
# 20,000 than with 5,000 (fewer, fuller upserts: ~360,000 against ~120,000 events/s on
# the bench); a batch of seals still commits in well under a second.
BATCH_SIZE = 20_000
TRUNCATE_WAIT_MS = 500  # how long a rebuild waits for readers to leave its tables
DELAY_ENV = "NASTAVNIK_PROJECTION_BATCH_DELAY"
checkpoints = ProjectionCheckpoint.__table__
events = Event.__table__


class Projection:
    """A read model built from the log. Subclass, fill in the three parts, ``register``."""

    name: str
    event_types: frozenset[str] | None = None  # None: every type
    tables: tuple[Table, ...] = ()

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        """Fold this projection's events with ``after < position <= upto`` into its tables."""
        raise NotImplementedError

    def selecting(self, after: int, upto: int) -> list[ColumnElement[bool]]:
        """The conditions that pick this projection's events of a batch from ``events``."""
        conditions = [events.c.position > after, events.c.position <= upto]
        if self.event_types is not None:
            conditions.append(events.c.type.in_(sorted(self.event_types)))
        return conditions


_REGISTRY: dict[str, Projection] = {}


def register(projection: Projection) -> Projection:
    _REGISTRY[projection.name] = projection
    return projection


def projections() -> list[Projection]:
    return list(_REGISTRY.values())


def find(name: str) -> Projection | None:
    return _REGISTRY.get(name)


def insert_for(connection: Connection):
    """The dialect's ``insert`` (PostgreSQL or SQLite), which knows ``ON CONFLICT``."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def advance(projection: Projection, batch_size: int = BATCH_SIZE) -> int:
    """Apply every event up to the current head; return how many were applied."""
    applied = 0
    while True:
        count, at_head = _advance_one_batch(projection, batch_size)
        applied += count
        if at_head:
            return applied


def _advance_one_batch(projection: Projection, batch_size: int) -> tuple[int, bool]:
    with db.engine.begin() as connection:
        position = _lock_checkpoint(connection, projection.name)
        head = connection.scalar(select(func.max(events.c.position))) or 0
        if head <= position:
            return 0, True
        upto = min(head, position + batch_size)
        count = connection.scalar(select(func.count()).select_from(events)
                                  .where(*projection.selecting(position, upto)))
        if count:
            projection.apply(connection, position, upto)
            _pause_if_asked()  # only where a batch wrote something to leave half-done
        _move_checkpoint(connection, projection.name, upto)
    return count, upto == head


def _lock_checkpoint(connection: Connection, name: str) -> int:
    connection.execute(insert_for(connection)(checkpoints)
                       .values(name=name, position=0).on_conflict_do_nothing())
    return connection.scalar(select(checkpoints.c.position)
                             .where(checkpoints.c.name == name).with_for_update())


def _move_checkpoint(connection: Connection, name: str, position: int) -> None:
    connection.execute(update(checkpoints).where(checkpoints.c.name == name)
                       .values(position=position, updated_at=clock.now()))


def _pause_if_asked() -> None:
    delay = float(os.environ.get(DELAY_ENV) or 0)
    if delay:
        time.sleep(delay)


def rebuild(projection: Projection) -> int:
    """Empty the projection's tables, reset its checkpoint and replay the whole log."""
    with db.engine.begin() as connection:
        _lock_checkpoint(connection, projection.name)
        _empty(connection, projection.tables)
        _move_checkpoint(connection, projection.name, 0)
    return advance(projection)


def _empty(connection: Connection, tables: tuple[Table, ...]) -> None:
    if tables and connection.dialect.name == "postgresql" and _truncate(connection, tables):
        return
    for table in tables:  # SQLite knows no TRUNCATE; on PostgreSQL, a reader is in the way
        connection.execute(delete(table))


def _truncate(connection: Connection, tables: tuple[Table, ...]) -> bool:
    """TRUNCATE the tables, unless a reader keeps them longer than ``TRUNCATE_WAIT_MS``.

    TRUNCATE, not DELETE: a DELETE of millions of seals takes seconds and leaves every
    row dead for a vacuum to reclaim; TRUNCATE swaps in empty files and still rolls back
    with the transaction. But it needs the tables to itself, and while it waits every
    new reader (a dashboard) queues behind it; so the wait is short, and a transaction
    left open on these tables gets the slower DELETE instead of a frozen rebuild.
    No CASCADE: a table referencing these must fail loudly.
    """
    names = ", ".join(connection.dialect.identifier_preparer.format_table(t) for t in tables)
    try:
        with connection.begin_nested():  # the savepoint also ends the SET LOCAL below
            connection.execute(text("SELECT set_config('lock_timeout', :ms, true)"),
                               {"ms": f"{TRUNCATE_WAIT_MS}ms"})
            connection.execute(text(f"TRUNCATE {names}"))
        return True
    except OperationalError as error:
        if isinstance(error.orig, LockNotAvailable):
            return False
        raise


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int
    lag_events: int  # positions between the checkpoint and the head (gaps included)
    lag_seconds: float  # since the first event above the checkpoint was recorded


def status(projection: Projection) -> Status:
    """Where the projection stands: its position, the head, and how far behind it is."""
    with db.engine.connect() as connection:
        position = connection.scalar(select(checkpoints.c.position)
                                     .where(checkpoints.c.name == projection.name)) or 0
        head = connection.scalar(select(func.max(events.c.position))) or 0
        # Two index look-ups, never a count: counting the events above the checkpoint
        # scans all of them (seconds on a log of millions). A rolled-back append leaves a
        # gap in the positions, so ``lag_events`` may count a few positions too many.
        oldest = connection.scalar(
            select(events.c.recorded_at).where(events.c.position > position)
            .order_by(events.c.position).limit(1)) if head > position else None
    lag = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
        lag = max((clock.now() - oldest).total_seconds(), 0.0)
    return Status(projection.name, position, head, max(head - position, 0), lag)
