"""The curator's view of every pair's program at a glance, and a teacher's own programs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.tenants.pairs.models import MentoringPair, PairMentee, PairStatus
from nastavnik.tenants.pairs.services import with_teacher
from nastavnik.tenants.programs.models import Program, ProgramMark, ProgramStatus, Side
from nastavnik.tenants.teachers.models import Teacher

# A mentor from another school (network mentoring) is not a row this school may read.
OTHER_SCHOOL_MENTOR = "наставник другой школы"
ORDERS = {
    # The late first: most overdue activities, then the least done, then the oldest.
    "late": lambda r: (-r["overdue"], r["share_done"], r["starts_on"], r["id"]),
    "progress": lambda r: (r["share_done"], -r["overdue"], r["id"]),
    "mentor": lambda r: (r["mentor"], r["id"]),
    "status": lambda r: (r["status"] == ProgramStatus.APPROVED, -r["overdue"], r["id"]),
}


def overdue(activity, today: dt.date) -> bool:
    """Planned before today and not done: late."""
    return activity.done_on is None and activity.planned_on < today


def _programs(*where) -> list[Program]:
    # The pairs, their people, plans and meetings in a fixed number of queries.
    return list(db.session.scalars(
        select(Program).join(MentoringPair).where(
            MentoringPair.status != PairStatus.CANCELLED, *where)
        .options(joinedload(Program.pair).joinedload(MentoringPair.mentor),
                 joinedload(Program.pair).joinedload(MentoringPair.form),
                 joinedload(Program.pair).selectinload(MentoringPair.mentees)
                 .joinedload(PairMentee.teacher),
                 selectinload(Program.activities), selectinload(Program.meetings))
        .order_by(MentoringPair.starts_on, Program.id)).unique())


def mentor_name(pair: MentoringPair) -> str:
    return pair.mentor.full_name if pair.mentor is not None else OTHER_SCHOOL_MENTOR


def _ratings(program_ids: list[int]) -> dict[int, tuple[float, int]]:
    rows = db.session.execute(
        select(ProgramMark.program_id, func.avg(ProgramMark.rating), func.count())
        .where(ProgramMark.program_id.in_(program_ids), ProgramMark.side == Side.MENTEE)
        .group_by(ProgramMark.program_id))
    return {program: (float(mean), int(count)) for program, mean, count in rows}


def overview_rows(school: School, order: str = "late") -> list[dict]:
    """Every program of the school's pairs (a cancelled pair's excepted) as a row:
    status, activities done of planned, overdue, the last meeting, the mentee's mean
    rating; ordered by ``order`` (``ORDERS``), the late first by default."""
    today = clock.today(school)
    programs = _programs(Program.school_id == school.id)
    ratings = _ratings([p.id for p in programs])
    rows = []
    for program in programs:
        pair, plan = program.pair, program.activities
        done = sum(a.done_on is not None for a in plan)
        rating = ratings.get(program.id)
        rows.append({
            "id": program.id, "pair_id": pair.id, "mentor": mentor_name(pair),
            "mentees": [m.teacher.full_name for m in pair.mentees],
            "form": pair.form.name, "starts_on": pair.starts_on, "ends_on": pair.ends_on,
            "working": pair.status == PairStatus.ACTIVE, "status": program.status,
            "status_label": ProgramStatus(program.status).label,
            "done": done, "planned": len(plan),
            "share_done": done / len(plan) if plan else 0,
            "overdue": sum(overdue(a, today) for a in plan),
            "last_meeting": max((m.held_on for m in program.meetings), default=None),
            "meetings": len(program.meetings),
            "rating": round(rating[0], 1) if rating else None,
            "ratings": rating[1] if rating else 0,
        })
    return sorted(rows, key=ORDERS.get(order, ORDERS["late"]))


def pairs_without_program(school: School) -> list[MentoringPair]:
    """Working pairs formed before programs came to the platform: none of theirs yet."""
    return list(db.session.scalars(
        select(MentoringPair).where(MentoringPair.school_id == school.id,
                                    MentoringPair.status == PairStatus.ACTIVE,
                                    MentoringPair.id.not_in(select(Program.pair_id)))
        .options(joinedload(MentoringPair.mentor), selectinload(MentoringPair.mentees)
                 .joinedload(PairMentee.teacher))
        .order_by(MentoringPair.starts_on, MentoringPair.id)))


def own_programs(teacher: Teacher) -> list[Program]:
    """The programs of the pairs ``teacher`` is the mentor or a mentee of."""
    return _programs(with_teacher(teacher))
