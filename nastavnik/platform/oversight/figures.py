"""A place's figures at a snapshot: every indicator per child place and in total.

A municipality's children are its schools, a region's its municipalities (each the sum of
its schools), a school is its own only row. The snapshot names the academic year, the day
(«по состоянию на») and the log position: the state projections are read as they stood
there, so the same snapshot always gives the same numbers, whatever the log holds later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import ProjectionCheckpoint
from nastavnik.platform.events import Event
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.oversight import pairs, roadmap  # noqa: F401 - breakdowns
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Slice,
    Value,
    add_up,
    breakdowns,
    indicators,
)
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
from nastavnik.platform.oversight.stored import stored_at, stored_position, stored_values
from nastavnik.platform.roles import Level

Place = Region | Municipality | School
LEVEL_OF = {Region: Level.REGION, Municipality: Level.MUNICIPALITY, School: Level.SCHOOL}


@dataclass(frozen=True)
class Snapshot:
    academic_year: int
    as_of: dt.date
    position: int


def log_position() -> int:
    """The position every state projection has reached: the state is whole up to it."""
    positions = dict(db.session.execute(
        select(ProjectionCheckpoint.name, ProjectionCheckpoint.position)
        .where(ProjectionCheckpoint.name.in_(STATE_PROJECTIONS))).all())
    return min((positions.get(name, 0) for name in STATE_PROJECTIONS), default=0)


def snapshot(academic_year: int | None = None, as_of: dt.date | None = None,
             position: int | None = None) -> Snapshot:
    """Today's figures by default; a past day or year when asked (never beyond today).

    Without a position: the one the figures of that day were stored at (``stored.py``),
    else the position every state projection has reached."""
    today = clock.today()
    if as_of is None or as_of > today:
        as_of = today if academic_year is None else min(
            today, dt.date(academic_year + 1, 8, 31))
    year = clock.academic_year_of(as_of) if academic_year is None else academic_year
    if position is None:
        position = stored_position(year, as_of)
    return Snapshot(year, as_of, log_position() if position is None else position)


@dataclass(frozen=True)
class Row:
    """One child place of the figures: a school or a municipality."""

    place: Place
    values: dict[str, Value]

    def value(self, code: str) -> Value:
        return self.values.get(code, ZERO)


@dataclass(frozen=True)
class Figures:
    place: Place
    snapshot: Snapshot
    indicators: list[Indicator]
    rows: list[Row]
    total: dict[str, Value]

    def result(self, code: str, values: dict[str, Value] | None = None) -> float | None:
        indicator = next(i for i in self.indicators if i.code == code)
        return indicator.result((self.total if values is None else values).get(code, ZERO))


def children(place: Place) -> list[Place]:
    if isinstance(place, Region):
        return list(db.session.scalars(select(Municipality).where(
            Municipality.region_id == place.id).order_by(Municipality.name)))
    if isinstance(place, Municipality):
        return list(db.session.scalars(select(School).where(
            School.municipality_id == place.id).order_by(School.short_name)))
    return [place]


def per_school(place: Place, shot: Snapshot) -> dict[int, dict[str, Value]]:
    """Every indicator's and breakdown's values per school of ``place``, computed from the
    state tables (a school without any row has none)."""
    where = Slice(LEVEL_OF[type(place)], place.id, shot.academic_year, shot.as_of,
                  shot.position)
    values: dict[int, dict[str, Value]] = defaultdict(dict)
    for indicator in indicators():
        for school, value in indicator.per_school(where).items():
            values[school][indicator.code] = value
    for breakdown in breakdowns():
        for school, coded in breakdown(where).items():
            values[school].update(coded)
    for school in where.schools():  # how many schools a sum of them is made of
        values[school]["schools"] = Value(1)
    return values


def by_municipality(region: Region, schools: dict[int, dict[str, Value]]
                    ) -> dict[int, dict[str, Value]]:
    """The schools' values of a region added up per municipality."""
    municipality_of = dict(db.session.execute(
        select(School.id, School.municipality_id).where(School.region_id == region.id)).all())
    grouped: dict[int, list[dict]] = defaultdict(list)
    for school, values in schools.items():
        grouped[municipality_of.get(school)].append(values)
    return {municipality: add_up(values) for municipality, values in grouped.items()}


def figures(place: Place, shot: Snapshot,
            schools: dict[int, dict[str, Value]] | None = None) -> Figures:
    """The figures of ``place``'s children and their total at ``shot``: from ``schools``
    (its ``per_school`` values) when the caller has them already — a report's appendix —,
    else the stored ones when the worker kept that snapshot, else computed from the state."""
    kids = children(place)
    level = Level.MUNICIPALITY if isinstance(place, Region) else Level.SCHOOL
    values = None if schools is not None else stored_values(
        shot.academic_year, shot.as_of, shot.position, level, [kid.id for kid in kids])
    total = None
    if values is not None:  # the place's own stored row is the sum, already added up
        own = stored_values(shot.academic_year, shot.as_of, shot.position,
                            LEVEL_OF[type(place)], [place.id])
        total = own[place.id] if own else None
    else:
        values = per_school(place, shot) if schools is None else schools
        if isinstance(place, Region):
            values = by_municipality(place, values)
    rows = [Row(kid, values.get(kid.id, {})) for kid in kids]
    return Figures(place, shot, indicators(LEVEL_OF[type(place)]), rows,
                   total if total is not None else add_up(row.values for row in rows))


def total_of(place: Place, shot: Snapshot) -> dict[str, Value]:
    """``place``'s own values at ``shot``: its stored row when kept, else its figures' total."""
    stored = stored_values(shot.academic_year, shot.as_of, shot.position,
                           LEVEL_OF[type(place)], [place.id])
    return stored[place.id] if stored else figures(place, shot).total


@dataclass(frozen=True)
class Freshness:
    """How far the figures shown are behind the log: «данные на 14:32, отставание 2 с»."""

    position: int  # the snapshot's
    head: int
    data_at: dt.datetime | None  # when the figures were stored, or the state caught up
    lag_seconds: float  # since the first event the figures do not hold was recorded


def freshness(shot: Snapshot) -> Freshness:
    head = db.session.scalar(select(func.max(Event.position))) or 0
    data_at = stored_at(shot.academic_year, shot.as_of, shot.position) or db.session.scalar(
        select(func.min(ProjectionCheckpoint.updated_at))
        .where(ProjectionCheckpoint.name.in_(STATE_PROJECTIONS)))
    oldest = db.session.scalar(select(Event.recorded_at).where(Event.position > shot.position)
                               .order_by(Event.position).limit(1))
    lag = max((clock.now() - _aware(oldest)).total_seconds(), 0.0) if oldest else 0.0
    return Freshness(shot.position, head, data_at, lag)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
