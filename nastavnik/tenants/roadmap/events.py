"""Events of the school roadmap: activity codes, years and statuses only."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import Code, EventPayload, event_type
from nastavnik.tenants.roadmap.statuses import Status


@event_type("roadmap.created", "Составлена дорожная карта школы на учебный год")
class RoadmapCreated(EventPayload):
    academic_year = fields.Integer(required=True)
    activities = fields.Integer(required=True)
    municipal_template = fields.Boolean(required=True)


@event_type("roadmap.activity_updated", "Изменено мероприятие дорожной карты")
class RoadmapActivityUpdated(EventPayload):
    activity = Code(required=True)
    academic_year = fields.Integer(required=True)
    status = fields.String(required=True, validate=OneOf([s.value for s in Status]))
    automatic = fields.Boolean(required=True)
