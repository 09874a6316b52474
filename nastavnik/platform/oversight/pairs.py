"""Pairs and groups as oversight reads them: which work on a day, and by which form."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, func, or_, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Slice, Value, declare_breakdown
from nastavnik.platform.oversight.state import PairMemberState

members = PairMemberState.__table__


def working_on(s: Slice) -> list[ColumnElement[bool]]:
    """Members of the pairs formed by the snapshot day and not ended before it."""
    return [s.of(members), members.c.starts_on <= s.as_of,
            or_(members.c.ended_on.is_(None), members.c.ended_on > s.as_of)]


FORM = "form:"


def form_counts(s: Slice) -> dict[int, dict[str, Value]]:
    """Per school: the working pairs and groups of each form, as ``form:<code>`` values."""
    rows = db.session.execute(
        select(members.c.school_id, members.c.form, func.count())
        .where(*working_on(s), members.c.role == "mentor")
        .group_by(members.c.school_id, members.c.form))
    found: dict[int, dict[str, Value]] = {}
    for school, form, count in rows:
        found.setdefault(school, {})[FORM + form] = Value(int(count))
    return found


def forms_of(values: Mapping[str, Value]) -> dict[str, int]:
    """The pairs by form of a place (a school, or a sum of them), from its values."""
    return {code.removeprefix(FORM): int(value.amount) for code, value in values.items()
            if code.startswith(FORM)}


def by_form(s: Slice) -> dict[int, dict[str, int]]:
    """Per school: the working pairs and groups of each form of mentoring."""
    return {school: forms_of(values) for school, values in form_counts(s).items()}


declare_breakdown("forms", form_counts)
