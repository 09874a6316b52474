"""Sealing each school's events into its chain, in position order, exactly once.

The one projection that must see events one by one (each seal depends on the previous),
so it reads the batch into Python; the engine's checkpoint makes a batch and its seals
one transaction, so a chain never has a hole or a double.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from nastavnik.platform.aggregates import EventSeal, SchoolChainHead
from nastavnik.platform.events import Event
from nastavnik.platform.events.chain import GENESIS, SEALED_COLUMNS, seal
from nastavnik.workers.projections.engine import Projection, insert_for, register

events = Event.__table__
seals = EventSeal.__table__
heads = SchoolChainHead.__table__


class SealsProjection(Projection):
    name = "event_seals"
    tables = (seals, heads)

    def apply(self, connection: Connection, after: int, upto: int) -> None:
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
