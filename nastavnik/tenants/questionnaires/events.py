"""Questionnaire events: the choices and scores, never the words a person wrote."""

from marshmallow import fields

from nastavnik.platform.events import Code, EventPayload, event_type


@event_type("questionnaire.answered", "Педагог заполнил анкету")
class QuestionnaireAnswered(EventPayload):
    template = Code(required=True)
    version = fields.Integer(required=True)
    respondent = fields.UUID(required=True)
    choices = fields.List(Code(), required=True,
                          metadata={"description": "выбранные варианты: «вопрос:вариант»"})
    scores = fields.List(Code(), required=True,
                         metadata={"description": "оценки по шкале: «вопрос:балл»"})


@event_type("questionnaire.text_erased",
            "Свободные ответы педагога удалены (отзыв согласия на обработку персональных данных)")
class QuestionnaireTextErased(EventPayload):
    respondent = fields.UUID(required=True)
    answers = fields.Integer(required=True)
