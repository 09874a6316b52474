"""The first projection: how active each school is in each academic year, by event type.

Read by the school home page panel and, later, by municipal and regional dashboards.
"""

from __future__ import annotations

from sqlalchemy import Connection, case, func, select

from nastavnik.platform.aggregates import SchoolYearActivity
from nastavnik.platform.events import Event
from nastavnik.workers.projections.engine import Projection, insert_for, register

activity = SchoolYearActivity.__table__
events = Event.__table__


class SchoolYearActivityProjection(Projection):
    name = "school_year_activity"
    tables = (activity,)

    def apply(self, connection: Connection, after: int, upto: int) -> None:
        # One INSERT … SELECT … GROUP BY … ON CONFLICT: the database folds the batch into
        # one increment per (school, year, type) and adds it to what is there.
        batch = (
            select(events.c.school_id, events.c.academic_year, events.c.type,
                   func.min(events.c.municipality_id), func.min(events.c.region_id),
                   func.count(), func.max(events.c.occurred_at))
            .where(*self.selecting(after, upto))
            .group_by(events.c.school_id, events.c.academic_year, events.c.type)
        )
        insert = insert_for(connection)(activity).from_select(
            ["school_id", "academic_year", "event_type", "municipality_id", "region_id",
             "count", "last_occurred_at"], batch)
        latest = insert.excluded.last_occurred_at
        connection.execute(insert.on_conflict_do_update(
            index_elements=[activity.c.school_id, activity.c.academic_year,
                            activity.c.event_type],
            set_={"count": activity.c.count + insert.excluded.count,
                  "last_occurred_at": case((latest > activity.c.last_occurred_at, latest),
                                           else_=activity.c.last_occurred_at)},
        ))


register(SchoolYearActivityProjection())
