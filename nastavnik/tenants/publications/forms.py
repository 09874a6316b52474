"""The form of a news item (its checks in Russian live in the service)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import BooleanField, DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from nastavnik.tenants.publications.images import IMAGE_MAX_BYTES
from nastavnik.tenants.publications.models import TEXT_MAX, TITLE_MAX, URL_MAX

LINK_HINT = "Адрес, начинающийся с http:// или https://."


def _link(label: str) -> StringField:
    return StringField(label, description=LINK_HINT, validators=[
        Optional(), Length(max=URL_MAX, message=f"Не длиннее {URL_MAX} знаков.")])


class NewsForm(FlaskForm):
    title = StringField("Заголовок", validators=[
        InputRequired("Укажите заголовок новости."),
        Length(max=TITLE_MAX, message=f"Не длиннее {TITLE_MAX} знаков.")])
    dated = DateField("Дата", validators=[InputRequired("Укажите дату новости.")])
    text = TextAreaField("Текст", validators=[
        InputRequired("Напишите текст новости."),
        Length(max=TEXT_MAX, message=f"Не длиннее {TEXT_MAX} знаков.")])
    image = FileField("Картинка", description="PNG или JPEG, до 5 МБ.", validators=[
        FileSize(IMAGE_MAX_BYTES, message="Картинка больше 5 МБ.")])
    drop_image = BooleanField("Убрать картинку")
    site_url = _link("Эта новость на сайте школы")
    vk_url = _link("Во ВКонтакте")
    telegram_url = _link("В Telegram")
    submit = SubmitField("Сохранить")
