"""State projections: each thing the log speaks of, with every version of its state.

A ``StateProjection`` names the *subject* of an event (a teacher's pseudonym in a school,
a pair, a document …) and folds the event into the subject's rows — one per member: the
pair's mentor and mentees, or a single row. When a row changes, its open version is
closed at the event's position and a new one opened there (``platform/oversight/state.py``
explains why). Subject events are a small part of the log, so the batch's are read and
folded in Python; the subjects they touch are loaded once per batch, and written back
with one insert and one update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    Row,
    bindparam,
    cast,
    func,
    literal,
    select,
    tuple_,
    update,
)

from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.workers.projections.engine import Projection

events = Event.__table__
Rows = dict[tuple, dict[str, Any]]  # member key → the row's attributes


def day_of(event: Row) -> dt.date:
    """The day an event occurred, on the school's wall clock (default zone: the log has
    no school zone; the day boundary of Moscow is the platform's). A batch read by
    ``StateProjection`` brings it as ``day``, computed by the database in that zone."""
    return getattr(event, "day", None) or clock.local_date(event.occurred_at)


def date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class StateProjection(Projection):
    """Subclass: set ``model``, ``event_types``, ``subject_columns``, ``member_columns``,
    and write ``subjects`` and ``fold``; then ``register`` an instance."""

    model: type
    subject_columns: tuple[str, ...]
    member_columns: tuple[str, ...] = ()

    @property
    def table(self):
        return self.model.__table__

    @property
    def tables(self):
        return (self.table,)

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.model.projection

    def subjects(self, event: Row) -> list[tuple]:
        """The subject keys (values of ``subject_columns``) the event is about."""
        raise NotImplementedError

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        """The subject's rows after ``event``, given a copy of those before (change it and
        return it; a member left out is closed)."""
        raise NotImplementedError

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        batch = connection.execute(
            select(events.c.position, events.c.type, events.c.version, events.c.school_id,
                   events.c.municipality_id, events.c.region_id, events.c.academic_year,
                   events.c.occurred_at, events.c.payload, _local_day(connection))
            .where(*self.selecting(after, upto)).order_by(events.c.position)).all()
        touches = [(event, key) for event in batch for key in self.subjects(event)]
        state = self._open_rows(connection, {key for _event, key in touches})
        opened: dict[tuple, dict] = {}  # (subject, member, since) → row
        closed: list[dict] = []
        for event, key in touches:
            stored = state.get(key, {})
            before = same(stored)
            now = self.fold(same(stored), event, key)
            kept = {}
            for member in before.keys() | now.keys():
                if before.get(member) == now.get(member):
                    kept[member] = stored[member]
                    continue
                if member in before:
                    self._close(opened, closed, key, member, stored[member]["_since"],
                                event.position)
                if member in now:
                    opened[(key, member, event.position)] = {
                        **now[member], **self._key(key, member),
                        "since_position": event.position, "until_position": None}
                    kept[member] = {**now[member], "_since": event.position}
            state[key] = kept
        if opened:
            _insert(connection, self.table, list(opened.values()))
        if closed:
            self._close_all(connection, closed)

    def _key(self, subject: tuple, member: tuple) -> dict[str, Any]:
        return dict(zip(self.subject_columns + self.member_columns, subject + member,
                        strict=True))

    def _close(self, opened: dict, closed: list, subject: tuple, member: tuple, since: int,
               position: int) -> None:
        if (subject, member, since) in opened:  # opened in this batch: close it there
            opened[(subject, member, since)]["until_position"] = position
        else:
            closed.append({**{f"k_{c}": v for c, v in self._key(subject, member).items()},
                           "k_since": since, "until": position})

    def _close_all(self, connection: Connection, closed: list[dict]) -> None:
        """Close the versions: on PostgreSQL one ``UPDATE … FROM unnest(…)`` for the batch
        (an ``executemany`` sent one statement a row: a third of a cold catch-up)."""
        if connection.dialect.name != "postgresql":
            connection.execute(self._closing(), closed)
            return
        table = self.table
        keys = self.subject_columns + self.member_columns
        types = {**{f"k_{c}": table.c[c].type for c in keys}, "k_since": BigInteger(),
                 "until": BigInteger()}
        given = select(*(func.unnest(bindparam(name, type_=ARRAY(kind))).label(name)
                         for name, kind in types.items())).subquery()
        connection.execute(
            update(table)
            .where(*(table.c[c] == given.c[f"k_{c}"] for c in keys),
                   table.c.since_position == given.c.k_since)
            .values(until_position=given.c.until),
            {name: [row[name] for row in closed] for name in types})

    def _closing(self):
        table = self.table
        keys = self.subject_columns + self.member_columns
        return (update(table)
                .where(*(table.c[c] == bindparam(f"k_{c}") for c in keys),
                       table.c.since_position == bindparam("k_since"))
                .values(until_position=bindparam("until")))

    def _open_rows(self, connection: Connection, subjects: set[tuple]) -> dict[tuple, Rows]:
        """The open rows of these subjects: subject → member → attributes (with ``_since``)."""
        table, found = self.table, {}
        if not subjects:
            return found
        key_columns = [table.c[c] for c in self.subject_columns]
        attributes = [c for c in table.c if c.name not in (
            *self.subject_columns, *self.member_columns, "since_position", "until_position")]
        for chunk in _chunks(sorted(subjects), 5000):
            among, values = _among(connection, key_columns, chunk)
            rows = connection.execute(
                select(*key_columns, *(table.c[c] for c in self.member_columns),
                       table.c.since_position, *attributes)
                .where(among, table.c.until_position.is_(None)), values)
            width = len(self.subject_columns)
            for row in rows:
                subject, rest = tuple(row[:width]), row[width:]
                member = tuple(rest[:len(self.member_columns)])
                since, values = rest[len(self.member_columns)], rest[len(self.member_columns) + 1:]
                found.setdefault(subject, {})[member] = {
                    **{c.name: v for c, v in zip(attributes, values, strict=True)},
                    "_since": since}
        return found


def _insert(connection: Connection, table, rows: list[dict[str, Any]]) -> None:
    """The new versions: by ``COPY`` on PostgreSQL (a fifth of the time of an
    ``executemany`` on a cold catch-up, where nearly every event opens a row)."""
    columns, named = list(rows[0]), set(rows[0])
    if connection.dialect.name != "postgresql" or any(row.keys() != named for row in rows):
        connection.execute(table.insert(), rows)
        return
    cursor = connection.connection.driver_connection.cursor()
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def _local_day(connection: Connection) -> ColumnElement:
    """The event's day on the platform's wall clock, computed by PostgreSQL (asking the
    clock for the zone once per batch, not once per event: a tenth of a fold's time)."""
    if connection.dialect.name != "postgresql":
        return literal(None).label("day")
    return cast(func.timezone(clock.zone().key, events.c.occurred_at), Date).label("day")


def _among(connection: Connection, columns: list, keys: Sequence[tuple]
           ) -> tuple[ColumnElement[bool], dict[str, list]]:
    """``(columns) IN keys`` and its parameters. On PostgreSQL the keys travel as one
    array per column, so the statement is the same for any number of keys (compiled once,
    cached): no thousands of bound parameters to compile and send for every batch."""
    if connection.dialect.name != "postgresql":
        return tuple_(*columns).in_(keys), {}
    arrays = [func.unnest(bindparam(f"among_{column.name}", type_=ARRAY(column.type)))
              for column in columns]
    return tuple_(*columns).in_(select(*arrays)), {
        f"among_{column.name}": [key[i] for key in keys] for i, column in enumerate(columns)}


def placed(event: Row, **attributes: Any) -> dict[str, Any]:
    """A row's attributes with the school's place as the event states it."""
    return {"municipality_id": event.municipality_id, "region_id": event.region_id,
            **attributes}


def same(rows: Rows) -> Rows:
    """A copy of the rows without the bookkeeping (the position a row was opened at)."""
    return {member: {k: v for k, v in row.items() if k != "_since"}
            for member, row in rows.items()}


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
