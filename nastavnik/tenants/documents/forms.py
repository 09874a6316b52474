"""Forms of the documents' pages, every message in Russian."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from nastavnik.tenants.documents.kinds import KIND_CODES, DocumentKind
from nastavnik.tenants.documents.models import NUMBER_MAX
from nastavnik.tenants.documents.scans import SCAN_MAX_BYTES, SCAN_TYPES
from nastavnik.tenants.documents.texts import (
    PLACEHOLDERS,
    SECTION_MAX,
    TITLE_MAX,
    DocumentWording,
    unknown_placeholders,
)

# Characters XML (and so DOCX) cannot hold; a paste from another program may carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(value: str | None) -> str:
    return _CONTROL.sub("", value or "").replace("\r\n", "\n").strip()


class CreateDocumentForm(FlaskForm):
    kind = SelectField("Документ", choices=[(k.value, k.label) for k in DocumentKind])
    academic_year = SelectField("Учебный год", coerce=int)
    number = StringField("Номер", filters=[clean_text], description="Например, «12-од». "
                         "Для приказа обязателен.",
                         validators=[Length(max=NUMBER_MAX,
                                            message=f"Номер не длиннее {NUMBER_MAX} символов.")])
    date = DateField("Дата", validators=[InputRequired("Укажите дату документа.")])
    protocol_number = StringField(
        "Протокол педагогического совета: номер", filters=[clean_text],
        description="Для Положения и приказа о его утверждении: заседание педагогического "
                    "совета, рассмотревшего Положение.",
        validators=[Length(max=NUMBER_MAX,
                           message=f"Номер протокола не длиннее {NUMBER_MAX} символов.")])
    protocol_date = DateField("Протокол педагогического совета: дата",
                              validators=[Optional()])
    submit = SubmitField("Сформировать документ")

    def validate_number(self, field):
        if self.kind.data in KIND_CODES and DocumentKind(self.kind.data).is_order \
                and not field.data:
            raise ValidationError("У приказа должен быть номер.")

    def validate_date(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError("Укажите дату между 2000 и 2100 годом.")

    def validate_protocol_date(self, field):
        if field.data and self.date.data and field.data > self.date.data:
            raise ValidationError("Педагогический совет рассматривает Положение до его "
                                  "утверждения: дата протокола не позже даты документа.")


class UploadScanForm(FlaskForm):
    scan = FileField("Скан подписанного документа", description="PDF, JPEG или PNG, до 10 МБ.",
                     validators=[
                         FileRequired("Выберите файл скана."),
                         FileAllowed(sorted({*SCAN_TYPES.values(), "jpeg"}),
                                     "Допустимы только файлы PDF, JPEG или PNG."),
                         FileSize(SCAN_MAX_BYTES, message="Файл больше 10 МБ."),
                     ])
    submit = SubmitField("Загрузить скан")


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (approve, reset)."""


def _placeholders_known(_form, field) -> None:
    if unknown := unknown_placeholders(field.data or ""):
        names = ", ".join("{" + n + "}" for n in unknown)
        raise ValidationError(f"Неизвестная подстановка: {names}. Доступны: "
                              + ", ".join("{" + n + "}" for n in PLACEHOLDERS) + ".")


def texts_form(wording: DocumentWording) -> FlaskForm:
    """A form with the title and one textarea per section of ``wording``."""
    required = DataRequired("Текст раздела не может быть пустым.")

    class TextsForm(FlaskForm):
        title = StringField("Заголовок документа", filters=[clean_text], validators=[
            DataRequired("Заголовок не может быть пустым."),
            Length(max=TITLE_MAX, message=f"Заголовок не длиннее {TITLE_MAX} символов."),
            _placeholders_known])
        submit = SubmitField("Сохранить текст школы")

    for section in wording.sections:
        setattr(TextsForm, f"section_{section.key}", TextAreaField(
            section.heading or "Текст", filters=[clean_text], render_kw={"rows": 8},
            validators=[required, Length(max=SECTION_MAX,
                                         message=f"Раздел не длиннее {SECTION_MAX} символов."),
                        _placeholders_known]))
    data = {"title": wording.title,
            **{f"section_{s.key}": s.text for s in wording.sections}}
    return TextsForm(data=data)
