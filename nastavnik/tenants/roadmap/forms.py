"""Forms of the roadmap pages. They carry CSRF and render the fields; the services
validate (``schemas.py``), so every rule and its Russian message is written once."""

from babel.dates import get_month_names
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField, URLField

from nastavnik.tenants.roadmap.statuses import Status

_NAMES = get_month_names("wide", context="stand-alone", locale="ru")
# Months of the academic year by offset from September, as the template stores them.
MONTHS = [(offset, _NAMES[(8 + offset) % 12 + 1].capitalize()) for offset in range(12)]


class ActivityForm(FlaskForm):
    status = SelectField("Статус", validate_choice=False,
                         choices=[(s.value, s.label) for s in Status])
    responsible = StringField("Ответственный", description="Должность или ФИО.")
    evidence_url = URLField("Ссылка на подтверждение",
                            description="Документ, публикация на сайте или файл.")
    evidence_note = TextAreaField("Комментарий", description="Что сделано, где хранится документ.")
    submit = SubmitField("Сохранить")


class TemplateActivityForm(FlaskForm):
    title = TextAreaField("Мероприятие")
    result = StringField("Ожидаемый результат (документ)")
    responsible = StringField("Ответственный")
    due_from_month = SelectField("Начало срока", choices=MONTHS, coerce=int)
    due_to_month = SelectField("Окончание срока", choices=MONTHS, coerce=int)
    submit = SubmitField("Сохранить")


def submitted(form: FlaskForm) -> dict:
    """What the user typed, without the form's own fields."""
    return {field.name: field.data for field in form
            if field.name not in ("csrf_token", "submit")}
