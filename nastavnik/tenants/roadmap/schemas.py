"""Validation of what a curator or a methodologist types, with Russian messages."""

from marshmallow import Schema, ValidationError, fields, pre_load, validates_schema
from marshmallow.validate import URL, Length, OneOf, Range

from nastavnik.tenants.roadmap.models import (
    NOTE_MAX,
    RESPONSIBLE_MAX,
    RESULT_MAX,
    TITLE_MAX,
    URL_MAX,
)
from nastavnik.tenants.roadmap.statuses import Status

REQUIRED = {"required": "Заполните это поле.", "null": "Заполните это поле.",
            "invalid": "Неверное значение."}


def _text(max_length: int, *, required: bool = False) -> fields.String:
    length = Length(max=max_length, error=f"Не длиннее {max_length} символов.")
    if required:
        return fields.String(required=True, validate=length, error_messages=REQUIRED)
    return fields.String(load_default="", validate=length, error_messages=REQUIRED)


class _Stripped(Schema):
    @pre_load
    def strip(self, data, **_kwargs):
        """Surrounding spaces are noise; an empty optional field is simply not given."""
        cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v not in ("", None)}


class ActivityUpdateSchema(_Stripped):
    status = fields.String(required=True, error_messages=REQUIRED, validate=OneOf(
        [s.value for s in Status], error="Выберите статус из списка."))
    responsible = _text(RESPONSIBLE_MAX)
    evidence_url = fields.String(load_default="", validate=[
        Length(max=URL_MAX, error=f"Ссылка длиннее {URL_MAX} символов."),
        URL(schemes={"http", "https"}, require_tld=True,
            error="Укажите ссылку целиком, например https://school.ru/nastavnichestvo."),
    ])
    evidence_note = _text(NOTE_MAX)
    evidence_document_id = fields.Integer(load_default=None, strict=False, error_messages={
        "invalid": "Выберите документ школы из списка."})


class TemplateActivitySchema(_Stripped):
    title = _text(TITLE_MAX, required=True)
    result = _text(RESULT_MAX)
    responsible = _text(RESPONSIBLE_MAX)
    due_from_month = fields.Integer(required=True, error_messages=REQUIRED, validate=Range(
        0, 11, error="Выберите месяц учебного года."))
    due_to_month = fields.Integer(required=True, error_messages=REQUIRED, validate=Range(
        0, 11, error="Выберите месяц учебного года."))

    @validates_schema
    def window_is_ordered(self, data, **_kwargs):
        if data.get("due_to_month", 11) < data.get("due_from_month", 0):
            raise ValidationError("Срок окончания не может быть раньше начала.", "due_to_month")
