"""Projection tables: aggregates of the event log, and the checkpoints that feed them.

Where they live, and why. Dashboards and panels (platform, tenants) read these tables;
only the projection workers (``nastavnik/workers/projections/``) write them. Keeping the
tables here lets ``platform`` read them without importing ``workers`` (the dependency
runs one way: workers → platform). Nothing outside ``workers.projections`` may write
them: they are rebuilt from the log at will, so a hand-made row would be lost.

Projection tables carry no foreign keys, like the log: a rebuild truncates and refills
them, and a distributed PostgreSQL shards them by school.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform import clock

Position = BigInteger().with_variant(Integer(), "sqlite")


class ProjectionCheckpoint(db.Model):
    """How far each projection has read the log (the last position applied)."""

    __tablename__ = "projection_checkpoints"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Position, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp()
    )


class SchoolYearActivity(db.Model):
    """Events per school, academic year and type, with the latest time one occurred."""

    __tablename__ = "school_year_activity"

    school_id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80), primary_key=True)
    municipality_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(BigInteger)
    last_occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def school_year_summary(school_id: int, academic_year: int) -> tuple[int, dt.datetime | None]:
    """The number of events of a school in a year, and when the latest one occurred."""
    total, last = db.session.execute(
        select(func.coalesce(func.sum(SchoolYearActivity.count), 0),
               func.max(SchoolYearActivity.last_occurred_at))
        .where(SchoolYearActivity.school_id == school_id,
               SchoolYearActivity.academic_year == academic_year)
    ).one()
    return int(total), last


@dataclass(frozen=True)
class SchoolActivity:
    """One school's year as the municipal table shows it, read from the projection."""

    events: int = 0
    last_occurred_at: dt.datetime | None = None
    by_type: dict[str, int] = field(default_factory=dict)

    def count(self, event_type: str) -> int:
        return self.by_type.get(event_type, 0)


def municipality_activity(municipality_id: int, academic_year: int) -> dict[int, SchoolActivity]:
    """Per school of the municipality: its events of the year, by type, and the latest."""
    return _activity(SchoolYearActivity.school_id,
                     SchoolYearActivity.municipality_id == municipality_id, academic_year)


def region_activity(region_id: int, academic_year: int) -> dict[int, SchoolActivity]:
    """Per municipality of the region: its schools' events of the year, summed."""
    return _activity(SchoolYearActivity.municipality_id,
                     SchoolYearActivity.region_id == region_id, academic_year)


def _activity(key, where, academic_year: int) -> dict[int, SchoolActivity]:
    # Reads the projection only, so the cost grows with the places shown, not the events.
    rows = db.session.execute(
        select(key, SchoolYearActivity.event_type, func.sum(SchoolYearActivity.count),
               func.max(SchoolYearActivity.last_occurred_at))
        .where(where, SchoolYearActivity.academic_year == academic_year)
        .group_by(key, SchoolYearActivity.event_type)
    ).all()
    # A place without a row had no action this year: it reads as an empty SchoolActivity.
    places: dict[int, SchoolActivity] = defaultdict(SchoolActivity)
    for place, event_type, count, last in rows:
        known = places[place]
        latest = max(filter(None, (known.last_occurred_at, last)), default=None)
        places[place] = SchoolActivity(known.events + int(count), latest,
                                       {**known.by_type, event_type: int(count)})
    return places


class EventSeal(db.Model):
    """The seal of each event in its school's chain (``nastavnik.platform.events.chain``)."""

    __tablename__ = "event_seals"

    position: Mapped[int] = mapped_column(Position, primary_key=True, autoincrement=False)
    school_id: Mapped[int] = mapped_column(index=True)
    seal: Mapped[str] = mapped_column(String(64))


class SchoolChainHead(db.Model):
    """The latest seal of each school: where its chain continues."""

    __tablename__ = "school_chain_heads"

    school_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Position)
    seal: Mapped[str] = mapped_column(String(64))
