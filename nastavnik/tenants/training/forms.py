"""The forms of training: a material, a session, an attendance sheet (its boxes are
filled by the view from the school's mentors)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from nastavnik.tenants.training.files import MATERIAL_MAX_BYTES
from nastavnik.tenants.training.kinds import SESSION_FORMATS, SESSION_KINDS, TOPICS


class MaterialForm(FlaskForm):
    title = StringField("Название", validators=[InputRequired("Укажите название материала."),
                                                Length(max=200, message="Не длиннее 200 знаков.")])
    description = TextAreaField("Краткое описание", validators=[
        Optional(), Length(max=500, message="Не длиннее 500 знаков.")])
    # Choices are checked by the service, whose refusal is in Russian.
    topic = SelectField("Тема", choices=list(TOPICS.items()), validate_choice=False)
    file = FileField("Файл", description="PDF, DOCX, PPTX или XLSX, до 20 МБ.",
                     validators=[FileSize(MATERIAL_MAX_BYTES, message="Файл больше 20 МБ.")])
    url = StringField("или ссылка", description="Адрес материала на сайте (http:// или https://).",
                      validators=[Optional(), Length(max=2000, message="Не длиннее 2000 знаков.")])
    submit = SubmitField("Добавить материал")


class SessionForm(FlaskForm):
    held_on = DateField("Дата", validators=[InputRequired("Укажите дату.")])
    topic = StringField("Тема", validators=[InputRequired("Укажите тему."),
                                            Length(max=300, message="Не длиннее 300 знаков.")])
    kind = SelectField("Вид", choices=list(SESSION_KINDS.items()), validate_choice=False)
    format = SelectField("Формат", choices=list(SESSION_FORMATS.items()), validate_choice=False)
    organiser = StringField("Организатор", description="Например, «куратор наставничества», «ММС».",
                            validators=[InputRequired("Укажите организатора."),
                                        Length(max=200, message="Не длиннее 200 знаков.")])
    submit = SubmitField("Запланировать")


class AttendanceForm(FlaskForm):
    # The service checks the marks against the school's sheet (with a Russian message).
    present = SelectMultipleField("Присутствовали", coerce=int, validate_choice=False,
                                  widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())
    submit = SubmitField("Сохранить лист регистрации")
