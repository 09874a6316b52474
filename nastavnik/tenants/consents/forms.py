"""Forms of the consents pages; the service validates again and has the last word."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from nastavnik.platform import clock
from nastavnik.tenants.consents.purposes import SHARED_FIELDS


class ConsentForm(FlaskForm):
    given_on = DateField("Дата подписания согласия", default=clock.today,
                         validators=[DataRequired("Укажите дату согласия.")])
    form_reference = StringField("Номер или отметка подписанного бланка", validators=[
        DataRequired("Укажите номер или отметку подписанного бланка."),
        Length(max=200, message="Не длиннее 200 символов.")])
    scope = TextAreaField("Объём обработки (какие данные и действия)", render_kw={"rows": 5},
                          validators=[Optional(),
                                      Length(max=4000, message="Не длиннее 4000 символов.")])
    submit = SubmitField("Записать согласие")


class NetworkConsentForm(ConsentForm):
    """Network mentoring: the consent also says which fields other schools may see."""

    shared_fields = SelectMultipleField(
        "Какие сведения наставник согласен показать другим школам",
        choices=list(SHARED_FIELDS.items()),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class WithdrawalForm(FlaskForm):
    withdrawn_on = DateField("Дата письменного отзыва", default=clock.today,
                             validators=[DataRequired("Укажите дату отзыва.")])
    submit = SubmitField("Отозвать согласие")
