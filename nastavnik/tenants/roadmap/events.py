"""Events of the school roadmap: activity codes, years, statuses and dates only.

Version 2 carries the due windows and the day of completion, so the levels above a
school compute overdue and late work from the log alone. The new fields are optional:
version 1 events (without them) stay valid under the same schema.
"""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import Code, EventPayload, event_type
from nastavnik.tenants.roadmap.statuses import Status


@event_type("roadmap.created", "Составлена дорожная карта школы на учебный год", version=2)
class RoadmapCreated(EventPayload):
    academic_year = fields.Integer(required=True)
    activities = fields.Integer(required=True)
    municipal_template = fields.Boolean(required=True)
    # v2: the windows of all activities, as three lists of the same order.
    codes = fields.List(Code(), metadata={"description": "v2: коды мероприятий"})
    due_from = fields.List(fields.Date(), metadata={
        "description": "v2: начало срока каждого мероприятия, в порядке `codes`"})
    due_to = fields.List(fields.Date(), metadata={
        "description": "v2: окончание срока каждого мероприятия, в порядке `codes`"})


@event_type("roadmap.activity_updated", "Изменено мероприятие дорожной карты", version=2)
class RoadmapActivityUpdated(EventPayload):
    activity = Code(required=True)
    academic_year = fields.Integer(required=True)
    status = fields.String(required=True, validate=OneOf([s.value for s in Status]))
    automatic = fields.Boolean(required=True)
    due_from = fields.Date(metadata={"description": "v2: начало срока"})
    due_to = fields.Date(metadata={"description": "v2: окончание срока"})
    completed_on = fields.Date(allow_none=True, metadata={
        "description": "v2: день выполнения (по часам школы); позже `due_to` — с опозданием"})
