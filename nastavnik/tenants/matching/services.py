"""The curator's decisions on proposals and the school's weights: the only writers here.

Nothing is formed without the curator: accepting (or choosing another mentor) forms the
pair through ``pairs.services.form_pair`` and records the decision with it, in one
transaction; rejecting records why, and the mentor is not proposed to that mentee again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from nastavnik.extensions import db
from nastavnik.platform.events import moment_of_record, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.matching.bank import LOOKING, read_bank
from nastavnik.tenants.matching.models import (
    REJECTION_REASONS,
    MatchingDecision,
    MatchingWeights,
)
from nastavnik.tenants.matching.proposals import (
    WEIGHT_FIELDS,
    Matching,
    current_round,
    fit_of,
    matching,
)
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.teachers.models import Teacher

WEIGHT_MAX = 10
ANSWERED = "Это предложение уже рассмотрено: форма была отправлена дважды."
refuse_duplicates("uq_matching_decisions_proposal", {"_schema": [ANSWERED]})
refuse_duplicates("uq_matching_weights_school", {"_schema": [
    "Веса уже сохранены в другом окне. Обновите страницу."]})


def save_weights(school: School, values: dict, user_id: int | None = None) -> MatchingWeights:
    """Store the school's weights (each a number from 0 to 10) and record the change; the
    same values again change nothing."""
    errors, weights = {}, {}
    for name in WEIGHT_FIELDS:
        value = values.get(name)
        try:
            number = float(value)
        except (TypeError, ValueError):
            errors[name] = ["Укажите число от 0 до 10."]
            continue
        if not 0 <= number <= WEIGHT_MAX or number != number:  # NaN is no weight either
            errors[name] = ["Вес должен быть числом от 0 до 10."]
        weights[name] = round(number, 2)
    if errors:
        raise Rejected(errors)
    if not any(weights.values()):
        raise Rejected("Хотя бы один вес должен быть больше нуля: иначе все наставники "
                       "подходят одинаково.")
    row = db.session.scalar(select(MatchingWeights).where(MatchingWeights.school_id == school.id)
                            .with_for_update(key_share=True))
    if row is not None and all(getattr(row, n) == weights[n] for n in WEIGHT_FIELDS):
        return row
    if row is None:
        row = MatchingWeights(school_id=school.id)
        db.session.add(row)
    for name, value in weights.items():
        setattr(row, name, value)
    row.changed_by, row.changed_at = user_id, moment_of_record(school)
    db.session.flush()
    record("matching.weights_changed", weights, school=school)
    return row


def _entries(school: School, mentee: Teacher, proposed: Teacher) -> tuple[MenteeEntry,
                                                                           MentorEntry, int]:
    """The mentee's bank entry, locked (a double submit waits here and then finds the
    first one's work), the proposed mentor's entry and the mentee's current round."""
    entry = db.session.scalar(select(MenteeEntry).where(
        MenteeEntry.school_id == school.id, MenteeEntry.teacher_id == mentee.id))
    mentor = db.session.scalar(select(MentorEntry).where(
        MentorEntry.school_id == school.id, MentorEntry.teacher_id == proposed.id))
    if entry is None or mentor is None:
        raise Rejected("Наставляемого или наставника нет в банках школы.")
    entry = locked(entry)
    if entry.status not in LOOKING:
        raise Rejected("Наставляемый уже не ожидает наставника: пара сформирована или он "
                       "вышел из банка. Обновите страницу.")
    return entry, mentor, current_round(mentee.id)


def _answered(mentee: Teacher, proposed: Teacher, round_: int) -> MatchingDecision | None:
    return db.session.scalar(select(MatchingDecision).where(
        MatchingDecision.mentee_id == mentee.id, MatchingDecision.proposed_id == proposed.id,
        MatchingDecision.round == round_))


def accept(school: School, mentee: Teacher, proposed: Teacher, form_code: str,
           starts_on: dt.date, ends_on: dt.date, *, chosen: Teacher | None = None,
           from_optimal: bool = False, user_id: int | None = None) -> MatchingDecision:
    """Form the pair of the proposal (``chosen``: another mentor of the bank instead) and
    record the decision: ``accepted``, or ``edited`` when the curator chose another."""
    entry, mentor_entry, round_ = _entries(school, mentee, proposed)
    if _answered(mentee, proposed, round_) is not None:
        raise Rejected(ANSWERED)
    proposal = fit_of(school, entry, mentor_entry)
    mentor = chosen or proposed
    if chosen is not None and chosen.id not in {m.key for m in read_bank(school).mentors}:
        raise Rejected({"mentor": ["Выберите наставника из банка: со свободным местом и "
                                   "действующим согласием."]})
    pair = form_pair(school, mentor, [mentee], form_code, starts_on, ends_on)
    decision = MatchingDecision(
        school_id=school.id, mentee_id=mentee.id, proposed_id=proposed.id, round=round_,
        score=proposal.score, reasons=list(proposal.reasons),
        decision="accepted" if mentor.id == proposed.id else "edited", chosen_id=mentor.id,
        pair_id=pair.id, from_optimal=from_optimal, decided_by=user_id)
    return _recorded(school, decision)


def reject(school: School, mentee: Teacher, proposed: Teacher, reason: str, *,
           from_optimal: bool = False, user_id: int | None = None) -> MatchingDecision:
    """Turn a proposal down with a reason from the list; a second submit changes nothing."""
    if reason not in REJECTION_REASONS:
        raise Rejected({"reason": ["Выберите причину из списка."]})
    entry, mentor_entry, round_ = _entries(school, mentee, proposed)
    if (known := _answered(mentee, proposed, round_)) is not None:
        return known
    proposal = fit_of(school, entry, mentor_entry)
    decision = MatchingDecision(
        school_id=school.id, mentee_id=mentee.id, proposed_id=proposed.id, round=round_,
        score=proposal.score, reasons=list(proposal.reasons), decision="rejected",
        reason=reason, from_optimal=from_optimal, decided_by=user_id)
    return _recorded(school, decision)


def _recorded(school: School, decision: MatchingDecision) -> MatchingDecision:
    decision.decided_at = moment_of_record(school)  # past work keeps its own day
    db.session.add(decision)
    db.session.flush()
    record("matching.decided", {
        "decision": decision.id, "mentee": decision.mentee.pseudonym,
        "proposed": decision.proposed.pseudonym,
        "chosen": decision.chosen.pseudonym if decision.chosen else None,
        "outcome": decision.decision, "formed": decision.pair_id is not None,
        "pair": decision.pair_id, "score": decision.score,
        "from_optimal": decision.from_optimal, "reason": decision.reason,
    }, school=school, stream=f"teacher:{decision.mentee.pseudonym}")
    return decision


def decisions(school: School) -> list[MatchingDecision]:
    """The school's decisions, newest first: «Результаты подбора наставников»."""
    # The people come with the rows, never one query per row.
    return list(db.session.scalars(
        select(MatchingDecision).where(MatchingDecision.school_id == school.id)
        .options(joinedload(MatchingDecision.mentee), joinedload(MatchingDecision.proposed),
                 joinedload(MatchingDecision.chosen), joinedload(MatchingDecision.decider))
        .order_by(MatchingDecision.decided_at.desc(), MatchingDecision.id.desc())))


def distribution_key(found: Matching) -> str:
    """The best distribution as the page showed it («mentee:mentor,…»), so that
    «принять всё» forms exactly what the curator saw, and a second submit nothing."""
    return ",".join(f"{p.mentee.id}:{p.mentor.id}" for p in found.optimal)


def accept_all(school: School, shown: str, form_code: str, starts_on: dt.date,
               ends_on: dt.date, user_id: int | None = None) -> list[MatchingDecision]:
    """Form every pair of the best distribution with one form and period, or none."""
    found = matching(school)
    if not found.optimal:
        raise Rejected("В лучшем распределении нет ни одной пары: распределять некого.")
    if distribution_key(found) != shown:
        raise Rejected("Распределение изменилось с тех пор, как страница была открыта "
                       "(пару уже сформировали или банк изменился). Проверьте его заново.")
    return [accept(school, p.mentee, p.mentor, form_code, starts_on, ends_on,
                   from_optimal=True, user_id=user_id) for p in found.optimal]
