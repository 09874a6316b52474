"""Bank events: codes and bands only, so municipal and regional counts need no names."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.bands import AGE_BAND_LABELS, EXPERIENCE_BANDS
from nastavnik.platform.events import Code, EventPayload, event_type
from nastavnik.tenants.banks.statuses import (
    BANKS,
    MENTEE_CATEGORIES,
    MENTEE_STATUSES,
    MENTOR_STATUSES,
    QUALIFICATIONS,
)


@event_type("mentee.entered", "Педагог внесён в банк наставляемых (или обновил анкету)")
class MenteeEntered(EventPayload):
    teacher = fields.UUID(required=True)
    difficulties = fields.List(Code(), required=True)
    category = fields.String(required=True, validate=OneOf(list(MENTEE_CATEGORIES)))
    young_specialist = fields.Boolean(required=True)
    age_band = fields.String(required=True, validate=OneOf(list(AGE_BAND_LABELS)))
    experience_band = fields.String(required=True, validate=OneOf(list(EXPERIENCE_BANDS)))


@event_type("mentor.entered", "Педагог внесён в банк наставников (или обновил анкету)")
class MentorEntered(EventPayload):
    teacher = fields.UUID(required=True)
    competencies = fields.List(Code(), required=True)
    subjects = fields.List(Code(), required=True)
    capacity = fields.Integer(required=True)
    network_ready = fields.Boolean(required=True)
    qualification = fields.String(required=True, validate=OneOf(list(QUALIFICATIONS)))
    experience_band = fields.String(required=True, validate=OneOf(list(EXPERIENCE_BANDS)))


@event_type("mentee.status_changed", "Изменился статус наставляемого в банке")
class MenteeStatusChanged(EventPayload):
    teacher = fields.UUID(required=True)
    status = fields.String(required=True, validate=OneOf(list(MENTEE_STATUSES)))


@event_type("mentor.status_changed", "Изменились статус или нагрузка наставника в банке")
class MentorStatusChanged(EventPayload):
    teacher = fields.UUID(required=True)
    status = fields.String(required=True, validate=OneOf(list(MENTOR_STATUSES)))
    load = fields.Integer(required=True)


@event_type("bank.exported", "Выгрузка банка с персональными данными (CSV или XLSX)")
class BankExported(EventPayload):
    bank = fields.String(required=True, validate=OneOf(list(BANKS)))
    rows = fields.Integer(required=True)
    format = fields.String(required=True, validate=OneOf(["csv", "xlsx"]))
