"""Sealing each school's events into its chain, in position order, exactly once.

The one projection that must see events one by one (each seal depends on the previous),
so it reads the batch into Python; the engine's checkpoint makes a batch and its seals
one transaction, so a chain never has a hole or a double.

On PostgreSQL the batch travels as plain tuples on the driver's cursor: the database
formats the fixed part of each event's sealed content (``chain.sealed_middle``), Python
only re-serialises the payload canonically and hashes, and the seals go back by ``COPY``.
Each event then costs a few microseconds instead of an ORM row, a UUID, a datetime and a
dict of parameters. The seals are the same bytes as ``chain.seal`` gives
(``tests/test_seals.py`` pins them); other databases take that plain path.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select

from nastavnik.platform.aggregates import EventSeal, SchoolChainHead
from nastavnik.platform.events import Event
from nastavnik.platform.events.chain import (
    GENESIS,
    SEALED_COLUMNS,
    canonical_payload,
    read_json,
    seal,
)
from nastavnik.workers.projections.engine import Projection, insert_for, register

events = Event.__table__
seals = EventSeal.__table__
heads = SchoolChainHead.__table__

# "|event_id|school_id|type|version|occurred_at|", as ``chain.seal`` joins them: the UUID's
# text is its canonical lower-case form, the time UTC with six digits of microseconds.
BATCH_SQL = """
SELECT position, school_id,
       '|' || event_id::text || '|' || school_id::text || '|' || type || '|'
           || version::text || '|'
           || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
           || '|',
       payload::text
FROM events WHERE position > %s AND position <= %s ORDER BY position
"""
MOVE_HEADS_SQL = """
INSERT INTO school_chain_heads (school_id, position, seal)
SELECT * FROM unnest(%s::int[], %s::bigint[], %s::text[])
ON CONFLICT (school_id) DO UPDATE SET position = excluded.position, seal = excluded.seal
"""


class SealsProjection(Projection):
    name = "event_seals"
    tables = (seals, heads)

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        if connection.dialect.name == "postgresql":
            self._apply_on_postgresql(connection, after, upto)
        else:
            self._apply_row_by_row(connection, after, upto)

    def _apply_on_postgresql(self, connection: Connection, after: int, upto: int) -> None:
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(BATCH_SQL, (after, upto))
        batch = cursor.fetchall()
        if not batch:
            return
        cursor.execute("SELECT school_id, seal FROM school_chain_heads "
                       "WHERE school_id = ANY(%s)", [list({row[1] for row in batch})])
        latest = dict(cursor.fetchall())
        at = {}
        lines = []
        loads, sha256 = read_json, hashlib.sha256
        for position, school, middle, payload in batch:
            content = latest.get(school, GENESIS) + middle + canonical_payload(loads(payload))
            latest[school] = value = sha256(content.encode()).hexdigest()
            at[school] = position
            lines.append(f"{position}\t{school}\t{value}\n")
        with cursor.copy("COPY event_seals (position, school_id, seal) FROM STDIN") as copy:
            copy.write("".join(lines))
        moved = list(at)
        cursor.execute(MOVE_HEADS_SQL, (moved, [at[s] for s in moved],
                                        [latest[s] for s in moved]))

    def _apply_row_by_row(self, connection: Connection, after: int, upto: int) -> None:
        batch = connection.execute(
            select(*(events.c[c] for c in SEALED_COLUMNS))
            .where(*self.selecting(after, upto)).order_by(events.c.position)).all()
        schools = {event.school_id for event in batch}
        latest = dict(connection.execute(
            select(heads.c.school_id, heads.c.seal).where(heads.c.school_id.in_(schools))).all())
        rows, moved = [], {}
        for event in batch:
            latest[event.school_id] = seal(latest.get(event.school_id, GENESIS), event)
            rows.append({"position": event.position, "school_id": event.school_id,
                         "seal": latest[event.school_id]})
            moved[event.school_id] = {"school_id": event.school_id,
                                      "position": event.position,
                                      "seal": latest[event.school_id]}
        connection.execute(seals.insert(), rows)
        insert = insert_for(connection)(heads)
        connection.execute(
            insert.on_conflict_do_update(
                index_elements=[heads.c.school_id],
                set_={"position": insert.excluded.position, "seal": insert.excluded.seal}),
            list(moved.values()))


register(SealsProjection())
