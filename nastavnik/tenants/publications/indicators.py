"""Indicators of information support (section «Информационное сопровождение»), from the
state table of ``workers/projections/publication_state.py``."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from nastavnik.platform.oversight.indicators import (
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
)
from nastavnik.platform.oversight.state import PublicationState

public = PublicationState.__table__
SECTION = "Информационное сопровождение"


def public_on(s: Slice) -> ColumnElement[bool]:
    return or_(public.c.ended_on.is_(None), public.c.ended_on > s.as_of)


def news_published(s: Slice) -> dict[int, Value]:
    counted = count_by_school(public, s.of(public), public.c.kind == "news",
                              public.c.since.between(s.year_starts, s.as_of), public_on(s))
    return {school: counted.get(school, Value()) for school in s.schools()}


def public_section(s: Slice) -> dict[int, Value]:
    """1 for a school with at least one document in its public section on the day."""
    counted = count_by_school(public, s.of(public), public.c.kind == "document",
                              public.c.since <= s.as_of, public_on(s))
    return {school: Value(1 if counted.get(school, Value()).amount else 0)
            for school in s.schools()}


declare(Indicator(
    "news_published", "Новостей о наставничестве опубликовано за учебный год", "шт.",
    "новости открытого раздела «Наставничество», опубликованные с начала учебного года по "
    "дату и не снятые с публикации", Rollup.SUM, news_published, SECTION, order=70,
    higher_is_better=None))
declare(Indicator(
    "public_section", "Школ с открытым разделом «Наставничество»", "шт.",
    "школы, у которых на дату в открытом разделе есть хотя бы один утверждённый документ",
    Rollup.SUM, public_section, SECTION, order=71))
