"""Indicators, declared once: the dashboards, the PDF and the XLSX all read these.

An indicator is computed per school from the state tables (``state.py``) for a *slice* —
the schools of one place, an academic year, a snapshot day («по состоянию на») and a log
position — and rolls up by adding its numerators and denominators, so a municipality's
figure is its schools' and a region's its municipalities' by construction. Capabilities
declare theirs in an ``indicators.py`` of their own (``tenants/<capability>/``), which
their package imports: adding an indicator is adding a declaration, never editing a list.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import ColumnElement, Table, and_, func, select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.platform.oversight.state import held_at
from nastavnik.platform.roles import Level


class Rollup(enum.StrEnum):
    SUM = "sum"  # a count: schools add up
    SHARE = "share"  # numerator ÷ denominator, in per cent
    MEAN = "mean"  # sum ÷ how many


ROLLUP_LABEL = {Rollup.SUM: "сумма по школам",
                Rollup.SHARE: "доля: сумма числителей ÷ сумма знаменателей",
                Rollup.MEAN: "среднее: сумма значений ÷ их число"}


class Value(NamedTuple):
    """A school's (or a place's) figure: the count, or a share's or mean's two parts.
    A named tuple, not a dataclass: a dashboard reads thousands of them per request."""

    amount: float = 0  # the count; the numerator of a share; the sum of a mean
    base: float = 0  # the denominator of a share; how many values a mean has

    def __add__(self, other: Value) -> Value:  # type: ignore[override] - adds, not joins
        return Value(self.amount + other.amount, self.base + other.base)


ZERO = Value()


@dataclass(frozen=True)
class Slice:
    """Which schools (those of one place), which academic year, which day, which position."""

    level: Level
    place_id: int
    academic_year: int
    as_of: dt.date
    position: int | None = None  # None: the current state

    def of(self, table: Table) -> ColumnElement[bool]:
        """The rows of ``table`` in this slice's place, as they stood at its position."""
        column = {Level.SCHOOL: table.c.school_id, Level.MUNICIPALITY: table.c.municipality_id,
                  Level.REGION: table.c.region_id}[self.level]
        return and_(column == self.place_id, held_at(table, self.position))

    def schools(self) -> list[int]:
        """Every school of the place (those the state tables hold no row for as well)."""
        column = {Level.SCHOOL: School.id, Level.MUNICIPALITY: School.municipality_id,
                  Level.REGION: School.region_id}[self.level]
        return list(db.session.scalars(select(School.id).where(column == self.place_id)))

    def each_school(self, having: Iterable[int]) -> dict[int, Value]:
        """A yes/no flag per school as a share: 1 of 1 where it holds, 0 of 1 elsewhere."""
        having = set(having)
        return {school: Value(int(school in having), 1) for school in self.schools()}

    @property
    def year_starts(self) -> dt.date:
        return dt.date(self.academic_year, 9, 1)

    @property
    def year_ends(self) -> dt.date:
        return dt.date(self.academic_year + 1, 8, 31)


PerSchool = Callable[[Slice], Mapping[int, Value]]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # Russian, as the dashboard and the reports print it
    unit: str  # «чел.», «%», «дн.», «шт.»
    formula: str  # Russian: how it is computed, printed under the tables
    rollup: Rollup
    per_school: PerSchool = field(compare=False, repr=False)
    section: str = "Показатели"
    order: int = 100
    higher_is_better: bool | None = True  # None: not ranked
    levels: frozenset[Level] = frozenset(Level)

    def result(self, value: Value) -> float | None:
        """The figure shown: a count, a percentage or a mean; None when there is no base."""
        if self.rollup is Rollup.SUM:
            return value.amount
        if not value.base:
            return None
        scale = 100 if self.rollup is Rollup.SHARE else 1
        return round(scale * value.amount / value.base, 1)


_INDICATORS: dict[str, Indicator] = {}


def declare(indicator: Indicator) -> Indicator:
    known = _INDICATORS.get(indicator.code)
    if known is not None and known != indicator:
        raise ValueError(f"indicator {indicator.code} is declared twice")
    _INDICATORS[indicator.code] = indicator
    return indicator


def indicators(level: Level | None = None) -> list[Indicator]:
    """Every declared indicator (meaningful at ``level``), in the order of their sections."""
    found = (i for i in _INDICATORS.values() if level is None or level in i.levels)
    return sorted(found, key=lambda i: (i.order, i.code))


def indicator(code: str) -> Indicator:
    return _INDICATORS[code]


# Breakdowns: counts by category (pairs by form, roadmap work by stage) that charts and the
# stage matrix read. They give per school a few coded values (``form:<code>``,
# ``stage:<n>:<count>``) that roll up like the indicators, so a municipality's or a
# region's breakdown is the sum of its schools' too.
PerSchoolCodes = Callable[[Slice], Mapping[int, Mapping[str, Value]]]
_BREAKDOWNS: dict[str, PerSchoolCodes] = {}


def declare_breakdown(name: str, per_school: PerSchoolCodes) -> PerSchoolCodes:
    _BREAKDOWNS[name] = per_school
    return per_school


def breakdowns() -> list[PerSchoolCodes]:
    return list(_BREAKDOWNS.values())


# Helpers for declarations: a per-school count or share from one grouped query ----------

def count_by_school(table: Table, *where: ColumnElement[bool],
                    distinct: ColumnElement | None = None) -> dict[int, Value]:
    counted = func.count(func.distinct(distinct)) if distinct is not None else func.count()
    rows = db.session.execute(select(table.c.school_id, counted).where(*where)
                              .group_by(table.c.school_id))
    return {school: Value(int(n)) for school, n in rows}


def share(numerators: Mapping[int, Value], denominators: Mapping[int, Value]) -> dict[int, Value]:
    """Per school: the numerator's count over the denominator's."""
    return {school: Value(numerators.get(school, ZERO).amount, base.amount)
            for school, base in denominators.items()}


def add_up(values: Iterable[Mapping[str, Value]]) -> dict[str, Value]:
    """The rollup of several places' values (every indicator adds its two parts)."""
    total: dict[str, Value] = defaultdict(Value)
    for place in values:
        for code, value in place.items():
            total[code] = total[code] + value
    return dict(total)
