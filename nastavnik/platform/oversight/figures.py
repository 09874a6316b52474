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
from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Slice,
    Value,
    add_up,
    indicators,
)
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
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
    """Today's figures by default; a past day or year when asked (never beyond today)."""
    today = clock.today()
    if as_of is None or as_of > today:
        as_of = today if academic_year is None else min(
            today, dt.date(academic_year + 1, 8, 31))
    year = clock.academic_year_of(as_of) if academic_year is None else academic_year
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


def per_school(place: Place, shot: Snapshot, chosen: list[Indicator] | None = None
               ) -> dict[int, dict[str, Value]]:
    """Every indicator's value per school of ``place`` (schools without any row: none)."""
    where = Slice(LEVEL_OF[type(place)], place.id, shot.academic_year, shot.as_of,
                  shot.position)
    values: dict[int, dict[str, Value]] = defaultdict(dict)
    for indicator in chosen or indicators():
        for school, value in indicator.per_school(where).items():
            values[school][indicator.code] = value
    return values


def figures(place: Place, shot: Snapshot,
            schools: dict[int, dict[str, Value]] | None = None) -> Figures:
    """The figures of ``place``'s children and their total at ``shot`` (from ``schools``,
    its ``per_school`` values, when the caller has them already: a report's appendix)."""
    chosen = indicators(LEVEL_OF[type(place)])
    schools = per_school(place, shot, chosen) if schools is None else schools
    kids = children(place)
    if isinstance(place, Region):
        municipality_of = dict(db.session.execute(
            select(School.id, School.municipality_id).where(School.region_id == place.id)).all())
        grouped: dict[int, list[dict]] = defaultdict(list)
        for school, values in schools.items():
            grouped[municipality_of.get(school)].append(values)
        rows = [Row(kid, add_up(grouped.get(kid.id, []))) for kid in kids]
    else:
        rows = [Row(kid, schools.get(kid.id, {})) for kid in kids]
    return Figures(place, shot, chosen, rows, add_up(row.values for row in rows))


@dataclass(frozen=True)
class Freshness:
    """How far the figures are behind the log: «данные на 14:32, отставание 2 с»."""

    position: int
    head: int
    caught_up_at: dt.datetime | None
    lag_seconds: float


def freshness() -> Freshness:
    position = log_position()
    head = db.session.scalar(select(func.max(Event.position))) or 0
    caught_up_at = db.session.scalar(
        select(func.min(ProjectionCheckpoint.updated_at))
        .where(ProjectionCheckpoint.name.in_(STATE_PROJECTIONS)))
    oldest = db.session.scalar(select(Event.recorded_at).where(Event.position > position)
                               .order_by(Event.position).limit(1))
    lag = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
        lag = max((clock.now() - oldest).total_seconds(), 0.0)
    return Freshness(position, head, caught_up_at, lag)
