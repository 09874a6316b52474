"""Web forms of the staff list. The field rules live in ``TeacherSchema`` alone."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired


class TeacherForm(FlaskForm):
    last_name = StringField("Фамилия")
    first_name = StringField("Имя")
    middle_name = StringField("Отчество")
    birth_year = StringField("Год рождения")
    teaching_since = StringField("Педагогический стаж с (год)")
    position = StringField("Должность", default="учитель")
    subjects = StringField("Предметы")
    new_in_post = BooleanField("Впервые на этой должности")
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
