"""The curator's forms for pairs and groups; choices of people and forms are filled by views."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import InputRequired, ValidationError

from nastavnik.tenants.pairs.models import END_OUTCOMES, END_REASONS, PairKind

DATE_REQUIRED = InputRequired("Укажите дату.")
# The same sentences the service refuses with (pairs.services._pair_errors).
ONE_MENTEE = "В паре один наставляемый; для нескольких выберите группу."
TWO_MENTEES = "В группе должно быть не меньше двух наставляемых."


class PairForm(FlaskForm):
    mentor = SelectField("Наставник", coerce=int)
    mentees = SelectMultipleField("Наставляемые", coerce=int,
                                  description="Для пары — один педагог, для группы — "
                                              "не меньше двух.")
    kind = RadioField("Состав", default=PairKind.PAIR.value, choices=[
        (PairKind.PAIR.value, "Пара (один наставляемый)"),
        (PairKind.GROUP.value, "Группа (несколько наставляемых)"),
    ])
    form_code = SelectField("Форма наставничества")
    starts_on = DateField("Начало программы", validators=[DATE_REQUIRED])
    ends_on = DateField("Окончание программы", validators=[DATE_REQUIRED],
                        description="Программа длится от 3 месяцев до 1 года.")
    submit = SubmitField("Сформировать")

    def validate_kind(self, field) -> None:
        chosen = len(set(self.mentees.data or []))
        if field.data == PairKind.PAIR.value and chosen > 1:
            raise ValidationError(ONE_MENTEE)
        if field.data == PairKind.GROUP.value and chosen < 2:
            raise ValidationError(TWO_MENTEES)


class PairEditForm(FlaskForm):
    form_code = SelectField("Форма наставничества")
    starts_on = DateField("Начало программы", validators=[DATE_REQUIRED])
    ends_on = DateField("Окончание программы", validators=[DATE_REQUIRED],
                        description="Программа длится от 3 месяцев до 1 года.")
    submit = SubmitField("Сохранить")


class PairEndForm(FlaskForm):
    ended_on = DateField("Дата прекращения", validators=[DATE_REQUIRED])
    reason = RadioField("Причина", choices=list(END_REASONS.items()),
                        validators=[InputRequired("Выберите причину.")])
    outcome = RadioField("Результат программы к этому дню", choices=list(END_OUTCOMES.items()),
                         validators=[InputRequired("Выберите результат.")])
    confirm = BooleanField(
        "Подтверждаю: программа прекращается досрочно и не будет учтена как завершённая",
        validators=[InputRequired("Подтвердите досрочное прекращение.")])
    submit = SubmitField("Прекратить досрочно")


class PairCancelForm(FlaskForm):
    confirm = BooleanField(
        "Подтверждаю: пара сформирована по ошибке и не должна учитываться нигде",
        validators=[InputRequired("Подтвердите отмену.")])
    submit = SubmitField("Отменить пару")
