"""Recording and withdrawing consents; withdrawal stops processing and erases the person.

The banks learn of a withdrawal from the ``consent.withdrawn`` event (through the
``event_recorded`` signal, in this same transaction) and take the person out; this module
never imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import occurring_at, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import refuse_duplicates
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.purposes import (
    PUBLICATION_PURPOSE,
    PURPOSES,
    Purpose,
    default_scope,
)
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import anonymise_teacher

# Written consent to processing exists since the law on personal data (152-ФЗ) was signed;
# an earlier date is a typo (a year of 1926 for 2026), not a real consent.
LAW_SIGNED = dt.date(2006, 7, 27)
ALREADY_GIVEN = {"purpose": ["Согласие для этой цели уже оформлено."]}
refuse_duplicates("uq_consent_records_active", ALREADY_GIVEN)


def _plausible(day: dt.date) -> None:
    if day > clock.today():
        raise ValidationError("Дата не может быть в будущем.")
    if day < LAW_SIGNED:
        raise ValidationError("Дата раньше 27 июля 2006 г., когда принят закон о персональных "
                              "данных (152-ФЗ): проверьте год.")


class ConsentInput(Schema):
    purpose = fields.String(required=True, validate=OneOf(
        list(PURPOSES), error="Выберите цель обработки из списка."))
    given_on = fields.Date(required=True, validate=_plausible, error_messages={
        "required": "Укажите дату согласия.", "invalid": "Дата указана неверно."})
    form_reference = fields.String(required=True, validate=Length(
        1, 200, error="Укажите номер или отметку подписанного бланка (до 200 символов)."),
        error_messages={"required": "Укажите номер или отметку подписанного бланка."})
    scope = fields.String(load_default=None, validate=Length(
        max=4000, error="Не длиннее 4000 символов."))


class WithdrawalInput(Schema):
    purpose = fields.String(required=True, validate=OneOf(list(PURPOSES)))
    withdrawn_on = fields.Date(required=True, validate=_plausible, error_messages={
        "invalid": "Дата указана неверно."})
    given_on = fields.Date(required=True)

    @validates_schema
    def after_consent(self, data: dict, **_kwargs) -> None:
        if data["withdrawn_on"] < data["given_on"]:
            raise ValidationError("Согласие нельзя отозвать раньше, чем оно дано.", "withdrawn_on")


def active_consent(teacher: Teacher, purpose: str) -> ConsentRecord | None:
    return db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.teacher_id == teacher.id, ConsentRecord.purpose == purpose,
        ConsentRecord.withdrawn_on.is_(None)))


def has_consent(teacher: Teacher, purpose: str) -> bool:
    return active_consent(teacher, purpose) is not None


def give_consent(teacher: Teacher, purpose: str, *, given_on: dt.date | str,
                 form_reference: str, scope: str | None = None,
                 recorded_by: int | None = None,
                 shared_fields: list[str] | None = None) -> ConsentRecord:
    """Record a signed consent (the caller commits). Raises ``ValidationError`` in Russian.

    A purpose that shares fields (network mentoring) needs ``shared_fields``: the codes
    of what the teacher agreed to show, at least one.
    """
    data = ConsentInput().load({"purpose": purpose, "given_on": str(given_on),
                                "form_reference": (form_reference or "").strip(),
                                "scope": scope or None})
    chosen = PURPOSES[purpose]
    shared = _shared(chosen, shared_fields)
    teacher = locked(teacher)  # a second, concurrent submit waits here, then finds this one
    if has_consent(teacher, purpose):
        raise ValidationError(ALREADY_GIVEN)
    consent = ConsentRecord(school_id=teacher.school_id, teacher_id=teacher.id, purpose=purpose,
                            scope=data["scope"] or default_scope(chosen, shared),
                            given_on=data["given_on"], form_reference=data["form_reference"],
                            recorded_by=recorded_by, shared_fields=shared)
    db.session.add(consent)
    db.session.flush()
    with occurring_at(data["given_on"]):
        if chosen.bank:
            record("consent.given", {"teacher": teacher.pseudonym, "bank": chosen.bank},
                   school=db.session.get(School, teacher.school_id),
                   stream=f"teacher:{teacher.pseudonym}")
        elif chosen.code == PUBLICATION_PURPOSE:
            record("consent.publication_given", {"teacher": teacher.pseudonym},
                   school=db.session.get(School, teacher.school_id),
                   stream=f"teacher:{teacher.pseudonym}")
        else:
            record("consent.network_given", {"teacher": teacher.pseudonym, "shared": shared},
                   school=db.session.get(School, teacher.school_id),
                   stream=f"teacher:{teacher.pseudonym}")
    return consent


def _shared(purpose: Purpose, codes: list[str] | None) -> list[str] | None:
    """The chosen fields in the purpose's order; refused when none or an unknown one."""
    if not purpose.shares:
        return None
    codes = list(codes or [])
    if not codes or set(codes) - set(purpose.shares):
        raise ValidationError({"shared_fields": [
            "Отметьте, какие сведения наставник согласен показать другим школам: хотя бы "
            "одно из списка."]})
    return [code for code in purpose.shares if code in codes]


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal did: the records it closed and whether the person was erased."""

    records: list[ConsentRecord]
    erased: bool


def withdraw_consent(teacher: Teacher, purpose: str,
                     withdrawn_on: dt.date | str | None = None) -> Withdrawal:
    """Withdraw the consent for ``purpose`` and stop processing (the caller commits).

    Every record of that purpose still in force is closed (a double submit may have left
    two), under a row lock so that two withdrawals do not both act. The person leaves
    that bank (its listeners react to ``consent.withdrawn``). When no other consent of the
    teacher remains in force, the teacher's personal fields and account are erased as
    well; the pseudonym stays, so the log and every aggregate remain true.
    """
    teacher = locked(teacher)  # a double-clicked withdrawal withdraws and erases once
    records = db.session.scalars(select(ConsentRecord).where(
        ConsentRecord.teacher_id == teacher.id, ConsentRecord.purpose == purpose,
        ConsentRecord.withdrawn_on.is_(None)).order_by(ConsentRecord.given_on)).all()
    if not records:
        raise ValidationError({"purpose": ["Действующего согласия для этой цели нет."]})
    data = WithdrawalInput().load({"purpose": purpose,
                                   "given_on": records[-1].given_on.isoformat(),
                                   "withdrawn_on": str(withdrawn_on or clock.today())})
    for consent in records:
        consent.withdrawn_on = data["withdrawn_on"]
    school = db.session.get(School, teacher.school_id)
    db.session.flush()
    with occurring_at(data["withdrawn_on"]):
        if PURPOSES[purpose].bank:
            record("consent.withdrawn", {"teacher": teacher.pseudonym,
                                         "bank": PURPOSES[purpose].bank},
                   school=school, stream=f"teacher:{teacher.pseudonym}")
        elif purpose == PUBLICATION_PURPOSE:
            record("consent.publication_withdrawn", {"teacher": teacher.pseudonym},
                   school=school, stream=f"teacher:{teacher.pseudonym}")
        else:
            record("consent.network_withdrawn", {"teacher": teacher.pseudonym},
                   school=school, stream=f"teacher:{teacher.pseudonym}")
    erased = not any(has_consent(teacher, other) for other in PURPOSES)
    if erased:
        anonymise_teacher(school, teacher)
    return Withdrawal(records, erased)


def consent_overview(school: School, purpose: str) -> list[tuple[Teacher, ConsentRecord | None]]:
    """Every employed teacher of the school with the consent in force for ``purpose``;
    an anonymised teacher has left the list (nothing to consent to, no one to ask)."""
    rows = db.session.execute(
        select(Teacher, ConsentRecord).outerjoin(ConsentRecord, (
            (ConsentRecord.teacher_id == Teacher.id) & (ConsentRecord.purpose == purpose)
            & ConsentRecord.withdrawn_on.is_(None)))
        .where(Teacher.school_id == school.id, Teacher.employed, ~Teacher.erased)
        .order_by(Teacher.last_name, Teacher.first_name)).all()
    return [(teacher, consent) for teacher, consent in rows]


def teachers_without_consent(school: School, purpose: str) -> list[Teacher]:
    return [teacher for teacher, consent in consent_overview(school, purpose) if consent is None]
