"""Events of the final event: ids, dates, codes and counts; no names, no free text."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.final_event.models import EventFormat


@event_type("final_event.planned", "Запланировано (или изменено) итоговое мероприятие года")
class FinalEventPlanned(EventPayload):
    event = fields.Integer(required=True)
    academic_year = fields.Integer(required=True)
    held_on = fields.Date(required=True)
    format = fields.String(required=True, validate=OneOf([f.value for f in EventFormat]))
    mentors = fields.Integer(required=True)
    mentees = fields.Integer(required=True)
    programme_items = fields.Integer(required=True)


@event_type("final_event.held", "Итоговое мероприятие года проведено")
class FinalEventHeld(EventPayload):
    event = fields.Integer(required=True)
    academic_year = fields.Integer(required=True)
    held_on = fields.Date(required=True)
    format = fields.String(required=True, validate=OneOf([f.value for f in EventFormat]))
    mentors = fields.Integer(required=True)
    mentees = fields.Integer(required=True)
    nominations = fields.Integer(required=True)
