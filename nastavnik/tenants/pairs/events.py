"""Events of pairs and groups: teachers by pseudonym, the form by code."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import Code, EventPayload, event_type
from nastavnik.tenants.pairs.models import END_OUTCOMES, END_REASONS


@event_type("pair.formed", "Сформирована наставническая пара или группа")
class PairFormed(EventPayload):
    pair = fields.Integer(required=True)
    mentor = fields.UUID(required=True)
    mentees = fields.List(fields.UUID(), required=True)
    form = Code(required=True)
    group = fields.Boolean(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


@event_type("pair.finished", "Наставническая пара или группа завершила программу")
class PairFinished(EventPayload):
    pair = fields.Integer(required=True)
    finished_on = fields.Date(required=True)
    on_time = fields.Boolean(required=True)


@event_type("pair.updated", "Изменены период или форма наставнической пары или группы")
class PairUpdated(EventPayload):
    pair = fields.Integer(required=True)
    form = Code(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


@event_type("pair.cancelled",
            "Наставническая пара или группа отменена как ошибочная (в показателях не учитывается)")
class PairCancelled(EventPayload):
    pair = fields.Integer(required=True)


@event_type("pair.ended_early",
            "Программа наставнической пары или группы прекращена досрочно (не завершена)")
class PairEndedEarly(EventPayload):
    pair = fields.Integer(required=True)
    ended_on = fields.Date(required=True)
    reason = fields.String(required=True, validate=OneOf(list(END_REASONS)))
    outcome = fields.String(required=True, validate=OneOf(list(END_OUTCOMES)))
