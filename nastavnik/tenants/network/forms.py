"""Forms of the network pages; the services check again and have the last word."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional


class AgreementForm(FlaskForm):
    taking_part = BooleanField("Школа участвует в сетевом наставничестве муниципалитета")
    submit = SubmitField("Сохранить")


class ProposeForm(FlaskForm):
    mentee = HiddenField(validators=[InputRequired()])
    mentor = HiddenField(validators=[InputRequired()])
    submit = SubmitField("Предложить пару")


class AnswerForm(FlaskForm):
    decision = RadioField("Решение школы", choices=[("agree", "Согласны"),
                                                    ("decline", "Отказываемся")],
                          validators=[InputRequired("Выберите решение.")])
    # Asked of the mentee's school only: the pair is formed there.
    form_code = SelectField("Форма наставничества", validators=[Optional()])
    starts_on = DateField("Начало программы", validators=[Optional()])
    ends_on = DateField("Окончание программы", validators=[Optional()],
                        description="Программа длится от 3 месяцев до 1 года.")
    submit = SubmitField("Ответить")
