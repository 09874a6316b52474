"""The first projection: how active each school is in each academic year, by event type.

Read by the school home page panel and, later, by municipal and regional dashboards.
A pair cancelled as a mistake (``pair.cancelled``) takes its ``pair.formed`` back out of
the year it was formed in: the indicators count it as if it had never been formed.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, select

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
        self._uncount_cancelled_pairs(connection, after, upto)

    def _uncount_cancelled_pairs(self, connection: Connection, after: int, upto: int) -> None:
        # Each cancellation finds its pair's formation by the pair's stream (the formation
        # is always at a lower position, so already counted) and subtracts it there.
        cancelled, formed = events.alias("cancelled"), events.alias("formed")
        batch = (
            select(formed.c.school_id, formed.c.academic_year, formed.c.type,
                   func.min(formed.c.municipality_id), func.min(formed.c.region_id),
                   -func.count(), func.max(formed.c.occurred_at))
            .select_from(cancelled.join(formed, and_(
                formed.c.school_id == cancelled.c.school_id,
                formed.c.stream == cancelled.c.stream, formed.c.type == "pair.formed")))
            .where(cancelled.c.position > after, cancelled.c.position <= upto,
                   cancelled.c.type == "pair.cancelled")
            .group_by(formed.c.school_id, formed.c.academic_year, formed.c.type)
        )
        insert = insert_for(connection)(activity).from_select(
            ["school_id", "academic_year", "event_type", "municipality_id", "region_id",
             "count", "last_occurred_at"], batch)
        connection.execute(insert.on_conflict_do_update(
            index_elements=[activity.c.school_id, activity.c.academic_year,
                            activity.c.event_type],
            set_={"count": activity.c.count + insert.excluded.count}))


register(SchoolYearActivityProjection())
