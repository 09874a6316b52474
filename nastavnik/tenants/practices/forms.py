"""The form of a new practice; the service checks again and has the last word."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize, MultipleFileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from nastavnik.tenants.practices.models import ANNOTATION_MAX, CATEGORIES, FILES_MAX, TITLE_MAX
from nastavnik.tenants.training.files import MATERIAL_MAX_BYTES

__all__ = ["FileField", "PracticeForm"]


class PracticeForm(FlaskForm):
    title = StringField("Название практики", validators=[
        InputRequired("Укажите название практики."),
        Length(max=TITLE_MAX, message=f"Не длиннее {TITLE_MAX} знаков.")])
    annotation = TextAreaField("Аннотация", validators=[
        InputRequired("Укажите аннотацию."),
        Length(max=ANNOTATION_MAX, message=f"Не длиннее {ANNOTATION_MAX} знаков.")])
    # Choices are checked by the service, whose refusal is in Russian.
    category = SelectField("Направление", choices=list(CATEGORIES.items()),
                           validate_choice=False)
    # The view fills the school's pairs; a mentor sees only their own.
    pair = SelectField("Пара или группа", choices=[], validate_choice=False)
    links = TextAreaField("Ссылки", description="По одной на строку, http:// или https://.",
                          validators=[Length(max=10000, message="Слишком длинный список.")])
    files = MultipleFileField(
        "Файлы", description=f"PDF, DOCX, PPTX или XLSX, до 20 МБ каждый, не больше {FILES_MAX}.",
        validators=[FileSize(MATERIAL_MAX_BYTES, message="Файл больше 20 МБ.")])
    submit = SubmitField("Подать практику")


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search: nothing is written

    q = StringField("Поиск", validators=[Length(max=200)])
