"""The curator's forms: a decision on a proposal, the weights, a support plan."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from nastavnik.tenants.matching.models import REJECTION_REASONS, SUPPORTERS

DATE_REQUIRED = InputRequired("Укажите дату.")
PLAN_ROWS = 3  # empty rows offered for new items


class AcceptForm(FlaskForm):
    """Form the proposed pair: the form of mentoring and the program's period."""

    form_code = SelectField("Форма наставничества")
    starts_on = DateField("Начало программы", validators=[DATE_REQUIRED])
    ends_on = DateField("Окончание программы", validators=[DATE_REQUIRED],
                        description="Программа длится от 3 месяцев до 1 года.")
    from_optimal = HiddenField()
    submit = SubmitField("Принять и сформировать пару")


class EditForm(AcceptForm):
    """Another mentor of the bank instead of the proposed one."""

    mentor = SelectField("Другой наставник из банка", coerce=int,
                         validators=[InputRequired("Выберите наставника.")])
    submit = SubmitField("Сформировать пару с выбранным наставником")


class RejectForm(FlaskForm):
    reason = RadioField("Причина", choices=list(REJECTION_REASONS.items()),
                        validators=[InputRequired("Выберите причину.")])
    from_optimal = HiddenField()
    submit = SubmitField("Отклонить предложение")


class AcceptAllForm(FlaskForm):
    """Every pair of the best distribution at once, with one form and one period."""

    form_code = SelectField("Форма наставничества")
    starts_on = DateField("Начало программ", validators=[DATE_REQUIRED])
    ends_on = DateField("Окончание программ", validators=[DATE_REQUIRED])
    submit = SubmitField("Принять всё распределение")


class WeightsForm(FlaskForm):
    """Numbers are read by the service, which answers a wrong one in Russian."""

    requests = StringField("Запросы наставляемого закрыты компетенциями наставника")
    subject = StringField("Тот же предмет")
    experience = StringField("Наставник опытнее (стаж на две ступени больше)")
    qualification = StringField("Квалификационная категория наставника")
    capacity = StringField("Свободные места у наставника")
    forms = StringField("Общая удобная форма работы")
    submit = SubmitField("Сохранить веса")


class SupportItemForm(Form):
    supporter = SelectField("Кто сопровождает", choices=[("", "—"), *SUPPORTERS.items()],
                            validators=[Optional()])
    person = StringField("ФИО сопровождающего (необязательно)", validators=[Optional()])
    support = TextAreaField("В чём поддержка", validators=[Optional()])
    due_on = DateField("Срок", validators=[Optional()])


class SupportPlanForm(FlaskForm):
    items = FieldList(FormField(SupportItemForm), min_entries=PLAN_ROWS)
    submit = SubmitField("Сохранить план сопровождения")
