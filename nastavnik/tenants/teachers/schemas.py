"""Validation of a teacher's fields, shared by the web form and the file import."""

import datetime as dt
import re

from marshmallow import Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length

from nastavnik.platform import clock

NAME = Length(min=1, max=100, error="От 1 до 100 символов.")


def _year(label: str, low: int) -> fields.Integer:
    def not_before_or_after(year: int) -> None:
        # Today's year is read at each check: a server running past New Year stays right.
        this_year = clock.today().year
        if not low <= year <= this_year:
            raise ValidationError(f"{label}: год от {low} до {this_year}.")

    return Year(
        allow_none=True, load_default=None, validate=not_before_or_after,
        error_messages={"invalid": f"{label}: укажите год числом, например 1990.",
                        "no_such_date": f"{label}: такой даты нет в календаре ({{input}})."},
    )


class Year(fields.Integer):
    """A year, or a full date (a file's «15.03.1990», Excel's date) taken for its year."""

    DATE = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{1,4})"
                      r"|(?P<iy>\d{1,4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})")

    def _deserialize(self, value, attr, data, **kwargs):
        match = self.DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            return super()._deserialize(value, attr, data, **kwargs)
        day, month, year = (int(match[k] or match["i" + k]) for k in ("d", "m", "y"))
        try:
            return dt.date(year, month, day).year
        except ValueError as error:  # 31.02.1990, a year 0
            raise self.make_error("no_such_date", input=value.strip()) from error


class TeacherSchema(Schema):
    last_name = fields.String(required=True, validate=NAME,
                              error_messages={"required": "Укажите фамилию."})
    first_name = fields.String(required=True, validate=NAME,
                               error_messages={"required": "Укажите имя."})
    middle_name = fields.String(load_default="", validate=Length(max=100,
                                                                  error="Не длиннее 100 символов."))
    birth_year = _year("Год рождения", 1930)
    teaching_since = _year("Начало педагогической деятельности", 1950)
    hired_in = _year("Год приёма в школу", 1950)
    position = fields.String(load_default="учитель",
                             validate=Length(max=200, error="Не длиннее 200 символов."))
    subjects = fields.String(load_default="", validate=Length(max=300,
                                                               error="Не длиннее 300 символов."))
    new_in_post = fields.Boolean(
        load_default=False, truthy={True, "да", "1", "true", "yes", "y", "+"},
        falsy={False, "нет", "0", "false", "no", "n", "-", ""},
        error_messages={"invalid": "Укажите «да» или «нет»."})

    @validates_schema
    def _started_after_birth(self, data, **_kwargs):
        born, started = data.get("birth_year"), data.get("teaching_since")
        if born and started and started - born < 16:
            raise ValidationError("Педагогическая деятельность не может начаться раньше 16 лет.",
                                  "teaching_since")
        hired = data.get("hired_in")
        if born and hired and hired - born < 16:
            raise ValidationError("В школу не принимают на работу раньше 16 лет.", "hired_in")
