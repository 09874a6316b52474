"""Events of training: materials and sessions by id, codes for the rest, mentors by
pseudonym. Titles, topics in words and organisers are free text and stay out of the log.

The log is per school, so these are the school's own acts: adding its own material or
including a shared one in its set (both ``training.material_added``, with the level it
came from), taking one out, planning a school session, recording its attendance sheet
(also for a municipal session: each school records its own mentors). The municipality's
and the region's own writes (a shared material, a municipal session) belong to no school
and are not logged, as with the municipality's roadmap template; they reach a school's
log when the school acts on them.
"""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.training.kinds import LEVELS, SESSION_FORMATS, SESSION_KINDS, TOPICS

LEVEL = OneOf(list(LEVELS))


@event_type("training.material_added",
            "В набор методических материалов школы добавлен материал (свой или общий)")
class MaterialAdded(EventPayload):
    material = fields.Integer(required=True)
    level = fields.String(required=True, validate=LEVEL)
    topic = fields.String(required=True, validate=OneOf(list(TOPICS)))
    link = fields.Boolean(required=True)


@event_type("training.material_removed",
            "Методический материал убран из набора школы")
class MaterialRemoved(EventPayload):
    material = fields.Integer(required=True)
    level = fields.String(required=True, validate=LEVEL)


@event_type("training.session_planned",
            "Школа запланировала консультацию, установочную сессию или обмен опытом")
class SessionPlanned(EventPayload):
    session = fields.Integer(required=True)
    kind = fields.String(required=True, validate=OneOf(list(SESSION_KINDS)))
    format = fields.String(required=True, validate=OneOf(list(SESSION_FORMATS)))
    held_on = fields.Date(required=True)


@event_type("training.attendance_recorded",
            "Отмечено присутствие наставников школы на консультации или установочной сессии")
class AttendanceRecorded(EventPayload):
    session = fields.Integer(required=True)
    level = fields.String(required=True, validate=LEVEL)
    kind = fields.String(required=True, validate=OneOf(list(SESSION_KINDS)))
    held_on = fields.Date(required=True)
    present = fields.List(fields.UUID(), required=True)
    absent = fields.List(fields.UUID(), required=True)
    anyone_present = fields.Boolean(required=True)
