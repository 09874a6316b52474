"""The questionnaire engine: versioned templates, validation in Russian, coded events."""

import json

import pytest
from bank_helpers import MENTEE_ANSWERS, count, events_of, teacher
from marshmallow import ValidationError

from nastavnik.extensions import db
from nastavnik.platform.events import Event
from nastavnik.tenants.questionnaires.forms import questionnaire_form
from nastavnik.tenants.questionnaires.models import (
    Answer,
    QuestionnaireResponse,
    QuestionnaireTemplate,
)
from nastavnik.tenants.questionnaires.services import (
    ensure_standard_templates,
    publish_template,
    submit_response,
    template_for,
)

SURVEY = {
    "code": "satisfaction", "title": "Удовлетворённость программой", "audience": "monitoring",
    "questions": [
        {"code": "useful", "kind": "single", "text": "Полезны ли встречи?",
         "options": [{"code": "yes", "label": "Да"}, {"code": "no", "label": "Нет"}]},
        {"code": "score", "kind": "scale", "text": "Оценка", "scale_min": 1, "scale_max": 5},
        {"code": "comment", "kind": "text", "text": "Комментарий", "required": False,
         "max_length": 20},
    ],
}


def test_standard_templates_are_seeded_once(app):
    first = ensure_standard_templates()
    again = ensure_standard_templates()
    assert [t.id for t in first] == [t.id for t in again]
    assert {(t.code, t.version, t.audience) for t in first} == {
        ("mentee_requests", 1, "mentee"), ("mentor_profile", 1, "mentor"),
        ("monitoring_mentee", 1, "monitoring"), ("monitoring_mentor", 1, "monitoring")}
    assert count(QuestionnaireTemplate) == 4


def test_a_changed_template_is_a_new_version_and_old_answers_keep_their_meaning(make_school):
    school = make_school()
    person = teacher(school)
    first = publish_template(SURVEY)
    old = submit_response(school, person, first, {"useful": "yes", "score": 4})
    db.session.commit()

    reworded = json.loads(json.dumps(SURVEY))
    reworded["questions"][0]["options"][0]["label"] = "Да, очень"
    second = publish_template(reworded)
    db.session.commit()

    assert (first.version, second.version) == (1, 2)
    assert publish_template(reworded).id == second.id  # unchanged: no new version
    assert template_for("monitoring", school).id == second.id
    db.session.expire_all()
    answer = old.answer("useful")
    assert old.template.version == 1
    assert answer.question.option_labels[answer.choices[0]] == "Да"


@pytest.mark.parametrize(("answers", "question", "message"), [
    ({"score": 4}, "useful", "Ответьте на этот вопрос."),
    ({"useful": "maybe", "score": 4}, "useful", "Выберите один из предложенных вариантов."),
    ({"useful": "yes", "score": 9}, "score", "Выберите значение от 1 до 5."),
    ({"useful": "yes", "score": "много"}, "score", "Выберите значение от 1 до 5."),
    ({"useful": "yes", "score": 3, "comment": "x" * 21}, "comment", "Не длиннее 20 символов."),
    ({"useful": "yes", "score": 3, "extra": "1"}, "extra", "Такого вопроса нет в анкете."),
])
def test_bad_answers_get_russian_messages_and_nothing_is_saved(make_school, answers, question,
                                                               message):
    school = make_school()
    person = teacher(school)
    template = publish_template(SURVEY)
    with pytest.raises(ValidationError) as error:
        submit_response(school, person, template, answers)
    assert error.value.messages[question] == [message]
    db.session.commit()
    assert count(QuestionnaireResponse) == 0 and count(Answer) == 0
    assert events_of("questionnaire.answered") == []


def test_unknown_option_in_a_multiple_choice_is_refused(make_school):
    school = make_school()
    person = teacher(school)
    template = ensure_standard_templates()[0]
    with pytest.raises(ValidationError) as error:
        submit_response(school, person, template,
                        {**MENTEE_ANSWERS, "difficulties": ["methods", "astrology"]})
    assert error.value.messages["difficulties"] == ["Такого варианта ответа нет в анкете."]


def test_the_event_holds_choice_and_score_codes_never_free_text(make_school):
    school = make_school()
    person = teacher(school)
    template = template_for("mentee", school) or ensure_standard_templates()[0]
    submit_response(school, person, template, MENTEE_ANSWERS)
    db.session.commit()

    [event] = events_of("questionnaire.answered")
    assert event.payload["template"] == "mentee_requests" and event.payload["version"] == 1
    assert event.payload["respondent"] == str(person.pseudonym)
    assert {"difficulties:methods", "difficulties:parents", "category:young_specialist"} <= set(
        event.payload["choices"])
    assert event.payload["scores"] == ["confidence:2"]
    stored = json.dumps([e.payload for e in db.session.query(Event)], ensure_ascii=False)
    assert "7 «Б»" not in stored and "Смирнова" not in stored


def test_one_form_builder_renders_every_kind_of_question(app):
    template = publish_template(SURVEY)
    with app.test_request_context():
        form = questionnaire_form(template)
        kinds = {name: form[name].type for name in form.questions}
    assert kinds == {"q_useful": "RadioField", "q_score": "RadioField",
                     "q_comment": "TextAreaField"}
    with app.test_request_context():
        mentee = questionnaire_form(ensure_standard_templates()[0])
        assert mentee["q_difficulties"].type == "MultiCheckboxField"
        assert [value for value, _label in mentee["q_confidence"].choices] == list("12345")


def test_a_malformed_template_is_refused_in_russian(app):
    broken = {**SURVEY, "questions": [{"code": "q", "kind": "single", "text": "?",
                                       "options": [{"code": "a", "label": "А"}]}]}
    with pytest.raises(ValidationError) as error:
        publish_template(broken)
    assert "Нужно не меньше двух вариантов ответа." in str(error.value.messages)
