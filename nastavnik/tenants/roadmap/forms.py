"""Forms of the roadmap pages. They carry CSRF and render the fields; the services
validate (``schemas.py``), so every rule and its Russian message is written once."""

from __future__ import annotations

from babel.dates import get_month_names
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField, URLField

from nastavnik.tenants.documents.kinds import DocumentStatus
from nastavnik.tenants.roadmap.statuses import Status

_NAMES = get_month_names("wide", context="stand-alone", locale="ru")
# Months of the academic year by offset from September, as the template stores them.
MONTHS = [(offset, _NAMES[(8 + offset) % 12 + 1].capitalize()) for offset in range(12)]


class ActivityForm(FlaskForm):
    status = SelectField("Статус", validate_choice=False,
                         choices=[(s.value, s.label) for s in Status])
    responsible = StringField("Ответственный", description="Должность или ФИО.")
    evidence_document_id = SelectField("Документ школы", validate_choice=False, coerce=str,
                                       description="Приказ, положение или другой документ "
                                                   "школы на платформе, подтверждающий выполнение.")
    evidence_url = URLField("Ссылка на подтверждение",
                            description="Документ, публикация на сайте или файл.")
    evidence_note = TextAreaField("Комментарий", description="Что сделано, где хранится документ.")
    submit = SubmitField("Сохранить")

    def offer(self, activity, documents: list) -> ActivityForm:
        """Choices for this activity: «Выполнено» only where a curator may set it by hand
        (an activity the platform completes itself is not offered it), the school's
        documents as evidence."""
        statuses = [s for s in Status if s is not Status.DONE or not activity.tracked
                    or activity.status == Status.DONE]
        if activity.completed_automatically and activity.status == Status.DONE:
            statuses = [Status.DONE]
        self.status.choices = [(s.value, s.label) for s in statuses]
        self.evidence_document_id.choices = [("", "— не выбран —")] + [
            (str(d.id), _document_label(d)) for d in documents]
        if self.evidence_document_id.data in (None, "None"):
            self.evidence_document_id.data = ""
        return self


def _document_label(document) -> str:
    number = f" № {document.number}" if document.number else ""
    status = DocumentStatus(document.status).label.lower()
    return f"{document.kind_label}{number} от {document.date:%d.%m.%Y} ({status})"


class TemplateActivityForm(FlaskForm):
    title = TextAreaField("Мероприятие")
    result = StringField("Ожидаемый результат (документ)")
    responsible = StringField("Ответственный")
    due_from_month = SelectField("Начало срока", choices=MONTHS, coerce=int)
    due_to_month = SelectField("Окончание срока", choices=MONTHS, coerce=int)
    submit = SubmitField("Сохранить")


def submitted(form: FlaskForm) -> dict:
    """What the user typed, without the form's own fields."""
    return {field.name: field.data for field in form
            if field.name not in ("csrf_token", "submit")}
