"""Forms of programs: the curator's and mentor's edits, the mentor's marks and meetings,
the mentee's feedback. Services check again and refuse in the same words."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from nastavnik.tenants.programs.models import (
    COMMENT_MAX,
    GOAL_MAX,
    MEETING_FORMATS,
    TEXT_MAX,
)

DATE_REQUIRED = InputRequired("Укажите дату.")


class ProgramForm(FlaskForm):
    goal = TextAreaField("Цель программы", validators=[
        InputRequired("Сформулируйте цель программы."), Length(max=GOAL_MAX)])
    tasks = TextAreaField("Задачи программы", description="Каждая задача — с новой строки.",
                          render_kw={"rows": 5},
                          validators=[InputRequired("Укажите хотя бы одну задачу.")])
    expected_results = TextAreaField("Ожидаемые результаты", validators=[Length(max=TEXT_MAX)])
    submit = SubmitField("Сохранить программу")


class ResultsForm(FlaskForm):
    achieved_results = TextAreaField("Достигнутые результаты", render_kw={"rows": 4},
                                     validators=[Length(max=TEXT_MAX)])
    submit = SubmitField("Сохранить результаты")


class ActivityForm(FlaskForm):
    title = StringField("Мероприятие", validators=[
        InputRequired("Назовите мероприятие."), Length(max=500)])
    planned_on = DateField("Планируемая дата", validators=[DATE_REQUIRED])
    expected_result = StringField("Ожидаемый результат", validators=[Length(max=TEXT_MAX)])
    achieved_result = StringField("Достигнутый результат", validators=[Length(max=TEXT_MAX)])
    submit = SubmitField("Сохранить мероприятие")


def new_activity_form(**kwargs) -> ActivityForm:
    """An activity to add: nothing is achieved yet."""
    form = ActivityForm(**kwargs)
    del form.achieved_result
    return form


class DoneForm(FlaskForm):
    done_on = DateField("Дата выполнения", validators=[DATE_REQUIRED])
    comment = TextAreaField("Комментарий: что сделано", validators=[Length(max=COMMENT_MAX)])
    file = FileField("Файл (PDF, JPEG или PNG до 10 МБ)")
    submit = SubmitField("Отметить выполненным")


class MeetingForm(FlaskForm):
    held_on = DateField("Дата встречи", validators=[DATE_REQUIRED])
    format = SelectField("Формат", choices=list(MEETING_FORMATS.items()))
    topic = StringField("Тема", validators=[InputRequired("Укажите тему встречи."),
                                            Length(max=500)])
    minutes = IntegerField("Продолжительность, минут", validators=[
        InputRequired("Укажите продолжительность в минутах."),
        NumberRange(1, 1440, "Продолжительность — от 1 до 1440 минут.")])
    submit = SubmitField("Записать встречу")


class FeedbackForm(FlaskForm):
    rating = RadioField("Как прошло (1 — плохо, 5 — отлично)", coerce=int,
                        choices=[(i, str(i)) for i in range(1, 6)],
                        validators=[InputRequired("Поставьте оценку от 1 до 5.")])
    comment = TextAreaField("Комментарий", validators=[Optional(), Length(max=COMMENT_MAX)])
    submit = SubmitField("Оценить")
