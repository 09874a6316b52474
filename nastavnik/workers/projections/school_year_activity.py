"""The first projection: how active each school is in each academic year, by event type.

Read by the school home page panel and, later, by municipal and regional dashboards.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, case

from nastavnik.platform.aggregates import SchoolYearActivity
from nastavnik.workers.projections.engine import Projection, insert_for, register

activity = SchoolYearActivity.__table__


class SchoolYearActivityProjection(Projection):
    name = "school_year_activity"
    tables = (activity,)
    columns = ("school_id", "municipality_id", "region_id", "academic_year", "type",
               "occurred_at")

    def apply(self, connection: Connection, rows: Sequence[Row]) -> None:
        # Fold the batch into one increment per key, then one upsert for them all.
        totals: dict[tuple, list] = {}
        for row in rows:
            key = (row.school_id, row.academic_year, row.type)
            entry = totals.get(key)
            if entry is None:
                totals[key] = [row.municipality_id, row.region_id, 1, row.occurred_at]
            else:
                entry[2] += 1
                entry[3] = max(entry[3], row.occurred_at)
        insert = insert_for(connection)(activity)
        latest = insert.excluded.last_occurred_at
        connection.execute(
            insert.on_conflict_do_update(
                index_elements=[activity.c.school_id, activity.c.academic_year,
                                activity.c.event_type],
                set_={"count": activity.c.count + insert.excluded.count,
                      "last_occurred_at": case((latest > activity.c.last_occurred_at, latest),
                                               else_=activity.c.last_occurred_at)},
            ),
            [{"school_id": school, "academic_year": year, "event_type": type_,
              "municipality_id": municipality, "region_id": region, "count": count,
              "last_occurred_at": last}
             for (school, year, type_), (municipality, region, count, last) in totals.items()],
        )


register(SchoolYearActivityProjection())
