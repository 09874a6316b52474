"""Conditions a completion rule may require besides its event (``"condition"`` in a rule).

An event says something happened; a condition says the school's record now shows what
the activity asks for. Activity 3.2 (the mentor bank with consents) completes when the
bank holds at least one mentor whose consent is in force — not when anyone consents.
Checked inside the transaction of the event; the query's autoflush sends the writer's
rows first, so the entry that caused the event is counted.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import exists, select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.statuses import LISTED
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.purposes import BANK_PURPOSE
from nastavnik.tenants.matching.conditions import every_waiting_mentee_has_a_plan
from nastavnik.tenants.monitoring.conditions import every_finished_pair_answered
from nastavnik.tenants.programs.services import every_pair_has_approved_program
from nastavnik.tenants.training import conditions as training


def _listed(model, bank: str, *, with_consent: bool) -> Callable[[School], bool]:
    def holds(school: School) -> bool:
        query = select(model.id).where(model.school_id == school.id,
                                       model.status.in_(LISTED[bank]))
        if with_consent:
            query = query.where(exists().where(
                ConsentRecord.teacher_id == model.teacher_id,
                ConsentRecord.purpose == BANK_PURPOSE[bank],
                ConsentRecord.withdrawn_on.is_(None)))
        return db.session.scalar(query.limit(1)) is not None
    return holds


CONDITIONS: dict[str, Callable[[School], bool]] = {
    "mentee_bank_not_empty": _listed(MenteeEntry, "mentees", with_consent=False),
    "mentee_bank_with_consent": _listed(MenteeEntry, "mentees", with_consent=True),
    "mentor_bank_not_empty": _listed(MentorEntry, "mentors", with_consent=False),
    "mentor_bank_with_consent": _listed(MentorEntry, "mentors", with_consent=True),
    "every_pair_has_approved_program": every_pair_has_approved_program,
    "training_materials_available": training.materials_available,
    "mentor_attended_session": training.mentor_attended,
    "every_waiting_mentee_has_a_plan": every_waiting_mentee_has_a_plan,
    "every_finished_pair_answered": every_finished_pair_answered,
}


def condition_holds(name: str | None, school: School) -> bool:
    """Whether the named condition is true of ``school`` now (no condition: true)."""
    if name is None:
        return True
    return CONDITIONS[name](school)
