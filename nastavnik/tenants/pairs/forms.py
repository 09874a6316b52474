"""The curator's form for a new pair or group; choices are filled by the view."""

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired

from nastavnik.tenants.pairs.models import PairKind

DATE_REQUIRED = InputRequired("Укажите дату.")


class PairForm(FlaskForm):
    mentor = SelectField("Наставник", coerce=int)
    mentees = SelectMultipleField("Наставляемые", coerce=int,
                                  description="Для группы выберите несколько педагогов.")
    kind = RadioField("Состав", default=PairKind.PAIR.value, choices=[
        (PairKind.PAIR.value, "Пара (один наставляемый)"),
        (PairKind.GROUP.value, "Группа (несколько наставляемых)"),
    ])
    form_code = SelectField("Форма наставничества")
    starts_on = DateField("Начало программы", validators=[DATE_REQUIRED])
    ends_on = DateField("Окончание программы", validators=[DATE_REQUIRED],
                        description="Программа длится от 3 месяцев до 1 года.")
    submit = SubmitField("Сформировать")
