"""Events of the staff list. Teachers appear only by pseudonym and bands."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.bands import AGE_BAND_LABELS, EXPERIENCE_BANDS
from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.teachers.models import LEAVING_REASONS


@event_type("teacher.added", "Педагог внесён в список педагогических работников школы",
            version=2)
class TeacherAdded(EventPayload):
    teacher = fields.UUID(required=True)
    age_band = fields.String(validate=OneOf(list(AGE_BAND_LABELS)), allow_none=True)
    experience_band = fields.String(validate=OneOf(list(EXPERIENCE_BANDS)), allow_none=True)
    young_specialist = fields.Boolean(required=True)
    new_in_post = fields.Boolean(load_default=False)
    # Version 2: the year the teacher joined the school, for retention (None: unknown).
    hired_in = fields.Integer(allow_none=True, load_default=None)


# The fields of a teacher's record a curator may change, as the events name them.
EDITABLE_FIELDS = ("last_name", "first_name", "middle_name", "birth_year", "teaching_since",
                   "hired_in", "position", "subjects", "new_in_post")


@event_type("teacher.updated",
            "Запись педагога исправлена: какие поля изменены и новые группы, без значений")
class TeacherUpdated(EventPayload):
    teacher = fields.UUID(required=True)
    changed = fields.List(fields.String(validate=OneOf(list(EDITABLE_FIELDS))), required=True)
    age_band = fields.String(validate=OneOf(list(AGE_BAND_LABELS)), allow_none=True)
    experience_band = fields.String(validate=OneOf(list(EXPERIENCE_BANDS)), allow_none=True)
    young_specialist = fields.Boolean(required=True)
    new_in_post = fields.Boolean(required=True)
    hired_in = fields.Integer(allow_none=True, load_default=None)


@event_type("teacher.left", "Педагог выбыл из школы (дата и причина); запись сохранена")
class TeacherLeft(EventPayload):
    teacher = fields.UUID(required=True)
    left_on = fields.Date(required=True)
    reason = fields.String(required=True, validate=OneOf(list(LEAVING_REASONS)))
    hired_in = fields.Integer(allow_none=True, load_default=None)
    young_specialist = fields.Boolean(required=True)


@event_type("teacher.returned", "Выбывший педагог возвращён в список школы")
class TeacherReturned(EventPayload):
    teacher = fields.UUID(required=True)
    returned_on = fields.Date(required=True)


@event_type("teacher.anonymised",
            "Персональные данные педагога обезличены (отзыв согласия); псевдоним сохранён")
class TeacherAnonymised(EventPayload):
    teacher = fields.UUID(required=True)
