"""Events of monitoring: pairs and requests by id, teachers by pseudonym, scores as
numbers. The free-text answer never enters the log."""

from marshmallow import fields
from marshmallow.validate import OneOf, Range

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.monitoring.models import PARTICIPANTS, ROUNDS


@event_type("monitoring.requested",
            "Участнику пары (группы) направлена анкета мониторинга качества наставничества")
class Requested(EventPayload):
    request = fields.Integer(required=True)
    pair = fields.Integer(required=True)
    respondent = fields.UUID(required=True)
    participant = fields.String(required=True, validate=OneOf(list(PARTICIPANTS)))
    round = fields.String(required=True, validate=OneOf([str(r) for r in ROUNDS]))
    academic_year = fields.Integer(required=True)


@event_type("monitoring.answered",
            "Участник пары (группы) ответил на анкету мониторинга качества наставничества")
class Answered(EventPayload):
    request = fields.Integer(required=True)
    pair = fields.Integer(required=True)
    respondent = fields.UUID(required=True)
    participant = fields.String(required=True, validate=OneOf(list(PARTICIPANTS)))
    round = fields.String(required=True, validate=OneOf([str(r) for r in ROUNDS]))
    academic_year = fields.Integer(required=True)
    satisfaction = fields.Integer(required=True, validate=Range(1, 5))
    # Mean of (before − after) over the difficulties rated; none if none was rated.
    difficulty_change = fields.Float(required=True, allow_none=True)
