"""Events of pairs and groups: teachers by pseudonym, the form by code."""

from marshmallow import fields

from nastavnik.platform.events import Code, EventPayload, event_type


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
