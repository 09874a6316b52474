"""Indicators of matching and of support without a pair: how the curators answered the
proposals, how many pairs came from them, and whether waiting mentees are supported."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from nastavnik.platform.oversight.indicators import (
    ZERO,
    Indicator,
    Rollup,
    Slice,
    Value,
    count_by_school,
    declare,
    share,
)
from nastavnik.platform.oversight.pairs import members
from nastavnik.platform.oversight.state import (
    MatchingDecisionState,
    SupportPlanState,
    TeacherState,
    held_at,
)
from nastavnik.tenants.teachers.indicators import present

decided = MatchingDecisionState.__table__
plans = SupportPlanState.__table__
teachers = TeacherState.__table__
SECTION = "Подбор наставников и поддержка"
LOOKING = ("waiting", "supported")


def decisions(s: Slice, *outcomes: str) -> dict[int, Value]:
    """Decisions of the academic year up to the snapshot day with one of ``outcomes``; a
    school with none has zero (few schools decide yet: the total is still there)."""
    found = count_by_school(decided, s.of(decided), decided.c.outcome.in_(outcomes),
                            decided.c.decided_on >= s.year_starts,
                            decided.c.decided_on <= s.as_of)
    return {school: found.get(school, ZERO) for school in s.schools()}


def started(s: Slice, *where: ColumnElement[bool]) -> dict[int, Value]:
    """Pairs and groups whose program began this academic year by the snapshot day (a
    cancelled pair has no rows: it never was)."""
    return count_by_school(members, s.of(members), members.c.role == "mentor",
                           members.c.starts_on >= s.year_starts,
                           members.c.starts_on <= s.as_of, *where)


def from_proposals(s: Slice) -> dict[int, Value]:
    formed = select(decided.c.pair_id).where(
        held_at(decided, s.position), decided.c.school_id == members.c.school_id,
        decided.c.pair_id.is_not(None), decided.c.decided_on <= s.as_of)
    return share(started(s, members.c.pair_id.in_(formed.scalar_subquery())), started(s))


def with_plan(s: Slice) -> dict[int, Value]:
    planned = select(plans.c.teacher).where(
        held_at(plans, s.position), plans.c.school_id == teachers.c.school_id,
        plans.c.made_on <= s.as_of)
    looking = teachers.c.mentee_status.in_(LOOKING)
    return share(present(s, looking, teachers.c.teacher.in_(planned.scalar_subquery())),
                 present(s, looking))


declare(Indicator(
    "matching_accepted", "Предложений подбора принято", "шт.",
    "решения куратора «принять» или «выбрать другого наставника» по предложениям подбора "
    "с 1 сентября по дату", Rollup.SUM, lambda s: decisions(s, "accepted", "edited"),
    SECTION, order=45, higher_is_better=None))
declare(Indicator(
    "matching_rejected", "Предложений подбора отклонено", "шт.",
    "решения куратора «отклонить» по предложениям подбора с 1 сентября по дату",
    Rollup.SUM, lambda s: decisions(s, "rejected"), SECTION, order=46,
    higher_is_better=None))
declare(Indicator(
    "pairs_from_proposals", "Пары, сформированные по предложениям подбора", "%",
    "пары и группы учебного года, сформированные из принятого предложения подбора ÷ все "
    "пары и группы учебного года × 100", Rollup.SHARE, from_proposals, SECTION, order=47,
    higher_is_better=None))
declare(Indicator(
    "waiting_with_plan", "Ожидающие наставника с планом сопровождения", "%",
    "наставляемые без пары (ожидают или сопровождаются) с планом сопровождения ÷ все "
    "наставляемые без пары × 100", Rollup.SHARE, with_plan, SECTION, order=48))
