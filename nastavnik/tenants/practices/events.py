"""Events of the methodical bank: ids, codes and pseudonyms, never a title or a name."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.platform.roles import Role
from nastavnik.tenants.practices.models import CATEGORIES, PracticeStatus

STATUSES = [status.value for status in PracticeStatus]


@event_type("practice.submitted", "Практика подана в методическую копилку школы")
class PracticeSubmitted(EventPayload):
    practice = fields.Integer(required=True)
    category = fields.String(required=True, validate=OneOf(list(CATEGORIES)))
    pair = fields.Integer(allow_none=True, load_default=None)
    authors = fields.List(fields.UUID(), required=True)


@event_type("practice.status_changed",
            "Практика методической копилки перешла в другой статус (школа, муниципалитет, "
            "регион)")
class PracticeStatusChanged(EventPayload):
    practice = fields.Integer(required=True)
    source = fields.String(required=True, validate=OneOf(STATUSES))
    target = fields.String(required=True, validate=OneOf(STATUSES))
    role = fields.String(required=True, validate=OneOf([role.value for role in Role]))
