"""Each school roadmap activity's window, status and day of completion, from the log.

Folded from ``roadmap.created`` (version 2 lists every activity's window) and
``roadmap.activity_updated`` (the latest status of a batch wins; version 2 carries the
window and the day of completion). Roadmap events are few, so the batch's are read and
folded here and written with one upsert per kind: the cost follows the roadmap events of
the batch, not the log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, func, select

from nastavnik.platform.aggregates import RoadmapActivityState
from nastavnik.platform.events import Event
from nastavnik.workers.projections.engine import Projection, insert_for, register

state = RoadmapActivityState.__table__
events = Event.__table__
KEY = ("school_id", "academic_year", "code")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class RoadmapStateProjection(Projection):
    name = "roadmap_activity_state"
    event_types = frozenset({"roadmap.created", "roadmap.activity_updated"})
    tables = (state,)

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        rows = connection.execute(
            select(events.c.type, events.c.school_id, events.c.municipality_id,
                   events.c.region_id, events.c.payload)
            .where(*self.selecting(after, upto)).order_by(events.c.position)).all()
        opened, updated = {}, {}
        for kind, school, municipality, region, payload in rows:
            place = {"school_id": school, "municipality_id": municipality,
                     "region_id": region, "academic_year": payload["academic_year"]}
            if kind == "roadmap.created":
                for code, due_to in zip(payload.get("codes", []), payload.get("due_to", []),
                                        strict=True):
                    opened[(school, payload["academic_year"], code)] = {
                        **place, "code": code, "due_to": _day(due_to), "status": "planned",
                        "completed_on": None}
            else:  # later updates of the batch overwrite earlier ones
                updated[(school, payload["academic_year"], payload["activity"])] = {
                    **place, "code": payload["activity"], "due_to": _day(payload.get("due_to")),
                    "status": payload["status"],
                    "completed_on": _day(payload.get("completed_on"))}
        # Rows as executemany parameters, not ``.values(rows)``: a statement with the rows
        # inlined is compiled anew for every batch (most of a catch-up's time); this one
        # is compiled once and sent in pages of rows.
        insert = insert_for(connection)
        if opened:
            connection.execute(insert(state).on_conflict_do_nothing(index_elements=list(KEY)),
                               list(opened.values()))
        if updated:
            upsert = insert(state)
            connection.execute(upsert.on_conflict_do_update(
                index_elements=list(KEY),
                set_={"status": upsert.excluded.status,
                      "completed_on": upsert.excluded.completed_on,
                      # a version 1 event knows no window: keep the one the roadmap gave
                      "due_to": func.coalesce(upsert.excluded.due_to, state.c.due_to)}),
                list(updated.values()))


register(RoadmapStateProjection())
