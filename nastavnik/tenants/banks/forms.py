"""Filter and status forms of the bank pages."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField

from nastavnik.tenants.banks.statuses import MENTEE_STATUSES, MENTOR_STATUSES


class BankFilterForm(FlaskForm):
    """GET filters of a bank list; choices come from the questionnaire in use."""

    class Meta:
        csrf = False

    status = SelectField("Статус", default="")
    code = SelectField("Затруднение", default="")
    subject = SelectField("Предмет", default="")
    young_only = BooleanField("Только молодые специалисты")

    def __init__(self, bank: str, codes: dict, subjects: dict, **kwargs):
        super().__init__(**kwargs)
        statuses = MENTEE_STATUSES if bank == "mentees" else MENTOR_STATUSES
        self.status.choices = [("", "любой")] + [(k, v) for k, v in statuses.items()
                                                 if k != "withdrawn"]
        self.code.label.text = "Затруднение" if bank == "mentees" else "Компетенция"
        # «Затруднение: любое», «Компетенция: любая»: the word agrees with the label.
        self.code.choices = [("", "любое" if bank == "mentees" else "любая"), *codes.items()]
        self.subject.choices = [("", "любой"), *subjects.items()]


class MenteeStatusForm(FlaskForm):
    status = SelectField("Статус", choices=[("supported", MENTEE_STATUSES["supported"]),
                                            ("waiting", MENTEE_STATUSES["waiting"])])
    submit = SubmitField("Изменить статус")
