"""Validation of template specifications and of answers, with Russian messages.

Answers are validated by a marshmallow schema built from the template version being
answered: its options, scale bounds, length limits and required flags are the data
that decide, so a regional variant needs no code.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf, Range, Regexp

from nastavnik.tenants.questionnaires.models import AUDIENCES, KINDS, QuestionnaireTemplate

# Question and option codes become "question:option" event codes (at most 64 characters).
ITEM_CODE = Regexp(r"^[a-z0-9][a-z0-9_]{0,30}$", error="Код: строчные латинские буквы, цифры, «_».")
REQUIRED = "Ответьте на этот вопрос."
DEFAULT_MAX_LENGTH = 2000


class OptionSpec(Schema):
    code = fields.String(required=True, validate=ITEM_CODE)
    label = fields.String(required=True, validate=Length(1, 300))


class QuestionSpec(Schema):
    code = fields.String(required=True, validate=ITEM_CODE)
    kind = fields.String(required=True, validate=OneOf(list(KINDS)))
    text = fields.String(required=True, validate=Length(1, 500))
    options = fields.List(fields.Nested(OptionSpec), load_default=list)
    scale_min = fields.Integer(load_default=None)
    scale_max = fields.Integer(load_default=None)
    max_length = fields.Integer(load_default=None, validate=Range(1, 10000))
    required = fields.Boolean(load_default=True)

    @validates_schema
    def kind_has_its_parts(self, data: dict, **_kwargs) -> None:
        if data["kind"] in ("single", "multiple") and len(data["options"]) < 2:
            raise ValidationError("Нужно не меньше двух вариантов ответа.", "options")
        if data["kind"] == "scale" and not (
                data["scale_min"] is not None and data["scale_max"] is not None
                and data["scale_min"] < data["scale_max"]):
            raise ValidationError("Укажите границы шкалы: минимум меньше максимума.", "scale_min")


class TemplateSpec(Schema):
    code = fields.String(required=True, validate=Regexp(r"^[a-z0-9][a-z0-9_]{0,63}$"))
    title = fields.String(required=True, validate=Length(1, 300))
    audience = fields.String(required=True, validate=OneOf(list(AUDIENCES)))
    questions = fields.List(fields.Nested(QuestionSpec), required=True, validate=Length(min=1))

    @validates_schema
    def codes_are_unique(self, data: dict, **_kwargs) -> None:
        codes = [q["code"] for q in data["questions"]]
        if len(codes) != len(set(codes)):
            raise ValidationError("Коды вопросов повторяются.", "questions")


def _answer_field(question) -> fields.Field:
    messages = {"required": REQUIRED, "null": REQUIRED}
    if question.kind == "single":
        return fields.String(required=question.required, error_messages={
            **messages, "invalid": "Выберите один из предложенных вариантов."},
            validate=OneOf(list(question.option_labels),
                           error="Выберите один из предложенных вариантов."))
    if question.kind == "multiple":
        inner = fields.String(validate=OneOf(list(question.option_labels),
                                             error="Такого варианта ответа нет в анкете."))
        return fields.List(inner, required=question.required, error_messages={
            **messages, "invalid": "Выберите варианты из предложенных."})
    if question.kind == "scale":
        low, high = question.scale_min, question.scale_max
        return fields.Integer(required=question.required, error_messages={
            **messages, "invalid": f"Выберите значение от {low} до {high}."},
            validate=Range(low, high, error=f"Выберите значение от {low} до {high}."))
    limit = question.max_length or DEFAULT_MAX_LENGTH
    return fields.String(required=question.required, error_messages={
        **messages, "invalid": "Ответ должен быть текстом."},
        validate=Length(max=limit, error=f"Не длиннее {limit} символов."))


def _is_blank(value) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _flatten(messages) -> list[str]:
    """marshmallow nests list-item errors by index; a person needs only the sentences."""
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flatten(value)]
    if isinstance(messages, list):
        return [m for value in messages for m in _flatten(value)]
    return [str(messages)]


def clean_answers(template: QuestionnaireTemplate, raw: dict) -> dict:
    """Answers keyed by question code, validated; raise ``ValidationError`` in Russian."""
    known = {q.code for q in template.questions}
    unknown = {key: ["Такого вопроса нет в анкете."] for key in raw if key not in known}
    if unknown:
        raise ValidationError(unknown)
    schema = Schema.from_dict({q.code: _answer_field(q) for q in template.questions},
                              name=f"Answers{template.id}")()
    present = {key: value.strip() if isinstance(value, str) else value
               for key, value in raw.items() if not _is_blank(value)}
    try:
        cleaned = schema.load(present)
    except ValidationError as error:
        raise ValidationError({key: list(dict.fromkeys(_flatten(value)))
                               for key, value in error.messages.items()}) from error
    for question in template.questions:
        if question.kind == "multiple" and question.code in cleaned:
            cleaned[question.code] = list(dict.fromkeys(cleaned[question.code]))
    return cleaned
