"""Support for mentees left without a pair (roadmap 5.3): their plans and the queue.

A plan says who supports the mentee (a role from a fixed list, and if the curator wishes
that person's name — it stays in the school), with what and by when. The queue lists every
mentee still looking for a mentor with the days waited, the plan, and the mentors the
school's bank proposes now; a mentor who entered the bank after the plan was made is
marked new. Mentors of other schools are shown by whatever ``network_proposals`` hooks in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, moment_of_record, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.matching.bank import LOOKING
from nastavnik.tenants.matching.models import SUPPORTERS, SupportItem, SupportPlan
from nastavnik.tenants.matching.proposals import Proposal, matching
from nastavnik.tenants.teachers.models import Teacher

refuse_duplicates("uq_support_plans_mentee", {"_schema": [
    "План сопровождения этого наставляемого уже сохранён в другом окне. Обновите страницу."]})
SUPPORT_MAX = 1000

# The hook for network mentoring: the lead connects ``tenants/network`` here. Each
# function gets the school and the waiting mentee and returns what the queue shows of
# mentors of other schools (already pseudonymised as the network agreement allows).
NetworkProposals = Callable[[School, Teacher], list]
_NETWORK_PROPOSALS: list[NetworkProposals] = []


def add_network_proposals(propose: NetworkProposals) -> None:
    """Show, in the queue, the network mentors ``propose`` finds for a waiting mentee."""
    _NETWORK_PROPOSALS.append(propose)


def network_proposals(school: School, mentee: Teacher) -> list | None:
    """What the network offers ``mentee`` (``None``: no network mentoring is connected)."""
    if not _NETWORK_PROPOSALS:
        return None
    return [found for propose in _NETWORK_PROPOSALS for found in propose(school, mentee)]


def mentee_entry(mentee: Teacher) -> MenteeEntry | None:
    return db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == mentee.id))


def waiting_counts(school: School) -> tuple[int, int]:
    """How many mentees look for a mentor, and how many of them have no support plan."""
    planned = select(SupportPlan.mentee_id).where(SupportPlan.school_id == school.id)
    waiting, unplanned = db.session.execute(
        select(func.count(MenteeEntry.id),
               func.count(MenteeEntry.id).filter(MenteeEntry.teacher_id.not_in(planned)))
        .join(Teacher, MenteeEntry.teacher_id == Teacher.id)
        .where(MenteeEntry.school_id == school.id, MenteeEntry.status.in_(LOOKING),
               Teacher.employed)).one()
    return waiting, unplanned


def plan_of(mentee: Teacher) -> SupportPlan | None:
    return db.session.scalar(select(SupportPlan).where(SupportPlan.mentee_id == mentee.id))


def save_plan(school: School, mentee: Teacher, items: list[dict]) -> SupportPlan:
    """Store the mentee's plan (its items replace the earlier ones) and record
    ``support.plan_saved``; the same items again change nothing. Refuses in Russian."""
    entry = mentee_entry(mentee)
    if entry is None:
        raise Rejected("Педагога нет в банке наставляемых.")
    entry = locked(entry)  # a double submit waits here, then finds the first plan
    if entry.status not in LOOKING:
        raise Rejected("План сопровождения составляется для наставляемого, который ожидает "
                       "наставника; у этого педагога уже есть пара или он вышел из банка.")
    cleaned = _cleaned(items)
    plan = plan_of(mentee)
    if plan is not None and _same(plan, cleaned):
        return plan
    first, moment = plan is None, moment_of_record(school)  # past work keeps its own day
    if first:
        plan = SupportPlan(school_id=school.id, mentee_id=mentee.id, made_at=moment)
        db.session.add(plan)
    plan.changed_at = moment
    plan.items = [SupportItem(position=n, **item) for n, item in enumerate(cleaned)]
    db.session.flush()
    record("support.plan_saved", {
        "mentee": mentee.pseudonym, "items": len(cleaned),
        "supporters": sorted({item["supporter"] for item in cleaned}), "first": first,
    }, school=school, stream=f"teacher:{mentee.pseudonym}")
    return plan


def _cleaned(items: list[dict]) -> list[dict]:
    """The filled rows, checked: a row left wholly empty is skipped."""
    today, errors, cleaned = clock.today(), [], []
    for number, item in enumerate(items, start=1):
        supporter = (item.get("supporter") or "").strip()
        person = " ".join((item.get("person") or "").split())
        support = (item.get("support") or "").strip()
        due_on = item.get("due_on")
        if not (supporter or person or support or due_on):
            continue
        if supporter not in SUPPORTERS:
            errors.append(f"Строка {number}: выберите, кто сопровождает, из списка.")
        if not support:
            errors.append(f"Строка {number}: опишите, в чём состоит поддержка.")
        elif len(support) > SUPPORT_MAX:
            errors.append(f"Строка {number}: описание поддержки длиннее {SUPPORT_MAX} знаков.")
        if len(person) > 200:
            errors.append(f"Строка {number}: имя сопровождающего длиннее 200 знаков.")
        if not isinstance(due_on, dt.date):
            errors.append(f"Строка {number}: укажите срок.")
        elif not today - dt.timedelta(days=366) <= due_on <= today + dt.timedelta(days=366):
            errors.append(f"Строка {number}: срок должен быть в пределах года от сегодняшнего "
                          "дня.")
        cleaned.append({"supporter": supporter, "person": person, "support": support,
                        "due_on": due_on})
    if not cleaned:
        errors.append("Добавьте хотя бы одну строку плана: кто сопровождает, в чём и до "
                      "какого срока.")
    if errors:
        raise Rejected({"_schema": errors})
    return cleaned


def _same(plan: SupportPlan, items: list[dict]) -> bool:
    return [{"supporter": i.supporter, "person": i.person, "support": i.support,
             "due_on": i.due_on} for i in plan.items] == items


@dataclass
class Waiting:
    """A mentee of the queue: since when and how long, the plan, the proposals now."""

    mentee: Teacher
    entry: MenteeEntry
    since: dt.date
    days: int
    plan: SupportPlan | None
    proposals: list[Proposal]
    new_mentors: set[int] = field(default_factory=set)  # entered the bank after the plan
    network: list | None = None


def queue(school: School) -> list[Waiting]:
    """Every mentee still looking for a mentor, the longest waiting first."""
    found = matching(school)
    entries = found.bank.mentee_entries
    since = waiting_since(school, list(entries.values()))
    plans = {plan.mentee_id: plan for plan in db.session.scalars(
        select(SupportPlan).where(SupportPlan.mentee_id.in_(list(entries))))}
    today = clock.today(school)
    rows = []
    for teacher_id, entry in entries.items():
        plan, began = plans.get(teacher_id), since[teacher_id]
        proposals = found.proposals.get(teacher_id, [])
        new = {p.mentor.id for p in proposals if plan is not None
               and found.bank.mentor_entries[p.mentor.id].entered_at > plan.made_at}
        rows.append(Waiting(entry.teacher, entry, began, (today - began).days, plan,
                            proposals, new, network_proposals(school, entry.teacher)))
    return sorted(rows, key=lambda w: (w.since, w.mentee.last_name, w.mentee.id))


def waiting_since(school: School, entries: list[MenteeEntry]) -> dict[int, dt.date]:
    """The day each mentee began to wait, read from his or her events: entering the bank or
    returning to waiting; support without a pair meanwhile does not stop the clock."""
    streams = {f"teacher:{e.teacher.pseudonym}": e for e in entries}
    began: dict[int, dt.date] = {}
    status: dict[int, str | None] = {}
    for stream, kind, payload, at in db.session.execute(
            select(Event.stream, Event.type, Event.payload, Event.occurred_at)
            .where(Event.school_id == school.id, Event.stream.in_(list(streams)),
                   Event.type.in_(("mentee.entered", "mentee.status_changed")))
            .order_by(Event.position)):
        entry = streams[stream]
        now = payload.get("status", "waiting") if kind == "mentee.status_changed" else (
            "waiting" if status.get(entry.teacher_id) in (None, "withdrawn")
            else status[entry.teacher_id])
        if now in LOOKING and status.get(entry.teacher_id) not in LOOKING:
            began[entry.teacher_id] = clock.local_date(at, school)
        status[entry.teacher_id] = now
    return {e.teacher_id: began.get(e.teacher_id) or clock.local_date(
        e.status_changed_at or e.entered_at, school) for e in entries}
