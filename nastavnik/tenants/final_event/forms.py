"""The curator's forms for the final event; the choices of people are filled by the views."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired

from nastavnik.tenants.final_event.models import FORMAT_LABEL


class EventForm(FlaskForm):
    held_on = DateField("Дата проведения", validators=[InputRequired("Укажите дату.")])
    format = RadioField("Формат", choices=[(f.value, label) for f, label in FORMAT_LABEL.items()],
                        validators=[InputRequired("Выберите формат.")])
    mentors = SelectMultipleField("Наставники — участники", coerce=int, validate_choice=False)
    mentees = SelectMultipleField("Наставляемые — участники", coerce=int,
                                  validate_choice=False)
    programme = TextAreaField("Программа", render_kw={"rows": 6},
                              description="Пункт на строке: время и название, например "
                                          "«10:00 Открытие».")
    submit = SubmitField("Сохранить")


class NominationForm(FlaskForm):
    title = StringField("Номинация", validators=[InputRequired("Укажите название номинации.")])
    nominee = SelectField("Кому присуждена", validate_choice=False)
    submit = SubmitField("Присудить")
