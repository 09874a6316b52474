"""One form builder for every questionnaire: the template's questions become fields.

The form checks only CSRF; the answers are validated once, by the service
(``clean_answers``), and its Russian messages are put back on the fields.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from nastavnik.tenants.questionnaires.models import Question, QuestionnaireTemplate

PREFIX = "q_"  # keeps question codes from clashing with Form attributes ("data", "meta")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _field(question: Question):
    kwargs = {"label": question.text}
    if question.kind == "single":
        return RadioField(choices=[(o["code"], o["label"]) for o in question.options],
                          validate_choice=False, **kwargs)
    if question.kind == "multiple":
        return MultiCheckboxField(choices=[(o["code"], o["label"]) for o in question.options],
                                  validate_choice=False, **kwargs)
    if question.kind == "scale":
        values = [str(n) for n in range(question.scale_min, question.scale_max + 1)]
        return RadioField(choices=[(v, v) for v in values], validate_choice=False, **kwargs)
    return TextAreaField(render_kw={"maxlength": question.max_length or 2000, "rows": 4},
                         **kwargs)


def questionnaire_form(template: QuestionnaireTemplate, known: dict[str, str] | None = None,
                       **kwargs) -> FlaskForm:
    """A Flask-WTF form for ``template`` (pass ``formdata``/``data`` as to any form).

    Questions answered by ``known`` (code → option code, from the staff list) get no field:
    the form shows them as read-only facts in ``form.known`` (question → option label).
    """
    known = known or {}

    class QuestionnaireForm(FlaskForm):
        pass

    asked = [q for q in template.questions if q.code not in known]
    for question in asked:
        setattr(QuestionnaireForm, PREFIX + question.code, _field(question))
    form = QuestionnaireForm(**kwargs)
    form.questions = {PREFIX + q.code: q for q in asked}
    form.known = {q: q.option_labels.get(known[q.code], known[q.code])
                  for q in template.questions if q.code in known}
    return form


def submitted_answers(form: FlaskForm) -> dict:
    return {name.removeprefix(PREFIX): form[name].data for name in form.questions}
