"""The roadmap as oversight reads it: work done, overdue, done late; the stage matrix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select

from nastavnik.extensions import db
from nastavnik.platform.oversight.indicators import Slice, Value, declare_breakdown
from nastavnik.platform.oversight.state import RoadmapActivityState

activities = RoadmapActivityState.__table__
STAGES = range(1, 8)


def of_year(s: Slice) -> ColumnElement[bool]:
    return and_(s.of(activities), activities.c.academic_year == s.academic_year)


def done_by(s: Slice) -> ColumnElement[bool]:
    """Done (or «не требуется») by the snapshot day; a version 1 «done» has no day."""
    return or_(activities.c.status == "not_applicable",
               and_(activities.c.status == "done",
                    or_(activities.c.completed_on.is_(None),
                        activities.c.completed_on <= s.as_of)))


def overdue(s: Slice) -> ColumnElement[bool]:
    return and_(activities.c.due_to < s.as_of, ~done_by(s))


def late(s: Slice) -> ColumnElement[bool]:
    return and_(activities.c.status == "done", activities.c.completed_on <= s.as_of,
                activities.c.completed_on > activities.c.due_to)


@dataclass(frozen=True)
class StageCell:
    """One school's stage: its activities, done, due later, overdue and done late."""

    total: int = 0
    done: int = 0
    overdue: int = 0
    late: int = 0

    @property
    def due(self) -> int:
        return self.total - self.done - self.overdue

    @property
    def state(self) -> str:
        if not self.total:
            return "none"
        if self.overdue:
            return "overdue"
        return "done" if self.done == self.total else "on_time"


STATE_LABEL = {"none": "нет дорожной карты", "overdue": "есть просроченные мероприятия",
               "done": "выполнен", "on_time": "в срок"}


STAGE = "stage:"
COUNTS = ("total", "done", "overdue", "late")


def stage_counts(s: Slice) -> dict[int, dict[str, Value]]:
    """Per school: each stage's activities, done, overdue and late as ``stage:<n>:<count>``."""
    rows = db.session.execute(
        select(activities.c.school_id, activities.c.stage, func.count(),
               func.count().filter(done_by(s)), func.count().filter(overdue(s)),
               func.count().filter(late(s)))
        .where(of_year(s)).group_by(activities.c.school_id, activities.c.stage))
    found: dict[int, dict[str, Value]] = {}
    for school, stage, *counts in rows:
        found.setdefault(school, {}).update(
            {f"{STAGE}{stage}:{name}": Value(int(n)) for name, n in zip(COUNTS, counts,
                                                                         strict=True)})
    return found


def schools_behind(s: Slice) -> dict[int, dict[str, Value]]:
    """The schools with overdue work, each counted once (``schools:behind``)."""
    behind = db.session.scalars(select(activities.c.school_id).where(of_year(s), overdue(s))
                                .distinct())
    return {school: {"schools:behind": Value(1)} for school in behind}


def stages_of(values: Mapping[str, Value]) -> dict[int, StageCell]:
    """Each stage's cell of a place (a school, or a sum of them), from its values."""
    counts: dict[int, dict[str, int]] = {}
    for code, value in values.items():
        if code.startswith(STAGE):
            stage, name = code.removeprefix(STAGE).split(":")
            counts.setdefault(int(stage), {})[name] = int(value.amount)
    return {stage: StageCell(**found) for stage, found in counts.items()}


declare_breakdown("stages", stage_counts)
declare_breakdown("schools_behind", schools_behind)
