"""Network mentoring's writes: a school joins or leaves the network, the methodologist
proposes a cross-school pair, each school answers; the only writers of these tables.

A proposal is answered by two schools, each in its own request. The second «согласна»
forms the pair in the mentee's school with the mentor of the other school; that write
reaches across schools, so it stands in the municipality (``across_municipality_of``)
after the network rules have been checked again at that moment (the mentor may have
withdrawn the consent or filled the last place meanwhile).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.locks import locked
from nastavnik.platform.memberships import grant_role
from nastavnik.platform.models import Municipality, School, User
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.roles import Role
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.network.models import NetworkAgreement, NetworkProposal, ProposalStatus
from nastavnik.tenants.network.rules import (
    WAITING,
    NetworkMentor,
    network_school_ids,
    offered_mentors,
)
from nastavnik.tenants.pairs.models import MentoringForm
from nastavnik.tenants.pairs.services import form_network_pair, program_period_error
from nastavnik.tenants.teachers.models import Teacher

refuse_duplicates("uq_network_proposals_open", {"mentor": [
    "Эта сетевая пара уже предложена и ждёт ответа школ."]})
NOT_OFFERED = ("Наставник больше не предлагается для сетевого наставничества: нет согласия, "
               "готовности, свободного места, или его школа вышла из сетевого наставничества.")


def takes_part(school: School) -> bool:
    return bool(db.session.scalar(select(NetworkAgreement.taking_part).where(
        NetworkAgreement.school_id == school.id)))


def set_agreement(school: School, taking_part: bool, by: User | None) -> NetworkAgreement:
    """Switch the school's participation; ``network.agreement_changed`` when it changed
    (a repeated submit of the same choice records nothing)."""
    locked(school)  # one row per school: a double click waits here, then finds it
    agreement = db.session.scalar(select(NetworkAgreement).where(
        NetworkAgreement.school_id == school.id))
    if agreement is not None and agreement.taking_part == taking_part:
        return agreement
    if agreement is None:
        if not taking_part:
            raise Rejected("Школа и так не участвует в сетевом наставничестве.")
        agreement = NetworkAgreement(school_id=school.id)
        db.session.add(agreement)
    agreement.taking_part, agreement.changed_at = taking_part, clock.now()
    agreement.changed_by = by.id if by is not None else None
    db.session.flush()
    record("network.agreement_changed", {"taking_part": taking_part}, school=school,
           stream=f"network:{school.id}")
    return agreement


def _offered(mentor: Teacher, municipality_id: int) -> NetworkMentor | None:
    return next((m for m in offered_mentors(municipality_id) if m.teacher.id == mentor.id),
                None)


def propose(municipality: Municipality, mentee: Teacher, mentor: Teacher,
            by: User | None) -> NetworkProposal:
    """The methodologist proposes ``mentor`` (another school) for ``mentee``; the open
    proposal of the same pair is returned instead of a second one (a double submit)."""
    mentee = locked(mentee)  # a double click waits here, then finds the first proposal
    open_one = db.session.scalar(select(NetworkProposal).where(
        NetworkProposal.mentee_id == mentee.id, NetworkProposal.mentor_id == mentor.id,
        NetworkProposal.status == ProposalStatus.PROPOSED))
    if open_one is not None:
        return open_one
    schools = network_school_ids(municipality.id)
    entry = db.session.scalar(select(MenteeEntry).where(MenteeEntry.teacher_id == mentee.id))
    if entry is None or entry.status not in WAITING or mentee.school_id not in schools:
        raise Rejected({"mentee": ["Наставляемый не ожидает наставника в школе, участвующей "
                                   "в сетевом наставничестве."]})
    offered = _offered(mentor, municipality.id)
    if offered is None:
        raise Rejected({"mentor": [NOT_OFFERED]})
    if offered.school.id == mentee.school_id:
        raise Rejected({"mentor": ["Сетевой наставник — из другой школы, не из школы "
                                   "наставляемого."]})
    proposal = NetworkProposal(
        municipality_id=municipality.id, mentee_school_id=mentee.school_id,
        mentor_school_id=mentor.school_id, mentee_id=mentee.id, mentor_id=mentor.id,
        status=ProposalStatus.PROPOSED, proposed_by=by.id if by is not None else None,
        proposed_at=clock.now())
    db.session.add(proposal)
    db.session.flush()
    record("network.proposed", {
        "proposal": proposal.id, "mentee": mentee.pseudonym, "mentor": mentor.pseudonym,
        "mentee_school": mentee.school_id, "mentor_school": mentor.school_id,
    }, school=db.session.get(School, mentee.school_id), stream=f"network:proposal:{proposal.id}")
    return proposal


def side_of(proposal: NetworkProposal, school: School) -> str | None:
    """``mentee`` or ``mentor``: which side of the proposal ``school`` is (None: neither)."""
    return {proposal.mentee_school_id: "mentee", proposal.mentor_school_id: "mentor"}.get(
        school.id)


def answer(school: School, proposal: NetworkProposal, agreed: bool, by: User | None,
           form_code: str | None = None, starts_on: dt.date | None = None,
           ends_on: dt.date | None = None) -> NetworkProposal:
    """The school's curator agrees or declines. The mentee's school, agreeing, says the
    form and the period of the pair. A repeated answer of the same school changes nothing;
    the second agreement forms the pair."""
    proposal = locked(proposal)  # both schools' answers, and double clicks, queue here
    side = side_of(proposal, school)
    if side is None:
        raise LookupError("not a proposal of this school")
    if getattr(proposal, f"{side}_school_answer") is not None:
        return proposal
    if proposal.status != ProposalStatus.PROPOSED:
        raise Rejected("Предложение уже закрыто: другая школа отказалась.")
    if agreed and side == "mentee":
        _check_plan(form_code, starts_on, ends_on)
        proposal.form_code, proposal.starts_on, proposal.ends_on = form_code, starts_on, ends_on
    setattr(proposal, f"{side}_school_answer", "agreed" if agreed else "declined")
    db.session.flush()
    record("network.answered", {"proposal": proposal.id, "side": side, "agreed": agreed},
           school=school, stream=f"network:proposal:{proposal.id}")
    if not agreed:
        _close(proposal, ProposalStatus.DECLINED)
        with across_municipality_of(school):
            record("network.declined", {"proposal": proposal.id, "side": side},
                   school=db.session.get(School, proposal.mentee_school_id),
                   stream=f"network:proposal:{proposal.id}")
    elif proposal.mentee_school_answer == proposal.mentor_school_answer == "agreed":
        with across_municipality_of(school):
            _form(proposal, by)
    return proposal


def _check_plan(form_code: str | None, starts_on: dt.date | None,
                ends_on: dt.date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not form_code or db.session.get(MentoringForm, form_code) is None:
        errors["form_code"] = ["Выберите форму наставничества из списка."]
    if starts_on is None or ends_on is None:
        errors["ends_on"] = ["Укажите начало и окончание программы."]
    elif (period := program_period_error(starts_on, ends_on)) is not None:
        errors["ends_on"] = [period]
    if errors:
        raise Rejected(errors)


def _close(proposal: NetworkProposal, status: ProposalStatus) -> None:
    proposal.status, proposal.closed_at = status, clock.now()
    db.session.flush()


def _form(proposal: NetworkProposal, by: User | None) -> None:
    """Both schools agreed: check the mentor against the network rules once more, form
    the pair in the mentee's school, give the mentor's account the mentor role there."""
    mentee_school = db.session.get(School, proposal.mentee_school_id)
    mentor = db.session.get(Teacher, proposal.mentor_id)
    mentee = db.session.get(Teacher, proposal.mentee_id)
    if _offered(mentor, proposal.municipality_id) is None:
        raise Rejected({"mentor": [NOT_OFFERED]})
    pair = form_network_pair(mentee_school, mentor, mentee, proposal.form_code,
                             proposal.starts_on, proposal.ends_on)
    proposal.pair_id = pair.id
    _close(proposal, ProposalStatus.AGREED)
    record("network.agreed", {"proposal": proposal.id, "pair": pair.id}, school=mentee_school,
           stream=f"network:proposal:{proposal.id}")
    # The mentor reaches the pair's program in the mentee's school from his or her account.
    if mentor.user_id is not None:
        grant_role(db.session.get(User, mentor.user_id), Role.MENTOR, mentee_school, by,
                   already=None)


def proposals_of(school: School) -> list[NetworkProposal]:
    """The proposals ``school`` is a side of, newest first (not a school-owned table: the
    school is asked for explicitly)."""
    return list(db.session.scalars(select(NetworkProposal).where(or_(
        NetworkProposal.mentee_school_id == school.id,
        NetworkProposal.mentor_school_id == school.id))
        .order_by(NetworkProposal.proposed_at.desc(), NetworkProposal.id.desc())))


def awaiting_answer(school: School) -> int:
    """How many open proposals wait for ``school``'s answer."""
    return sum(1 for proposal in proposals_of(school)
               if proposal.status == ProposalStatus.PROPOSED
               and getattr(proposal, f"{side_of(proposal, school)}_school_answer") is None)


def proposals_in(municipality: Municipality) -> list[NetworkProposal]:
    return list(db.session.scalars(select(NetworkProposal).where(
        NetworkProposal.municipality_id == municipality.id)
        .order_by(NetworkProposal.proposed_at.desc(), NetworkProposal.id.desc())))
