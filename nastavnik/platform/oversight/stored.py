"""Figures kept ready for the dashboards: every place's values at today's snapshot.

Computing a region of 4,000 schools from the state tables takes seconds; a dashboard must
answer in milliseconds. So the catch-up worker (``nastavnik/workers/figures.py``) computes
today's and the month's first day's figures for every place at the position all state
projections reached and stores them here, one row per place with its values; the pages
read those rows and say how fresh they are. A snapshot of any other day or position is
computed from the state tables when asked. Only the worker writes this table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import Position
from nastavnik.platform.oversight.indicators import Value


class PlaceFigures(db.Model):
    """One place's values (code → [amount, base]) at one snapshot."""

    __tablename__ = "place_figures"

    academic_year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    as_of: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    place_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    region_id: Mapped[int] = mapped_column(index=True)
    position: Mapped[int] = mapped_column(Position)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    values: Mapped[dict] = mapped_column(JSON)


def encode(values: dict[str, Value]) -> dict[str, list[float]]:
    return {code: [value.amount, value.base] for code, value in values.items()}


def decode(stored: dict[str, list[float]]) -> dict[str, Value]:
    return dict(zip(stored.keys(), map(Value._make, stored.values()), strict=True))


def stored_position(academic_year: int, as_of: dt.date) -> int | None:
    """The position the figures of that snapshot were stored at, if they were."""
    return db.session.scalar(select(func.max(PlaceFigures.position)).where(
        PlaceFigures.academic_year == academic_year, PlaceFigures.as_of == as_of))


def stored_at(academic_year: int, as_of: dt.date, position: int) -> dt.datetime | None:
    """When the figures of that snapshot were stored (None: they were not)."""
    return db.session.scalar(select(func.max(PlaceFigures.computed_at)).where(
        PlaceFigures.academic_year == academic_year, PlaceFigures.as_of == as_of,
        PlaceFigures.position == position))


def stored_values(academic_year: int, as_of: dt.date, position: int, level: str,
                  ids: list[int]) -> dict[int, dict[str, Value]] | None:
    """The stored values of these places at that snapshot, or None unless all are there."""
    rows = db.session.execute(select(PlaceFigures.place_id, PlaceFigures.values).where(
        PlaceFigures.academic_year == academic_year, PlaceFigures.as_of == as_of,
        PlaceFigures.position == position, PlaceFigures.level == level,
        PlaceFigures.place_id.in_(ids))).all()
    if len(rows) != len(set(ids)):
        return None
    return {place: decode(values) for place, values in rows}
