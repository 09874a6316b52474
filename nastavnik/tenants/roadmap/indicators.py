"""Indicators of the roadmap: work done, due and overdue (``platform/oversight/roadmap.py``
holds the conditions and the schools × stages matrix the dashboards draw)."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from nastavnik.platform.oversight.indicators import (
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.names import provide
from nastavnik.platform.oversight.roadmap import activities, done_by, late, of_year, overdue
from nastavnik.tenants.roadmap.seed import stage_titles

SECTION = "Дорожная карта"


def count(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    return count_by_school(activities, of_year(s), *where)


declare(Indicator(
    "activities_overdue", "Просрочено мероприятий дорожной карты", "шт.",
    "мероприятия, срок которых истёк до даты, не выполненные к ней", Rollup.SUM,
    lambda s: count(s, overdue(s)), SECTION, order=60, higher_is_better=False))
declare(Indicator(
    "activities_done", "Выполнено мероприятий", "шт.",
    "мероприятия, выполненные к дате (и отмеченные «не требуется»)", Rollup.SUM,
    lambda s: count(s, done_by(s)), SECTION, order=61, higher_is_better=None))
declare(Indicator(
    "activities_late", "Выполнено с опозданием", "шт.",
    "мероприятия, выполненные к дате позже своего срока", Rollup.SUM,
    lambda s: count(s, late(s)), SECTION, order=62, higher_is_better=None))
declare(Indicator(
    "roadmap_on_time", "Дорожная карта выполняется в срок", "%",
    "мероприятия со сроком до даты, выполненные к ней ÷ все мероприятия со сроком до даты "
    "× 100", Rollup.SHARE,
    lambda s: share(count(s, activities.c.due_to < s.as_of, done_by(s)),
                    count(s, activities.c.due_to < s.as_of)), SECTION, order=63))

provide("stage", lambda: {str(number): title for number, title in stage_titles().items()})
