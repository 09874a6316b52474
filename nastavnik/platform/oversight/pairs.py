"""Pairs and groups as oversight reads them: which work on a day, and by which form."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Slice
from nastavnik.platform.oversight.state import PairMemberState

members = PairMemberState.__table__


def working_on(s: Slice) -> list[ColumnElement[bool]]:
    """Members of the pairs formed by the snapshot day and not ended before it."""
    return [s.of(members), members.c.starts_on <= s.as_of,
            or_(members.c.ended_on.is_(None), members.c.ended_on > s.as_of)]


def by_form(s: Slice) -> dict[int, dict[str, int]]:
    """Per school: the working pairs and groups of each form of mentoring."""
    rows = db.session.execute(
        select(members.c.school_id, members.c.form, func.count())
        .where(*working_on(s), members.c.role == "mentor")
        .group_by(members.c.school_id, members.c.form))
    found: dict[int, dict[str, int]] = {}
    for school, form, count in rows:
        found.setdefault(school, {})[form] = int(count)
    return found
