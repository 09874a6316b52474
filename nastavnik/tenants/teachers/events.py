"""Events of the staff list. Teachers appear only by pseudonym and bands."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.bands import AGE_BAND_LABELS, EXPERIENCE_BANDS
from nastavnik.platform.events import EventPayload, event_type


@event_type("teacher.added", "Педагог внесён в список педагогических работников школы")
class TeacherAdded(EventPayload):
    teacher = fields.UUID(required=True)
    age_band = fields.String(validate=OneOf(list(AGE_BAND_LABELS)), allow_none=True)
    experience_band = fields.String(validate=OneOf(list(EXPERIENCE_BANDS)), allow_none=True)
    young_specialist = fields.Boolean(required=True)
    new_in_post = fields.Boolean(load_default=False)


@event_type("teacher.anonymised",
            "Персональные данные педагога обезличены (отзыв согласия); псевдоним сохранён")
class TeacherAnonymised(EventPayload):
    teacher = fields.UUID(required=True)
