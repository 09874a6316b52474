"""Web forms of the staff list. The field rules live in ``TeacherSchema`` alone."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length

from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import LEAVING_REASONS


class TeacherForm(FlaskForm):
    last_name = StringField("Фамилия")
    first_name = StringField("Имя")
    middle_name = StringField("Отчество")
    birth_year = StringField("Год рождения")
    teaching_since = StringField("Педагогический стаж с (год)")
    position = StringField("Должность", default="учитель")
    subjects = StringField("Предметы")
    new_in_post = BooleanField("Впервые на этой должности")
    hired_in = StringField("Год приёма в школу")
    submit = SubmitField("Добавить педагога")

    def schema_input(self) -> dict:
        """Non-empty fields as typed, for ``TeacherSchema`` to validate."""
        return {name: field.data.strip() if isinstance(field.data, str) else field.data
                for name, field in self._fields.items()
                if name not in ("csrf_token", "submit") and field.data not in (None, "")}


class ImportUploadForm(FlaskForm):
    file = FileField("Файл CSV или XLSX", validators=[
        FileRequired("Выберите файл."),
        FileAllowed(["csv", "xlsx"], "Загрузите файл CSV или XLSX.")])
    submit = SubmitField("Проверить файл")


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


class TeacherEditForm(TeacherForm):
    submit = SubmitField("Сохранить")


class LeaveForm(FlaskForm):
    left_on = DateField("Дата выбытия", validators=[InputRequired("Укажите дату выбытия.")])
    reason = SelectField("Причина", choices=list(LEAVING_REASONS.items()))
    submit = SubmitField("Отметить выбытие")


class InviteForm(FlaskForm):
    email = EmailField("Электронная почта педагога", validators=[
        DataRequired("Укажите электронную почту."),
        Email("Адрес электронной почты указан неверно."),
        Length(max=254, message="Адрес слишком длинный.")])
    role = SelectField("Роль", choices=[(Role.MENTOR.value, Role.MENTOR.label),
                                        (Role.MENTEE.value, Role.MENTEE.label)])
    submit = SubmitField("Пригласить")
