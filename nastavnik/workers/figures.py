"""Keeping the dashboards' figures ready (``platform/oversight/stored.py`` says why).

After each catch-up the worker stores today's and the month's first day's figures of every
school, municipality and region whose events moved past the stored position — all at one
position, in one transaction — and drops those of other days. At most every
``INTERVAL`` seconds: under a steady stream of events the work stays bounded, and the
dashboards say how far behind they are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.oversight.figures import (
    Snapshot,
    by_municipality,
    log_position,
    per_school,
)
from nastavnik.platform.oversight.indicators import add_up
from nastavnik.platform.oversight.stored import PlaceFigures, encode, stored_position
from nastavnik.platform.roles import Level

INTERVAL = dt.timedelta(seconds=10)


def store_figures() -> int:
    """Store the figures of the days the dashboards open on; return how many places."""
    today = clock.today()
    days = sorted({today.replace(day=1), today})
    position = log_position()
    if not _due(days, position):
        return 0
    stored = 0
    for day in days:
        stored += _store_day(Snapshot(clock.academic_year_of(day), day, position))
    db.session.execute(delete(PlaceFigures).where(PlaceFigures.as_of.not_in(days)))
    db.session.commit()
    return stored


def _due(days: list[dt.date], position: int) -> bool:
    """Something to store: a day not stored yet, or events past the stored position and
    the last store older than the interval."""
    latest = db.session.execute(
        select(func.min(PlaceFigures.position), func.max(PlaceFigures.computed_at))
        .where(PlaceFigures.as_of == days[-1])).one()
    if latest[0] is None or any(stored_position(clock.academic_year_of(d), d) is None
                                for d in days):
        return True
    return latest[0] < position and clock.now() - _aware(latest[1]) >= INTERVAL


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _store_day(shot: Snapshot) -> int:
    before = stored_position(shot.academic_year, shot.as_of)
    moved = _regions_moved(before, shot.position)
    day = (PlaceFigures.academic_year == shot.academic_year, PlaceFigures.as_of == shot.as_of)
    # Places without new events keep their figures, now stated at the new position: their
    # state tables change only with their own events.
    db.session.execute(PlaceFigures.__table__.update().where(*day)
                       .values(position=shot.position, computed_at=clock.now()))
    db.session.execute(delete(PlaceFigures).where(
        *day, PlaceFigures.region_id.in_([region.id for region in moved])))
    rows = [row for region in moved for row in _region_rows(region, shot)]
    if rows:
        db.session.execute(PlaceFigures.__table__.insert(), rows)
    return len(rows)


def _region_rows(region: Region, shot: Snapshot) -> list[dict]:
    schools = per_school(region, shot)
    towns = by_municipality(region, schools)
    places = [(Level.SCHOOL, school, schools.get(school, {})) for school in db.session.scalars(
        select(School.id).where(School.region_id == region.id))]
    places += [(Level.MUNICIPALITY, town, towns.get(town, {})) for town in db.session.scalars(
        select(Municipality.id).where(Municipality.region_id == region.id))]
    places.append((Level.REGION, region.id, add_up(towns.values())))
    return [{"academic_year": shot.academic_year, "as_of": shot.as_of, "level": level.value,
             "place_id": place, "region_id": region.id, "position": shot.position,
             "computed_at": clock.now(), "values": encode(values)}
            for level, place, values in places]


def _regions_moved(before: int | None, position: int) -> list[Region]:
    """Every region at the first store of a day; later those with events since."""
    regions = select(Region)
    if before is not None:
        moved = select(Event.region_id).where(Event.position > before,
                                              Event.position <= position).distinct()
        regions = regions.where(Region.id.in_(moved))
    return list(db.session.scalars(regions))
