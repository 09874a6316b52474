"""Consent events: who (pseudonym) and for which bank; never the form's details."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type

BANKS = ["mentees", "mentors"]


@event_type("consent.given", "Педагог дал согласие на обработку персональных данных для банка")
class ConsentGiven(EventPayload):
    teacher = fields.UUID(required=True)
    bank = fields.String(required=True, validate=OneOf(BANKS))


@event_type("consent.withdrawn", "Педагог отозвал согласие; обработка его данных прекращена")
class ConsentWithdrawn(EventPayload):
    teacher = fields.UUID(required=True)
    bank = fields.String(required=True, validate=OneOf(BANKS))
