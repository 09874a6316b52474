"""Events of network mentoring: schools by id, teachers by pseudonym, never a name."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type


@event_type("network.agreement_changed",
            "Школа вступила в сетевое наставничество муниципалитета или вышла из него")
class NetworkAgreementChanged(EventPayload):
    taking_part = fields.Boolean(required=True)


@event_type("network.proposed",
            "Муниципальный координатор предложил сетевую пару (наставник из другой школы)")
class NetworkProposed(EventPayload):
    proposal = fields.Integer(required=True)
    mentee = fields.UUID(required=True)
    mentor = fields.UUID(required=True)
    mentee_school = fields.Integer(required=True)
    mentor_school = fields.Integer(required=True)


@event_type("network.answered", "Школа ответила на предложение сетевой пары")
class NetworkAnswered(EventPayload):
    proposal = fields.Integer(required=True)
    side = fields.String(required=True, validate=OneOf(["mentee", "mentor"]))
    agreed = fields.Boolean(required=True)


@event_type("network.agreed",
            "Обе школы согласились: сетевая пара сформирована в школе наставляемого")
class NetworkAgreed(EventPayload):
    proposal = fields.Integer(required=True)
    pair = fields.Integer(required=True)


@event_type("network.declined", "Предложение сетевой пары отклонено одной из школ")
class NetworkDeclined(EventPayload):
    proposal = fields.Integer(required=True)
    side = fields.String(required=True, validate=OneOf(["mentee", "mentor"]))
